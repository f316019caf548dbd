"""State changes of the document editor: a new draft, a draft saved from the editor's
text (autosave included), a whole pasted document. Like services.py: permission, state,
one atomic save that replaces the plan's parts, a PlanEvent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from schools import visibility
from schools.issuers import IssuerKind
from schools.models import SchoolYear
from schools.services import ServiceError

from .models import LegalBasis, Plan, Recipient, Section, SignatureBlock
from .pasted import split_body, split_document
from .publishing import default_signature, remembered_issuer
from .services import _event, _refuse_taken_number, _require_manage, ensure_editable
from .visibility import issuer_kinds_written

HEADER_FIELDS = [
    "issuer_kind",
    "joint_issuer_kind",
    "governing_body",
    "issuer_name",
    "joint_issuer_name",
    "number",
    "symbol",
    "place_name",
    "issue_date",
    "type_label",
    "title",
    "subtitle",
]


def create_draft(user, organization, issuer_kind=IssuerKind.STATE, title=""):
    """A new draft plan of `organization`, its header, signer and recipients taken
    from what its issuer printed last."""
    if issuer_kind not in issuer_kinds_written(visibility.access_for(user), organization):
        raise PermissionDenied
    issuer = remembered_issuer(organization, issuer_kind)
    with transaction.atomic():
        plan = Plan.objects.create(
            organization=organization,
            school_year=SchoolYear.current(),
            issuer_kind=issuer_kind,
            governing_body=issuer.higher_body if issuer else "",
            issuer_name=issuer.name if issuer else "",
            title=title or _("Kế hoạch mới"),
            created_by=user,
        )
        recipients = (issuer.recipient_lines if issuer else []) or ["Lưu: VT"]
        SignatureBlock.objects.bulk_create(
            _signature_rows(plan, [default_signature(organization, issuer_kind)])
        )
        Recipient.objects.bulk_create(_recipient_rows(plan, recipients))
        _event(plan, user, "create")
    return plan


def refuse_too_long(*objects):
    """A ServiceError naming every text longer than its column holds (PostgreSQL refuses
    it; SQLite would keep it): pasted documents and the editor's lines are checked
    before anything is replaced."""
    problems = []
    for obj in objects:
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname, None)
            limit = getattr(field, "max_length", None)
            if limit and isinstance(value, str) and len(value) > limit:
                problems.append(
                    _("“%(field)s” dài %(length)s ký tự, tối đa %(limit)s: “%(start)s…”.")
                    % {
                        "field": field.verbose_name,
                        "length": len(value),
                        "limit": limit,
                        "start": value[:40],
                    }
                )
    if problems:
        raise ServiceError(" ".join(problems))


def _rows(model, plan, parts, fields):
    """One `model` row of the plan per part (pasted or defaulted), in their order, with
    the part's `fields`."""
    return [
        model(plan=plan, order=index, **{name: getattr(part, name) for name in fields})
        for index, part in enumerate(parts)
    ]


def _signature_rows(plan, signatures):
    fields = ["authority", "authority_title", "position", "position_note", "signer_name"]
    return _rows(SignatureBlock, plan, signatures, fields)


def _recipient_rows(plan, recipients):
    texts = [Recipient.normalised(text) for text in recipients]
    return [Recipient(plan=plan, order=i, text=t) for i, t in enumerate(t for t in texts if t)]


def _section_rows(plan, document):
    fields = ["level", "label", "heading", "body", "block", "review_note"]
    return _rows(Section, plan, document.sections, fields)


def _replace(plan, related, rows):
    """Replace the plan's rows of one kind (signatures, recipients, sections)."""
    getattr(plan, related).all().delete()
    if rows:
        type(rows[0]).objects.bulk_create(rows)


def _replace_parts(plan, document, signatures=None, recipients=None):
    """Check every new row's lengths, then replace the plan's body (and signatures and
    recipients when given) in one go."""
    sections = _section_rows(plan, document)
    bases = [LegalBasis(plan=plan, order=i, text=t) for i, t in enumerate(document.legal_bases)]
    signature_rows = _signature_rows(plan, signatures) if signatures is not None else None
    recipient_rows = _recipient_rows(plan, recipients) if recipients is not None else None
    plan.preamble = "\n".join(document.preamble)
    plan.closing = "\n".join(document.closing)
    refuse_too_long(plan, *sections, *(signature_rows or []), *(recipient_rows or []))
    plan.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(bases)
    _replace(plan, "sections", sections)
    if signature_rows is not None:
        _replace(plan, "signatures", signature_rows)
    if recipient_rows is not None:
        _replace(plan, "recipients", recipient_rows)


def _locked_draft(user, plan):
    _require_manage(user, plan)
    plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    ensure_editable(plan)
    return plan


def save_draft(user, plan, header, body, signatures, recipients, action="edit"):
    """Save the editor: `header` the plan's own fields (HEADER_FIELDS), `body` the text
    of its parts (emulation/pasted.py), `signatures` a list of PastedSignature,
    `recipients` a list of lines. A published plan may still be corrected until issued;
    its number stays in its register."""
    with transaction.atomic():
        plan = _locked_draft(user, plan)
        for name in HEADER_FIELDS:
            if name in header:
                setattr(plan, name, header[name])
        if not plan.is_joint:
            plan.joint_issuer_name = ""
        _refuse_taken_number(plan)
        _replace_parts(plan, split_body(body.splitlines()), signatures, recipients)
        plan.save()
        # Autosave runs every few seconds while the author types: its history row is
        # written once per plan (who started writing), each explicit save gets its own.
        if action == "edit" or not plan.events.filter(action=action).exists():
            _event(plan, user, action)
    return plan


def header_from_paste(document):
    """The plan fields a pasted document's header and title give."""
    fields = {}
    if document.issuer_kind:
        fields["issuer_kind"] = document.issuer_kind
    lines = document.header_lines
    joint = len(document.signatures) >= 2
    if joint and len(lines) >= 3:
        fields["joint_issuer_name"] = lines[-1]
        lines = lines[:-1]
    if len(lines) == 1:
        fields["governing_body"], fields["issuer_name"] = "", lines[0]
    elif lines:
        fields["governing_body"], fields["issuer_name"] = lines[0], "|".join(lines[1:])
    if document.number is not None:
        fields["number"] = document.number
    if document.symbol:
        fields["symbol"] = document.symbol
    if document.place:
        fields["place_name"] = document.place
    if document.issue_date:
        fields["issue_date"] = document.issue_date
    if document.type_label and document.type_label.upper() != "KẾ HOẠCH":
        fields["type_label"] = document.type_label
    if document.title:
        fields["title"] = document.title
        fields["subtitle"] = document.subtitle
    return fields


def paste_document(user, plan, text):
    """Replace a draft's parts with a whole document pasted from Word: header, number,
    date, title, body, recipients and signatures, as far as the text says them."""
    document = split_document(text)
    if not (document.sections or document.preamble or document.legal_bases):
        raise ServiceError(_("Không tìm thấy nội dung văn bản trong phần đã dán."))
    with transaction.atomic():
        plan = _locked_draft(user, plan)
        header = header_from_paste(document)
        if len(document.signatures) >= 2 and not plan.joint_issuer_kind:
            header["joint_issuer_kind"] = (
                IssuerKind.UNION if plan.issuer_kind == IssuerKind.STATE else IssuerKind.STATE
            )
        for name, value in header.items():
            setattr(plan, name, value)
        _refuse_taken_number(plan)
        _replace_parts(plan, document, document.signatures or None, document.recipients or None)
        plan.save()
        _event(plan, user, "paste")
    return plan
