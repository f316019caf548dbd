"""Who sees which registrations (registered with schools.visibility).

- The author sees their own M1, in any state; leader and members see their M2.
- Once submitted: the union group leader sees the group's; the union chair, the
  principal and vice principals see the school's; Phòng and Sở staff see those below.
- Drafts are the author's alone.
"""

from django.db.models import Q

from schools.models import Role
from schools.visibility import Policy, register

from .models import InnovationRegistration, Status, TeacherGroup
from .permissions import OFFICE_ROLES, SCHOOL_REVIEWERS


def _reviewer_q(access):
    """The forms the user reviews, or None when she reviews none (a teacher: her own
    forms alone, and no empty conditions for the query to compile)."""
    schools = [a.organization_id for a in access.assignments if a.role in SCHOOL_REVIEWERS]
    groups = [
        a.unit_id for a in access.assignments if a.role == Role.UNION_GROUP_LEADER and a.unit_id
    ]
    office_paths = {a.organization.path for a in access.assignments if a.role in OFFICE_ROLES}
    if not (schools or groups or office_paths):
        return None
    q = Q(school_id__in=schools) | Q(union_group_id__in=groups)
    if office_paths:
        q |= access.path_q("school", office_paths)
    return ~Q(status=Status.DRAFT) & q


def _own_person_id(access):
    """The user's Person id, or None. Matching `person_id` (not `person__user_id`) keeps
    the OR with the reviewer's scope on indexed columns of the registration itself, so
    PostgreSQL combines two index scans instead of scanning every registration of the
    province (the chair's home page went from 100 ms to under 1 ms of SQL)."""
    person = access.person
    return person.pk if person is not None else None


class AuthorsAndReviewers(Policy):
    """Forms seen and changed by the people who wrote them (`authored_q` of the user's
    Person id) and by those who review them."""

    def authored_q(self, person_id):
        raise NotImplementedError

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        person_id, reviewed = _own_person_id(access), _reviewer_q(access)
        if person_id is None:
            return reviewed if reviewed is not None else Q(pk__in=[])
        authored = self.authored_q(person_id)
        return authored if reviewed is None else authored | reviewed

    def manage_q(self, access):
        return self.visible_q(access)


@register(InnovationRegistration)
class RegistrationPolicy(AuthorsAndReviewers):
    def authored_q(self, person_id):
        return Q(person_id=person_id)


@register(TeacherGroup)
class TeacherGroupPolicy(AuthorsAndReviewers):
    def authored_q(self, person_id):
        return Q(leader_id=person_id) | Q(
            pk__in=TeacherGroup.members.through.objects.filter(person_id=person_id).values(
                "teachergroup_id"
            )
        )
