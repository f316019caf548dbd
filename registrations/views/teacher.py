"""Teachers: their registrations, forms M1 and M2 (save draft, submit), search of
colleagues for an M2 group. The page of one form: views.detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.generations.pages import kept_page
from common.prepared import PreparedQuery
from common.vietnamese import search_key
from schools import visibility
from schools.models import Person
from schools.services import ServiceError

from .. import deadlines, kept, permissions, services
from ..forms import GroupForm, RegistrationForm
from ..models import InnovationRegistration, TeacherGroup
from .actions import submitted_message
from .common import visible_groups, visible_registrations


def _person(request):
    """The user's staff record with organisation and units, shared with the layout's
    access (loaded once per request)."""
    return visibility.access_for(request.user).person


def _campaign_for(request, pk):
    campaign = deadlines.open_campaign(_person(request), pk)
    if campaign is None:
        raise Http404
    return campaign


@login_required
def registration_list(request):
    person = _person(request)
    campaigns = deadlines.open_campaigns_with_deadlines(person)
    mine = visible_registrations(request.user).filter(person__user=request.user)
    year = visibility.access_for(request.user).school_year
    groups = visible_groups(request.user).filter(
        pk__in=TeacherGroup.objects.filter(leader__user=request.user).values("pk")
    ) | visible_groups(request.user).filter(
        pk__in=TeacherGroup.objects.filter(members__user=request.user).values("pk")
    )
    return render(
        request,
        "registrations/registration_list.html",
        {
            "campaigns": [
                {
                    "campaign": c,
                    "deadline": deadlines.annotated_deadline(c),
                    "open": deadlines.is_open_until(deadlines.annotated_deadline(c)),
                }
                for c in campaigns
            ],
            # a forwarded form's status names its approver, in the same query
            "registrations": permissions.with_approver(mine.order_by("-created_at"), year),
            "groups": permissions.with_approver(groups.distinct().order_by("-created_at"), year),
        },
    )


def _save_and_maybe_submit(request, save, item_url):
    """Run the save service (`save(submit)`), submitting in the same transaction if
    asked; the service keeps the draft when the submission is refused."""
    submitting = request.POST.get("action") == "submit"
    try:
        item = save(submitting)
    except services.SubmitRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(item_url(refusal.item, edit=True))
    except services.AlreadyRegistered as refusal:
        messages.error(request, str(refusal))
        existing = refusal.existing
        return redirect(item_url(existing, edit=existing.is_editable_by_author))
    except ServiceError as error:
        messages.error(request, str(error))
        return None
    except PermissionDenied:
        raise Http404 from None
    if submitting:
        messages.success(request, submitted_message(item))
        return redirect(item_url(item))
    messages.success(request, _("Đã lưu bản nháp."))
    return redirect(item_url(item, edit=True))


def _submitting(request):
    return request.method == "POST" and request.POST.get("action") == "submit"


def _post(request, form, save, item_url, rebind):
    """Handle a posted M1 or M2 form. Returns (response, form): a redirect when saved (and
    submitted if asked), else None and the form to show again with its errors at the
    fields. A submission missing required items still saves the draft; the form then
    shows, bound to the saved draft (`rebind(item, data)`), which items are missing."""
    if request.method != "POST":
        return None, form
    if form.is_valid():
        response = _save_and_maybe_submit(
            request, lambda submit: save(form.draft_data(), submit), item_url
        )
        return response, form
    if not form.draft_saveable():
        messages.error(
            request,
            _("Chưa lưu được: hãy sửa các mục báo lỗi bên dưới; nội dung bạn gõ vẫn còn nguyên."),
        )
        return None, form
    try:
        item = save(form.draft_data(), False)
    except ServiceError as error:
        messages.error(request, str(error))
        return None, form
    except PermissionDenied:
        raise Http404 from None
    messages.error(
        request, _("Chưa nộp được: hãy điền các mục báo lỗi bên dưới. Bản nháp đã được lưu.")
    )
    data = request.POST.copy()
    data["version"] = item.version
    form = rebind(item, data)
    form.is_valid()  # the same errors, at their fields
    return None, form


class _FormKind:
    """What the pages of form M1 (a registration) and form M2 (a group) differ in: the
    names of their URLs, their template, who wrote the form (`author`) and how a
    saved draft is shown again with what a submission misses (`rebind(item, data)`)."""

    def __init__(self, key, url_prefix, template, author, under_review, rebind):
        self.key = key
        self.url_prefix = url_prefix
        self.template = template
        self.author = author
        self.under_review = under_review
        self.rebind = rebind

    def url(self, item, edit=False):
        return reverse(f"{self.url_prefix}_{'edit' if edit else 'detail'}", args=[item.pk])

    def page(self, request, form, campaign):
        return render(request, self.template, self.context(request, form, campaign))

    def context(self, request, form, campaign):
        item = form.instance if form.instance.pk else None
        return {
            "form": form,
            "campaign": campaign,
            "item": item,
            self.author: getattr(item, self.author) if item else _person(request),
            "form_action": self.url(item, edit=True) if item else "",
            "autosave_key": (
                f"{self.key}-{item.pk}"
                if item
                else f"{self.key}-new-{campaign.pk}-{request.user.pk}"
            ),
        }

    def answer(self, request, form, campaign, save):
        """The posted form saved (`save(data, submit)`) and maybe submitted, or the page
        again."""
        response, form = _post(request, form, save, self.url, self.rebind)
        return response or self.page(request, form, campaign)

    def refuse_edit(self, request, item):
        """Back to the form's page while it is being reviewed (None when it may be edited)."""
        if item.is_editable_by_author:
            return None
        messages.info(request, self.under_review)
        return redirect(self.url(item))


