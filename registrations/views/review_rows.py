"""The review list's rows: the campaign's forms M1 (a page of them) and M2 the reviewer
sees, those waiting for her first, and how many M1s wait for her. Built again after
every review at the school (the list is kept until then), so its three queries are
compiled once per shape of the reviewer's rights and of the filters asked
(common.prepared); administrators, and a school year that is not this one, get them
from the ORM on each call. Both ways build them with the same functions."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, F, Value, When, Window
from django.utils import timezone

from common.pagination import CountedPaginator
from common.prepared import ShapedQuery, flat, unflat
from schools import visibility
from schools.models import SchoolYear

from .. import permissions
from ..models import InnovationRegistration, Status, TeacherGroup
from .common import visible_groups, visible_registrations

PER_PAGE = 50


@dataclass(frozen=True)
class Shown:
    """What of the list the reviewer asked for: the campaign, its filters (None or ""
    for none: a union group's id, a status, an innovation field)."""

    campaign_id: int
    group: int | None = None
    status: str = ""
    field: str = ""


@dataclass
class Rows:
    page: object  # a Page of M1s
    groups: list  # the M2s
    m1_waiting: int


def review_rows(user, access, shown, page_number):
    """The rows the review list shows (`Rows`)."""
    year = access.school_year
    today = SchoolYear.name_for(timezone.localdate())
    if access.is_admin or year is None or year.name != today:
        return _by_the_orm(user, access, shown, page_number)
    waiting = permissions.waiting_rights(access)
    m1_rights, m2_rights = (
        visibility.policy_for(m).rights(access) for m in (InnovationRegistration, TeacherGroup)
    )
    wanted = (shown.status, shown.field, shown.group is not None)
    extra = [shown.campaign_id, year.pk, *([shown.group] if shown.group is not None else [])]
    if str(page_number or "1") == "1":
        counts, keys = flat([*m1_rights, *waiting])
        rows = _m1_page_of((*counts, *wanted), [*keys, *extra])
        # none on page 1: the list is empty, and its only page is page 1 of nothing
        if rows:
            page = CountedPaginator(rows, PER_PAGE).page_from(rows, 1)
        else:
            page = Paginator([], PER_PAGE).get_page(1)
    else:
        visible = visible_registrations(user)
        m1s = m1_rows(visible, shown, year, waiting, year_of_waiting=None)
        page = CountedPaginator(m1s, PER_PAGE).get_page(page_number)
    counts, keys = flat([*m2_rights, *waiting])
    groups = _m2s_of((*counts, *wanted), [*keys, *extra])
    counts, keys = flat([*m1_rights, *waiting])
    m1_waiting = sum(_m1_waiting_of(counts, [*keys, shown.campaign_id, year.pk]))
    return Rows(page, groups, m1_waiting)


def _by_the_orm(user, access, shown, page_number):
    year, waiting = access.school_year, permissions.waiting_rights(access)
    m1s = m1_rows(visible_registrations(user), shown, year, waiting, year_of_waiting=None)
    groups = m2_rows(visible_groups(user), shown, year, waiting, year_of_waiting=None)
    m1_waiting = permissions.waiting(user, InnovationRegistration).filter(
        campaign=shown.campaign_id
    )
    return Rows(
        CountedPaginator(m1s, PER_PAGE).get_page(page_number), list(groups), m1_waiting.count()
    )


def m1_rows(visible, shown, year, waiting, year_of_waiting):
    """The campaign's M1s the reviewer sees (`visible`), filtered, with their approver;
    those waiting for her (`waiting`: permissions.waiting_rights) first, the oldest
    submission first. `year` (a SchoolYear or its id) reads the chairs of the approver,
    `year_of_waiting` those of the forms waiting for a principal (None: this year's)."""
    items = _listed(visible, shown, year, ("person", "union_group"))
    if shown.field:  # the list is stored as JSON text on every backend: the quoted value
        items = items.filter(fields__icontains=f'"{shown.field}"')
    items = _waiting_first(items, InnovationRegistration, waiting, year_of_waiting)
    return items.order_by(
        "-is_waiting", F("submitted_at").asc(nulls_last=True), "person__sort_key", "pk"
    )


def m2_rows(visible, shown, year, waiting, year_of_waiting):
    """The campaign's M2s the reviewer sees, as `m1_rows` (no innovation field)."""
    groups = _listed(visible, shown, year, ("leader", "union_group"))
    groups = _waiting_first(groups, TeacherGroup, waiting, year_of_waiting)
    return groups.order_by("-is_waiting", F("submitted_at").asc(nulls_last=True), "name", "pk")


def _listed(visible, shown, year, related):
    forms = permissions.with_approver(
        visible.select_related(None)
        .select_related(*related)
        .filter(campaign=shown.campaign_id)
        .exclude(status=Status.DRAFT),
        year,
    )
    if shown.group is not None:
        forms = forms.filter(union_group_id=shown.group)
    if shown.status:
        forms = forms.filter(status=shown.status)
    return forms


def _waiting_first(forms, model, waiting, year):
    """Waiting for the holder of `waiting` first (oldest submission first), then the
    others."""
    return forms.annotate(
        is_waiting=Case(
            When(permissions.waiting_rights_q(model, *waiting, year), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _visible(model, rights):
    return model._default_manager.all().filter(visibility.policy_for(model).rights_q(*rights))


def _marked(shape, keys):
    """The rights, the waiting rights and the Shown of a shape and its keys."""
    *counts, status, field, has_group = shape
    lists, (campaign_id, year, *group) = unflat(counts, keys)
    shown = Shown(campaign_id, group[0] if has_group else None, status, field)
    return lists[:4], lists[4:], shown, year


def _m1_page(shape, *keys):
    rights, waiting, shown, year = _marked(shape, keys)
    rows = m1_rows(_visible(InnovationRegistration, rights), shown, year, waiting, year)
    return rows.annotate(listed_in_all=Window(Count("pk")))[:PER_PAGE]


def _m2s(shape, *keys):
    rights, waiting, shown, year = _marked(shape, keys)
    return m2_rows(_visible(TeacherGroup, rights), shown, year, waiting, year)


def _m1_waiting(counts, *keys):
    """How many M1s of the campaign wait for the reviewer: a row with the number, or
    none."""
    lists, (campaign_id, year) = unflat(counts, keys)
    rights, waiting = lists[:4], lists[4:]
    return (
        _visible(InnovationRegistration, rights)
        .filter(permissions.waiting_rights_q(InnovationRegistration, *waiting, year))
        .filter(campaign=campaign_id)
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )


_m1_page_of = ShapedQuery(_m1_page)
_m2s_of = ShapedQuery(_m2s)
_m1_waiting_of = ShapedQuery(_m1_waiting)
