"""The page of one form M1 or M2: its items, whom it waits for, its history, and one
form per action the user may take on it, each posting to its own URL
(registrations.views.actions). A refused action's form comes back bound, its errors at
its fields."""

from functools import cache
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools import visibility

from .. import deadlines, permissions
from ..action_forms import FORMS
from ..models import ACTION_LABELS as EVENT_LABELS
from ..models import InnovationRegistration, ReviewEvent, Status, TeacherGroup

ACTION_LABELS = {
    "submit": gettext_lazy("Nộp"),
    "withdraw": gettext_lazy("Rút lại để sửa"),
    "forward": gettext_lazy("Chuyển lên CTCĐ"),
    "return": gettext_lazy("Trả lại để sửa"),
    "approve": gettext_lazy("Duyệt"),
    "result": gettext_lazy("Ghi kết quả"),
    "extend": gettext_lazy("Gia hạn nộp"),
}
CHECKS = [
    ("submit", permissions.may_submit),
    ("withdraw", permissions.may_withdraw),
    ("forward", permissions.may_forward),
    ("approve", permissions.may_approve),
    ("return", permissions.may_return),
    ("result", permissions.may_record_result),
    ("extend", permissions.may_extend_item),
]
BUTTON_CLASSES = {
    "submit": "btn-success",
    "approve": "btn-success",
    "return": "btn-outline-danger",
}


def kind_of(item):
    return "m1" if isinstance(item, InnovationRegistration) else "m2"


def url_name(item, action):
    """registration_<action> for an M1, group_<action> for an M2."""
    return f"{'registration' if kind_of(item) == 'm1' else 'group'}_{action}"


def detail_url(item):
    return reverse(url_name(item, "detail"), args=[item.pk])


def allowed_actions(user, item):
    """The actions a user sees on a form, with their button labels (the services decide
    again)."""
    actions = []
    for name, check in CHECKS:
        if check(user, item):
            label = ACTION_LABELS[name]
            if name == "forward" and permissions.principal_approves(item):
                label = _("Chuyển lên hiệu trưởng")
            actions.append((name, label))
    return actions


def action_forms(user, item, bound=None):
    """One form per allowed action, blank, or bound when it was just refused."""
    bound = bound or {}
    return [
        {
            "name": name,
            "label": label,
            "url": reverse(url_name(item, name), args=[item.pk]),
            "form": bound.get(name) or FORMS[name](initial={"version": item.version}),
            "button": BUTTON_CLASSES.get(name, "btn-outline-primary"),
        }
        for name, label in allowed_actions(user, item)
    ]


AUTHOR_ACTIONS = frozenset({"create", "submit", "resubmit", "withdraw"})


EVENT_COLUMNS = ("at", "action", "to_status", "comment", "actor_id")
ACTOR_NAMES = ("actor__first_name", "actor__last_name", "actor__username")


OWNER = {"m1": "registration_id", "m2": "group_id"}


@cache
def _events():
    """The history's rows with their actors' names, built once (a form's events are
    this filtered by its id)."""
    return ReviewEvent.objects.values_list(*EVENT_COLUMNS, *ACTOR_NAMES)


def _history(item, principal):
    """The form's events, each with the labels shown (read as values: no account is
    built for a name); a forward names the principal when she approves the form."""
    author = item.person if hasattr(item, "person") else item.leader
    statuses = dict(Status.choices)
    events = []
    for row in _events().filter(**{OWNER[kind_of(item)]: item.pk}):
        event = SimpleNamespace(**dict(zip(EVENT_COLUMNS, row[:5], strict=True)))
        first, last, username = row[5:]
        # who acted: the account (as User.get_full_name), else (forms written for
        # someone without an account, as the demo's) the author for the author's own
        # steps
        event.shown_actor = (
            (f"{first} {last}".strip() or username)
            if event.actor_id
            else (author.full_name if event.action in AUTHOR_ACTIONS else "—")
        )
        event.shown_action = EVENT_LABELS.get(event.action, event.action)
        event.shown_status = statuses.get(event.to_status, event.to_status)
        if principal and event.action == "forward":
            event.shown_action = _("tổ công đoàn chuyển lên hiệu trưởng")
        if principal and event.to_status == Status.FORWARDED:
            event.shown_status = permissions.forwarded_label(True)
        events.append(event)
    return events


def _changes(item):
    """What the last submission changed from the one before: (label, before, after) of
    each item that differs; none before a second submission (its versions not read)."""
    if item.submissions < 2:
        return []
    last_two = list(item.versions.order_by("-number").values_list("data", flat=True)[:2])
    if len(last_two) < 2:
        return []
    after, before = last_two
    labels = {f.name: f.verbose_name for f in type(item)._meta.fields}
    labels["members"] = _("thành viên")
    return [
        (labels.get(name, name), before.get(name), after.get(name))
        for name in after
        if before.get(name) != after.get(name)
    ]


def detail_context(request, item, bound=None):
    principal = permissions.principal_approves(item)
    item.principal_approves = principal  # read again by the labels below
    kind = kind_of(item)
    return {
        "item": item,
        "kind": kind,
        "status_label": permissions.status_label(item),
        "waiting_for": permissions.waiting_for(item),
        "action_forms": action_forms(request.user, item, bound),
        "events": _history(item, principal),
        "changes": _changes(item),
        "deadline": deadlines.form_deadline(item),
    }


def render_detail(request, item, bound=None):
    """The form's page; `bound` holds the form of a refused action, keyed by its name."""
    template = (
        "registrations/registration_detail.html"
        if kind_of(item) == "m1"
        else "registrations/group_detail.html"
    )
    return render(request, template, detail_context(request, item, bound))


# what a form's page shows and its rules read: not the school itself (its id is enough)
PAGE_READS = {
    InnovationRegistration: ("person", "union_group", "campaign", "campaign__school_year"),
    TeacherGroup: ("leader", "union_group", "team", "campaign", "campaign__school_year"),
}


def _form_page(model):
    """The form of `model` of an id as its own page reads it, among `rows` (those the
    visitor sees): with the author's deadline extension (deadlines.with_form_deadlines)
    and an M2's members."""

    def build(rows, pk):
        forms = deadlines.with_form_deadlines(rows.select_related(*PAGE_READS[model]))
        forms = forms.filter(pk=pk)
        return forms if model is InnovationRegistration else forms.prefetch_related("members")

    return build


# Asked after each submission and review (and by every reviewer): compiled once per
# shape of the visitor's rights (schools.visibility.VisibleQuery).
_FORM_PAGES = {model: visibility.VisibleQuery(model, _form_page(model)) for model in PAGE_READS}


def _visible_form(user, model, pk):
    found = _FORM_PAGES[model](user, pk)
    if not found:
        raise Http404
    return found[0]


@login_required
def registration_detail(request, pk):
    return render_detail(request, _visible_form(request.user, InnovationRegistration, pk))


@login_required
def group_detail(request, pk):
    return render_detail(request, _visible_form(request.user, TeacherGroup, pk))
