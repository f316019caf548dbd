from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.fields import ExcelUploadField
from common.http import xlsx_response

from .. import services, visibility
from ..imports import COLUMNS, build_template
from ..models import Organization, StaffImport

PREVIEW_PAGE_ROWS = 50


class StaffUploadForm(forms.Form):
    file = ExcelUploadField(
        label=gettext_lazy("Tệp danh sách (.xlsx)"),
        help_text=gettext_lazy("Dùng đúng mẫu tải về; tối đa 1.000 người mỗi lần."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.STAFF_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(mb)s MB; danh sách nhân sự thường chỉ vài chục KB.")
                % {"mb": limit // (1024 * 1024)}
            )
        return upload


@login_required
def import_template(request):
    return xlsx_response(build_template(), "mau-danh-sach-nhan-su.xlsx")


@login_required
def staff_upload(request, pk):
    school = get_object_or_404(visibility.manageable(request.user, Organization), pk=pk)
    if not school.is_school:
        messages.error(request, _("Chỉ nhập danh sách nhân sự cho một trường."))
        return redirect("organization_detail", pk=school.pk)
    if request.method == "POST":
        form = StaffUploadForm(request.POST, request.FILES)
    else:
        form = StaffUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        staff_import = services.upload_staff_list(request.user, school, upload.name, upload.read())
        return redirect("staff_import_preview", pk=staff_import.pk)
    return render(request, "schools/staff_upload.html", {"org": school, "form": form})


@login_required
def staff_import_preview(request, pk):
    staff_import = get_object_or_404(
        visibility.manageable(request.user, StaffImport).select_related("organization"),
        pk=pk,
    )
    if request.method == "POST":
        try:
            services.import_staff(request.user, staff_import)
        except services.ServiceError as error:
            messages.error(request, str(error))
            return redirect("staff_import_preview", pk=staff_import.pk)
        staff_import.refresh_from_db()
        messages.success(
            request,
            _("Đã nhập %(count)s người vào %(org)s.")
            % {"count": staff_import.imported_count, "org": staff_import.organization},
        )
        return redirect("people_list", pk=staff_import.organization_id)
    context = {"staff_import": staff_import, "org": staff_import.organization, "columns": COLUMNS}
    if staff_import.status == StaffImport.Status.PENDING:
        context.update(_preview_context(request, services.staff_import_preview(staff_import)))
    return render(request, "schools/staff_import_preview.html", context)


def _preview_context(request, preview):
    """The kept preview, a page of rows at a time (only the rows with errors on ask)."""
    rows = preview["rows"]
    error_rows = [row for row in rows if row["errors"]]
    only_errors = request.GET.get("errors") == "1" and bool(error_rows)
    page = Paginator(error_rows if only_errors else rows, PREVIEW_PAGE_ROWS).get_page(
        request.GET.get("page")
    )
    return {
        "preview": preview,
        "page": page,
        "row_count": len(rows),
        "error_row_count": len(error_rows),
        "only_errors": only_errors,
        "ok": bool(rows) and not error_rows and not preview["file_errors"],
    }
