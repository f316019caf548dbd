"""What a kept part of a page (common/generations) showing forms depends on: a form, the
members of a group or a deadline extension moves its school's scope; people, roles,
campaigns and plans move CONTENT (watched by their own apps)."""

from common.generations.cache import school_scope, watch
from schools.visibility import form_scopes


def watch_forms():
    from .models import DeadlineExtension, InnovationRegistration, TeacherGroup

    watch(InnovationRegistration, lambda form: school_scope(form.school_id))
    watch(TeacherGroup, lambda group: school_scope(group.school_id))
    watch(DeadlineExtension, lambda extension: school_scope(extension.campaign.organization_id))


# The scopes of a part showing forms of the person's school and of the schools where
# they hold a role.
school_forms = form_scopes
