"""The dated law a decision is judged by (models/law.py): who may decide, how much is
paid, which bases it cites. `LawOn(day)` reads every row in force on the decision's date
once (four queries) and answers for all its awardees."""

import math
from decimal import Decimal

from django.utils.translation import gettext as _

from schools.models import Organization

from .models.law import Authority, AwardMoney, BaseSalary, DecisionBasis

ROUND_TO = 10_000  # NĐ 152/2025 Điều 49: amounts rounded up to the next 10,000 đồng

K = Organization.Kind
SHAPE_BY_PARENT = {
    K.OFFICE: Authority.Shape.DISTRICT,
    K.COMMUNE: Authority.Shape.COMMUNE,
    K.DEPARTMENT: Authority.Shape.DEPARTMENT,
}
DECIDER_BY_KIND = {
    K.SCHOOL: Authority.Decider.SCHOOL,
    K.OFFICE: Authority.Decider.OFFICE,
    K.COMMUNE: Authority.Decider.COMMUNE,
    K.DEPARTMENT: Authority.Decider.DEPARTMENT,
    K.MINISTRY: Authority.Decider.MINISTRY,
}


def school_of(nomination):
    """The school a nominee belongs to (a person's, a unit's, or the school itself)."""
    if nomination.person_id:
        return nomination.person.organization
    if nomination.unit_id:
        return nomination.unit.organization
    return nomination.collective


def shape_of(school):
    """The shape of local government a nominee's organisation belongs to: a school's by
    its parent; an office's, a commune's or a Sở's own staff by the organisation itself
    (their titles are decided by the same chair or director). None for the ministry."""
    if school is None:
        return None
    if not school.is_school:
        return SHAPE_BY_PARENT.get(school.kind)
    return SHAPE_BY_PARENT.get(school.parent.kind) if school.parent_id else None


def round_up(value):
    return int(math.ceil(Decimal(value) / ROUND_TO)) * ROUND_TO


def _key(title_id, form_id):
    return ("title", title_id) if title_id else ("form", form_id)


class LawOn:
    """Authority, money and bases in force on `day`."""

    def __init__(self, day):
        self.day = day
        self.base = BaseSalary.objects.on(day).order_by("-effective_from").first()
        self.multiples = {}
        for row in AwardMoney.objects.on(day).order_by("effective_from"):
            self.multiples[(_key(row.title_id, row.award_form_id), row.recipient)] = row
        self.authority = {}
        for row in Authority.objects.on(day):
            self.authority.setdefault((_key(row.title_id, row.award_form_id), row.shape), [])
            self.authority[(_key(row.title_id, row.award_form_id), row.shape)].append(row)
        self.bases = [b.text for b in DecisionBasis.objects.on(day).order_by("order", "pk")]

    # -- money --

    def money(self, title_id, form_id, collective):
        """(amount in đồng, AwardMoney row) of a title or award form on this day: the
        base salary in force times the multiple, rounded up; (0, None) when nothing is
        paid for it."""
        recipient = "collective" if collective else "person"
        row = self.multiples.get((_key(title_id, form_id), recipient))
        if row is None or self.base is None:
            return 0, None
        return round_up(row.multiple * self.base.amount), row

    # -- authority --

    def refusal(self, organization, nomination, label):
        """Why `organization` may not decide `label` for this nominee on this day, with
        the citation; None when it may."""
        school = school_of(nomination)
        shape = shape_of(school)
        if shape is None:
            return None  # a collective above the schools: no table for it
        rows = self.authority.get((_key(nomination.title_id, nomination.award_form_id), shape), [])
        decider = DECIDER_BY_KIND.get(organization.kind)
        for row in rows:
            if row.decider != decider:
                continue
            if decider == Authority.Decider.SCHOOL and organization.pk != school.pk:
                continue
            if decider != Authority.Decider.SCHOOL and not school.path.startswith(
                organization.path
            ):
                continue
            return None
        elsewhere = rows or [
            row
            for (key, _shape), shape_rows in self.authority.items()
            if key == _key(nomination.title_id, nomination.award_form_id)
            for row in shape_rows
        ]
        holders = "; ".join(
            dict.fromkeys(
                f"{row.get_decider_display()}"
                + ("" if rows else f" – {str(row.get_shape_display()).lower()}")
                + f" ({row.legal_source})"
                for row in elsewhere
            )
        ) or self._out_of_force(nomination)
        return _(
            "%(org)s không có thẩm quyền quyết định %(award)s cho %(name)s. Ngày %(day)s, "
            "thẩm quyền này thuộc: %(holders)s."
        ) % {
            "org": organization.name,
            "award": label,
            "name": nomination.nominee_name,
            "day": f"{self.day:%d/%m/%Y}",
            "holders": holders,
        }

    def _out_of_force(self, nomination):
        """Who decided it when it was in force (a Giấy khen of the district chair, gone
        with the districts on 01/07/2025)."""
        rows = Authority.objects.filter(
            title_id=nomination.title_id, award_form_id=nomination.award_form_id
        ).order_by("-effective_from")
        if not rows:
            return _("không cấp nào trong hệ thống")
        return "; ".join(
            dict.fromkeys(
                _("không ai (đã áp dụng %(period)s: %(decider)s, %(source)s)")
                % {
                    "period": row.period_label,
                    "decider": row.get_decider_display(),
                    "source": row.legal_source,
                }
                for row in rows
            )
        )
