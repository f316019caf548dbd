"""The nomination → proposal → review → decision path through the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import AwardForm, Decision, Nomination, Proposal
from tests.factories import PersonFactory
from tests.factories.awards import make_nomination, make_round, person_of


@pytest.fixture
def round_(tree):
    return make_round(tree.dept_a)


def test_principal_nominates_with_evidence_and_sends(client, tree, round_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(tree.users["principal_a1"])
    teacher = person_of(tree.users["teacher_a1"])
    # A school under a Phòng GDĐT: the Phòng prepares the district chair's Giấy khen.
    form = AwardForm.objects.get(code="giay-khen-chu-tich-huyen")
    url = reverse("nomination_create", args=[round_.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"person": teacher.pk, "award_form": form.pk, "achievements": ""})
    assert response.status_code == 200 and "This field is required" not in response.content.decode()
    response = client.post(
        url, {"person": teacher.pk, "award_form": form.pk, "achievements": "Dạy giỏi cấp tỉnh"}
    )
    nomination = Nomination.objects.get()
    assert response.url == reverse("nomination_detail", args=[nomination.pk])
    response = client.post(
        reverse("nomination_evidence", args=[nomination.pk]),
        {"files": [SimpleUploadedFile("giay-chung-nhan.pdf", b"%PDF-1.4 proof")]},
        follow=True,
    )
    assert "Đã thêm minh chứng" in response.content.decode()
    evidence = nomination.evidence.get()
    download = client.get(reverse("evidence_file", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download) == b"%PDF-1.4 proof"
    response = client.post(
        reverse("nomination_evidence", args=[nomination.pk]),
        {"files": [SimpleUploadedFile("anh.png", b"%PDF-1.4 not a png")]},
        follow=True,
    )
    assert "thực chất là PDF" in response.content.decode()

    client.post(reverse("proposal_create"), {"round": round_.pk})
    proposal = Proposal.objects.get()
    client.post(reverse("proposal_items", args=[proposal.pk]), {"nominations": [nomination.pk]})
    client.post(reverse("proposal_send", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SENT and proposal.recipient == tree.office_a

    client.force_login(tree.users["office_a"])
    page = client.get(reverse("proposal_list")).content.decode()
    assert reverse("proposal_detail", args=[proposal.pk]) in page
    item = proposal.items.get()
    review = reverse("proposal_review", args=[proposal.pk, item.pk])
    response = client.post(review, {"outcome": "returned", "comment": ""}, follow=True)
    assert "Hãy ghi lý do" in response.content.decode()
    client.post(review, {"outcome": "accepted"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED

    client.post(reverse("decision_create"), {"round": round_.pk})
    decision = Decision.objects.get()
    client.post(reverse("decision_awardees", args=[decision.pk]), {"nominations": [nomination.pk]})
    response = client.post(
        reverse("decision_record", args=[decision.pk]),
        {"decision_date": "31/02/2026", "signer_name": "Lê Văn Ký"},
        follow=True,
    )
    assert "ngày/tháng/năm" in response.content.decode()
    client.post(
        reverse("decision_record", args=[decision.pk]),
        {
            "decision_date": "20/11/2026",
            "signer_name": "Lê Văn Ký",
            "signer_position": "CHỦ TỊCH",
        },
    )
    decision.refresh_from_db()
    assert decision.is_recorded and decision.signer_position == "CHỦ TỊCH"
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED


def test_nominating_a_person_of_another_school_is_refused(client, tree, round_):
    client.force_login(tree.users["principal_a1"])
    stranger = PersonFactory(organization=tree.school_b1)
    form = AwardForm.objects.get(code="giay-khen-giam-doc-so")
    response = client.post(
        reverse("nomination_create", args=[round_.pk]),
        {"person": stranger.pk, "award_form": form.pk, "achievements": "x"},
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_decision_with_someone_never_nominated_is_refused(client, tree, round_):
    """Sent up but not accepted: refused by name. Still a draft at school: the office
    does not even see it, so it is refused without a name."""
    sent = make_nomination(
        round_,
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
    )
    draft = make_nomination(round_, PersonFactory(organization=tree.school_a1))
    client.force_login(tree.users["office_a"])
    client.post(reverse("decision_create"), {"round": round_.pk})
    decision = Decision.objects.get()
    url = reverse("decision_awardees", args=[decision.pk])
    response = client.post(url, {"nominations": [sent.pk]}, follow=True)
    assert f"{sent.nominee_name} chưa được đề nghị lên Phòng A" in response.content.decode()
    response = client.post(url, {"nominations": [draft.pk]}, follow=True)
    page = response.content.decode()
    assert "có đề nghị không tìm thấy hoặc bạn không được xem" in page
    assert draft.nominee_name not in page
    assert not decision.awardees.exists()


def test_nomination_list_queries_are_fixed(client, tree, round_, django_assert_num_queries):
    teacher = person_of(tree.users["teacher_a1"])
    make_nomination(round_, teacher)
    client.force_login(tree.users["principal_a1"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("nomination_list"))
    for _ in range(10):
        make_nomination(round_, PersonFactory(organization=tree.school_a1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("nomination_list"))
    assert len(many) == len(one)
    assert response.content.decode().count("/awards/nominations/") >= 11


def test_proposal_and_decision_lists_have_fixed_queries(client, tree, round_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(tree.users["office_a"])
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("proposal_list"))
            client.get(reverse("decision_list"))
        counts.append(len(ctx))
        for school in (tree.school_a1, tree.school_a2):
            Proposal.objects.create(
                organization=school,
                recipient=tree.office_a,
                round=round_,
                status=Proposal.Status.SENT,
                number=3,
            )
            Decision.objects.create(organization=tree.office_a, status=Decision.Status.RECORDED)
    assert counts[0] == counts[1]


def test_signed_scan_of_a_sent_proposal_is_uploaded_in_the_admin(
    client, tree, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=5,
        subject="Về việc đề nghị khen thưởng",
    )
    client.force_login(tree.users["principal_a1"])
    url = reverse("admin:awards_proposal_change", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert 'name="signed_scan"' in page and 'name="subject"' not in page
    client.post(
        url, {"signed_scan": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n")}, follow=True
    )
    proposal.refresh_from_db()
    assert not proposal.signed_scan
    response = client.post(
        url, {"signed_scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed")}, follow=True
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.signed_scan.read() == b"%PDF-1.4 signed"
    assert proposal.subject == "Về việc đề nghị khen thưởng"


def test_draft_proposal_page_queries_do_not_grow_with_its_nominations(client, tree, round_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proposal = Proposal.objects.create(
        organization=tree.school_a1, recipient=tree.office_a, round=round_
    )
    client.force_login(tree.users["principal_a1"])
    counts = []
    for size in (1, 6):
        while proposal.items.count() < size:
            nomination = make_nomination(round_, PersonFactory(organization=tree.school_a1))
            proposal.items.create(nomination=nomination, order=proposal.items.count())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
