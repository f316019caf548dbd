"""The public page behind a certificate's QR code: no login, only the name, the award, the
decision and the granting organisation, and nothing at all for an unknown token or a
decision not recorded."""

import uuid

import pytest
from django.urls import reverse

from awards.models import Decision
from tests.factories.awards import make_decision, make_nomination, make_round, person_of

NOT_FOUND = "Không tìm thấy giấy khen này."


@pytest.fixture
def awardee(tree):
    nomination = make_nomination(
        make_round(tree.school_a1),
        person_of(tree.users["teacher_a1"]),
        award_form="giay-khen-hieu-truong",
    )
    decision = make_decision(tree.school_a1, [nomination])
    return decision.awardees.get()


def url(token):
    return reverse("certificate_verify", kwargs={"token": token})


def test_anonymous_sees_the_certificate_in_one_query(client, awardee, django_assert_num_queries):
    assert url(awardee.token) == f"/verify/{awardee.token}/"
    with django_assert_num_queries(1):
        response = client.get(url(awardee.token))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    decision = awardee.decision
    assert "Giấy khen hợp lệ" in page
    assert "Trần Thị Gv_a1" in page
    assert "Giấy khen (Hiệu trưởng)" in page
    assert f"Số {decision.reference} ngày {decision.decision_date:%d/%m/%Y}" in page
    assert "Trường A1" in page  # the granting organisation
    assert NOT_FOUND not in page


def test_only_the_public_facts_are_shown(client, awardee):
    awardee.position = "Tổ trưởng chuyên môn"
    awardee.unit_label = "Tổ Toán - Tin"
    awardee.amount = 702_000
    awardee.save()
    page = client.get(url(awardee.token)).content.decode()
    for private in ("Tổ trưởng chuyên môn", "Tổ Toán - Tin", "702", "Dạy giỏi cấp huyện"):
        assert private not in page
    assert "Đăng xuất" not in page  # nothing of a signed-in layout


@pytest.mark.parametrize("case", ["unknown", "draft"])
def test_unknown_or_unrecorded_is_not_found_without_details(client, awardee, case):
    token = uuid.uuid4()
    if case == "draft":
        Decision.objects.filter(pk=awardee.decision_id).update(status=Decision.Status.DRAFT)
        token = awardee.token
    response = client.get(url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_FOUND in page
    assert "Trần Thị Gv_a1" not in page and "Giấy khen hợp lệ" not in page


def test_malformed_token_is_a_plain_404(client, db):
    assert client.get("/verify/not-a-token/").status_code == 404


def test_signed_in_users_see_the_same_page(client, tree, awardee):
    client.force_login(tree.users["teacher_b1"])  # another office: still public facts
    page = client.get(url(awardee.token)).content.decode()
    assert "Giấy khen hợp lệ" in page and "Trần Thị Gv_a1" in page
