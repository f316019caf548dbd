"""A round's page and its Excel are made from one report of the round for the office
(awards.views.rounds._round_report): the Excel downloaded after the page does not count
the round again, says what the page says, and a proposal sent in between is in it."""

import io

import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Proposal
from common.generations.cache import CACHE
from tests.awards.round_data import scenario, send

pytestmark = pytest.mark.usefixtures("catalogue")


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _summary(response):
    """The Excel's first sheet: {sender: its 'Tình trạng' column}."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    status = rows[header].index("Tình trạng")
    return {row[1]: row[status] for row in rows[header + 1 :] if row[0] not in (None, "")}


def test_the_excel_after_the_page_is_made_from_the_pages_report(client, tree):
    case = scenario(tree)
    client.force_login(tree.users["dept_a"])
    page_url = reverse("award_round", args=[case.round.pk])
    xlsx_url = reverse("award_round_xlsx", args=[case.round.pk])

    alone, counted = _get(client, xlsx_url)  # built from nothing kept
    caches[CACHE].clear()
    caches["files"].clear()
    page, _queries = _get(client, page_url)
    after_page, reused = _get(client, xlsx_url)

    assert after_page.content[:2] == b"PK"
    assert _summary(after_page) == _summary(alone)
    summary = _summary(after_page)
    assert summary["Phòng A"] == "Đúng hạn"
    assert summary["UBND xã A"] == "Quá hạn, chưa gửi"
    assert "Quá hạn, chưa gửi" in page.content.decode()
    # the senders and their proposals are not read again (3 queries fewer)
    assert reused <= counted - 3, (reused, counted)


def test_a_proposal_sent_after_the_page_is_in_the_excel(client, tree):
    case = scenario(tree)
    client.force_login(tree.users["dept_a"])
    _get(client, reverse("award_round", args=[case.round.pk]))
    send(case.round, tree.commune_a, [], number=4, symbol="TTr-UBND", late=True)
    response, _queries = _get(client, reverse("award_round_xlsx", args=[case.round.pk]))
    assert _summary(response)["UBND xã A"] == "Gửi muộn"
    assert Proposal.objects.filter(organization=tree.commune_a, number=4).exists()


def test_another_offices_staff_get_404_for_a_kept_report(client, tree):
    case = scenario(tree)
    client.force_login(tree.users["dept_a"])
    _get(client, reverse("award_round", args=[case.round.pk]))
    client.force_login(tree.users["office_b"])
    for name in ("award_round", "award_round_xlsx"):
        assert client.get(reverse(name, args=[case.round.pk])).status_code == 404
