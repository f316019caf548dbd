"""Awards views: the official documents, previewed as A4 sheets and downloaded as PDF and
Word —
a proposal's tờ trình and list, a nomination's achievement report, a decision with its
annexed list — and the certificates of a decision, made in the background (start, a
progress page that polls a JSON status, download).

Every object is fetched through visible() / manageable(), so anything outside the
user's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import file_response
from emulation.views import DOCX
from schools.services import ServiceError
from schools.visibility import manageable, visible

from ..documents.achievement_reports import AchievementReportDocument, nomination_report_queryset
from ..documents.certificates import CertificateDocument
from ..documents.decisions import DecisionDocument, decision_queryset
from ..documents.nomination_lists import NominationListDocument
from ..documents.proposals import ProposalDocument, proposal_queryset
from ..dossier import build_dossier, dossier_name
from ..models import CertificateBatch, Decision, Nomination, Proposal
from ..services.certificates import start_certificates
from ..tasks import is_stale, resume_if_stale

PDF = "application/pdf"


def _url(name, pk):
    """URL of a page of another views module, or None while it does not exist."""
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def _preview(document, links, back_url, **extra):
    return HttpResponse(
        document.html(
            preview=True,
            links=[(label, url) for label, url in links if url],
            back_url=back_url,
            **extra,
        )
    )


def _pdf(document):
    return file_response(document.pdf(), document.filename("pdf"), PDF, inline=True)


def _docx(document):
    return file_response(document.docx(), document.filename("docx"), DOCX)


# --- proposals and nominations ----------------------------------------------------------


def _proposal(request, pk):
    return get_object_or_404(visible(request.user, Proposal, proposal_queryset()), pk=pk)


def _proposal_links(pk):
    return [
        (_("Tờ trình"), reverse("proposal_document", kwargs={"pk": pk})),
        (_("Tải PDF tờ trình"), reverse("proposal_document_pdf", kwargs={"pk": pk})),
        (_("Tải Word tờ trình"), reverse("proposal_document_docx", kwargs={"pk": pk})),
        (_("Danh sách đề nghị"), reverse("proposal_list_document", kwargs={"pk": pk})),
        (_("Tải PDF danh sách"), reverse("proposal_list_pdf", kwargs={"pk": pk})),
        (_("Tải Word danh sách"), reverse("proposal_list_docx", kwargs={"pk": pk})),
    ]


@login_required
def proposal_document(request, pk):
    document = ProposalDocument(_proposal(request, pk))
    return _preview(document, _proposal_links(pk), _url("proposal_detail", pk))


@login_required
def proposal_document_pdf(request, pk):
    return _pdf(ProposalDocument(_proposal(request, pk)))


@login_required
def proposal_document_docx(request, pk):
    return _docx(ProposalDocument(_proposal(request, pk)))


@login_required
def proposal_list_document(request, pk):
    document = NominationListDocument(_proposal(request, pk))
    return _preview(document, _proposal_links(pk), _url("proposal_detail", pk))


@login_required
def proposal_list_pdf(request, pk):
    return _pdf(NominationListDocument(_proposal(request, pk)))


@login_required
def proposal_list_docx(request, pk):
    return _docx(NominationListDocument(_proposal(request, pk)))


@login_required
def proposal_dossier(request, pk):
    """The whole dossier (tờ trình, list, minutes, reports, evidence) as one .zip."""
    proposal = _proposal(request, pk)
    return file_response(build_dossier(proposal), dossier_name(proposal), "application/zip")


def _nomination(request, pk):
    return get_object_or_404(visible(request.user, Nomination, nomination_report_queryset()), pk=pk)


@login_required
def nomination_report(request, pk):
    document = AchievementReportDocument(_nomination(request, pk))
    links = [
        (_("Tải PDF"), reverse("nomination_report_pdf", kwargs={"pk": pk})),
        (_("Tải Word"), reverse("nomination_report_docx", kwargs={"pk": pk})),
    ]
    return _preview(document, links, _url("nomination_detail", pk))


@login_required
def nomination_report_pdf(request, pk):
    return _pdf(AchievementReportDocument(_nomination(request, pk)))


@login_required
def nomination_report_docx(request, pk):
    return _docx(AchievementReportDocument(_nomination(request, pk)))


# --- decisions and certificates -----------------------------------------------------------


def _decision(request, pk):
    return get_object_or_404(visible(request.user, Decision, decision_queryset()), pk=pk)


@login_required
def decision_document(request, pk):
    decision = _decision(request, pk)
    links = [
        (_("Tải PDF"), reverse("decision_document_pdf", kwargs={"pk": pk})),
        (_("Tải Word"), reverse("decision_document_docx", kwargs={"pk": pk})),
    ]
    manager = decision.is_recorded and manageable(request.user, Decision).filter(pk=pk).exists()
    certificate_form = render_to_string(
        "awards/documents/certificate_form.html",
        {
            "decision": decision,
            "show_form": manager,
            "csrf_token": get_token(request) if manager else "",
            "batch": decision.certificate_batches.order_by("-created_at", "-pk").first()
            if manager
            else None,
            "messages": messages.get_messages(request),
        },
    )
    return _preview(
        DecisionDocument(decision),
        links,
        _url("decision_detail", pk),
        certificate_form=certificate_form,
    )


@login_required
def decision_document_pdf(request, pk):
    return _pdf(DecisionDocument(_decision(request, pk)))


@login_required
def decision_document_docx(request, pk):
    return _docx(DecisionDocument(_decision(request, pk)))


@login_required
@require_POST
def decision_certificates(request, pk):
    """Start making the certificates of a recorded decision, then show the progress."""
    decision = get_object_or_404(manageable(request.user, Decision), pk=pk)
    try:
        batch = start_certificates(request.user, decision)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(_back(request, reverse("decision_document", kwargs={"pk": pk})))
    except PermissionDenied:
        raise Http404 from None
    messages.info(request, _("Giấy khen đang được tạo; trang này tự cập nhật tiến độ."))
    return redirect("certificate_batch", pk=batch.pk)


def _back(request, default):
    """The page the form was posted from, when it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return default


