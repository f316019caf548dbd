"""Shared helpers of the security tests: pages read back after a payload was saved, and
the check that Vietnamese users never see Django's English messages."""

import pytest
from django.utils.html import escape

from emulation.models import Plan
from tests.factories.emulation import make_plan
from tests.security.payloads import stored_form, unescaped_markup

ENGLISH = [
    "This field",
    "Ensure this value",
    "Null characters are not allowed",
    "Enter a valid",
    "Select a valid choice",
    "The submitted file is empty",
]


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _parts(payload):
    return getattr(payload, "parts", (payload,))


def assert_inert(html, payload, where=""):
    """The page holds no live markup from `payload` (a payload or a group of them)."""
    found = unescaped_markup(html)
    assert not found, f"{payload.id} {where}: {found}"
    for part in _parts(payload):
        if part.markup:
            assert part.text not in html, f"{part.id} {where}: raw payload in the page"


def assert_shown(html, payload, where=""):
    """The payload is on the page, escaped (its markup parts, single-line)."""
    for part in _parts(payload):
        if part.markup:
            assert escape(stored_form(part.text)) in html, f"{part.id} {where}: not shown"


def assert_vietnamese(html):
    for phrase in ENGLISH:
        assert phrase not in html, f"English message on a Vietnamese page: {phrase!r}"


def read_pages(client, urls, payload):
    """GET every url: 200, inert, Vietnamese; returns {url: html}."""
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert_inert(html, payload, url)
        pages[url] = html
    return pages


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def fit(text, limit):
    """`text` cut to a field's length (what the field can hold on every database)."""
    return text[:limit]


def plan_with(organization, text, status=Plan.Status.PUBLISHED):
    """A plan whose every text holds `text` (fitted to each field's length)."""
    return make_plan(
        organization,
        status,
        number=5,
        symbol=fit(text, 50),
        issue_date="2024-01-05",
        title=fit(text, 500),
        subtitle=fit(text, 300),
        governing_body=fit(text, 255),
        issuer_name=fit(text, 255),
        place_name=fit(text, 100),
        legal_bases=[text],
        preamble=text,
        sections=[
            {"level": 1, "heading": fit(text, 500), "body": text},
            {"level": 2, "heading": "Mục 2", "body": text, "block": "themes"},
            {"level": 1, "heading": "TIẾN ĐỘ", "body": "", "block": "schedule"},
        ],
        themes=[
            {
                "name": fit(text, 300),
                "objective": text,
                "audience": text,
                "content": text,
                "period": fit(text, 300),
                "awards": [
                    {
                        "authority": fit(text, 200),
                        "award_form": fit(text, 200),
                        "collective_quantity": 1,
                        "individual_quantity": 1,
                    }
                ],
            }
        ],
        schedule=[
            {
                "period_label": fit(text, 100),
                "activity": text,
                "responsible": fit(text, 300),
                "deadline": "2024-03-10",
                "milestone": "nomination",
            }
        ],
        closing=text,
        recipients=[fit(text, 300)],
        signatures=[
            {
                "position": fit(text, 150) or "HIỆU TRƯỞNG",
                "signer_name": fit(text, 150),
                "position_note": fit(text, 200),
            }
        ],
    )


# The awards catalogue, as the migrations wrote it (checked).
from tests.awards.conftest import catalogue  # noqa: E402, F401
