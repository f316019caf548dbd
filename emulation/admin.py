"""Principals and office staff write plans here: inlines for every part (drag to
reorder), a preview button, and actions that call the services."""

import io
import zipfile

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.http import file_response
from common.uploads import check_signed_pdf
from schools import visibility
from schools.admin_scope import HistoryInline, ScopedAdmin, ScopedInlineMixin
from schools.issuers import IssuerKind
from schools.models import Organization, SchoolYear
from schools.services import ServiceError

from . import services
from .blocks import services as block_services
from .documents import PlanDocument, load_plan
from .models import (
    Annex,
    BlockMembership,
    Campaign,
    EmulationBlock,
    GroupAssignment,
    LegalBasis,
    Plan,
    PlanEvent,
    Recipient,
    ScheduleItem,
    Section,
    SignatureBlock,
    Theme,
    ThemeAward,
)


class LockAwareInlineMixin(ScopedInlineMixin):
    """Parts of an issued plan cannot change."""

    def parent_editable(self, request, obj):
        if obj is not None and getattr(obj, "is_locked", False):
            return False
        return super().parent_editable(request, obj)


class PlanPartInline(LockAwareInlineMixin, SortableTabularInline):
    pass


class PlanPartStackedInline(LockAwareInlineMixin, SortableStackedInline):
    pass


class LegalBasisInline(PlanPartInline):
    model = LegalBasis
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 100})}
    }


class SectionInline(PlanPartStackedInline):
    model = Section
    fields = [("level", "label", "block"), "heading", "body", "review_note"]


class ThemeInline(PlanPartStackedInline):
    model = Theme
    fields = ["name", ("objective", "audience"), "content", "period"]
    show_change_link = True


class ScheduleItemInline(PlanPartStackedInline):
    model = ScheduleItem
    fields = [
        ("period_label", "start_date", "end_date"),
        "activity",
        ("responsible", "deadline", "milestone", "printed"),
    ]


class RecipientInline(PlanPartInline):
    model = Recipient


class SignatureInline(PlanPartInline):
    model = SignatureBlock
    fields = ["authority", "authority_title", "position", "position_note", "signer_name"]


class AnnexInline(PlanPartInline):
    model = Annex
    fields = ["kind", "title", "period_label"]
    show_change_link = True


class PlanEventInline(HistoryInline):
    model = PlanEvent
    fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields


class PlanAdminForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "organization",
            "campaign",
            "school_year",
            "parent_plan",
            "doc_type",
            "type_label",
            "number",
            "symbol",
            "issuer_kind",
            "joint_issuer_kind",
            "joint_issuer_name",
            "governing_body",
            "issuer_name",
            "place_name",
            "issue_date",
            "title",
            "subtitle",
            "preamble",
            "closing",
            "signed_scan",
        ]

    def clean(self):
        data = super().clean()
        organization, day = data.get("organization"), data.get("issue_date")
        if organization is not None and day is not None and data.get("number") is not None:
            other = services.number_taken(
                organization,
                day.year,
                data["number"],
                self.instance.pk,
                data.get("issuer_kind") or IssuerKind.STATE,
            )
            if other is not None:
                self.add_error("number", services.taken_message(other))
        return data

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        if self.instance.pk and organization.pk != self.instance.organization_id:
            raise forms.ValidationError(_("Không thể chuyển kế hoạch sang đơn vị khác."))
        return organization

    def clean_signed_scan(self):
        scan = self.cleaned_data.get("signed_scan")
        if scan and "signed_scan" in self.changed_data:
            try:
                check_signed_pdf(scan)
            except ServiceError as error:
                raise forms.ValidationError(str(error)) from None
            if self.instance.status != Plan.Status.PUBLISHED:
                raise forms.ValidationError(
                    _("Hãy công bố kế hoạch trước, rồi tải lên bản đã ký, đóng dấu.")
                )
        return scan


def _single_managed_org(request):
    orgs = list(
        visibility.manageable(request.user, Organization).filter(
            pk__in=[a.organization_id for a in visibility.access_for(request.user).assignments]
        )
    )
    return orgs[0] if orgs else None


