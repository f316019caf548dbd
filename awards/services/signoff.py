"""Who signs a tờ trình (and its danh sách) or a quyết định, and where copies go (Nơi
nhận), set on the document's page while it is a draft and remembered per issuer and
document type, so the organisation's next one starts filled in (schools.Issuer)."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.models import Recipient
from schools import services as school_services

from .common import ServiceError, record, require_manager

PROPOSAL_TYPE = "TTr"
DECISION_TYPE = "QĐ"


def remembered_signoff(organization, doc_type):
    """Fields a new document of `doc_type` takes from the issuer's last one."""
    issuer = school_services.remembered_issuer(organization, doc_type)
    if issuer is None:
        return {}
    return {
        "signer_authority": issuer.authority_line,
        "signer_position": issuer.signer_position,
        "signer_name": issuer.signer_name,
        "recipients": issuer.recipients,
    }


def create_draft(model, user, organization, doc_type, **fields):
    """A new draft tờ trình or quyết định of `organization`, signed and addressed as its
    issuer's last one of `doc_type` unless `fields` say otherwise; its history begins."""
    document = model.objects.create(
        organization=organization,
        created_by=user,
        **{**remembered_signoff(organization, doc_type), **fields},
    )
    record(user, "create", to_status=document.status, **{model._meta.model_name: document})
    return document


def _remember(document, doc_type, recipients):
    school_services.remember_issuer(
        document.organization,
        doc_type,
        authority_line=document.signer_authority,
        signer_position=document.signer_position,
        signer_name=document.signer_name,
        recipients=recipients,
    )


def _apply(document, authority, position, name, recipients):
    """Set the fields; returns the recipients as printed (no dash, no end mark)."""
    recipients = [Recipient.normalised(line) for line in recipients]
    recipients = [line for line in recipients if line]
    document.signer_authority = authority
    document.signer_position = position
    document.signer_name = name
    document.recipients = "\n".join(recipients)
    return recipients


def _set_signoff(user, document, still_draft, refusal, doc_type, signoff):
    """Signer and Nơi nhận of a draft tờ trình or quyết định (`signoff`: authority,
    position, name, recipients), remembered by its issuer for the next one; refused
    with `refusal` once `still_draft(document)` is false."""
    authority, position, name, recipients = signoff
    with transaction.atomic():
        document = (
            type(document)
            .objects.select_for_update()
            .select_related("organization")
            .get(pk=document.pk)
        )
        require_manager(user, document.organization)
        if not still_draft(document):
            raise ServiceError(refusal)
        recipients = _apply(document, authority, position, name, recipients)
        document.save(
            update_fields=["signer_authority", "signer_position", "signer_name", "recipients"]
        )
        _remember(document, doc_type, recipients)
        record(user, "signoff", comment=name, **{document._meta.model_name: document})
    return document


def set_proposal_signoff(user, proposal, authority, position, name, recipients):
    """Signer and Nơi nhận of a draft tờ trình (its danh sách signs the same)."""
    return _set_signoff(
        user,
        proposal,
        lambda p: p.is_draft,
        _("Tờ trình đã gửi, không thay đổi được nữa."),
        PROPOSAL_TYPE,
        (authority, position, name, recipients),
    )


def set_decision_signoff(user, decision, authority, position, name, recipients):
    """Signer and Nơi nhận of a draft quyết định."""
    return _set_signoff(
        user,
        decision,
        lambda d: not d.is_recorded,
        _("Quyết định đã ban hành, không sửa được."),
        DECISION_TYPE,
        (authority, position, name, recipients),
    )


def remember_decision_signer(decision):
    """At recording, the signer typed there is remembered too."""
    _remember(decision, DECISION_TYPE, decision.recipients.splitlines())
