"""The home page of office staff (Phòng, commune office, Sở): what the office must do
today, instead of the sections a school's people see (registered in
schools.views.home.HOME_PAGE_PROVIDERS); and the reminder it sends, from there, to the
units below that have not sent their proposal of a round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.generations.cache import CONTENT, kept_text, render_part
from common.generations.pages import kept_page
from schools import visibility
from schools.services import ServiceError

from ..models import Round
from ..office_today import office_today, offices_of
from ..services.reminders import remind_missing_senders
from .rounds import resolve_office


def office_home(request, access):
    """The office's home page, or None for whoever is not office staff (administrators
    keep the general home page)."""
    if access.is_admin:
        return None
    offices = offices_of(access)
    if not offices:
        return None
    wanted = request.GET.get("office", "")
    office = next((o for o in offices if str(o.pk) == wanted), offices[0])
    # kept across requests while nothing it shows changes (common/generations)
    return kept_page(
        request,
        "awards/office_home/page.html",
        [CONTENT],
        lambda: _office_page(request, access, office, offices),
    )


def _office_page(request, access, office, offices):
    # What the office must do is the same for its staff who hold the same roles: built
    # once for them (their rights decide what it shows: schools.visibility.rights_owner).
    body = kept_text(
        request,
        "awards/office_home/body",
        [CONTENT],
        lambda: _office_body(request, access, office),
        owner=visibility.rights_owner(access),
    )
    return {
        "person": access.person,
        "roles": [a for a in access.assignments if a.organization_id == office.pk],
        "office": office,
        "offices": offices if len(offices) > 1 else [],
        "today": timezone.localdate(),
        "school_year": access.school_year,
        "body": mark_safe(body),  # noqa: S308  (rendered from the templates, escaped there)
    }


def _office_body(request, access, office):
    today = office_today(request.user, office, school_year=access.school_year)
    return render_part(
        "awards/office_home/_body.html",
        {
            "office": office,
            "t": today,
            # A Sở answers the Bộ's rounds, when the Bộ runs some here; a Phòng always
            # sees its deadlines upward, if only to read that none is waiting.
            "show_upward": bool(today.upward)
            or (office.parent_id is not None and office.parent.kind != office.Kind.MINISTRY),
        },
    )


def _done(reminder, round):
    text = _(
        "Đã nhắc %(units)s đơn vị chưa gửi tờ trình của đợt “%(round)s”: %(mails)s thư gửi "
        "tới lãnh đạo của %(reached)s đơn vị."
    ) % {
        "units": reminder.unit_count,
        "round": round.name,
        "mails": reminder.mail_count,
        "reached": reminder.reached_count,
    }
    if reminder.reached_count < reminder.unit_count:
        text += " " + _(
            "%(n)s đơn vị chưa có lãnh đạo nào có địa chỉ e-mail trong hệ thống: hãy báo trực tiếp."
        ) % {"n": reminder.unit_count - reminder.reached_count}
    return text


@login_required
@require_POST
def remind(request, pk):
    """Remind the units below the office (`?office=`, else the user's own) that have not
    sent their proposal of the round."""
    round = get_object_or_404(
        visibility.visible(request.user, Round).select_related("campaign__organization"), pk=pk
    )
    office = resolve_office(request, default=round.campaign.organization)
    if not office.path.startswith(round.campaign.organization.path):
        raise Http404
    try:
        reminder = remind_missing_senders(request.user, office, round)
    except ServiceError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(
            request,
            _("Chỉ chuyên viên của %(office)s nhắc được các đơn vị trực thuộc.")
            % {"office": office.name},
        )
    else:
        messages.success(request, _done(reminder, round))
    return redirect(reverse("home") + f"?office={office.pk}#rounds")


urlpatterns = [
    path("awards/rounds/<id:pk>/remind/", remind, name="award_round_remind"),
]
