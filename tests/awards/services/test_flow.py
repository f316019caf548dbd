"""A nomination's whole path: school → Phòng → Sở → decision, through the services."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import AwardEvent, AwardForm, Nomination, Proposal, ProposalItem, Title
from awards.services import decisions, nominations, proposals
from awards.services.common import ServiceError
from tests.factories import PersonFactory
from tests.factories.awards import make_round, person_of

S = Nomination.Status
Outcome = ProposalItem.Outcome


def giay_khen():
    return AwardForm.objects.get(code="giay-khen-giam-doc-so")


def nominate(tree, person, round, nomination=None, **data):
    return nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round,
        {"person": person, "award_form": giay_khen(), "achievements": "Dạy giỏi", **data},
        nomination,
    )


@pytest.fixture
def round_(tree):
    return make_round(tree.dept_a)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_full_path_up_to_the_decision(tree, round_):
    teacher = person_of(tree.users["teacher_a1"])
    nomination = nominate(tree, teacher, round_)
    nominations.add_evidence(
        tree.users["principal_a1"], nomination, SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 x")
    )
    school_proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    assert school_proposal.recipient == tree.office_a
    proposals.set_items(tree.users["principal_a1"], school_proposal, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], school_proposal)
    nomination.refresh_from_db()
    school_proposal.refresh_from_db()
    assert (nomination.status, nomination.holder) == (S.SUBMITTED, tree.office_a)
    assert school_proposal.number == 1 and not school_proposal.is_late

    item = school_proposal.items.get()
    with pytest.raises(PermissionDenied):
        proposals.review_item(tree.users["principal_a1"], item, Outcome.ACCEPTED)
    proposals.review_item(tree.users["office_a"], item, Outcome.ACCEPTED)
    school_proposal.refresh_from_db()
    assert school_proposal.status == Proposal.Status.REVIEWED

    office_proposal = proposals.create_proposal(tree.users["office_a"], tree.office_a, round_)
    assert office_proposal.recipient == tree.dept_a
    proposals.set_items(tree.users["office_a"], office_proposal, [nomination])
    proposals.send_proposal(tree.users["office_a"], office_proposal)
    proposals.accept_all(tree.users["dept_a"], office_proposal)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.holder) == (S.ACCEPTED, tree.dept_a)

    decision = decisions.create_decision(tree.users["dept_a"], tree.dept_a, round_)
    decisions.set_awardees(tree.users["dept_a"], decision, [nomination])
    decisions.record_decision(tree.users["dept_a"], decision, signer_name="Nguyễn Văn Ký")
    nomination.refresh_from_db()
    assert nomination.status == S.AWARDED
    awardee = decision.awardees.get()
    assert (awardee.name, awardee.unit_label) == (teacher.full_name, "Trường A1")
    actions = list(
        AwardEvent.objects.filter(nomination=nomination).values_list("action", flat=True)
    )
    assert actions == [
        "create",
        "evidence",
        "send",
        "review_accepted",
        "send",
        "review_accepted",
        "award",
    ]


def test_returned_nomination_goes_back_home_and_can_be_fixed_and_resent(tree, round_):
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), round_)
    proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], proposal, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], proposal)
    item = proposal.items.get()
    with pytest.raises(ServiceError, match="lý do"):
        proposals.review_item(tree.users["office_a"], item, Outcome.RETURNED, "")
    mail.outbox.clear()
    proposals.review_item(tree.users["office_a"], item, Outcome.RETURNED, "Thiếu minh chứng")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.holder) == (S.RETURNED, tree.school_a1)
    assert nomination.last_comment == "Thiếu minh chứng"
    with pytest.raises(ServiceError, match="không ở trạng thái chờ xét"):
        proposals.review_item(tree.users["office_a"], item, Outcome.ACCEPTED)
    # fixed in place: a second nomination of the same award and round is a duplicate
    nominate(tree, nomination.person, round_, nomination, achievements="Dạy giỏi; có minh chứng")
    again = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], again, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], again)
    nomination.refresh_from_db()
    again.refresh_from_db()
    assert nomination.status == S.SUBMITTED and again.number == 2


def test_late_proposal_is_marked_not_refused(tree):
    late_round = make_round(tree.dept_a, deadline_in_days=-1)
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), late_round)
    proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, late_round)
    proposals.set_items(tree.users["principal_a1"], proposal, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], proposal)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SENT and proposal.is_late


def test_quota_is_checked_over_the_whole_round(tree):
    round_ = make_round(tree.dept_a, quota=2)
    people = [PersonFactory(organization=tree.school_a1) for _ in range(3)]
    first = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(
        tree.users["principal_a1"], first, [nominate(tree, p, round_) for p in people[:2]]
    )
    proposals.send_proposal(tree.users["principal_a1"], first)
    second = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], second, [nominate(tree, people[2], round_)])
    with pytest.raises(
        ServiceError, match="tối đa 2 đề nghị; đơn vị đã gửi 2, tờ trình này thêm 1"
    ):
        proposals.send_proposal(tree.users["principal_a1"], second)
    second.refresh_from_db()
    assert second.status == Proposal.Status.DRAFT


def test_rules_block_sending_and_say_why(tree, round_):
    teacher = person_of(tree.users["teacher_a1"])
    nomination = nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {"person": teacher, "title": Title.objects.get(code="cstdcs"), "achievements": "x"},
    )
    found = [f for f in nominations.findings(nomination) if not f.ok]
    blocking = [f.message for f in found if f.blocks]
    warnings = [f.message for f in found if not f.blocks]
    assert any("Lao động tiên tiến" in m for m in blocking)
    # the vote threshold of NĐ 152/2025 is not confirmed: it warns, it does not block
    assert any("phiếu đồng ý" in m for m in warnings)
    proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], proposal, [nomination])
    with pytest.raises(ServiceError, match="chưa đủ điều kiện.*Trần Thị Gv_a1"):
        proposals.send_proposal(tree.users["principal_a1"], proposal)


def test_bad_nominations_are_refused_with_reasons(tree, round_):
    other_school_person = PersonFactory(organization=tree.school_b1)
    with pytest.raises(ServiceError, match="không thuộc Trường A1"):
        nominate(tree, other_school_person, round_)
    with pytest.raises(ServiceError, match="dành cho tập thể"):
        nominate(
            tree,
            person_of(tree.users["teacher_a1"]),
            round_,
            award_form=None,
            title=Title.objects.get(code="ttldtt"),
        )
    with pytest.raises(ServiceError, match="tóm tắt thành tích"):
        nominate(tree, person_of(tree.users["teacher_a1"]), round_, achievements="  ")
    with pytest.raises(PermissionDenied):
        nominations.save_nomination(
            tree.users["principal_a2"],
            tree.school_a1,
            round_,
            {
                "person": person_of(tree.users["teacher_a1"]),
                "award_form": giay_khen(),
                "achievements": "x",
            },
        )
    other_round = make_round(tree.dept_b)
    with pytest.raises(ServiceError, match="không dành cho đơn vị"):
        nominate(tree, person_of(tree.users["teacher_a1"]), other_round)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("a.pdf", b"", "rỗng"),
        ("a.pdf", b"MZ\x90\x00 not a pdf", "không phải PDF"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n....", "thực chất là PNG"),
        ("a.docx", b"PK\x03\x04 broken zip", "không phải PDF"),
    ],
)
def test_evidence_is_checked_from_its_content(tree, round_, name, content, message):
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), round_)
    with pytest.raises(ServiceError, match=message):
        nominations.add_evidence(
            tree.users["principal_a1"], nomination, SimpleUploadedFile(name, content)
        )
    assert not nomination.evidence.exists()


def test_evidence_sizes_and_office_files(tree, round_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), round_)
    item = nominations.add_evidence(
        tree.users["principal_a1"], nomination, SimpleUploadedFile("ke-hoach.docx", docx_bytes())
    )
    assert item.kind == "docx" and item.size == len(docx_bytes())
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ServiceError, match="lớn hơn 10 MB"):
        nominations.add_evidence(tree.users["principal_a1"], nomination, big)
    nine = b"%PDF-" + b"0" * (9 * 1024 * 1024)
    for i in range(5):
        nominations.add_evidence(
            tree.users["principal_a1"], nomination, SimpleUploadedFile(f"{i}.pdf", nine)
        )
    with pytest.raises(ServiceError, match="tối đa 50 MB"):
        nominations.add_evidence(
            tree.users["principal_a1"], nomination, SimpleUploadedFile("6.pdf", nine)
        )
    assert nomination.evidence.count() == 6


def test_proposal_goes_only_to_the_direct_parent(tree, round_):
    with pytest.raises(ServiceError, match="cơ quan quản lý trực tiếp"):
        proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_, tree.dept_a)


def test_decision_refuses_someone_never_nominated_to_it(tree, round_):
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), round_)
    decision = decisions.create_decision(tree.users["office_a"], tree.office_a, round_)
    with pytest.raises(ServiceError, match="chưa được đề nghị lên Phòng A"):
        decisions.set_awardees(tree.users["office_a"], decision, [nomination])
    with pytest.raises(ServiceError, match="chưa có ai"):
        decisions.record_decision(tree.users["office_a"], decision, signer_name="A")


def test_principal_decides_own_giay_khen(tree):
    round_ = make_round(tree.school_a1, deadline_in_days=3)
    nomination = nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {
            "person": person_of(tree.users["teacher_a1"]),
            "award_form": AwardForm.objects.get(code="giay-khen-hieu-truong"),
            "achievements": "Giáo viên dạy giỏi cấp trường",
        },
    )
    decision = decisions.create_decision(tree.users["principal_a1"], tree.school_a1, round_)
    decisions.set_awardees(tree.users["principal_a1"], decision, [nomination])
    decisions.record_decision(
        tree.users["principal_a1"],
        decision,
        decision_date=datetime.date(2026, 11, 20),
        signer_name="Trần Thị Ht_a1",
    )
    decision.refresh_from_db()
    assert decision.is_recorded and decision.reference == f"01/QĐ-{tree.school_a1.abbreviation}"
    with pytest.raises(ServiceError, match="đã ban hành"):
        decisions.record_decision(tree.users["principal_a1"], decision)


def test_funnel_quotas_per_team_school_and_office(tree):
    """Seed 003: each team picks at most 2, each school sends 1 to the district, each
    district sends 3 to the city."""
    from schools.models import Unit
    from tests.factories import UnitFactory

    round_ = make_round(tree.dept_a, quota_per_team=2, quota=1, quota_per_office=3)
    team = UnitFactory(organization=tree.school_a1, name="Tổ 3", kind=Unit.Kind.PROFESSIONAL_TEAM)
    people = [PersonFactory(organization=tree.school_a1, team=team) for _ in range(3)]
    picked = [nominate(tree, p, round_) for p in people[:2]]
    with pytest.raises(ServiceError, match="Tổ 3 đã chọn đủ"):
        nominate(tree, people[2], round_)
    proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], proposal, picked)
    with pytest.raises(ServiceError, match="tối đa 1 đề nghị"):
        proposals.send_proposal(tree.users["principal_a1"], proposal)
    proposals.set_items(tree.users["principal_a1"], proposal, picked[:1])
    proposals.send_proposal(tree.users["principal_a1"], proposal)
    assert round_.quota_for(tree.office_a) == 3 and round_.quota_for(tree.school_a1) == 1


def test_return_from_the_department_goes_back_to_the_school_that_can_fix_it(tree, round_):
    nomination = nominate(tree, person_of(tree.users["teacher_a1"]), round_)
    school = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], school, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], school)
    proposals.accept_all(tree.users["office_a"], school)
    office = proposals.create_proposal(tree.users["office_a"], tree.office_a, round_)
    proposals.set_items(tree.users["office_a"], office, [nomination])
    proposals.send_proposal(tree.users["office_a"], office)
    proposals.review_item(tree.users["dept_a"], office.items.get(), Outcome.RETURNED, "Bổ sung")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.holder) == (S.RETURNED, tree.school_a1)
    assert not proposals.sendable(tree.office_a, round_).exists()
    # a second nomination of the same award in the round is refused, naming the first
    with pytest.raises(ServiceError, match="Trả lại để bổ sung"):
        nominate(tree, nomination.person, round_, achievements="Đã bổ sung minh chứng")
    nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {"person": nomination.person, "award_form": giay_khen(), "achievements": "Bổ sung"},
        nomination,
    )
    assert list(proposals.sendable(tree.school_a1, round_)) == [nomination]


def test_decision_records_the_nominee_as_it_is_when_recorded(tree):
    round_ = make_round(tree.school_a1)
    form = AwardForm.objects.get(code="giay-khen-hieu-truong")
    first, second = (
        PersonFactory(organization=tree.school_a1),
        PersonFactory(organization=tree.school_a1),
    )
    nomination = nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {"person": first, "award_form": form, "achievements": "x"},
    )
    decision = decisions.create_decision(tree.users["principal_a1"], tree.school_a1, round_)
    decisions.set_awardees(tree.users["principal_a1"], decision, [nomination])
    with pytest.raises(ServiceError, match="dự thảo quyết định"):
        nominations.delete_nomination(tree.users["principal_a1"], nomination)
    nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {"person": second, "award_form": form, "achievements": "x"},
        nomination,
    )
    decisions.record_decision(tree.users["principal_a1"], decision, signer_name="HT")
    assert decision.awardees.get().name == second.full_name
