"""Official documents of awards, laid out after Nghị định 30/2020 (templates/documents/
awards/): the proposal (tờ trình, NĐ 152/2025 Mẫu số 01) with its list annexed, the list
alone, the achievement report of one nomination, the decision with its annexed list, and
the certificates (giấy khen), one landscape page per awardee with a QR code that opens
the public verification page.

Each document builds its context once (OfficialDocument.html caches it); the PDF comes
from the same HTML through WeasyPrint."""

from .certificates import (  # noqa: F401
    CertificateDocument,
    qr_svg,
    verification_url,
)
from .common import (  # noqa: F401
    BODY_BY_KIND,
    CERTIFICATE_FORMS,
    HEAD_BY_KIND,
    NBSP,
    NOMINATION_RELATED,
    SUMMARY_CHARS,
    _sentence_case,
    award_amount,
    chair_body,
    count_label,
    decision_heads,
    decision_issuer,
    file_stem,
    fund_holder,
    governing_body,
    grouped,
    head_of,
    nomination_queryset,
    nomination_row,
    nominee_unit,
    numbered,
    place_of,
    principal_of,
    round_phrase,
)
from .decisions import (  # noqa: F401
    DecisionDocument,
    decision_queryset,
    decision_reason,
    load_decision,
    ordered_awardees,
)
from .proposals import (  # noqa: F401
    AchievementReportDocument,
    NominationListDocument,
    ProposalDocument,
    _ProposalParts,
    load_nomination,
    load_proposal,
    nomination_report_queryset,
    proposal_queryset,
    registration_lines,
)
