"""Who signs a tờ trình (and its danh sách) or a quyết định, and where copies go (Nơi
nhận), set on the document's page while it is a draft and remembered per issuer and
document type, so the organisation's next one starts filled in (schools.Issuer)."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.models import Recipient
from schools import services as school_services

from ..models import Decision, Proposal
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


def set_proposal_signoff(user, proposal, authority, position, name, recipients):
    """Signer and Nơi nhận of a draft tờ trình (its danh sách signs the same)."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("organization").get(pk=proposal.pk)
        )
        require_manager(user, proposal.organization)
        if not proposal.is_draft:
            raise ServiceError(_("Tờ trình đã gửi, không thay đổi được nữa."))
        recipients = _apply(proposal, authority, position, name, recipients)
        proposal.save(
            update_fields=["signer_authority", "signer_position", "signer_name", "recipients"]
        )
        _remember(proposal, PROPOSAL_TYPE, recipients)
        record(user, "signoff", proposal=proposal, comment=name)
    return proposal


def set_decision_signoff(user, decision, authority, position, name, recipients):
    """Signer and Nơi nhận of a draft quyết định."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().select_related("organization").get(pk=decision.pk)
        )
        require_manager(user, decision.organization)
        if decision.is_recorded:
            raise ServiceError(_("Quyết định đã ban hành, không sửa được."))
        recipients = _apply(decision, authority, position, name, recipients)
        decision.save(
            update_fields=["signer_authority", "signer_position", "signer_name", "recipients"]
        )
        _remember(decision, DECISION_TYPE, recipients)
        record(user, "signoff", decision=decision, comment=name)
    return decision


def remember_decision_signer(decision):
    """At recording, the signer typed there is remembered too."""
    _remember(decision, DECISION_TYPE, decision.recipients.splitlines())
