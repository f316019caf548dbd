"""What a plan needs before it is published, as a signed paper would (issue 14): a date
it was issued on, a title, its signer's title and name (one block per issuer of a joint
plan), recipients, and no part left from a higher level's plan for another level. And,
once published, what its issuers remember for their next document."""

import re

from django.utils.translation import gettext as _

from schools import services as school_services
from schools.issuers import IssuerKind, convention, head_position
from schools.models import Organization

from .pasted import PastedSignature, signature_blocks


def publish_problems(plan, check_date=True):
    """The reasons `plan` cannot be published yet, as sentences for its author; empty
    when it can. Reads the plan's parts (prefetched by load_plan, or queried).
    `check_date=False` where the date is being asked for (the publish form)."""
    problems = []
    if check_date and not plan.issue_date:
        problems.append(_("Chưa có ngày ban hành."))
    if not plan.title.strip():
        problems.append(_("Chưa có trích yếu (tên kế hoạch)."))
    signatures = list(plan.signatures.all())
    needed = 2 if plan.is_joint else 1
    if len(signatures) < needed:
        problems.append(
            _("Văn bản liên tịch cần hai khối chữ ký, mỗi tổ chức một khối.")
            if plan.is_joint
            else _("Chưa có khối chữ ký (chức vụ và họ tên người ký).")
        )
    for signature in signatures:
        if not signature.position.strip() or not signature.signer_name.strip():
            problems.append(
                _("Khối chữ ký “%(sig)s” thiếu chức vụ hoặc họ tên người ký.")
                % {"sig": str(signature) or _("(trống)")}
            )
    if not any(r.text.strip() for r in plan.recipients.all()):
        problems.append(_("Chưa có nơi nhận."))
    for section in plan.sections.all():
        if section.review_note:
            problems.append(
                _("Mục “%(heading)s”: %(note)s")
                % {"heading": section.heading or section.body[:60], "note": section.review_note}
            )
    if not any(s.heading or s.body for s in plan.sections.all()) and not plan.preamble:
        problems.append(_("Kế hoạch chưa có nội dung."))
    return problems


def remember_issuers(plan):
    """Keep what the plan's issuers printed and who signed, so their next document
    starts filled in (the signer, the header lines, the recipients)."""
    signatures = list(plan.signatures.all())
    kinds = [plan.issuer_kind] + ([plan.joint_issuer_kind] if plan.is_joint else [])
    for index, kind in enumerate(kinds):
        values = {}
        if index == 0:
            values["higher_body"] = plan.header_governing_body
            values["name"] = plan.header_issuer
            values["recipients"] = [r.text for r in plan.recipients.all()]
        else:
            values["name"] = plan.header_joint_issuer
        if index < len(signatures):
            signature = signatures[index]
            values.update(
                authority_line=signature.authority_line or convention(kind).authority_line,
                signer_position=signature.position,
                signer_name=signature.signer_name,
            )
        school_services.remember_issuer(plan.organization, plan.doc_type, kind, **values)


def remembered_issuer(organization, kind, doc_type="KH"):
    return school_services.remembered_issuer(organization, doc_type, kind)


def default_signature(organization, kind):
    """The signature block an issuer signed with last, else its convention's."""
    issuer = remembered_issuer(organization, kind)
    rule = convention(kind)
    authority_line = (issuer.authority_line if issuer else "") or rule.authority_line
    position = (issuer.signer_position if issuer else "") or rule.position
    if kind == IssuerKind.STATE and not position:
        position = head_position(organization)
    return signature_from_lines([authority_line, position, issuer.signer_name if issuer else ""])


def signature_from_lines(lines):
    blocks = signature_blocks([[line for line in lines if line]])
    return blocks[0] if blocks else PastedSignature()


# "Đối với cấp Sở", "Tại cấp huyện", "Cấp trường": parts of a plan written for one level.
LEVEL_WORDS = {
    "bộ": Organization.Kind.MINISTRY,
    "sở": Organization.Kind.DEPARTMENT,
    "tỉnh": Organization.Kind.DEPARTMENT,
    "phòng": Organization.Kind.OFFICE,
    "huyện": Organization.Kind.OFFICE,
    "xã": Organization.Kind.COMMUNE,
    "trường": Organization.Kind.SCHOOL,
    "cơ sở giáo dục": Organization.Kind.SCHOOL,
    "các trường": Organization.Kind.SCHOOL,
    "đơn vị trường học": Organization.Kind.SCHOOL,
}
LEVEL_RE = re.compile(
    r"(?:^|\b)(?:đối với|tại)?\s*cấp\s+(bộ|sở|tỉnh|phòng|huyện|xã|trường|cơ sở giáo dục)\b"
    r"|^(?:đối với|tại)\s+(các trường|cơ sở giáo dục|đơn vị trường học|sở|phòng)\b",
    re.IGNORECASE,
)


def level_of(text):
    """The organisation kind a heading addresses ('Đối với cấp Sở' -> department)."""
    match = LEVEL_RE.search(text.strip())
    if not match:
        return None
    return LEVEL_WORDS[(match.group(1) or match.group(2)).lower()]


def mark_other_levels(sections, organization):
    """In a plan derived from a higher level's, mark each part addressed to another level
    (and the parts under it) for the author to adapt or remove: it is not copied as if
    it were the deriving organisation's own. Returns the marked sections (unsaved)."""
    marked = []
    inside = None  # (level of the marked heading, its note)
    for section in sections:
        if inside and section.level <= inside[0]:
            inside = None
        addressed = level_of(section.heading or section.body.split("\n", 1)[0])
        if addressed and addressed != organization.kind:
            label = Organization.Kind(addressed).label
            note = _(
                "Phần này của kế hoạch cấp trên dành cho cấp %(level)s: sửa cho đơn vị "
                "mình hoặc xóa."
            ) % {"level": label}
            inside = (section.level, note)
        if inside:
            section.review_note = inside[1]
            marked.append(section)
    return marked
