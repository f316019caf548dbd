"""Participation against the 100 % target, per school (by union group) and per office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.fields import is_id, parse_day
from emulation.models import Campaign
from schools import visibility
from schools.models import Organization, Person, SchoolYear, Unit
from schools.services import ServiceError

from .. import deadlines, notifications, permissions, services
from ..participation import (
    mark_unreachable,
    office_participation,
    school_groups,
    school_participation,
)


def _scope(user, campaign):
    """None (the whole school), a union group, or 404 when the user may not look."""
    access = visibility.access_for(user)
    school = campaign.organization
    if permissions.may_read_school(access, school):
        return None
    group = permissions.led_union_group(access, school)
    if group is None:
        raise Http404
    return group


@login_required
def school_page(request, pk):
    campaign = get_object_or_404(
        visibility.visible(request.user, Campaign).select_related("organization"), pk=pk
    )
    only_group = _scope(request.user, campaign)
    total, rows = school_participation(campaign.organization, campaign, union_group=only_group)
    groups = school_groups(campaign.organization, campaign)
    if only_group is not None:
        groups = groups.filter(union_group=only_group)
    # a forwarded group's status names its approver, in the same query
    groups = permissions.with_approver(groups, visibility.access_for(request.user).school_year)
    mark_unreachable(rows)
    no_email = [(row.unit, p) for row in rows for p in row.no_email]
    return render(
        request,
        "registrations/participation_school.html",
        {
            "campaign": campaign,
            "school": campaign.organization,
            "total": total,
            "rows": rows,
            "groups": groups,
            "only_group": only_group,
            "no_email": no_email,
            "deadline": campaign.registration_deadline(),
            "can_extend": permissions.is_school_approver(request.user, campaign.organization),
        },
    )


@login_required
@require_POST
def remind(request, pk, unit_pk):
    """E-mail everyone of a union group who has not registered yet."""
    campaign = get_object_or_404(visibility.visible(request.user, Campaign), pk=pk)
    only_group = _scope(request.user, campaign)
    unit = get_object_or_404(Unit, pk=unit_pk, organization=campaign.organization)
    if only_group is not None and only_group.pk != unit.pk:
        raise Http404
    _total, rows = school_participation(campaign.organization, campaign, union_group=unit)
    missing = [p for row in rows for p in row.missing]
    people = Person.objects.filter(pk__in=[p.pk for p in missing]).select_related("user")
    sent = notifications.remind(list(people), campaign, deadlines.deadline_for(campaign))
    messages.success(
        request,
        _(
            "Đã gửi nhắc nhở tới %(sent)s/%(missing)s người chưa đăng ký (người chưa có email "
            "không nhận được)."
        )
        % {"sent": sent, "missing": len(missing)},
    )
    return redirect("participation_school", pk=campaign.pk)


@login_required
@require_POST
def extend(request, pk):
    """The chair lets one person who has not registered submit after the deadline."""
    campaign = get_object_or_404(visibility.visible(request.user, Campaign), pk=pk)
    _scope(request.user, campaign)
    person_id = request.POST.get("person", "")
    person = Person.objects.filter(
        pk=int(person_id) if is_id(person_id) else 0,
        organization=campaign.organization,
    ).first()
    if person is None:
        messages.error(request, _("Hãy chọn người được gia hạn."))
        return redirect("participation_school", pk=campaign.pk)
    try:
        until = parse_day(request.POST.get("until", ""))
        if until is None:
            raise ValueError("no day")
        services.extend_deadline(request.user, campaign, until, person=person)
        messages.success(
            request,
            _("%(name)s được nộp đến hết ngày %(date)s.")
            % {"name": person.full_name, "date": until.strftime("%d/%m/%Y")},
        )
    except ValueError:
        messages.error(request, _("Ngày gia hạn không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."))
    except ServiceError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Chỉ chủ tịch công đoàn được gia hạn."))
    return redirect("participation_school", pk=campaign.pk)


def office_home_section(request, access):
    """Home page of Phòng/Sở staff: the participation of the schools below them."""
    offices = [a.organization for a in access.assignments if a.role in permissions.OFFICE_ROLES]
    if not offices:
        return None
    return {
        "title": _("Đăng ký thi đua của các trường"),
        "template": "registrations/home_office.html",
        "offices": offices,
    }


@login_required
def office_page(request, pk):
    office = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    access = visibility.access_for(request.user)
    if not (access.is_admin or permissions.is_office_above(access, office)):
        raise Http404
    year = SchoolYear.named(request.GET.get("year")) or SchoolYear.current()
    rows = office_participation(office, year)
    total = sum(r.total for r in rows)
    registered = sum(r.registered for r in rows)
    return render(
        request,
        "registrations/participation_office.html",
        {
            "office": office,
            "year": year,
            "years": SchoolYear.objects.order_by("-start_date")[:6],
            "rows": rows,
            "total": total,
            "registered": registered,
            "percent": round(100 * registered / total, 1) if total else 0,
        },
    )