def _batch(request, pk):
    """A batch of a decision the user manages (certificates carry names and tokens)."""
    batches = CertificateBatch.objects.filter(
        decision__in=manageable(request.user, Decision)
    ).select_related("decision__organization")
    batch = get_object_or_404(batches, pk=pk)
    # A run that stopped beating (its worker died) is started again as the page polls.
    if is_stale(batch) and resume_if_stale(batch.pk):
        batch.refresh_from_db()
    return batch


def _status(batch):
    return {
        "status": batch.status,
        "label": batch.get_status_display(),
        "done": batch.done,
        "total": batch.total,
        "percent": batch.percent,
        "error": batch.error,
        "finished": batch.status in (CertificateBatch.Status.DONE, CertificateBatch.Status.FAILED),
        "download_url": reverse("certificate_batch_download", kwargs={"pk": batch.pk})
        if batch.status == CertificateBatch.Status.DONE
        else "",
    }


@login_required
def certificate_batch(request, pk):
    batch = _batch(request, pk)
    return render(
        request,
        "awards/documents/certificate_batch.html",
        {
            "batch": batch,
            "decision": batch.decision,
            "state": _status(batch),
            "status_url": reverse("certificate_batch_status", kwargs={"pk": pk}),
            "decision_url": reverse("decision_document", kwargs={"pk": batch.decision_id}),
        },
    )


@login_required
def certificate_batch_status(request, pk):
    return JsonResponse(_status(_batch(request, pk)))


@login_required
def certificate_batch_download(request, pk):
    batch = _batch(request, pk)
    if batch.status != CertificateBatch.Status.DONE or not batch.file:
        raise Http404(_("Giấy khen chưa tạo xong."))
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=CertificateDocument(batch.decision).filename("pdf"),
        content_type=PDF,
    )


urlpatterns = [
    path("awards/proposals/<id:pk>/to-trinh/", proposal_document, name="proposal_document"),
    path(
        "awards/proposals/<id:pk>/to-trinh.pdf",
        proposal_document_pdf,
        name="proposal_document_pdf",
    ),
    path(
        "awards/proposals/<id:pk>/to-trinh.docx",
        proposal_document_docx,
        name="proposal_document_docx",
    ),
    path(
        "awards/proposals/<id:pk>/danh-sach/",
        proposal_list_document,
        name="proposal_list_document",
    ),
    path("awards/proposals/<id:pk>/danh-sach.pdf", proposal_list_pdf, name="proposal_list_pdf"),
    path("awards/proposals/<id:pk>/danh-sach.docx", proposal_list_docx, name="proposal_list_docx"),
    path("awards/proposals/<id:pk>/ho-so.zip", proposal_dossier, name="proposal_dossier"),
    path(
        "awards/nominations/<id:pk>/bao-cao-thanh-tich/",
        nomination_report,
        name="nomination_report",
    ),
    path(
        "awards/nominations/<id:pk>/bao-cao-thanh-tich.pdf",
        nomination_report_pdf,
        name="nomination_report_pdf",
    ),
    path(
        "awards/nominations/<id:pk>/bao-cao-thanh-tich.docx",
        nomination_report_docx,
        name="nomination_report_docx",
    ),
    path("awards/decisions/<id:pk>/quyet-dinh/", decision_document, name="decision_document"),
    path(
        "awards/decisions/<id:pk>/quyet-dinh.pdf",
        decision_document_pdf,
        name="decision_document_pdf",
    ),
    path(
        "awards/decisions/<id:pk>/quyet-dinh.docx",
        decision_document_docx,
        name="decision_document_docx",
    ),
    path(
        "awards/decisions/<id:pk>/giay-khen/",
        decision_certificates,
        name="decision_certificates",
    ),
    path("awards/certificates/<id:pk>/", certificate_batch, name="certificate_batch"),
    path(
        "awards/certificates/<id:pk>/status/",
        certificate_batch_status,
        name="certificate_batch_status",
    ),
    path(
        "awards/certificates/<id:pk>/download/",
        certificate_batch_download,
        name="certificate_batch_download",
    ),
]
