"""At school: the council, the year-end evaluation with the titles each person may
get, the secret vote and the posting of its result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.text import clean_text
from schools import visibility
from schools.models import Person, SchoolYear, Unit

from ..action_forms import BallotForm, CloseVoteForm, NominateFromVoteForm, PostingForm
from ..facts import SchoolFacts
from ..models import BallotReceipt, Council, Posting, Recipient, Round, Title, Vote
from ..models.council import DisciplineLevel, Rating
from ..rules import evaluate, rules_by_title
from ..services import council as services
from ..services import nominations
from ..services.common import manages
from ..services.minutes import attendance
from .common import acting_organization, parse_date, parse_int, person_or_none, run, run_form


def _school_for(request):
    """The school whose council the page shows: the one the user manages, else the
    user's own school."""
    school = acting_organization(request)
    if school is None:
        person = person_or_none(request.user)
        school = person.organization if person else None
    if school is None:
        raise Http404
    return school


@login_required
def council_home(request):
    school = _school_for(request)
    year = SchoolYear.current()
    council = Council.objects.filter(school=school, school_year=year).first()
    is_manager = manages(request.user, school)
    me = person_or_none(request.user)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        staff = Person.objects.filter(organization=school)
        chair = staff.filter(pk=parse_int(request.POST.get("chair"))).first()
        ids = [parse_int(v) for v in request.POST.getlist("members")]
        members = list(staff.filter(pk__in=[i for i in ids if i]))
        if chair is None:
            messages.error(request, _("Chọn chủ tịch hội đồng."))
        else:
            run(
                request,
                lambda: services.set_council(request.user, school, year, chair, members),
                _("Đã lưu hội đồng thi đua khen thưởng."),
            )
        return redirect(request.get_full_path())
    votes = []
    if council:
        votes = list(
            council.votes.annotate(voted=Count("receipts", distinct=True)).select_related("posting")
        )
    member_ids = set(council.members.values_list("pk", flat=True)) if council else set()
    return render(
        request,
        "awards/council/council_home.html",
        {
            "school": school,
            "year": year,
            "council": council,
            "is_manager": is_manager,
            "is_member": me is not None and me.pk in member_ids,
            "staff": Person.objects.filter(organization=school) if is_manager else [],
            "member_ids": member_ids,
            "votes": votes,
        },
    )


def _evaluation_rows(school, year):
    """Each person with their evaluation, M1 result and the titles the rules allow
    (before the vote), in a fixed number of queries."""
    people = list(Person.objects.filter(organization=school))
    facts = SchoolFacts(people, year)
    today = timezone.localdate()
    rules = rules_by_title(today)
    titles = list(Title.objects.filter(recipient=Recipient.PERSON))
    rows = []
    for person in people:
        eligible = []
        for title in titles:
            found = evaluate(
                title, facts.for_person(person, title), today, rules, {"vote_threshold"}
            )
            if not any(f.blocks for f in found):
                eligible.append(title)
        rows.append(
            {
                "person": person,
                "evaluation": facts.evaluations.get(person.pk),
                "registration_result": facts.results.get(person.pk),
                "eligible": eligible,
            }
        )
    return rows


@login_required
def evaluation(request):
    school = _school_for(request)
    if not manages(request.user, school):
        raise Http404
    year = SchoolYear.current()
    if request.method == "POST":
        people = Person.objects.filter(organization=school)
        saved = 0
        for person in people:
            key = f"p{person.pk}-"
            if f"{key}rating" not in request.POST:
                continue
            data = {
                "rating": request.POST.get(f"{key}rating", ""),
                "initiative_recognised": bool(request.POST.get(f"{key}initiative")),
                "research_accepted": bool(request.POST.get(f"{key}research")),
                "disciplined": bool(request.POST.get(f"{key}disciplined")),
                "discipline_level": request.POST.get(f"{key}discipline_level", ""),
                "days_off": min(max(parse_int(request.POST.get(f"{key}days_off")) or 0, 0), 366),
            }
            try:
                services.save_evaluation(request.user, person, year, data)
                saved += 1
            except services.ServiceError as error:
                messages.error(request, f"{person.full_name}: {error}")
        messages.success(request, _("Đã lưu đánh giá của %(n)s người.") % {"n": saved})
        return redirect(request.get_full_path())
    council = Council.objects.filter(school=school, school_year=year).first()
    return render(
        request,
        "awards/council/evaluation.html",
        {
            "school": school,
            "year": year,
            "council": council,
            "rows": _evaluation_rows(school, year),
            "ratings": Rating.choices,
            "discipline_levels": DisciplineLevel.choices,
            "collective_titles": Title.objects.filter(recipient=Recipient.COLLECTIVE),
            "units": Unit.objects.filter(organization=school, kind=Unit.Kind.PROFESSIONAL_TEAM),
            "today": timezone.localdate(),
        },
    )


