"""Awards views: rounds, as Phòng and Sở staff follow them.

- the rounds of a school year that concern the office, with how many senders sent;
- one round: every sender below the office, what it sent and when, late or missing,
  the counts by title, award form and outcome, charts; drill-down to each sender's
  nominations; Excel of the page;
- the same numbers for a whole school year;
- Excel lists of one proposal and of one decision.

Which office: the user's own (Phòng or Sở staff); `?office=` picks another one below it
(administrators may pick any). Everything out of the user's scope answers 404. Every
page runs a constant number of queries, whatever the number of schools.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.fields import is_id
from common.generations.cache import CONTENT, cached, kept_file
from common.generations.pages import kept_page
from common.http import xlsx_response
from common.vietnamese import collation_key
from emulation.models import Campaign
from schools import visibility
from schools.models import Organization, SchoolYear
from schools.roles import OFFICE_ROLES

from .. import charts
from ..aggregation import (
    SENDER_KINDS,
    Filters,
    Timing,
    build_report,
    received_items,
    rounds_for_office,
    year_rounds,
)
from ..exports import (
    ITEM_NOMINATION,
    DecisionListExport,
    ProposalListExport,
    RoundReportExport,
    YearReportExport,
)
from ..models import Decision, Proposal, Round

# -- which office ------------------------------------------------------------------


def _office_roles(access):
    return [a.organization for a in access.assignments if a.role in OFFICE_ROLES]


def office_choices(access):
    """Organisations whose pages the user may open: for office staff their office and
    the offices below it; for administrators every organisation above a school."""
    choices = Organization.objects.exclude(kind=Organization.Kind.SCHOOL)
    if access.is_admin:
        return choices
    paths = {o.path for o in _office_roles(access)}
    return choices.filter(access.path_q("", paths))


def resolve_office(request, default=None):
    """The office whose numbers the page shows, or 404."""
    access = visibility.access_for(request.user)
    own = _office_roles(access)
    if not (access.is_admin or own):
        raise Http404
    value = request.GET.get("office", "")
    if value:
        if not is_id(value):
            raise Http404
        office = office_choices(access).filter(pk=int(value)).first()
    elif own:
        office = min(own, key=lambda o: o.path)
    elif default is not None:
        office = default
    else:
        office = (
            office_choices(access)
            .filter(kind__in=[Organization.Kind.DEPARTMENT, Organization.Kind.OFFICE])
            .order_by("path")
            .first()
        )
    if office is None or office.kind == Organization.Kind.SCHOOL:
        raise Http404
    return office


def _choices_for_page(request, office):
    """The office picker: shown only when there is something to pick."""
    choices = list(office_choices(visibility.access_for(request.user)).order_by("path"))
    return choices if len(choices) > 1 else []


def _round_for(request, pk):
    """The round, the office looking at it and the page's filters: the round's campaign
    must be the office's own or one above it (its senders send to this office)."""
    round = get_object_or_404(
        visibility.visible(request.user, Round).select_related(
            "campaign__organization", "campaign__school_year"
        ),
        pk=pk,
    )
    office = resolve_office(request, default=round.campaign.organization)
    if not office.path.startswith(round.campaign.organization.path):
        raise Http404
    filters = Filters.from_query(request.GET)
    filters.campaign = None  # a round is of one campaign
    return round, office, filters


def _round_report(round, office, filters):
    """The numbers of one round for the office, kept while nothing they count changes
    (common/generations), for the day: the round's page and its Excel are made from
    the same one (an office opens the page, then downloads it). Nothing in it is the
    person's (build_report takes no user): whoever asks has passed `_round_for`."""
    key = ":".join(
        ["round_report", str(round.pk), _query(office, filters), timezone.localdate().isoformat()]
    )
    return cached(key, [CONTENT], lambda: build_report(office, [round], filters))


def _quota_below(round, office):
    """How many nominations each sender to `office` may send in the round, in words:
    its schools' quota, and under a Sở also the offices' ("" when there is no limit)."""
    parts = []
    if round.quota is not None:
        parts.append(_("mỗi trường %(n)s") % {"n": round.quota})
    if office.kind == Organization.Kind.DEPARTMENT and round.quota_per_office is not None:
        parts.append(_("mỗi Phòng/xã %(n)s") % {"n": round.quota_per_office})
    return "; ".join(parts)