@admin.register(Plan)
class PlanAdmin(SortableAdminBase, ScopedAdmin):
    form = PlanAdminForm
    change_form_template = "admin/emulation/plan/change_form.html"
    list_display = [
        "title",
        "reference_display",
        "organization",
        "school_year",
        "issue_date",
        "status",
        "preview_link",
    ]
    list_filter = ["status", "school_year", "doc_type"]
    search_fields = ["title", "symbol", "organization__name"]
    list_select_related = ["organization", "school_year"]
    autocomplete_fields = ["organization", "campaign", "parent_plan"]
    reference_fields = ["parent_plan"]  # a published plan of a level above
    readonly_fields = ["status", "published_at", "issued_at"]
    fieldsets = [
        (None, {"fields": ["organization", "campaign", "school_year", "parent_plan", "status"]}),
        (
            gettext_lazy("Số, ký hiệu, địa danh, ngày"),
            {
                "fields": [
                    ("doc_type", "type_label"),
                    ("issuer_kind", "joint_issuer_kind", "joint_issuer_name"),
                    ("number", "symbol"),
                    ("governing_body", "issuer_name"),
                    ("place_name", "issue_date"),
                ]
            },
        ),
        (gettext_lazy("Nội dung"), {"fields": ["title", "subtitle", "preamble", "closing"]}),
        (gettext_lazy("Ban hành"), {"fields": ["signed_scan", "published_at", "issued_at"]}),
    ]
    inlines = [
        LegalBasisInline,
        SectionInline,
        ThemeInline,
        ScheduleItemInline,
        RecipientInline,
        SignatureInline,
        AnnexInline,
        PlanEventInline,
    ]
    actions = ["render_pdf", "publish", "derive_from_parent", "copy_to_next_year"]

    @admin.display(description=gettext_lazy("số, ký hiệu"))
    def reference_display(self, obj):
        return obj.reference if obj.number else "—"

    @admin.display(description=gettext_lazy("xem"))
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank">{}</a>',
            reverse("plan_detail", args=[obj.pk]),
            _("Xem trước"),
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        org = _single_managed_org(request)
        if org is not None:
            initial.setdefault("organization", org.pk)
            initial.setdefault("place_name", org.place_name)
        initial.setdefault("school_year", SchoolYear.current().pk)
        return initial

    def save_model(self, request, obj, form, change):
        scan = form.cleaned_data.get("signed_scan") if "signed_scan" in form.changed_data else None
        if scan:
            obj.signed_scan = Plan.objects.get(pk=obj.pk).signed_scan
        services.save_plan(request.user, obj)
        if scan:
            try:
                services.issue_plan(request.user, obj, scan)
                obj.refresh_from_db()
                messages.success(
                    request,
                    _("Đã ban hành kế hoạch %(ref)s; nội dung đã khóa.") % {"ref": obj.reference},
                )
            except ServiceError as error:
                messages.error(request, str(error))

    def delete_model(self, request, obj):
        if obj.status != Plan.Status.DRAFT:
            raise PermissionDenied
        super().delete_model(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Plan.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Tải PDF"))
    def render_pdf(self, request, queryset):
        plans = list(queryset)
        if len(plans) == 1:
            document = PlanDocument(load_plan(plans[0].pk))
            return file_response(document.pdf(), document.filename("pdf"), "application/pdf")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for plan in plans:
                document = PlanDocument(load_plan(plan.pk))
                archive.writestr(f"{plan.pk}-{document.filename('pdf')}", document.pdf())
        return file_response(buffer.getvalue(), "ke-hoach.zip", "application/zip")

    def _run(self, request, queryset, service, done_message):
        done = []
        for plan in queryset:
            try:
                done.append(service(request.user, plan))
            except (ServiceError, PermissionDenied) as error:
                message = str(error) or _("Bạn không có quyền với kế hoạch này.")
                messages.error(request, f"{plan.title}: {message}")
        if done:
            messages.success(request, done_message % {"count": len(done)})
        return done

    @admin.action(description=gettext_lazy("Công bố (cấp số, hiện cho đơn vị và cấp dưới)"))
    def publish(self, request, queryset):
        self._run(request, queryset, services.publish_plan, _("Đã công bố %(count)s kế hoạch."))

    @admin.action(description=gettext_lazy("Triển khai kế hoạch cấp trên cho đơn vị tôi"))
    def derive_from_parent(self, request, queryset):
        org = _single_managed_org(request)
        if org is None:
            messages.error(request, _("Bạn chưa quản lý đơn vị nào để triển khai kế hoạch."))
            return None
        done = self._run(
            request,
            queryset,
            lambda user, plan: services.derive_plan(user, plan, org),
            _("Đã tạo %(count)s bản nháp kế hoạch triển khai."),
        )
        if len(done) == 1:
            return redirect("admin:emulation_plan_change", done[0].pk)
        return None

    @admin.action(description=gettext_lazy("Sao chép sang năm học sau"))
    def copy_to_next_year(self, request, queryset):
        done = self._run(
            request,
            queryset,
            services.copy_to_next_year,
            _("Đã sao chép %(count)s kế hoạch sang năm học sau."),
        )
        if len(done) == 1:
            return redirect("admin:emulation_plan_change", done[0].pk)
        return None


class ThemeAwardInline(PlanPartInline):
    model = ThemeAward

    def parent_editable(self, request, obj):
        return obj is None or (
            not obj.plan.is_locked and visibility.can_manage(request.user, obj.plan)
        )


class PlanPartAdmin(SortableAdminBase, ScopedAdmin):
    """Themes and annexes: changed only while their plan is not issued."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.plan.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "plan":
            field.queryset = field.queryset.exclude(status=Plan.Status.ISSUED)
        return field


@admin.register(Theme)
class ThemeAdmin(PlanPartAdmin):
    list_display = ["name", "plan"]
    search_fields = ["name", "plan__title"]
    inlines = [ThemeAwardInline]
    autocomplete_fields = ["plan"]


class GroupAssignmentInline(ThemeAwardInline):
    model = GroupAssignment


@admin.register(Annex)
class AnnexAdmin(PlanPartAdmin):
    list_display = ["__str__", "kind", "plan"]
    search_fields = ["title", "plan__title"]
    inlines = [GroupAssignmentInline]
    autocomplete_fields = ["plan"]


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["name", "organization", "school_year", "parent"]
    list_filter = ["school_year"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization", "parent"]
    reference_fields = ["parent"]  # the campaign of a level above it implements
    list_select_related = ["organization", "school_year", "parent"]


class BlockMembershipInline(admin.TabularInline):
    model = BlockMembership
    extra = 0
    fields = ["school"]
    readonly_fields = ["school"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # members are set by block_services.create_block


@admin.register(EmulationBlock)
class EmulationBlockAdmin(ScopedAdmin):
    """Blocks are created on the blocks page (the service checks one block per school per
    year); here office staff find them and copy them to the next school year."""

    list_display = [
        "name",
        "school_year",
        "office",
        "leader_school",
        "leading_school",
        "next_leader_school",
    ]
    list_filter = ["school_year"]
    search_fields = ["name", "office__name", "leader_school__name"]
    list_select_related = [
        "school_year",
        "office",
        "leader_school",
        "leading_school",
        "next_leader_school",
    ]
    fields = [
        "name",
        "office",
        "school_year",
        "leader_school",
        "plan",
        "targets_deadline",
        "covenant_deadline",
        "ranking_deadline",
        "ranking_closed_at",
        "ranking_approved_at",
        "ranking_approved_by",
        "leading_school",
        "vote_deadline",
        "vote_closed_at",
        "next_leader_school",
        "office_note",
    ]
    # what the admin changes here: the name, the plan and the first two deadlines
    readonly_fields = [
        f for f in fields if f not in ["name", "plan", "targets_deadline", "covenant_deadline"]
    ]
    autocomplete_fields = ["plan"]
    inlines = [BlockMembershipInline]
    actions = ["copy_to_next_year"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Sao chép khối sang năm học sau"))
    def copy_to_next_year(self, request, queryset):
        done = 0
        for office, year in {(b.office, b.school_year) for b in queryset}:
            try:
                done += len(block_services.copy_blocks_to_next_year(request.user, office, year))
            except (ServiceError, PermissionDenied) as error:
                messages.error(request, str(error) or _("Bạn không có quyền với khối này."))
        if done:
            messages.success(request, _("Đã tạo %(n)s khối cho năm học sau.") % {"n": done})
