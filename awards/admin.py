from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.http import file_response
from schools.admin_scope import (
    HistoryInline,
    ReadByManagersAdmin,
    ReadOnly,
    ScopedAdmin,
    WrittenElsewhere,
)
from schools.services import ServiceError

from .documents.decisions import DecisionDocument, load_decision
from .documents.proposals import ProposalDocument, load_proposal
from .models import (
    Authority,
    Awardee,
    AwardEvent,
    AwardForm,
    AwardMoney,
    AwardRecord,
    BaseSalary,
    CertificateBatch,
    Decision,
    DecisionBasis,
    HistoryImport,
    Nomination,
    Proposal,
    ProposalItem,
    Round,
    Rule,
    Title,
)
from .services import decisions as decision_services
from .services import nominations as nomination_services
from .services import proposals as proposal_services


class CatalogueAdmin(ReadByManagersAdmin):
    """The catalogue is national law: every manager reads it, administrators change it."""


@admin.register(Title)
class TitleAdmin(CatalogueAdmin):
    list_display = ["name", "abbreviation", "recipient", "granted_by"]
    list_filter = ["recipient"]
    search_fields = ["name", "abbreviation"]


@admin.register(AwardForm)
class AwardFormAdmin(CatalogueAdmin):
    list_display = ["name", "granted_by", "recipient"]
    list_filter = ["recipient"]
    search_fields = ["name", "granted_by"]


@admin.register(Rule)
class RuleAdmin(CatalogueAdmin):
    list_display = [
        "code",
        "title",
        "predicate",
        "parameters",
        "effective_from",
        "effective_to",
        "severity",
        "confirmed",
        "enabled",
    ]
    list_filter = ["title", "severity", "confirmed", "enabled"]
    search_fields = ["code", "description", "legal_source"]