def _entries(school, values):
    """(title, nominee) pairs from checkbox values "title-p<person>", "title-u<unit>",
    "title-s" (the school itself)."""
    titles = {t.pk: t for t in Title.objects.all()}
    people = {p.pk: p for p in Person.objects.filter(organization=school)}
    units = {u.pk: u for u in Unit.objects.filter(organization=school)}
    entries = []
    for value in values:
        title_id, _sep, who = value.partition("-")
        title = titles.get(parse_int(title_id))
        nominee = None
        if who.startswith("p"):
            nominee = people.get(parse_int(who[1:]))
        elif who.startswith("u"):
            nominee = units.get(parse_int(who[1:]))
        elif who == "s":
            nominee = school
        if title and nominee is not None:
            entries.append((title, nominee))
    return entries


@login_required
@require_POST
def vote_create(request):
    school = _school_for(request)
    if not manages(request.user, school):
        raise Http404
    council = Council.objects.filter(school=school, school_year=SchoolYear.current()).first()
    if council is None:
        messages.error(request, _("Hãy lập hội đồng thi đua khen thưởng trước."))
        return redirect("council_home")
    vote = None

    def call():
        nonlocal vote
        held_on = parse_date(request.POST.get("held_on"), _("Ngày họp")) or timezone.localdate()
        name = clean_text(request.POST.get("name"), 200, _("Tên cuộc bình xét"))
        name = name or _("Bình xét thi đua")
        entries = _entries(school, request.POST.getlist("candidates"))
        vote = services.open_vote(request.user, council, name, held_on, entries)

    if run(request, call, _("Đã mở bỏ phiếu kín. Các thành viên hội đồng có thể bỏ phiếu.")):
        return redirect("vote_detail", pk=vote.pk)
    return redirect("evaluation")


def _candidates(vote):
    return vote.candidates.select_related("title", "person", "unit", "collective")


def _votes(user):
    return visibility.visible(user, Vote).select_related(
        "council__school", "council__chair", "minutes__secretary"
    )


@login_required
def vote_detail(request, pk):
    vote = get_object_or_404(_votes(request.user), pk=pk)
    me = person_or_none(request.user)
    is_member = me is not None and vote.council.members.filter(pk=me.pk).exists()
    has_voted = is_member and BallotReceipt.objects.filter(vote=vote, member=me).exists()
    posting = Posting.objects.filter(vote=vote).first()
    is_manager = manages(request.user, vote.council.school)
    rounds = _rounds_for(request.user, vote.council.school) if not vote.is_open else []
    return render(
        request,
        "awards/council/vote_detail.html",
        {
            "vote": vote,
            "candidates": list(_candidates(vote)),
            "results": services.results(vote) if not vote.is_open else [],
            "voted": vote.receipts.count(),
            "is_member": is_member,
            "has_voted": has_voted,
            "is_manager": is_manager,
            "posting": posting,
            "posting_form": PostingForm(initial={"opens_on": timezone.localdate()}),
            "nominate_form": NominateFromVoteForm(
                rounds=_visible_rounds(request.user)
                .filter(pk__in=[r.pk for r in rounds])
                .order_by("deadline")
            )
            if is_manager and rounds
            else None,
            "attendance": None if vote.is_open else attendance(vote),
        },
    )


