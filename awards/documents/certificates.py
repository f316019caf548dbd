"""The certificates (giấy khen): one landscape page per awardee with a QR code to the
public verification page."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from emulation.documents import date_line
from emulation.rendering import OfficialDocument, weasyprint_html
from schools.models import Person

from .common import (
    CERTIFICATE_FORMS,
    decision_heads,
    decision_issuer,
    file_stem,
    place_of,
)
from .decisions import decision_reason, ordered_awardees


def verification_url(token):
    return f"{settings.SITE_URL}{reverse('certificate_verify', kwargs={'token': token})}"


def qr_svg(url):
    """The QR code as inline SVG (a single path): WeasyPrint draws it as vectors, and no
    data: URI has to pass the static-only URL fetcher."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=0, omitsize=True, dark="#000", svgclass="qr", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup, the URL is ours


class CertificateDocument(OfficialDocument):
    """Giấy khen: A4 landscape, one page per awardee, many awardees in one HTML."""

    template_name = "documents/awards/certificates.html"

    def __init__(self, decision, awardees=None):
        self.decision = decision
        self.awardees = awardees

    def filename(self, extension):
        decision = self.decision
        stem = file_stem(decision.reference) if decision.number is not None else decision.pk
        return f"giay-khen-{stem}.{extension}"

    def common(self):
        """What every page of the decision shares, computed once for all chunks."""
        if hasattr(self, "_common"):
            return self._common
        decision = self.decision
        organization = decision.organization
        decider, signature = decision_heads(decision)
        governing_line, issuer = decision_issuer(decision)
        self._common = {
            "governing_body": governing_line,
            "issuer": issuer,
            "grantor": decider.upper(),
            "reason": decision_reason(decision),
            "decision_line": format_html(
                "Quyết định số {}, ngày {}",
                decision.reference,
                f"{decision.decision_date:%d/%m/%Y}" if decision.decision_date else "…",
            ),
            "date_line": date_line(place_of(organization), decision.decision_date),
            "signature": signature,
        }
        return self._common

    def page(self, awardee):
        person = awardee.nomination.person
        if person is None:
            salutation = ""
        else:
            salutation = "Bà" if person.gender == Person.Gender.FEMALE else "Ông"
        gives = "TẶNG"
        if awardee.title_id:
            gives, kind = "", "GIẤY CHỨNG NHẬN"
            award_line = f"Đạt danh hiệu “{awardee.title.name}”"
        else:
            form = awardee.award_form.name if awardee.award_form_id else awardee.award_label
            if form.startswith(CERTIFICATE_FORMS):
                kind, award_line = form.upper(), ""
            else:  # a medal and the like: the certificate that goes with it
                kind, award_line = "GIẤY CHỨNG NHẬN", form
        url = verification_url(awardee.token)
        return {
            "awardee": awardee,
            "salutation": salutation,
            "gives": gives,
            "kind": kind,
            "award_line": award_line,
            "unit_line": " ".join(p for p in (awardee.position, awardee.unit_label) if p),
            "url": url,
            "qr": qr_svg(url),
        }

    def context(self):
        awardees = self.awardees
        if awardees is None:
            awardees, _ = ordered_awardees(self.decision)
        return {**self.common(), "pages": [self.page(a) for a in awardees]}

    def render(self, font_config=None):
        """The laid-out WeasyPrint document (pages can be joined across chunks; chunks
        sharing `font_config` embed the fonts once)."""
        return weasyprint_html(self.html()).render(font_config=font_config)

    def for_chunk(self, awardees):
        """Another document of the same decision for `awardees`, sharing the header."""
        document = CertificateDocument(self.decision, awardees)
        document._common = self.common()
        return document
