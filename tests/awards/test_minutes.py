"""The council's minutes (issue 13, item 5): made from the sitting, with presence and the
quorum, every candidate's votes against the threshold, the absent member's written
opinion counted, as PDF and as Word, signed by the secretary and the chair."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from awards.minutes_documents import MinutesDocument
from awards.models import Title
from awards.services import council, minutes
from schools.models import SchoolYear
from schools.services import ServiceError
from tests.awards.test_documents import pdf_text
from tests.factories import PersonFactory
from tests.factories.awards import person_of

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def sitting(tree):
    """A council of five: four vote, one is away and sends a written opinion."""
    users = tree.users
    voters = ["principal_a1", "chair_a1", "leader_a1", "teacher_a1"]
    away = PersonFactory(organization=tree.school_a1, full_name="Đỗ Thị Vắng")
    board = council.set_council(
        users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(users["principal_a1"]),
        [person_of(users[u]) for u in voters] + [away],
    )
    vote = council.open_vote(
        users["principal_a1"],
        board,
        "Bình xét danh hiệu thi đua năm học",
        datetime.date(2026, 5, 20),
        [
            (Title.objects.get(code="ldtt"), person_of(users["teacher_a1"])),
            (Title.objects.get(code="cstdcs"), person_of(users["leader_a1"])),
        ],
    )
    ldtt, cstdcs = vote.candidates.order_by("order")
    minutes.record_written_opinion(
        users["principal_a1"], vote, away, {ldtt.pk: True, cstdcs.pk: True}
    )
    for user in voters:
        # one voter says no to the CSTĐCS: 4 of 5 = 80 %, just the threshold
        council.cast_ballot(users[user], vote, {ldtt.pk: True, cstdcs.pk: user != "chair_a1"})
    return vote, away


def test_the_written_opinion_counts_and_cannot_be_doubled(tree, sitting):
    vote, away = sitting
    users = tree.users
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        minutes.record_written_opinion(
            users["principal_a1"],
            vote,
            person_of(users["teacher_a1"]),
            {c.pk: True for c in vote.candidates.all()},
        )
    council.close_vote(users["principal_a1"], vote)
    counts = {c.title.code: (c.yes_count, c.no_count, c.passed) for c in vote.candidates.all()}
    assert counts == {"ldtt": (5, 0, True), "cstdcs": (4, 1, True)}


def test_a_member_whose_opinion_was_written_cannot_vote_too(tree):
    users = tree.users
    away = person_of(users["chair_a1"])
    board = council.set_council(
        users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(users["principal_a1"]),
        [away, person_of(users["teacher_a1"])],
    )
    vote = council.open_vote(
        users["principal_a1"],
        board,
        "Bình xét",
        datetime.date(2026, 5, 20),
        [(Title.objects.get(code="ldtt"), person_of(users["teacher_a1"]))],
    )
    answers = {c.pk: True for c in vote.candidates.all()}
    minutes.record_written_opinion(users["principal_a1"], vote, away, answers)
    with pytest.raises(ServiceError, match="ý kiến bằng văn bản của bạn"):
        council.cast_ballot(users["chair_a1"], vote, answers)


def save(tree, vote, **extra):
    data = {
        "place": "Phòng họp Trường A1",
        "started_at": datetime.time(14, 0),
        "ended_at": datetime.time(16, 30),
        "secretary": person_of(tree.users["chair_a1"]),
        "other_opinions": "Đề nghị nhà trường công khai danh sách trước ngày 25/5.",
        **extra,
    }
    return minutes.save_minutes(tree.users["principal_a1"], vote, data)


def test_the_minutes_as_pdf_and_word_carry_the_vote(tree, sitting):
    vote, _away = sitting
    council.close_vote(tree.users["principal_a1"], vote)
    save(tree, vote)
    vote.refresh_from_db()
    text = " ".join(" ".join(page.split()) for page in pdf_text(MinutesDocument(vote).pdf()))
    for expected in [
        "BIÊN BẢN",
        "HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "Thời gian: 14 giờ 00 phút, ngày 20 tháng 05 năm 2026.",
        "Địa điểm: Phòng họp Trường A1.",
        "Tổng số thành viên Hội đồng: 5; có mặt: 4 (80,0%); vắng mặt: 1 (trong đó 1 có ý kiến",
        "Đỗ Thị Vắng",
        "vắng mặt, có ý kiến bằng văn bản.",
        "đạt tỷ lệ tối thiểu 2/3 tổng số thành viên: cuộc họp đủ điều kiện tiến hành.",
        "100,0% (cần > 50%)",
        "80,0% (cần ≥ 80%)",
        "III. KẾT LUẬN",
        "Đề nghị nhà trường công khai danh sách trước ngày 25/5.",
        "Cuộc họp kết thúc lúc 16 giờ 30 phút cùng ngày.",
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
    ]:
        assert expected in text, expected
    word = docx.Document(io.BytesIO(MinutesDocument(vote).docx()))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Địa điểm: Phòng họp Trường A1." in paragraphs
    results = word.tables[1]
    assert [c.text for c in results.rows[0].cells][0] == "STT"
    rows = [[c.text for c in row.cells] for row in results.rows[1:]]
    assert [r[3:5] + [r[6]] for r in rows] == [["5", "0", "Đạt"], ["4", "1", "Đạt"]]
    signatures = [c.text for c in word.tables[2].rows[0].cells]
    assert "THƯ KÝ" in signatures[0] and "CHỦ TỊCH HỘI ĐỒNG" in signatures[1]


def test_the_quorum_fails_when_too_few_sat(tree, sitting):
    vote, _away = sitting
    ctx = MinutesDocument(vote).context()
    assert ctx["attendance"].has_quorum  # 4 of 5
    ctx["attendance"].present = ctx["attendance"].present[:3]  # 3 of 5 < 2/3
    assert not ctx["attendance"].has_quorum


def test_the_form_refuses_bad_times_and_a_secretary_outside_the_council(tree, sitting, client):
    vote, _away = sitting
    client.force_login(tree.users["principal_a1"])
    url = reverse("minutes_edit", args=[vote.pk])
    data = {
        "place": "Phòng họp",
        "started_at": "25:00",
        "secretary": person_of(tree.users["chair_a1"]).pk,
    }
    response = client.post(url, data)
    assert "Giờ không hợp lệ" in response.context["form"].errors["started_at"][0]
    response = client.post(url, {**data, "started_at": "14:00", "ended_at": "13:00"})
    assert "Giờ kết thúc phải sau giờ bắt đầu" in response.context["form"].errors["ended_at"][0]
    outsider = PersonFactory(organization=tree.school_a1)
    response = client.post(url, {**data, "started_at": "14:00", "secretary": outsider.pk})
    assert "secretary" in response.context["form"].errors
    response = client.post(url, {**data, "started_at": "14:00"})
    assert response.status_code == 302
    page = client.get(reverse("vote_detail", args=[vote.pk])).content.decode()
    assert "Phòng họp" in page and "Sửa biên bản" in page
    download = client.get(reverse("minutes_docx", args=[vote.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="bien-ban-')


def test_the_written_opinion_form(tree, sitting, client):
    vote, away = sitting
    client.force_login(tree.users["principal_a1"])
    url = reverse("written_opinion", args=[vote.pk])
    page = client.get(url)
    members = list(page.context["form"].fields["member"].queryset)
    assert members == [away]  # the four who voted are not offered
    response = client.post(url, {"member": away.pk})
    assert "Hãy chọn đồng ý hoặc không đồng ý." in str(response.context["form"].errors)


def test_a_tie_goes_to_the_woman(tree):
    """Two LĐTT candidates with the same votes: the woman ranks first, and the minutes
    say why (NĐ 152/2025, Điều 4)."""
    users = tree.users
    man = PersonFactory(organization=tree.school_a1, full_name="Lê Văn Nam", gender="male")
    woman = PersonFactory(organization=tree.school_a1, full_name="Lê Thị Nữ", gender="female")
    board = council.set_council(
        users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(users["principal_a1"]),
        [person_of(users["chair_a1"]), person_of(users["teacher_a1"])],
    )
    ldtt = Title.objects.get(code="ldtt")
    vote = council.open_vote(
        users["principal_a1"],
        board,
        "Bình xét",
        datetime.date(2026, 5, 20),
        [(ldtt, man), (ldtt, woman)],
    )
    for user in ("principal_a1", "chair_a1", "teacher_a1"):
        council.cast_ballot(users[user], vote, {c.pk: True for c in vote.candidates.all()})
    vote = council.close_vote(users["principal_a1"], vote)
    rows = {r["candidate"].person: r for r in council.results(vote)}
    assert (rows[woman]["rank"], rows[woman]["tie_to_woman"]) == (1, True)
    assert (rows[man]["rank"], rows[man]["tie_to_woman"]) == (2, False)
    assert "ưu tiên cho nữ" in " ".join(MinutesDocument(vote).context()["closing_lines"])


def test_no_nomination_from_a_sitting_without_quorum(tree):
    from tests.factories.awards import make_round

    users = tree.users
    board = council.set_council(
        users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(users["principal_a1"]),
        [person_of(users["chair_a1"]), person_of(users["teacher_a1"])],
    )
    vote = council.open_vote(
        users["principal_a1"],
        board,
        "Bình xét",
        datetime.date(2026, 5, 20),
        [(Title.objects.get(code="ldtt"), person_of(users["teacher_a1"]))],
    )
    council.cast_ballot(users["principal_a1"], vote, {c.pk: True for c in vote.candidates.all()})
    council.close_vote(users["principal_a1"], vote)
    from awards.services import nominations

    with pytest.raises(ServiceError, match="chỉ có 1/3 thành viên bỏ phiếu, chưa đủ 2/3"):
        nominations.nominate_from_vote(users["principal_a1"], vote, make_round(tree.school_a1))
