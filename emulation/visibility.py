"""Who sees which campaigns and plans (registered with schools.visibility).

- A published or issued plan is visible to everyone in its organisation and below it,
  and to the offices above it (oversight).
- A draft is visible only inside its own organisation.
- Plans are changed only by managers (principal, office staff...) of the issuing
  organisation itself.
"""

from django.db.models import Q

from schools.issuers import IssuerKind
from schools.models import PATH_STEP, Organization, Role
from schools.roles import OFFICE_ROLES
from schools.visibility import MANAGER_ROLES, Policy, below_q, register

from .models import Annex, BlockMembership, Campaign, EmulationBlock, Plan, Theme

PUBLIC_STATUSES = [Plan.Status.PUBLISHED, Plan.Status.ISSUED]


def _ancestor_paths(paths):
    prefixes = set()
    for path in paths:
        prefixes.update(path[:i] for i in range(PATH_STEP, len(path) + 1, PATH_STEP))
    return prefixes


def _own_org_ids(access):
    return {a.organization_id for a in access.assignments}


def _managed_org_ids(access):
    return {a.organization_id for a in access.assignments if a.role in MANAGER_ROLES}


class IssuedByOrganization(Policy):
    """Plan-like rows: published ones flow down the tree, drafts stay home."""

    prefix = ""  # lookup from the model to the Plan ("" for Plan itself)

    def _lookup(self, name):
        return f"{self.prefix}{name}"

    def rights(self, access):
        """The organisations above and below the user's, and the user's own."""
        paths = access.see_paths
        return sorted(_ancestor_paths(paths)), sorted(paths), sorted(_own_org_ids(access))

    def seen_plans(self, ancestors, paths, own_ids):
        """Querysets of the plans seen: the published ones of the organisations above
        and below, every one of the person's own organisations."""
        above_or_below = Organization.objects.filter(
            Q(path__in=ancestors) | below_q("", paths)
        ).values("pk")
        return [
            Plan.objects.filter(status__in=PUBLIC_STATUSES, organization_id__in=above_or_below),
            Plan.objects.filter(organization_id__in=own_ids),
        ]

    def rights_q(self, ancestors, paths, own_ids):
        # One list of plan ids, each part read by its own index (the plans of some
        # organisations), not an OR of conditions on every plan: the database scanned
        # all of them for each home page (1,403 of the load test's province for 5; 0.64
        # -> 0.10 ms on PostgreSQL).
        first, *rest = [
            ids.order_by().values("pk") for ids in self.seen_plans(ancestors, paths, own_ids)
        ]
        return Q(**{f"{self._lookup('pk')}__in": first.union(*rest, all=True)})

    def visible_q(self, access):
        return Q() if access.is_admin else self.rights_q(*self.rights(access))

    def manage_q(self, access):
        if access.is_admin:
            return Q()
        return Q(**{f"{self._lookup('organization_id')}__in": _managed_org_ids(access)})


# Who writes the documents of a school's organisations besides its managers.
ISSUER_ROLES = {
    Role.UNION_CHAIR: IssuerKind.UNION,
    Role.YOUTH_SECRETARY: IssuerKind.YOUTH,
    Role.PIONEER_LEADER: IssuerKind.PIONEERS,
    Role.PARTY_SECRETARY: IssuerKind.PARTY,
}


def issuer_kinds_written(access, organization):
    """The issuer kinds whose documents the user writes for `organization`: all of
    them for its managers, their own organisation's for a union chair, a Đoàn
    secretary, a Liên đội's leader, a Party cell's secretary."""
    if access.is_admin or organization.pk in _managed_org_ids(access):
        if organization.is_school:
            return list(IssuerKind.values)
        # An office has its Công đoàn and its Chi bộ, not a Đoàn trường or a Liên đội.
        return [IssuerKind.STATE, IssuerKind.UNION, IssuerKind.PARTY]
    return [
        ISSUER_ROLES[a.role]
        for a in access.assignments
        if a.role in ISSUER_ROLES and a.organization_id == organization.pk
    ]


def writable_organization_ids(access):
    """Organisations whose documents (of at least one issuer) the user writes."""
    roles = MANAGER_ROLES | set(ISSUER_ROLES)
    return {a.organization_id for a in access.assignments if a.role in roles}


@register(Plan)
class PlanPolicy(IssuedByOrganization):
    def seen_plans(self, ancestors, paths, own_ids):
        """Also a block's published plan, to every member school of the block (the plan
        is the leader school's, a sibling of the others)."""
        block_plans = EmulationBlock.objects.filter(memberships__school_id__in=own_ids).values(
            "plan_id"
        )
        return [
            *super().seen_plans(ancestors, paths, own_ids),
            Plan.objects.filter(status__in=PUBLIC_STATUSES, pk__in=block_plans),
        ]

    def manage_q(self, access):
        managed = super().manage_q(access)
        for a in access.assignments:
            if a.role in ISSUER_ROLES:
                kind = ISSUER_ROLES[a.role]
                own = Q(organization_id=a.organization_id)
                managed |= own & (Q(issuer_kind=kind) | Q(joint_issuer_kind=kind))
        return managed


@register(Theme)
class ThemePolicy(IssuedByOrganization):
    prefix = "plan__"


@register(Annex)
class AnnexPolicy(IssuedByOrganization):
    prefix = "plan__"


class SeenUpAndDown(Policy):
    """Rows of an organisation (`org_lookup`) seen by it, everything below it and the
    offices above it; changed by its own managers."""

    def up_and_down_q(self, access):
        above_or_self = Q(**{f"{self.org_lookup}__path__in": _ancestor_paths(access.see_paths)})
        return above_or_self | access.path_q(self.org_lookup, access.see_paths)

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        return self.up_and_down_q(access)

    def manage_q(self, access):
        if access.is_admin:
            return Q()
        return Q(**{f"{self.org_lookup}_id__in": _managed_org_ids(access)})


@register(Campaign)
class CampaignPolicy(SeenUpAndDown):
    """Campaigns are seen like published plans: by their organisation and below."""


@register(EmulationBlock)
class EmulationBlockPolicy(Policy):
    """A block is seen by the staff of its member schools and by the offices above it;
    what each may change is decided by emulation.blocks.services."""

    def rights(self, access):
        """The user's own organisations, and the paths of the offices she works for."""
        offices = {a.organization.path for a in access.assignments if a.role in OFFICE_ROLES}
        return sorted(_own_org_ids(access)), sorted(offices)

    def rights_q(self, own_ids, offices):
        members = Q(pk__in=BlockMembership.objects.filter(school_id__in=own_ids).values("block_id"))
        return members | below_q("office", offices) if offices else members

    def visible_q(self, access):
        return Q() if access.is_admin else self.rights_q(*self.rights(access))

    def manage_q(self, access):
        """Only the offices above a block change it directly (the admin); members act
        through emulation.blocks.services, which check the leader's and principals' roles."""
        offices = {a.organization.path for a in access.assignments if a.role in OFFICE_ROLES}
        return access.path_q("office", offices)
