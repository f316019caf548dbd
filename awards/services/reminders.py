"""An office reminds the units below it that have not sent their proposal (tờ trình) of a
round: one e-mail per unit to each of its managers (principal, vice principals; office
staff of a Phòng under a Sở), sent after the transaction commits, and one history row
(RoundReminder) saying who reminded which units when."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools import visibility
from schools.models import Role, RoleAssignment, SchoolYear

from ..aggregation import rounds_for_office
from ..models import Round, RoundReminder
from ..office_today import OFFICE_ROLES, missing_senders
from .common import ServiceError, notify

# A second reminder of the same round by the same office waits this long: a double
# click, or two colleagues at once, must not send every school the same mail twice.
REMIND_INTERVAL = datetime.timedelta(hours=1)
RECIPIENT_ROLES = visibility.MANAGER_ROLES - {Role.ADMINISTRATOR}


def may_remind(user, office):
    """Office staff of `office` itself (not of an office above it), or administrators."""
    access = visibility.access_for(user)
    if access.is_admin:
        return True
    return any(
        a.organization_id == office.pk and a.role in OFFICE_ROLES for a in access.assignments
    )


def manager_addresses(units):
    """{unit pk: [e-mail addresses of its managers this school year]}: each manager's
    address on their staff record, else their account's (1 query)."""
    addresses = {}
    rows = (
        RoleAssignment.objects.filter(
            organization__in=units,
            role__in=RECIPIENT_ROLES,
            school_year=SchoolYear.current(),
        )
        .order_by("organization_id", "user_id")
        .values_list("organization_id", "user__person__email", "user__email")
    )
    for unit_id, on_record, on_account in rows:
        address = on_record or on_account
        if address and address not in addresses.get(unit_id, []):
            addresses.setdefault(unit_id, []).append(address)
    return addresses


def _deadline_words(round, today):
    days = (round.deadline - today).days
    deadline = round.deadline.strftime("%d/%m/%Y")
    if days > 0:
        return _("Hạn gửi: %(date)s (còn %(n)s ngày).") % {"date": deadline, "n": days}
    if days == 0:
        return _("Hạn gửi: hôm nay, %(date)s.") % {"date": deadline}
    return _(
        "Hạn gửi là %(date)s, đã quá %(n)s ngày: tờ trình gửi bây giờ được ghi nhận là gửi muộn."
    ) % {"date": deadline, "n": -days}


def _message(office, unit, round, today):
    subject = _("Nhắc gửi tờ trình đề nghị khen thưởng: %(round)s") % {"round": round.name}
    body = _(
        "%(office)s chưa nhận được tờ trình đề nghị khen thưởng của %(unit)s trong đợt "
        "“%(round)s” (phong trào “%(campaign)s”). %(deadline)s\n\n"
        "Nếu đơn vị có cá nhân, tập thể được đề nghị, hãy đăng nhập, lập tờ trình và gửi "
        "lên %(office)s."
    ) % {
        "office": office.name,
        "unit": unit.name,
        "round": round.name,
        "campaign": round.campaign.name,
        "deadline": _deadline_words(round, today),
    }
    return subject, body


def remind_missing_senders(user, office, round):
    """E-mail the managers of every unit below `office` that has not sent it a proposal in
    `round`; returns the RoundReminder. Refused (PermissionDenied) to anyone but the
    office's own staff; a ServiceError when nobody is missing, when nobody of them has an
    address, or when the office reminded the round less than REMIND_INTERVAL ago."""
    if not may_remind(user, office):
        raise PermissionDenied
    if not rounds_for_office(office).filter(pk=round.pk).exists():
        raise ServiceError(_("Đợt này không gửi về đơn vị của bạn."))
    today = timezone.localdate()
    with transaction.atomic():
        round = (
            Round.objects.select_for_update()
            .select_related("campaign__organization")
            .get(pk=round.pk)
        )
        last = RoundReminder.objects.filter(office=office, round=round).first()
        if last is not None and timezone.now() - last.sent_at < REMIND_INTERVAL:
            again = timezone.localtime(last.sent_at + REMIND_INTERVAL)
            raise ServiceError(
                _("Đơn vị đã nhắc đợt này lúc %(time)s; có thể nhắc lại từ %(again)s.")
                % {
                    "time": timezone.localtime(last.sent_at).strftime("%H:%M"),
                    "again": again.strftime("%H:%M"),
                }
            )
        missing = missing_senders(office, round)
        if not missing:
            raise ServiceError(_("Mọi đơn vị trực thuộc đã gửi tờ trình của đợt này."))
        addresses = manager_addresses(missing)
        if not addresses:
            raise ServiceError(
                _(
                    "Chưa nhắc được: lãnh đạo của các đơn vị chưa gửi chưa có địa chỉ e-mail "
                    "trong hệ thống."
                )
            )
        mails = 0
        for unit in missing:
            subject, body = _message(office, unit, round, today)
            mails += notify(subject, body, addresses.get(unit.pk, []))
        reminder = RoundReminder.objects.create(
            round=round, office=office, mail_count=mails, sent_by=user
        )
        reminder.units.set(missing)
    reminder.unit_count = len(missing)
    reminder.reached_count = len(addresses)
    return reminder
