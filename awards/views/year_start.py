"""The start of a school year at a school: the registration list (đăng ký thi đua), each
person's own registration, the list as Excel, PDF and Word and from Excel, the covenant of the
staff conference, and the school's rule for unregistered nominations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from common.http import file_response, xlsx_response
from emulation.views import DOCX
from schools import visibility
from schools.models import Organization, Person, SchoolYear, Unit

from ..forms import (
    CovenantForm,
    HistoryUploadForm,
    OwnRegistrationForm,
    PolicyForm,
    RegistrationForm,
)
from ..models import StaffCovenant, TitleRegistration
from ..services import year_start as services
from ..services.common import manages
from ..year_start_lists import RegistrationListDocument, RegistrationListExport, registrations_of
from .common import person_or_none, run_on_form


def _year(request):
    return SchoolYear.named(request.GET.get("year")) or SchoolYear.current()


def _organization(request, pk, manage=False):
    """The organisation of the page; its own managers alone change its registrations
    (404 for anyone else, as for any object out of one's scope)."""
    organization = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    if manage and not manages(request.user, organization):
        raise Http404
    return organization


def _form_page(request, organization, form, heading, save=None, success=None, **extra):
    """One of the school's year-start forms, under the registration list. Posted and
    valid, `save(user, data)` runs and the list comes back with `success`; a refusal of
    the service shows on the form."""
    posted = save is not None and request.method == "POST" and form.is_valid()
    if posted and run_on_form(request, form, save, form.cleaned_data):
        messages.success(request, success)
        return redirect("title_registration_list", pk=organization.pk)
    return render(
        request,
        "awards/year_start/form.html",
        {"organization": organization, "form": form, "heading": heading, **extra},
    )


@login_required
def title_registration_list(request, pk):
    organization = _organization(request, pk)
    year = _year(request)
    me = person_or_none(request.user)
    mine = None
    if me is not None and me.organization_id == organization.pk:
        mine = TitleRegistration.objects.filter(person=me, school_year=year).first()
    return render(
        request,
        "awards/year_start/title_registration_list.html",
        {
            "organization": organization,
            "year": year,
            "years": SchoolYear.objects.order_by("-start_date")[:6],
            "registrations": registrations_of(organization, year),
            "staff_count": Person.objects.filter(organization=organization).count(),
            "is_staff": me is not None and me.organization_id == organization.pk,
            "mine": mine,
            "can_manage": manages(request.user, organization),
            "covenant": StaffCovenant.objects.filter(organization=organization, school_year=year)
            .select_related("head", "union_chair")
            .first(),
            "policy": dict(PolicyForm.base_fields["unregistered"].choices)[
                services.policy_of(organization)
            ],
        },
    )


@login_required
def title_registration_own(request, pk):
    organization = _organization(request, pk)
    me = person_or_none(request.user)
    if me is None or me.organization_id != organization.pk:
        raise Http404  # one registers for oneself, at one's own school
    year = SchoolYear.current()
    current = TitleRegistration.objects.filter(person=me, school_year=year).first()
    initial = {"title": current.title_id, "award_form": current.award_form_id} if current else {}
    form = OwnRegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    return _form_page(
        request,
        organization,
        form,
        _("Đăng ký danh hiệu thi đua năm học %(y)s") % {"y": year.name},
        save=lambda user, data: services.register_own(
            user, year, data["title"], data["award_form"]
        ),
        success=_("Đã ghi đăng ký thi đua của bạn."),
        intro=me.full_name,
    )


@login_required
def title_registration_add(request, pk):
    organization = _organization(request, pk, manage=True)
    year = SchoolYear.current()
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        people=Person.objects.filter(organization=organization),
        units=Unit.objects.filter(organization=organization),
        collectives=Organization.objects.filter(pk=organization.pk),
    )
    return _form_page(
        request,
        organization,
        form,
        _("Ghi đăng ký danh hiệu năm học %(y)s") % {"y": year.name},
        save=lambda user, data: services.register(user, organization, year, data),
        success=_("Đã ghi đăng ký thi đua."),
    )


