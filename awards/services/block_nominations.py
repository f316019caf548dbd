"""The block leader proposes titles and the Cờ thi đua for the block's leading unit
(emulation blocks, issue 13 item 10). The nomination is the leader school's, made on
the block's behalf, and goes up in the leader school's tờ trình to the office like any
other: the same path, the same duplicates and rules."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import clean_text
from emulation.blocks.permissions import is_leader

from ..models import Nomination, Recipient
from .common import ServiceError, record
from .duplicates import refuse_duplicate

MAX_TEXT = 5000


def blocks_led_by(user):
    """The blocks the user leads whose ranking the office has approved (the leading unit
    is known)."""
    from emulation.models import EmulationBlock

    blocks = EmulationBlock.objects.filter(
        ranking_approved_at__isnull=False, leading_school__isnull=False
    ).select_related("leader_school", "leading_school", "office", "school_year")
    return [b for b in blocks if is_leader(user, b)]


def propose_leading_unit(user, block, round, title, achievements):
    """A nomination of the block's leading unit for a collective title, held by the
    leader school, ready to go in its tờ trình to the office."""
    if not is_leader(user, block):
        raise PermissionDenied
    if block.leading_school_id is None or block.ranking_approved_at is None:
        raise ServiceError(
            _("Phòng chưa duyệt xếp hạng của khối: chưa có đơn vị dẫn đầu chính thức.")
        )
    if title.recipient != Recipient.COLLECTIVE:
        raise ServiceError(_("%(t)s dành cho cá nhân, không cho tập thể.") % {"t": title.name})
    leader = block.leader_school
    if not leader.path.startswith(round.campaign.organization.path):
        raise ServiceError(_("Đợt này không dành cho đơn vị của bạn."), field="round")
    text = clean_text(achievements, MAX_TEXT, _("Thành tích")) or _(
        "Đơn vị dẫn đầu %(block)s năm học %(year)s."
    ) % {"block": block.name, "year": block.school_year.name}
    with transaction.atomic():
        refuse_duplicate(round, None, None, block.leading_school, title, None)
        nomination = Nomination.objects.create(
            round=round,
            organization=leader,
            holder=leader,
            collective=block.leading_school,
            title=title,
            achievements=text,
            created_by=user,
        )
        record(
            user,
            "create",
            nomination=nomination,
            to_status=nomination.status,
            comment=_("Khối trưởng %(block)s đề nghị") % {"block": block.name},
        )
    return nomination