M1 = _FormKind(
    "m1",
    "registration",
    "registrations/registration_form.html",
    "person",
    gettext_lazy("Đăng ký đang được xem xét; hãy rút lại nếu muốn sửa."),
    lambda item, data: RegistrationForm(data, instance=item, submitting=True),
)
M2 = _FormKind(
    "m2",
    "group",
    "registrations/group_form.html",
    "leader",
    gettext_lazy("Nhóm đang được xem xét; hãy rút lại nếu muốn sửa."),
    lambda item, data: GroupForm(
        data, instance=item, school=item.school, leader=item.leader, submitting=True
    ),
)


# The teacher's M1 of a campaign, asked on each visit to its form: compiled once
# (common.prepared).
_own_m1_in = PreparedQuery(
    lambda campaign_id, person_id: InnovationRegistration.objects.filter(
        campaign_id=campaign_id, person=person_id
    ).order_by("pk")[:1],
    keys=2,
)


@login_required
def registration_create(request, pk):
    """A new form M1; the author who has one is sent to it (a form posted while she has
    one is refused by the service: services.AlreadyRegistered)."""
    if request.method != "POST":
        person = _person(request)  # none: the campaign is not hers (404 below)
        existing = next(iter(_own_m1_in(pk, person.pk)), None) if person else None
        if existing:
            return redirect(M1.url(existing, edit=existing.is_editable_by_author))
        # the empty form M1 of a campaign, kept for the teacher (common/generations)
        return kept_page(
            request,
            M1.template,
            kept.school_forms(visibility.access_for(request.user)),
            lambda: M1.context(request, RegistrationForm(), _campaign_for(request, pk)),
        )
    campaign = _campaign_for(request, pk)
    form = RegistrationForm(request.POST or None, submitting=_submitting(request))
    return M1.answer(
        request,
        form,
        campaign,
        lambda data, submit: services.save_registration(
            request.user, campaign, data, submit=submit
        ),
    )


@login_required
def registration_edit(request, pk):
    item = get_object_or_404(
        visible_registrations(request.user).filter(person__user=request.user), pk=pk
    )
    refused = M1.refuse_edit(request, item)
    if refused:
        return refused
    form = RegistrationForm(
        request.POST or None,
        instance=item,
        initial={"version": item.version},
        submitting=_submitting(request),
    )
    return M1.answer(
        request,
        form,
        item.campaign,
        lambda data, submit: services.save_registration(
            request.user,
            item.campaign,
            data,
            registration=item,
            expected_version=form.cleaned_data.get("version"),
            submit=submit,
        ),
    )


def _group_data(data):
    """The group's items, and its members apart (the service takes them separately)."""
    members = data.pop("members", None)
    return data, list(members or [])


@login_required
def group_create(request, pk):
    campaign = _campaign_for(request, pk)
    leader = _person(request)
    form = GroupForm(
        request.POST or None,
        school=leader.organization,
        leader=leader,
        submitting=_submitting(request),
    )
    return M2.answer(
        request,
        form,
        campaign,
        lambda data, submit: services.save_group(
            request.user, campaign, *_group_data(data), submit=submit
        ),
    )


@login_required
def group_edit(request, pk):
    item = get_object_or_404(visible_groups(request.user).filter(leader__user=request.user), pk=pk)
    refused = M2.refuse_edit(request, item)
    if refused:
        return refused
    form = GroupForm(
        request.POST or None,
        instance=item,
        school=item.school,
        leader=item.leader,
        initial={"version": item.version},
        submitting=_submitting(request),
    )
    return M2.answer(
        request,
        form,
        item.campaign,
        lambda data, submit: services.save_group(
            request.user,
            item.campaign,
            *_group_data(data),
            group=item,
            expected_version=form.cleaned_data.get("version"),
            submit=submit,
        ),
    )


@login_required
def people_search(request):
    """Colleagues of the user's school matching the typed text (accents optional)."""
    person = _person(request)
    query = search_key(request.GET.get("q", ""))
    if person is None or len(query) < 2:
        return JsonResponse({"results": []})
    people = (
        visibility.visible(request.user, Person)
        .filter(organization=person.organization, search_name__contains=query)
        .exclude(pk=person.pk)
        .select_related("team")
        .order_by("sort_key")[:20]
    )
    return JsonResponse(
        {
            "results": [
                {"id": p.pk, "name": p.full_name, "team": p.team.name if p.team else ""}
                for p in people
            ]
        }
    )