def _school_year(request):
    return SchoolYear.named(request.GET.get("year")) or SchoolYear.current()


def _query(office, filters, **extra):
    pairs = [("office", office.pk), *filters.query(), *extra.items()]
    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])


def nomination_url(pk):
    """The nomination's page, once the nominations views provide it."""
    try:
        return reverse("nomination_detail", args=[pk])
    except NoReverseMatch:
        return ""


def _filter_context(request, office, filters):
    return {
        "office": office,
        "offices": _choices_for_page(request, office),
        "filters": filters,
        "levels": Organization.Level.choices,
        "kinds": SENDER_KINDS,
        "query": _query(office, filters),
    }


def _campaigns(office, school_year, user):
    """Campaigns of the year that have rounds concerning the office (for the filter)."""
    rounds = rounds_for_office(office, visibility.visible(user, Round)).filter(
        school_year=school_year
    )
    return Campaign.objects.filter(pk__in=rounds.values("campaign_id")).order_by("name")


# -- pages ---------------------------------------------------------------------------


def _rights_owner(request):
    """Whom an office's pages and files are kept for: everyone holding the same roles
    (an office's numbers show nothing of the person's own)."""
    return visibility.rights_owner(visibility.access_for(request.user))


@login_required
def round_list(request):
    """Entry page of office staff: the rounds of a school year that concern the office;
    kept across requests while nothing it shows changes (common/generations), for
    everyone holding the same roles (it shows nothing of the person's own)."""
    return kept_page(
        request,
        "awards/rounds/round_list.html",
        [CONTENT],
        lambda: _round_list(request),
        owner=_rights_owner(request),
    )


def _year_report(request):
    """The office, filters and school year a page asks for, and the report of the
    year's rounds for them."""
    office = resolve_office(request)
    filters = Filters.from_query(request.GET)
    school_year = _school_year(request)
    rounds = year_rounds(office, school_year, filters, visibility.visible(request.user, Round))
    return office, filters, school_year, build_report(office, rounds, filters)


def _year_context(request, office, filters, school_year):
    """What the pages of a school year show around their numbers: filters, years."""
    return {
        **_filter_context(request, office, filters),
        "school_year": school_year,
        "years": SchoolYear.objects.order_by("-start_date")[:6],
        "campaigns": _campaigns(office, school_year, request.user),
        "year_query": _query(office, filters, year=school_year.name),
    }


def _round_list(request):
    office, filters, school_year, report = _year_report(request)
    today = timezone.localdate()
    summaries = report.round_summaries()
    # The live rounds first, nearest deadline first; then the closed ones, latest first.
    summaries.sort(key=lambda s: (s.subject.deadline < today, abs(s.subject.deadline - today)))
    for summary in summaries:
        summary.is_open = summary.subject.deadline >= today
        summary.quota = _quota_below(summary.subject, office)
    return {
        **_year_context(request, office, filters, school_year),
        "summaries": summaries,
        "sender_count": len(report.senders),
    }


@login_required
def round_page(request, pk):
    """One round as the office sees it, kept like the list."""
    return kept_page(
        request,
        "awards/rounds/round_detail.html",
        [CONTENT],
        lambda: _round_page(request, pk),
        owner=_rights_owner(request),
    )


def _round_page(request, pk):
    round, office, filters = _round_for(request, pk)
    report = _round_report(round, office, filters)
    total = report.total()
    return {
        **_filter_context(request, office, filters),
        "round": round,
        "rows": report.round_rows(round),
        **_numbers(report, total, _("Tình hình gửi của các đơn vị")),
    }


def _numbers(report, total, timing_title):
    """The totals of a report and their three charts."""
    return {
        "total": total,
        "awards": report.awards,
        "timing_chart": charts.timing_chart(timing_title, total.timings),
        "award_chart": charts.award_chart(
            _("Số đề nghị theo danh hiệu, hình thức"), total.counts, report.awards
        ),
        "outcome_chart": charts.outcome_chart(_("Kết quả xét"), total.counts),
        "today": report.today,
    }


