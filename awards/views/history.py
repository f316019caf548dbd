"""Award history pages (hồ sơ thi đua – khen thưởng): a person's and a collective's
records, the search (tra cứu), a record entered by hand, and the Excel import with its
preview. Who sees what is schools.visibility's (awards/visibility.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from common.fields import is_id
from common.http import xlsx_response
from common.vietnamese import search_key
from schools import visibility
from schools.models import Organization, Person, SchoolYear, Unit

from ..forms import AwardRecordForm, HistoryUploadForm
from ..history_import import COLUMNS, build_template
from ..models import AwardForm, AwardRecord, HistoryImport, Title
from ..services import history as services
from ..services import year_start
from ..services.common import ServiceError
from ..year_start_lists import COLUMNS as REGISTRATION_COLUMNS

PAGE_SIZE = 50
RELATED = ["title", "award_form", "school_year", "organization"]


def _records(user):
    return visibility.visible(user, AwardRecord).select_related(*RELATED)


def _manages(user, organization):
    return visibility.can_manage(user, organization)


@login_required
def history_search(request):
    """Tra cứu: by name (accents ignored), school year, title or award, organisation."""
    records = _records(request.user)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        records = records.filter(search_name__contains=search_key(query))
    year = SchoolYear.named(request.GET.get("year"))
    if year:
        records = records.filter(school_year=year)
    award = request.GET.get("award", "")
    kind, _sep, pk = award.partition("-")
    if kind in ("t", "f") and is_id(pk):
        records = records.filter(**{"title_id" if kind == "t" else "award_form_id": int(pk)})
    organizations = visibility.visible(request.user, Organization).order_by("path")
    org = request.GET.get("organization", "")
    if is_id(org):
        chosen = organizations.filter(pk=int(org)).first()
        if chosen is not None:
            records = records.filter(organization__path__startswith=chosen.path)
    page = Paginator(records.order_by("-decision_date", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "awards/history/search.html",
        {
            "page": page,
            "q": query,
            "year": year,
            "award": award,
            "org": org,
            "years": SchoolYear.objects.order_by("-start_date")[:10],
            "award_choices": [(f"t-{t.pk}", t.name) for t in Title.objects.all()]
            + [(f"f-{f.pk}", str(f)) for f in AwardForm.objects.all()],
            "organizations": organizations.filter(kind__in=["school", "office", "commune"])[:300],
            "home": _home(request.user),
        },
    )


def _home(user):
    """The organisation whose history the user keeps (the add and import buttons)."""
    access = visibility.access_for(user)
    if access.is_admin:
        return None
    managed = [a.organization_id for a in access.assignments if a.role in visibility.MANAGER_ROLES]
    return Organization.objects.filter(pk__in=managed).order_by("depth", "pk").first()


@login_required
def person_history(request, pk):
    person = get_object_or_404(
        visibility.visible(request.user, Person).select_related("organization"), pk=pk
    )
    records = _records(request.user).filter(person=person)
    return render(
        request,
        "awards/history/holder.html",
        {
            "holder_name": person.full_name,
            "organization": person.organization,
            "person": person,
            "records": records,
            "can_manage": _manages(request.user, person.organization),
        },
    )


@login_required
def collective_history(request, pk):
    organization = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    records = _records(request.user).filter(
        Q(collective=organization) | Q(unit__organization=organization)
    )
    return render(
        request,
        "awards/history/holder.html",
        {
            "holder_name": organization.name,
            "organization": organization,
            "records": records.select_related("unit"),
            "collective": True,
            "can_manage": _manages(request.user, organization),
        },
    )


def _managed_organization(request, pk):
    """Only those who keep an organisation's history reach its forms (404 otherwise, as
    for any object out of one's scope)."""
    return get_object_or_404(visibility.manageable(request.user, Organization), pk=pk)


@login_required
def history_add(request, pk):
    organization = _managed_organization(request, pk)
    below = Organization.objects.filter(path__startswith=organization.path)
    choices = {
        "people": Person.objects.filter(organization__in=below).select_related("organization"),
        "units": Unit.objects.filter(organization__in=below),
        "collectives": below,
        "years": SchoolYear.objects.order_by("-start_date"),
    }
    form = AwardRecordForm(request.POST if request.method == "POST" else None, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_record(request.user, organization, form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã ghi vào hồ sơ khen thưởng."))
            if entry.person_id:
                return redirect("person_history", pk=entry.person_id)
            return redirect("collective_history", pk=entry.organization_id)
    return render(request, "awards/history/add.html", {"form": form, "organization": organization})


@login_required
def history_delete(request, pk):
    """Confirm, then take back a row entered by hand or imported."""
    entry = get_object_or_404(
        visibility.manageable(request.user, AwardRecord).select_related(*RELATED), pk=pk
    )
    back = (
        reverse("person_history", args=[entry.person_id])
        if entry.person_id
        else reverse("collective_history", args=[entry.organization_id])
    )
    if request.method == "POST":
        try:
            services.delete_record(request.user, entry)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã xoá dòng khỏi hồ sơ khen thưởng."))
        return redirect(back)
    return render(request, "awards/history/delete.html", {"entry": entry, "back": back})


@login_required
def history_template(request):
    return xlsx_response(build_template(), "mau-ho-so-khen-thuong.xlsx")


@login_required
def history_upload(request, pk):
    organization = _managed_organization(request, pk)
    form = HistoryUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kept = services.upload_history(request.user, organization, upload.name, upload.read())
        return redirect("history_import_preview", pk=kept.pk)
    return render(
        request, "awards/history/upload.html", {"form": form, "organization": organization}
    )


@login_required
def history_import_preview(request, pk):
    kept = get_object_or_404(
        visibility.manageable(request.user, HistoryImport).select_related("organization"),
        pk=pk,
    )
    registrations = kept.kind == HistoryImport.Kind.REGISTRATIONS
    if request.method == "POST":
        service = year_start.import_registrations if registrations else services.import_history
        try:
            service(request.user, kept)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("history_import_preview", pk=kept.pk)
        kept.refresh_from_db()
        messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": kept.imported_count})
        if registrations:
            return redirect("title_registration_list", pk=kept.organization_id)
        return redirect("collective_history", pk=kept.organization_id)
    preview = kept.preview if kept.status == HistoryImport.Status.PENDING else None
    rows = preview["rows"] if preview else []
    errors = sum(1 for row in rows if row["errors"])
    if preview is None and kept.status != HistoryImport.Status.DONE:
        raise Http404
    return render(
        request,
        "awards/history/preview.html",
        {
            "kept": kept,
            "organization": kept.organization,
            "preview": preview,
            "columns": REGISTRATION_COLUMNS if registrations else COLUMNS,
            "again": "title_registration_upload" if registrations else "history_upload",
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "error_row_count": errors,
            "ok": bool(rows) and not errors and not (preview or {}).get("file_errors"),
        },
    )


urlpatterns = [
    path("history/", history_search, name="history_search"),
    path("history/people/<id:pk>/", person_history, name="person_history"),
    path("history/collectives/<id:pk>/", collective_history, name="collective_history"),
    path("history/<id:pk>/add/", history_add, name="history_add"),
    path("history/<id:pk>/upload/", history_upload, name="history_upload"),
    path("history/imports/<id:pk>/", history_import_preview, name="history_import_preview"),
    path("history/template.xlsx", history_template, name="history_template"),
    path("history/records/<id:pk>/delete/", history_delete, name="history_delete"),
]