@login_required
def title_registration_xlsx(request, pk):
    export = RegistrationListExport(_organization(request, pk), _year(request))
    return xlsx_response(export.content(), export.filename())


@login_required
def title_registration_pdf(request, pk):
    document = RegistrationListDocument(_organization(request, pk), _year(request))
    return file_response(document.pdf(), document.filename("pdf"), "application/pdf")


@login_required
def title_registration_docx(request, pk):
    document = RegistrationListDocument(_organization(request, pk), _year(request))
    return file_response(document.docx(), document.filename("docx"), DOCX)


@login_required
def title_registration_upload(request, pk):
    organization = _organization(request, pk, manage=True)
    year = SchoolYear.current()
    form = HistoryUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    form.fields["file"].label = _("Danh sách đăng ký thi đua (.xlsx)")
    form.fields["file"].help_text = _(
        "Cùng các cột với tệp Excel tải về ở trang này: STT, Ông/Bà, Họ và tên, Chức vụ và "
        "đơn vị, Đăng ký thi đua, Đăng ký khen thưởng."
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kept = services.upload_registrations(
            request.user, organization, year, upload.name, upload.read()
        )
        return redirect("history_import_preview", pk=kept.pk)
    return _form_page(
        request,
        organization,
        form,
        _("Nhập danh sách đăng ký danh hiệu năm học %(y)s") % {"y": year.name},
        multipart=True,
    )


@login_required
def covenant_edit(request, pk):
    organization = _organization(request, pk, manage=True)
    year = SchoolYear.current()
    current = StaffCovenant.objects.filter(organization=organization, school_year=year).first()
    initial = {}
    if current is not None:
        initial = {
            "conference_date": current.conference_date,
            "head": current.head_id,
            "union_chair": current.union_chair_id,
            "content": current.content,
        }
    form = CovenantForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        people=Person.objects.filter(organization=organization),
    )
    return _form_page(
        request,
        organization,
        form,
        _("Giao ước thi đua năm học %(y)s") % {"y": year.name},
        save=lambda user, data: services.record_covenant(user, organization, year, data),
        success=_("Đã ghi giao ước thi đua."),
        intro=_(
            "Ký tại hội nghị cán bộ, công chức, viên chức đầu năm học, giữa thủ trưởng "
            "đơn vị và chủ tịch công đoàn (chậm nhất 3 tháng sau khi năm học bắt đầu)."
        ),
    )


@login_required
def policy_edit(request, pk):
    organization = _organization(request, pk, manage=True)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"unregistered": services.policy_of(organization)},
    )
    return _form_page(
        request,
        organization,
        form,
        _("Quy định về đăng ký thi đua"),
        save=lambda user, data: services.set_policy(user, organization, data["unregistered"]),
        success=_("Đã lưu quy định của đơn vị."),
        intro=_(
            "Luật 2022 chưa quy định rõ việc xét danh hiệu cho người chưa đăng ký; mỗi "
            "đơn vị tự chọn (mặc định: nhận, có cảnh báo)."
        ),
    )


urlpatterns = [
    path(
        "awards/units/<id:pk>/registrations/",
        title_registration_list,
        name="title_registration_list",
    ),
    path(
        "awards/units/<id:pk>/registrations/mine/",
        title_registration_own,
        name="title_registration_own",
    ),
    path(
        "awards/units/<id:pk>/registrations/add/",
        title_registration_add,
        name="title_registration_add",
    ),
    path(
        "awards/units/<id:pk>/registrations.xlsx",
        title_registration_xlsx,
        name="title_registration_xlsx",
    ),
    path(
        "awards/units/<id:pk>/registrations.pdf",
        title_registration_pdf,
        name="title_registration_pdf",
    ),
    path(
        "awards/units/<id:pk>/registrations.docx",
        title_registration_docx,
        name="title_registration_docx",
    ),
    path(
        "awards/units/<id:pk>/registrations/upload/",
        title_registration_upload,
        name="title_registration_upload",
    ),
    path("awards/units/<id:pk>/covenant/", covenant_edit, name="covenant_edit"),
    path("awards/units/<id:pk>/award-policy/", policy_edit, name="policy_edit"),
]
