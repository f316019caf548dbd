"""Who sees which awards rows (registered with schools.visibility).

- Councils, votes and postings belong to their school: its staff see them, its managers
  change them; evaluations are seen only by managers and by the person evaluated.
- Ballots have no policy at all: nobody, administrators included, sees them one by one.
- Nominations and proposals stay home while drafts; once sent they are seen by the
  offices above (who manage the subtree). A nominee sees their own nominations.
- Rounds are seen like their campaign; decisions, once recorded, flow down the tree.
"""

from django.db.models import Q

from emulation.visibility import SeenUpAndDown, _managed_org_ids, _own_org_ids
from schools.visibility import Policy, register

from .models import (
    AwardRecord,
    CertificateBatch,
    Council,
    Decision,
    Evaluation,
    HistoryImport,
    Nomination,
    Posting,
    Proposal,
    Round,
    Vote,
)


class SchoolOwned(Policy):
    """Rows of one school: seen by its staff, changed by its managers."""

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        return Q(**{f"{self.org_lookup}_id__in": _own_org_ids(access)}) | self.manage_q(access)

    def manage_q(self, access):
        return access.path_q(self.org_lookup, access.manage_paths)

    def may_see_any_of(self, access, school_ids):
        """Whether a row of `school_ids` may be visible to `access` (visible_q, asked
        without the database): staff see their own schools' rows; for managers and
        administrators the database answers (True)."""
        if not school_ids:
            return False
        if access.is_admin or access.manage_paths:
            return True
        return not _own_org_ids(access).isdisjoint(school_ids)


@register(Council)
class CouncilPolicy(SchoolOwned):
    org_lookup = "school"


@register(Vote)
class VotePolicy(SchoolOwned):
    org_lookup = "council__school"


@register(Posting)
class PostingPolicy(SchoolOwned):
    org_lookup = "vote__council__school"


@register(Evaluation)
class EvaluationPolicy(Policy):
    def visible_q(self, access):
        return self.manage_q(access) | Q(person__user_id=access.user.pk)


class HomeWhileDraft(Policy):
    """Drafts are seen only by the managers at home; sent rows by every manager above."""

    draft_status = "draft"

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        above = access.path_q("organization", access.manage_paths) & ~Q(status=self.draft_status)
        return self.manage_q(access) | above

    def manage_q(self, access):
        if access.is_admin:
            return Q()
        return Q(organization_id__in=_managed_org_ids(access))


@register(Nomination)
class NominationPolicy(HomeWhileDraft):
    """Staff of a school see their school's nominations only when they are the nominee
    (the list of nominees is published through the posting, not here)."""

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        return super().visible_q(access) | Q(person__user_id=access.user.pk)


@register(Proposal)
class ProposalPolicy(HomeWhileDraft):
    pass


@register(Round)
class RoundPolicy(SeenUpAndDown):
    """Rounds are seen by the campaign's organisation, everything below and above it."""

    org_lookup = "campaign__organization"


@register(Decision)
class DecisionPolicy(SeenUpAndDown):
    """Recorded decisions are seen by the granting organisation, below and above it;
    drafts only by the granting organisation's managers."""

    def visible_q(self, access):
        if access.is_admin:
            return Q()
        recorded = Q(status=Decision.Status.RECORDED) & self.up_and_down_q(access)
        return recorded | self.manage_q(access)


@register(CertificateBatch)
class CertificateBatchPolicy(Policy):
    """Certificates are seen and made like their decision."""

    def visible_q(self, access):
        decisions = Decision.objects.filter(DecisionPolicy().visible_q(access))
        return Q(decision__in=decisions)

    def manage_q(self, access):
        decisions = Decision.objects.filter(DecisionPolicy().manage_q(access))
        return Q(decision__in=decisions)


@register(AwardRecord)
class AwardRecordPolicy(Policy):
    """A school's award history is seen by its staff and every manager above (like its
    recorded decisions); its managers and those above keep it."""


@register(HistoryImport)
class HistoryImportPolicy(Policy):
    """Uploaded history lists: only those who may change the history."""

    def visible_q(self, access):
        return self.manage_q(access)