def _visible_rounds(user):
    return visibility.visible(user, Round).select_related("campaign__organization")


def _rounds_for(user, school):
    """Rounds a school's passed candidates can be nominated in: the open ones, nearest
    deadline first."""
    rounds = _visible_rounds(user).filter(deadline__gte=timezone.localdate())
    return [
        r
        for r in rounds.order_by("deadline")[:30]
        if school.path.startswith(r.campaign.organization.path)
    ]


@login_required
@require_POST
def vote_ballot(request, pk):
    vote = get_object_or_404(_votes(request.user), pk=pk)
    run_form(
        request,
        BallotForm(request.POST, candidates=list(_candidates(vote))),
        lambda data: services.cast_ballot(
            request.user, vote, {int(name[1:]): value == "yes" for name, value in data.items()}
        ),
        _("Đã ghi nhận phiếu của bạn. Phiếu kín: không ai xem được bạn đã chọn gì."),
    )
    return redirect("vote_detail", pk=vote.pk)


@login_required
@require_POST
def vote_close(request, pk):
    vote = get_object_or_404(_votes(request.user), pk=pk)
    run_form(
        request,
        CloseVoteForm(request.POST),
        lambda data: services.close_vote(request.user, vote),
        _("Đã kết thúc bỏ phiếu; kết quả là chính thức."),
    )
    return redirect("vote_detail", pk=vote.pk)


@login_required
@require_POST
def vote_post(request, pk):
    vote = get_object_or_404(_votes(request.user), pk=pk)
    run_form(
        request,
        PostingForm(request.POST),
        lambda data: services.post_list(
            request.user, vote, data["opens_on"], data["closes_on"], data["note"]
        ),
        _("Đã công khai danh sách đến toàn trường."),
    )
    return redirect("vote_detail", pk=vote.pk)


@login_required
@require_POST
def vote_nominate(request, pk):
    vote = get_object_or_404(_votes(request.user), pk=pk)
    form = NominateFromVoteForm(request.POST, rounds=_visible_rounds(request.user))
    if run_form(
        request,
        form,
        lambda data: nominations.nominate_from_vote(request.user, vote, data["round"]),
        _("Đã lập đề nghị cho những người đạt."),
    ):
        return redirect(f"{reverse('nomination_list')}?round={form.cleaned_data['round'].pk}")
    return redirect("vote_detail", pk=vote.pk)


@login_required
def posting_detail(request, pk):
    posting = get_object_or_404(
        visibility.visible(request.user, Posting).select_related("vote__council__school"), pk=pk
    )
    if request.method == "POST":
        run(
            request,
            lambda: services.comment_on_posting(request.user, posting, request.POST.get("text")),
            _("Đã gửi góp ý."),
        )
        return redirect("posting_detail", pk=posting.pk)
    is_manager = manages(request.user, posting.vote.council.school)
    passed = posting.vote.candidates.filter(passed=True).select_related(
        "title", "person", "unit", "collective"
    )
    today = timezone.localdate()
    return render(
        request,
        "awards/council/posting_detail.html",
        {
            "posting": posting,
            "passed": passed,
            "is_manager": is_manager,
            "comments": posting.comments.select_related("author") if is_manager else [],
            "is_open": posting.opens_on <= today <= posting.closes_on,
        },
    )


urlpatterns = [
    path("awards/council/", council_home, name="council_home"),
    path("awards/evaluation/", evaluation, name="evaluation"),
    path("awards/votes/new/", vote_create, name="vote_create"),
    path("awards/votes/<id:pk>/", vote_detail, name="vote_detail"),
    path("awards/votes/<id:pk>/ballot/", vote_ballot, name="vote_ballot"),
    path("awards/votes/<id:pk>/close/", vote_close, name="vote_close"),
    path("awards/votes/<id:pk>/post/", vote_post, name="vote_post"),
    path("awards/votes/<id:pk>/nominate/", vote_nominate, name="vote_nominate"),
    path("awards/postings/<id:pk>/", posting_detail, name="posting_detail"),
]
