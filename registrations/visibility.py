"""Who sees which registrations (registered with schools.visibility).

- The author sees their own M1, in any state; leader and members see their M2.
- Once submitted: the union group leader sees the group's; the union chair, the
  principal and vice principals see the school's; Phòng and Sở staff see those below.
- Drafts are the author's alone.
"""

from django.db.models import Q

from schools.models import Role
from schools.visibility import Policy, below_q, register

from .models import InnovationRegistration, Status, TeacherGroup
from .permissions import OFFICE_ROLES, SCHOOL_REVIEWERS


def _reviewer_q(schools, groups, office_paths):
    """The forms the user reviews (those of `schools`, of union `groups`, of the schools
    below `office_paths`), or None when she reviews none (a teacher: her own forms
    alone, and no empty conditions for the query to compile)."""
    if not (schools or groups or office_paths):
        return None
    q = Q(school_id__in=schools) | Q(union_group_id__in=groups)
    if office_paths:
        q |= below_q("school", office_paths)
    return ~Q(status=Status.DRAFT) & q


def _own_person_ids(access):
    """The user's Person id in a list, or none. Matching `person_id` (not
    `person__user_id`) keeps the OR with the reviewer's scope on indexed columns of the
    registration itself, so PostgreSQL combines two index scans instead of scanning
    every registration of the province (the chair's home page went from 100 ms to under
    1 ms of SQL)."""
    person = access.person
    return [person.pk] if person is not None else []


class AuthorsAndReviewers(Policy):
    """Forms seen and changed by the people who wrote them (`authored_q` of the user's
    Person id) and by those who review them."""

    def authored_q(self, person_id):
        raise NotImplementedError

    def rights(self, access):
        """The user's Person (a list of one, or none), the schools and union groups whose
        forms she reviews, the paths of the offices she reviews for."""
        schools = {a.organization_id for a in access.assignments if a.role in SCHOOL_REVIEWERS}
        groups = {
            a.unit_id for a in access.assignments if a.role == Role.UNION_GROUP_LEADER and a.unit_id
        }
        offices = {a.organization.path for a in access.assignments if a.role in OFFICE_ROLES}
        return _own_person_ids(access), sorted(schools), sorted(groups), sorted(offices)

    def rights_q(self, person_ids, schools, groups, office_paths):
        reviewed = _reviewer_q(schools, groups, office_paths)
        if not person_ids:
            return reviewed if reviewed is not None else Q(pk__in=[])
        authored = self.authored_q(person_ids[0])
        return authored if reviewed is None else authored | reviewed

    def visible_q(self, access):
        return Q() if access.is_admin else self.rights_q(*self.rights(access))

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