# The dated law around decisions (models/law.py): read by managers, changed by
# administrators, like the catalogue.
DATED = ["legal_source", "effective_from", "effective_to"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(CatalogueAdmin):
    list_display = ["amount", *DATED]


@admin.register(AwardMoney)
class AwardMoneyAdmin(CatalogueAdmin):
    list_display = ["__str__", "recipient", "multiple", *DATED]
    list_filter = ["recipient", "title", "award_form"]


@admin.register(Authority)
class AuthorityAdmin(CatalogueAdmin):
    list_display = ["__str__", "shape", "decider", *DATED]
    list_filter = ["shape", "decider", "title", "award_form"]


@admin.register(DecisionBasis)
class DecisionBasisAdmin(CatalogueAdmin):
    list_display = ["text", "order", "effective_from", "effective_to"]
    search_fields = ["text"]


@admin.register(AwardRecord)
class AwardRecordAdmin(WrittenElsewhere, ScopedAdmin):
    """The award history is written by its pages and by decisions (services/history);
    here it is read."""

    list_display = ["name", "award_label", "school_year", "decision_number", "source"]
    list_select_related = ["title", "award_form", "school_year"]
    list_filter = ["source", "school_year", "title"]
    search_fields = ["name", "decision_number"]


@admin.register(HistoryImport)
class HistoryImportAdmin(WrittenElsewhere, ScopedAdmin):
    list_display = ["file_name", "organization", "status", "created_at", "imported_count"]
    exclude = ["content"]


def _run(request, objects, service, done_message):
    """Run a service on each object; a refusal becomes a message, never a 500."""
    done = []
    for obj in objects:
        try:
            done.append(service(request.user, obj))
        except (ServiceError, PermissionDenied) as error:
            message = str(error) or _("Bạn không có quyền thực hiện thao tác này.")
            messages.error(request, f"{obj}: {message}")
    if done:
        messages.success(request, done_message % {"count": len(done)})
    return done


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    list_display = [
        "name",
        "campaign",
        "level",
        "deadline",
        "quota_per_team",
        "quota",
        "quota_per_office",
    ]
    list_filter = ["level"]
    search_fields = ["name", "campaign__name"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    readonly_fields = ["schedule_item"]
    fields = [
        "campaign",
        "name",
        "level",
        "deadline",
        ("quota_per_team", "quota", "quota_per_office"),
        "schedule_item",
    ]

    def save_model(self, request, obj, form, change):
        nomination_services.save_round(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.nominations.exists():
            return False
        return super().has_delete_permission(request, obj)


class ProposalItemInline(HistoryInline):
    model = ProposalItem
    fields = ["nomination", "outcome", "comment", "reviewed_at"]
    readonly_fields = fields


class EventInline(HistoryInline):
    model = AwardEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ScopedAdmin):
    """The text of a proposal is written here, as for plans: preview, PDF, the signed
    scan; the list of nominations and sending are on its page."""

    list_display = [
        "__str__",
        "organization",
        "recipient",
        "round",
        "status",
        "is_late",
        "page_link",
    ]
    list_filter = ["status", "is_late"]
    search_fields = ["organization__name", "symbol", "subject"]
    list_select_related = ["organization", "recipient", "round"]
    fields = [
        "organization",
        "recipient",
        "round",
        "status",
        ("number", "symbol"),
        "issue_date",
        "subject",
        "body",
        ("signer_position", "signer_name"),
        "signed_scan",
        "sent_at",
        "is_late",
    ]
    readonly_fields = [
        "organization",
        "recipient",
        "round",
        "status",
        "number",
        "sent_at",
        "is_late",
    ]
    inlines = [ProposalItemInline, EventInline]
    actions = ["render_pdf", "send"]

    @admin.display(description=gettext_lazy("xem"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank">{}</a>',
            reverse("proposal_detail", args=[obj.pk]),
            _("Trang tờ trình"),
            reverse("proposal_document", args=[obj.pk]),
            _("Xem trước"),
        )

    def has_add_permission(self, request):
        return False  # a proposal is started on the proposals page, for a round

    def has_delete_permission(self, request, obj=None):
        """Only a draft may be deleted: a sent proposal carries nominations above."""
        if obj is None or not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """A sent proposal's text is final; only its signed scan may still be added,
        once (common/uploads.py)."""
        if obj is not None and not obj.is_draft:
            return [f for f in self._flat_fields() if f != "signed_scan" or obj.signed_scan]
        return super().get_readonly_fields(request, obj)

    def _flat_fields(self):
        flat = []
        for field in self.fields:
            flat.extend(field if isinstance(field, tuple) else [field])
        return flat

    def save_model(self, request, obj, form, change):
        scan = form.cleaned_data.get("signed_scan") if "signed_scan" in form.changed_data else None
        if scan:
            obj.signed_scan = Proposal.objects.get(pk=obj.pk).signed_scan
        if obj.is_draft:
            proposal_services.save_proposal(request.user, obj)
        if scan:
            try:
                proposal_services.upload_signed_scan(request.user, obj, scan)
            except ServiceError as error:
                messages.error(request, str(error))

    @admin.action(description=gettext_lazy("Tải PDF tờ trình"))
    def render_pdf(self, request, queryset):
        proposal = queryset.first()
        if proposal is None:
            return None
        document = ProposalDocument(load_proposal(proposal.pk))
        return file_response(document.pdf(), document.filename("pdf"), "application/pdf")

    @admin.action(description=gettext_lazy("Gửi lên cấp trên"))
    def send(self, request, queryset):
        _run(request, queryset, proposal_services.send_proposal, _("Đã gửi %(count)s tờ trình."))


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin):
    list_display = ["__str__", "organization", "decision_date", "status", "page_link"]
    list_filter = ["status"]
    search_fields = ["organization__name", "symbol", "subject"]
    list_select_related = ["organization"]
    fields = [
        "organization",
        "round",
        "status",
        ("number", "symbol"),
        "decision_date",
        "subject",
        ("signer_authority", "signer_position", "signer_name"),
    ]
    readonly_fields = ["organization", "round", "status"]
    inlines = [EventInline]
    delete_parts = [Awardee]  # a draft decision's list goes with it
    actions = ["render_pdf", "record"]

    @admin.display(description=gettext_lazy("xem"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank">{}</a>',
            reverse("decision_detail", args=[obj.pk]),
            _("Trang quyết định"),
            reverse("decision_document", args=[obj.pk]),
            _("Xem trước"),
        )

    def has_add_permission(self, request):
        return False  # a decision is started on the decisions page

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_recorded:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None or obj.is_recorded:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        decision_services.save_decision(request.user, obj)

    @admin.action(description=gettext_lazy("Tải PDF quyết định"))
    def render_pdf(self, request, queryset):
        decision = queryset.first()
        if decision is None:
            return None
        document = DecisionDocument(load_decision(decision.pk))
        return file_response(document.pdf(), document.filename("pdf"), "application/pdf")

    @admin.action(description=gettext_lazy("Ban hành"))
    def record(self, request, queryset):
        _run(request, queryset, decision_services.record_decision, _("Đã ban hành %(count)s."))


@admin.register(Nomination)
class NominationAdmin(ReadOnly, ScopedAdmin):
    """A list to search and filter; nominations are written on their own pages."""

    list_display = ["__str__", "organization", "round", "status", "holder"]
    list_filter = ["status", ("round", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__full_name", "organization__name"]
    list_select_related = ["organization", "round", "holder", "person", "title", "award_form"]
    inlines = [EventInline]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(WrittenElsewhere, ScopedAdmin):
    list_display = ["decision", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status"]
