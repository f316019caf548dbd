"""Signer and Nơi nhận of a tờ trình (and its danh sách, and the achievement reports it
confirms) and of a quyết định: set on the page while a draft, printed, remembered for
the organisation's next document of the same type (issue 14, item 5)."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from awards.documents.common import confirming_head
from awards.documents.decisions import DecisionDocument
from awards.documents.nomination_lists import NominationListDocument
from awards.documents.proposals import ProposalDocument
from awards.models import AwardEvent, Decision, Nomination, Proposal
from awards.services import decisions as decision_services
from awards.services import proposals as proposal_services
from awards.services import signoff
from schools.services import ServiceError
from tests.factories.awards import make_decision, make_nomination, make_round, person_of


def text_of(document):
    with pdfplumber.open(io.BytesIO(document.pdf())) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


@pytest.fixture
def proposal(tree, catalogue):
    round = make_round(tree.office_a)
    make_nomination(round, person_of(tree.users["teacher_a1"]))
    return proposal_services.create_proposal(tree.users["principal_a1"], tree.school_a1, round)


def test_signer_and_recipients_of_a_proposal_are_set_on_its_page_and_printed(
    client, tree, proposal
):
    client.force_login(tree.users["principal_a1"])
    url = reverse("proposal_signoff", kwargs={"pk": proposal.pk})
    page = client.get(url).content.decode()
    assert "Người ký, nơi nhận của tờ trình" in page
    response = client.post(
        url,
        {
            "signer_authority": "KT.",
            "signer_position": "PHÓ HIỆU TRƯỞNG",
            "signer_name": "Lê Văn Phó",
            "recipients": "- Như trên;\n- Ban Giám hiệu;\n- Lưu: VT.",
        },
    )
    assert response["Location"] == reverse("proposal_detail", kwargs={"pk": proposal.pk})
    proposal.refresh_from_db()
    assert (proposal.signer_authority, proposal.signer_name) == ("KT.", "Lê Văn Phó")
    printed = text_of(ProposalDocument(proposal))
    for line in ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "- Như trên;", "- Ban Giám hiệu;"):
        assert line in printed
    assert "- Lưu: VT." in printed
    assert "Lê Văn Phó" in text_of(NominationListDocument(proposal))
    assert AwardEvent.objects.filter(proposal=proposal, action="signoff").count() == 1
    # The next tờ trình of the school starts with them, and achievement reports the
    # school confirms carry the same signer.
    other = proposal_services.create_proposal(
        tree.users["principal_a1"], tree.school_a1, make_round(tree.office_a, name="Quý I")
    )
    assert (other.signer_position, other.signer_name) == ("PHÓ HIỆU TRƯỞNG", "Lê Văn Phó")
    assert other.recipients == "Như trên\nBan Giám hiệu\nLưu: VT"
    assert confirming_head(tree.school_a1) == "Lê Văn Phó"


def test_a_sent_proposal_keeps_its_signer(tree, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SENT)
    with pytest.raises(ServiceError, match="Tờ trình đã gửi"):
        signoff.set_proposal_signoff(
            tree.users["principal_a1"], proposal, "", "HIỆU TRƯỞNG", "Ai Đó", []
        )


def test_signoff_form_refuses_bad_input_at_the_field(client, tree, proposal):
    client.force_login(tree.users["principal_a1"])
    url = reverse("proposal_signoff", kwargs={"pk": proposal.pk})
    response = client.post(
        url,
        {
            "signer_authority": "THỪA ỦY QUYỀN",
            "signer_position": "",
            "signer_name": "x" * 101,
            "recipients": "y" * 301,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"signer_authority", "signer_position", "signer_name", "recipients"}
    assert "tối đa 300 ký tự" in errors["recipients"][0]
    proposal.refresh_from_db()
    assert proposal.signer_name == ""


def test_decision_recipients_are_printed_and_its_signer_remembered(client, tree, catalogue):
    nomination = make_nomination(
        make_round(tree.school_a1),
        person_of(tree.users["teacher_a1"]),
        award_form="giay-khen-hieu-truong",
        status=Nomination.Status.ACCEPTED,
        holder=tree.school_a1,
    )
    decision = make_decision(tree.school_a1, [nomination], recorded=False)
    client.force_login(tree.users["principal_a1"])
    client.post(
        reverse("decision_signoff", kwargs={"pk": decision.pk}),
        {
            "signer_authority": "",
            "signer_position": "HIỆU TRƯỞNG",
            "signer_name": "Nguyễn Thị Bang",
            "recipients": "Như Điều 3\nCông đoàn trường\nLưu: VT",
        },
    )
    decision.refresh_from_db()
    printed = text_of(DecisionDocument(decision))
    assert "- Như Điều 3; - Công đoàn trường; - Lưu: VT." in printed
    assert "Nguyễn Thị Bang" in printed
    fresh = decision_services.create_decision(tree.users["principal_a1"], tree.school_a1)
    assert (fresh.signer_position, fresh.signer_name) == ("HIỆU TRƯỞNG", "Nguyễn Thị Bang")
    assert fresh.recipients == "Như Điều 3\nCông đoàn trường\nLưu: VT"
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.RECORDED)
    response = client.post(
        reverse("decision_signoff", kwargs={"pk": decision.pk}),
        {"signer_position": "HIỆU TRƯỞNG", "signer_name": "Khác"},
    )
    assert "Quyết định đã ban hành, không sửa được." in response.content.decode()
