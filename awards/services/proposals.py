"""Proposals (tờ trình) carry nominations up the tree: a school sends to its office, the
office reviews each nomination (accept, return with a comment, reject) and sends the
accepted ones up in its own proposal, and so on. A proposal sent after the round's
deadline is marked late, never refused."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.uploads import check_signed_pdf, refuse_replacing
from emulation.services import next_number

from ..models import Evidence, Nomination, Proposal, ProposalItem, Round
from ..rules import blocking
from .common import (
    ServiceError,
    address_of,
    managers_of,
    move,
    notify,
    record,
    require_manager,
)
from .duplicates import refuse_duplicates_in
from .nominations import findings_of
from .signoff import PROPOSAL_TYPE, create_draft

Outcome = ProposalItem.Outcome
S = Nomination.Status


def create_proposal(user, organization, round, recipient=None):
    """A draft proposal of `organization` to the organisation directly above it."""
    require_manager(user, organization)
    if organization.parent_id is None:
        raise ServiceError(_("Đơn vị cấp cao nhất không có cấp trên để trình."))
    recipient = recipient or organization.parent
    if recipient.pk != organization.parent_id:
        raise ServiceError(
            _("Tờ trình chỉ gửi lên cơ quan quản lý trực tiếp của đơn vị (%(parent)s).")
            % {"parent": organization.parent.name}
        )
    if not organization.path.startswith(round.campaign.organization.path):
        raise ServiceError(_("Đợt này không dành cho đơn vị của bạn."))
    with transaction.atomic():
        return create_draft(
            Proposal,
            user,
            organization,
            PROPOSAL_TYPE,
            recipient=recipient,
            round=round,
            symbol=f"TTr-{organization.abbreviation}" if organization.abbreviation else "TTr",
        )


def _lock(proposal):
    return (
        Proposal.objects.select_for_update()
        .select_related("organization", "recipient", "round")
        .get(pk=proposal.pk)
    )


def _require_draft(proposal):
    if not proposal.is_draft:
        raise ServiceError(_("Tờ trình đã gửi, không thay đổi được nữa."))


def sendable(organization, round):
    """Nominations `organization` may put in a proposal of `round`: its own at home
    (draft, or returned to it from any level), and those it accepted from below."""
    own = Q(organization=organization, status__in=[S.DRAFT, S.RETURNED])
    forwarded = ~Q(organization=organization) & Q(status=S.ACCEPTED)
    return Nomination.objects.filter(round=round, holder=organization).filter(own | forwarded)


def set_items(user, proposal, nominations):
    """The nominations a draft proposal carries, in this order."""
    with transaction.atomic():
        proposal = _lock(proposal)
        require_manager(user, proposal.organization)
        _require_draft(proposal)
        allowed = set(sendable(proposal.organization, proposal.round).values_list("pk", flat=True))
        wrong = [n for n in nominations if n.pk not in allowed]
        if wrong:
            raise ServiceError(
                _("Không đưa được vào tờ trình: %(names)s (không do đơn vị giữ trong đợt này).")
                % {"names": ", ".join(n.nominee_name for n in wrong)}
            )
        refuse_duplicates_in(nominations)
        elsewhere = ProposalItem.objects.filter(
            nomination__in=nominations,
            proposal__status=Proposal.Status.DRAFT,
            proposal__organization=proposal.organization,
        ).exclude(proposal=proposal)
        if elsewhere.exists():
            raise ServiceError(_("Một số đề nghị đã nằm trong tờ trình khác đang soạn."))
        proposal.items.all().delete()
        bulk_create(
            ProposalItem,
            (
                ProposalItem(proposal=proposal, nomination=n, order=i)
                for i, n in enumerate(nominations)
            ),
        )
        proposal.version += 1
        proposal.save(update_fields=["version"])
        record(user, "items", proposal=proposal, comment=str(len(nominations)))
    return proposal


def save_proposal(user, proposal):
    """Save the text of a draft proposal (the admin form calls this)."""
    require_manager(user, proposal.organization)
    if proposal.pk:
        current = Proposal.objects.get(pk=proposal.pk)
        _require_draft(current)
        if current.recipient_id != proposal.recipient_id:
            raise ServiceError(_("Không đổi được nơi nhận của tờ trình."))
    proposal.save()
    record(user, "edit", proposal=proposal)
    return proposal


def _check_quota(proposal, nominations):
    quota = proposal.round.quota_for(proposal.organization)
    if quota is None:
        return
    already = (
        ProposalItem.objects.filter(
            proposal__organization=proposal.organization,
            proposal__round=proposal.round,
            proposal__status__in=[Proposal.Status.SENT, Proposal.Status.REVIEWED],
            outcome__in=[Outcome.PENDING, Outcome.ACCEPTED],
        )
        .exclude(nomination__in=nominations)
        .count()
    )
    if already + len(nominations) > quota:
        raise ServiceError(
            _(
                "Đợt “%(round)s” cho mỗi đơn vị gửi tối đa %(quota)s đề nghị; đơn vị đã gửi "
                "%(already)s, tờ trình này thêm %(count)s."
            )
            % {
                "round": proposal.round.name,
                "quota": quota,
                "already": already,
                "count": len(nominations),
            }
        )


def problems(proposal):
    """nomination -> blocking findings, for every nomination of the proposal."""
    nominations = [
        item.nomination
        for item in proposal.items.select_related(
            "nomination__round", "nomination__title", "nomination__person"
        )
    ]
    verdicts = findings_of(nominations)
    found = {}
    for nomination in nominations:
        blocked = blocking(verdicts[nomination.pk])
        if blocked:
            found[nomination] = blocked
    return found


def with_review_facts(items):
    """Give each item what a reviewer reads beside it: `passed`, `blocked` and `warned`
    findings of the rules, and `evidence_count`. A fixed number of queries for a round's
    nominations of people, whatever their number (the items come with their
    nominations, rounds, titles and people selected)."""
    nominations = [item.nomination for item in items]
    verdicts = findings_of(nominations)
    counts = dict(
        Evidence.objects.filter(nomination__in=nominations)
        .order_by()
        .values_list("nomination")
        .annotate(n=Count("pk"))
    )
    for item in items:
        found = verdicts.get(item.nomination_id, [])
        item.blocked = [f for f in found if f.blocks]
        item.warned = [f for f in found if not f.ok and not f.blocks]
        item.passed = [f for f in found if f.ok]
        item.evidence_count = counts.get(item.nomination_id, 0)
    return items


def send_proposal(user, proposal):
    """Number and send a draft proposal; its nominations move up to the recipient."""
    with transaction.atomic():
        proposal = _lock(proposal)
        require_manager(user, proposal.organization)
        _require_draft(proposal)
        # One sender's proposals of a round are sent one at a time (the quota is over the
        # round), and their nominations are locked while they move.
        Round.objects.select_for_update().get(pk=proposal.round_id)
        items = list(proposal.items.all())
        if not items:
            raise ServiceError(_("Tờ trình chưa có ai trong danh sách đề nghị."))
        locked = {
            n.pk: n
            for n in Nomination.objects.select_for_update().filter(
                pk__in=[item.nomination_id for item in items]
            )
        }
        for item in items:
            item.nomination = locked[item.nomination_id]
        if proposal.recipient_id != proposal.organization.parent_id:
            raise ServiceError(_("Nơi nhận không còn là cơ quan cấp trên của đơn vị."))
        nominations = [item.nomination for item in items]
        held = set(sendable(proposal.organization, proposal.round).values_list("pk", flat=True))
        if any(n.pk not in held for n in nominations):
            raise ServiceError(_("Danh sách đã thay đổi; hãy mở lại tờ trình và kiểm tra."))
        blocked = problems(proposal)
        if blocked:
            lines = [
                f"{n.nominee_name}: {'; '.join(f.message for f in found)}"
                for n, found in blocked.items()
            ]
            raise ServiceError(
                _("Chưa gửi được: có đề nghị chưa đủ điều kiện.") + " " + " | ".join(lines)
            )
        _check_quota(proposal, nominations)
        today = timezone.localdate()
        proposal.issue_date = proposal.issue_date or today
        if proposal.number is None:
            proposal.number = next_number(proposal.organization, proposal.issue_date.year)
        proposal.status = Proposal.Status.SENT
        proposal.sent_at = timezone.now()
        proposal.is_late = today > proposal.round.deadline
        proposal.version += 1
        proposal.save()
        for nomination in nominations:
            nomination.holder = proposal.recipient
            nomination.last_comment = ""
            move(
                user,
                nomination,
                S.SUBMITTED,
                "send",
                proposal.reference,
                ["holder", "last_comment"],
                nomination=nomination,
            )
        record(
            user,
            "send",
            proposal=proposal,
            from_status=Proposal.Status.DRAFT,
            to_status=proposal.status,
            comment=_("muộn hạn") if proposal.is_late else "",
        )
    notify(
        _("Tờ trình đề nghị khen thưởng mới: %(org)s") % {"org": proposal.organization.name},
        _("%(org)s gửi tờ trình số %(ref)s (%(n)s đề nghị) trong đợt “%(round)s”.")
        % {
            "org": proposal.organization.name,
            "ref": proposal.reference,
            "n": len(nominations),
            "round": proposal.round.name,
        },
        managers_of(proposal.recipient),
    )
    return proposal


def review_item(user, item, outcome, comment=""):
    """The recipient accepts, returns (with a comment) or rejects one nomination."""
    comment = (comment or "").strip()
    if outcome not in (Outcome.ACCEPTED, Outcome.RETURNED, Outcome.REJECTED):
        raise ServiceError(_("Kết quả xét không hợp lệ."))
    if outcome != Outcome.ACCEPTED and not comment:
        raise ServiceError(_("Hãy ghi lý do khi trả lại hoặc không chấp nhận."))
    with transaction.atomic():
        proposal = _lock(item.proposal)
        require_manager(user, proposal.recipient)
        item = ProposalItem.objects.select_for_update().select_related("nomination").get(pk=item.pk)
        if proposal.status != Proposal.Status.SENT:
            raise ServiceError(_("Tờ trình này không ở trạng thái chờ xét."))
        if item.outcome != Outcome.PENDING:
            raise ServiceError(
                _("%(name)s đã được xét (%(o)s).")
                % {"name": item.nomination.nominee_name, "o": item.get_outcome_display()}
            )
        item.outcome, item.comment = outcome, comment
        item.reviewed_by, item.reviewed_at = user, timezone.now()
        item.save()
        nomination = item.nomination
        if outcome == Outcome.RETURNED:
            # back to the organisation that wrote it, which alone can fix it; it goes up
            # again through every level
            nomination.holder = nomination.organization
        nomination.last_comment = comment
        move(
            user,
            nomination,
            {
                Outcome.ACCEPTED: S.ACCEPTED,
                Outcome.RETURNED: S.RETURNED,
                Outcome.REJECTED: S.REJECTED,
            }[outcome],
            f"review_{outcome}",
            comment,
            ["holder", "last_comment"],
            nomination=nomination,
        )
        if not proposal.items.filter(outcome=Outcome.PENDING).exists():
            proposal.status = Proposal.Status.REVIEWED
            proposal.save(update_fields=["status"])
            record(
                user,
                "reviewed",
                proposal=proposal,
                from_status=Proposal.Status.SENT,
                to_status=proposal.status,
            )
    if outcome != Outcome.ACCEPTED:
        notify(
            _("Đề nghị khen thưởng %(o)s: %(name)s")
            % {"o": item.get_outcome_display().lower(), "name": nomination.nominee_name},
            _("%(office)s: %(comment)s") % {"office": proposal.recipient.name, "comment": comment},
            managers_of(proposal.organization)
            + managers_of(nomination.organization)
            + [address_of(nomination.person)],
        )
    return item


def accept_all(user, proposal):
    """Accept every nomination still waiting in a proposal; returns how many."""
    require_manager(user, proposal.recipient)
    with transaction.atomic():
        pending = list(proposal.items.filter(outcome=Outcome.PENDING))
        for item in pending:
            review_item(user, item, Outcome.ACCEPTED)
    return len(pending)


def accept_items(user, proposal, items):
    """Accept the chosen items of a proposal together: all of them or, when one cannot
    be (already reviewed, of another proposal), none. Returns how many."""
    require_manager(user, proposal.recipient)
    if not items:
        raise ServiceError(_("Hãy chọn ít nhất một đề nghị để chấp nhận."))
    strangers = [item for item in items if item.proposal_id != proposal.pk]
    if strangers:
        raise ServiceError(_("Có đề nghị không thuộc tờ trình này; hãy tải lại trang."))
    with transaction.atomic():
        reviewed = (
            ProposalItem.objects.select_for_update(of=("self",))
            .filter(pk__in=[item.pk for item in items])
            .exclude(outcome=Outcome.PENDING)
            .select_related("nomination__person", "nomination__unit", "nomination__collective")
        )
        if reviewed:
            raise ServiceError(
                _("Đã được xét trước đó: %(names)s. Hãy tải lại trang và chọn lại.")
                % {"names": ", ".join(item.nomination.nominee_name for item in reviewed)}
            )
        for item in items:
            review_item(user, item, Outcome.ACCEPTED)
    return len(items)


def next_pending_item(proposal, after=None):
    """The item of `proposal` a reviewer meets next: the first one still pending after
    `after` in the list's order, else the first one pending; None when none is."""
    pending = list(
        proposal.items.filter(outcome=Outcome.PENDING)
        .order_by("order", "pk")
        .values_list("pk", "order")
    )
    if after is not None:
        later = [pk for pk, order in pending if (order, pk) > (after.order, after.pk)]
        if later:
            return later[0]
    return pending[0][0] if pending else None


def next_waiting_proposal(proposals, proposal):
    """Among `proposals` (those the user sees), the next one sent to the same recipient
    with a nomination still pending, the longest waiting first; None when none is."""
    return (
        proposals.filter(
            recipient_id=proposal.recipient_id,
            status=Proposal.Status.SENT,
            items__outcome=Outcome.PENDING,
        )
        .exclude(pk=proposal.pk)
        .order_by("sent_at", "pk")
        .distinct()
        .first()
    )


def upload_signed_scan(user, proposal, scan):
    """Keep the signed and stamped scan of the proposal (PDF)."""
    require_manager(user, proposal.organization)
    check_signed_pdf(scan)
    with transaction.atomic():
        proposal = _lock(proposal)
        if not proposal.is_draft:
            # Sent: the level above may already have read it. Added once, never replaced.
            refuse_replacing(proposal.signed_scan, _("Bản ký của tờ trình đã gửi"))
        proposal.signed_scan.save(f"to-trinh-{proposal.pk}.pdf", scan, save=False)
        proposal.save(update_fields=["signed_scan"])
        record(user, "signed_scan", proposal=proposal)
    return proposal
