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

SCHOOL_REVIEWERS = {Role.UNION_CHAIR, Role.PRINCIPAL, Role.VICE_PRINCIPAL}
OFFICE_ROLES = {Role.OFFICE_STAFF, Role.DEPARTMENT_STAFF}


def _reviewer_q(access):
    schools = [a.organization_id for a in access.assignments if a.role in SCHOOL_REVIEWERS]
    groups = [
        a.unit_id for a in access.assignments if a.role == Role.UNION_GROUP_LEADER and a.unit_id
    ]
    office_paths = {a.organization.path for a in access.assignments if a.role in OFFICE_ROLES}
    q = Q(school_id__in=schools) | Q(union_group_id__in=groups)
    if office_paths:
        q |= access.path_q("school", office_paths)
    return ~Q(status=Status.DRAFT) & q


@register(InnovationRegistration)
class RegistrationPolicy(Policy):
    def visible_q(self, access):
        if access.is_admin:
            return Q()
        return Q(person__user_id=access.user.pk) | _reviewer_q(access)

    def manage_q(self, access):
        return self.visible_q(access)


@register(TeacherGroup)
class TeacherGroupPolicy(Policy):
    def visible_q(self, access):
        if access.is_admin:
            return Q()
        mine = Q(leader__user_id=access.user.pk) | Q(
            pk__in=TeacherGroup.objects.filter(members__user_id=access.user.pk).values("pk")
        )
        return mine | _reviewer_q(access)

    def manage_q(self, access):
        return self.visible_q(access)
