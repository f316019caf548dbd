"""What a kept part of a page (common/generations) showing forms depends on: a form
moves its school's scope and its author's; a group (its members with it) or a deadline
extension moves its school's scope and the school's groups' (they concern several
people), an extension for one person that person's too; people, roles, campaigns and
plans move CONTENT (watched by their own apps)."""

from common.generations.cache import CONTENT, groups_scope, person_scope, school_scope, watch
from schools.visibility import form_scopes


def watch_forms():
    from .models import DeadlineExtension, InnovationRegistration, TeacherGroup

    watch(InnovationRegistration, _form_scopes)
    watch(TeacherGroup, _group_scopes)
    watch(DeadlineExtension, _extension_scopes)


def _group_scopes(group):
    return [school_scope(group.school_id), groups_scope(group.school_id)]


def _form_scopes(form):
    return [school_scope(form.school_id), person_scope(form.person_id)]


def _extension_scopes(extension):
    school = extension.campaign.organization_id
    person = person_scope(extension.person_id) if extension.person_id else None
    return [school_scope(school), groups_scope(school), person]


# The scopes of a part showing forms of the person's school and of the schools where
# they hold a role.
school_forms = form_scopes


def own_forms(access):
    """The scopes of a part showing the person's own forms: M1s, the M2 groups they
    lead or belong to, their deadlines (not a colleague's form)."""
    person = access.person
    if person is None:
        return [CONTENT]
    return [CONTENT, person_scope(person.pk), groups_scope(person.organization_id)]