@login_required
def sender_page(request, pk, sender_pk):
    """Drill-down: what one sender (or any organisation below the office) has in the
    proposals the office received in the round."""
    round, office, filters = _round_for(request, pk)
    sender = get_object_or_404(
        Organization.objects.filter(path__startswith=office.path).exclude(pk=office.pk),
        pk=sender_pk,
    )
    items = list(
        received_items(office, [round], filters)
        .filter(
            Q(proposal__organization=sender)
            | Q(nomination__organization__path__startswith=sender.path)
        )
        .select_related("proposal", *ITEM_NOMINATION)
    )
    org_keys = {}

    def sort_key(item):
        n = item.nomination
        org = n.organization.name
        if org not in org_keys:
            org_keys[org] = collation_key(org)
        person_key = n.person.sort_key if n.person_id else None
        return (org_keys[org], person_key is None, person_key or collation_key(n.nominee_name))

    items.sort(key=sort_key)
    for item in items:
        item.detail_url = nomination_url(item.nomination_id)
    proposals = (
        Proposal.objects.filter(round=round, organization=sender)
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("recipient")
        .order_by("sent_at", "pk")
    )
    return render(
        request,
        "awards/rounds/sender_detail.html",
        {
            **_filter_context(request, office, filters),
            "round": round,
            "sender": sender,
            "items": items,
            "proposals": proposals,
        },
    )


@login_required
def year_page(request):
    """The numbers of every round of a school year, per sender and per round."""
    office, filters, school_year, report = _year_report(request)
    total = report.total()
    return render(
        request,
        "awards/rounds/year.html",
        {
            **_year_context(request, office, filters, school_year),
            "senders": report.sender_summaries(),
            "rounds": report.round_summaries(),
            **_numbers(report, total, _("Số lượt gửi theo hạn")),
            "timing_order": [(t, Timing.LABELS[t]) for t in Timing.ORDER],
        },
    )


# -- Excel ---------------------------------------------------------------------------


@login_required
def round_xlsx(request, pk):
    """The round page's numbers in Excel, kept like the page when the file is small."""
    content, filename = kept_file(
        request,
        "round_xlsx",
        [CONTENT],
        lambda: _round_xlsx(request, pk),
        owner=_rights_owner(request),
    )
    return xlsx_response(content, filename)


def _round_xlsx(request, pk):
    round, office, filters = _round_for(request, pk)
    export = RoundReportExport(_round_report(round, office, filters), round)
    return export.content(), export.filename()


@login_required
def year_xlsx(request):
    _office, _filters, school_year, report = _year_report(request)
    export = YearReportExport(report, school_year)
    return xlsx_response(export.content(), export.filename())


@login_required
def proposal_list_xlsx(request, pk):
    """The list of one proposal: for whoever may see the proposal (its organisation's
    managers; once sent, the offices above)."""
    proposal = get_object_or_404(
        visibility.visible(request.user, Proposal).select_related("organization", "round"),
        pk=pk,
    )
    export = ProposalListExport(proposal)
    return xlsx_response(export.content(), export.filename())


@login_required
def decision_list_xlsx(request, pk):
    """The awardees of a decision: for whoever may see the decision."""
    decision = get_object_or_404(
        visibility.visible(request.user, Decision).select_related("organization"), pk=pk
    )
    export = DecisionListExport(decision)
    return xlsx_response(export.content(), export.filename())


urlpatterns = [
    path("awards/rounds/", round_list, name="award_rounds"),
    path("awards/rounds/year/", year_page, name="award_year"),
    path("awards/rounds/year/report.xlsx", year_xlsx, name="award_year_xlsx"),
    path("awards/rounds/<id:pk>/", round_page, name="award_round"),
    path(
        "awards/rounds/<id:pk>/senders/<id:sender_pk>/",
        sender_page,
        name="award_round_sender",
    ),
    path("awards/rounds/<id:pk>/report.xlsx", round_xlsx, name="award_round_xlsx"),
    path("awards/proposals/<id:pk>/list.xlsx", proposal_list_xlsx, name="proposal_list_xlsx"),
    path("awards/decisions/<id:pk>/list.xlsx", decision_list_xlsx, name="decision_list_xlsx"),
]
