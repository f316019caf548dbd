"""One URL, one view and one form per action of the proposal, decision and council-vote
pages (issue 15, item 8). Each view: its actor's post does the action; bad input gets a
Vietnamese message naming the field, and nothing is written; another school's user gets
404; someone who sees the object but may not act is refused, and nothing is written.
(The whole matrix of roles is tests/test_permissions.py and
tests/security/test_see_but_not_act.py; the review's own views are in
test_review_views.py.)"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.models import BallotReceipt, Decision, Nomination, Posting, Proposal
from tests.awards.object_urls.workflow import (
    closed_vote_of_a1,
    draft_proposal_of_a1,
    sent_proposal_of_a1,
    unscanned_proposal_of_a1,
    vote_of_a1,
)
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.security.test_see_but_not_act import writes

TODAY = timezone.localdate().strftime("%d/%m/%Y")
NO_RIGHT = "Bạn không có quyền thực hiện thao tác này."


def accepted_at_a1(tree):
    """A nomination school A1 holds, accepted, that its own decision may award."""
    return make_nomination(
        make_round(tree.school_a1),
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
    )


def empty_decision_of_a1(tree):
    accepted_at_a1(tree)
    return make_decision(tree.school_a1, [], recorded=False)


def draft_decision_of_a1(tree):
    return make_decision(tree.school_a1, [accepted_at_a1(tree)], recorded=False)


def recorded_decision_of_a1(tree):
    nomination = make_nomination(
        make_round(tree.school_a1),
        person_of(tree.users["teacher_a1"]),
        award_form="giay-khen-hieu-truong",
    )
    return make_decision(tree.school_a1, [nomination])


def draft_with_item(tree):
    proposal = draft_proposal_of_a1(tree)
    proposal.items.create(nomination=Nomination.objects.get(round=proposal.round))
    return proposal


def _ready(proposal):
    return {"nominations": [Nomination.objects.get(round=proposal.round).pk]}


@dataclass
class Case:
    url: str
    make: object  # tree -> object
    actor: str
    body: object  # (tree, obj) -> POST data
    done: object  # obj -> True once the action is done
    success: str
    bad: dict | None = None  # POST data refused by the form
    bad_message: str = ""
    seer: tuple | None = None  # (role, maker, message): sees such an object, may not act
    extra: object = None  # (obj) -> other URL kwargs

    def __str__(self):
        return self.url

    def reverse(self, obj):
        return reverse(self.url, kwargs={"pk": obj.pk, **(self.extra(obj) if self.extra else {})})


def _status(model, pk):
    return model.objects.get(pk=pk).status


CASES = [
    Case(
        "proposal_items",
        draft_proposal_of_a1,
        "principal_a1",
        lambda tree, p: _ready(p),
        lambda p: p.items.count() == 1,
        "Đã lưu danh sách.",
        {"nominations": ["x"]},
        "Danh sách đề nghị: danh sách gửi lên không hợp lệ; hãy tải lại trang.",
    ),
    Case(
        "proposal_send",
        draft_with_item,
        "principal_a1",
        lambda tree, p: {},
        lambda p: _status(Proposal, p.pk) == Proposal.Status.SENT,
        "Đã gửi tờ trình lên Phòng A.",
    ),
    Case(
        "proposal_scan_upload",
        unscanned_proposal_of_a1,
        "principal_a1",
        lambda tree, p: {
            "scan": SimpleUploadedFile("a.pdf", b"%PDF-1.4 signed", "application/pdf")
        },
        lambda p: bool(Proposal.objects.get(pk=p.pk).signed_scan),
        "Đã lưu bản ký.",
        {},
        "Tải lên bản tờ trình đã ký, đóng dấu (PDF): hãy chọn tệp PDF bản ký.",
        ("office_a", unscanned_proposal_of_a1, NO_RIGHT),
    ),
    Case(
        "proposal_review",
        sent_proposal_of_a1,
        "office_a",
        lambda tree, p: {"outcome": "rejected", "comment": "Chưa đủ thành tích"},
        lambda p: p.items.get().outcome == "rejected",
        "Đã ghi kết quả xét.",
        {"outcome": "returned", "comment": "x" * 5001},
        "Ý kiến: tối đa 5.000 ký tự; nội dung đã nhập có 5.001 ký tự.",
        ("principal_a1", sent_proposal_of_a1, NO_RIGHT),
        lambda p: {"item_pk": p.items.get().pk},
    ),
    Case(
        "proposal_accept_items",
        sent_proposal_of_a1,
        "office_a",
        lambda tree, p: {"items": [p.items.get().pk]},
        lambda p: p.items.get().outcome == "accepted",
        "Đã chấp nhận 1 đề nghị đã chọn.",
        {"items": ["9" * 30]},
        "Đề nghị được chọn: danh sách gửi lên không hợp lệ; hãy tải lại trang.",
        ("principal_a1", sent_proposal_of_a1, NO_RIGHT),
    ),
    Case(
        "proposal_accept_all",
        sent_proposal_of_a1,
        "office_a",
        lambda tree, p: {},
        lambda p: p.items.get().outcome == "accepted",
        "Đã chấp nhận tất cả đề nghị còn chờ xét.",
        seer=("dept_a", sent_proposal_of_a1, NO_RIGHT),
    ),
    Case(
        "decision_awardees",
        empty_decision_of_a1,
        "principal_a1",
        lambda tree, d: {
            "nominations": [Nomination.objects.get(round__campaign__organization=tree.school_a1).pk]
        },
        lambda d: d.awardees.count() == 1,
        "Đã lưu danh sách khen thưởng.",
        {"nominations": ["1", "abc"]},
        "Danh sách đề nghị: danh sách gửi lên không hợp lệ; hãy tải lại trang.",
        ("teacher_a1", recorded_decision_of_a1, NO_RIGHT),
    ),
    Case(
        "decision_record",
        draft_decision_of_a1,
        "principal_a1",
        lambda tree, d: {"decision_date": TODAY, "number": "7", "signer_name": "Lê Văn Ký"},
        lambda d: _status(Decision, d.pk) == Decision.Status.RECORDED,
        "Đã ban hành quyết định.",
        {"decision_date": "30/02/2026", "number": "7"},
        "Ngày quyết định: phải có dạng ngày/tháng/năm, ví dụ 10/03/2027.",
        ("teacher_a1", recorded_decision_of_a1, NO_RIGHT),
    ),
    Case(
        "vote_ballot",
        vote_of_a1,
        "chair_a1",
        lambda tree, v: {f"c{v.candidates.get().pk}": "no"},
        lambda v: BallotReceipt.objects.filter(vote=v).exists(),
        "Đã ghi nhận phiếu của bạn.",
        {"c0": "yes", "cabc": "no"},
        "phiếu phải có ý kiến đồng ý hoặc không đồng ý cho từng người trong danh sách.",
        ("office_a", vote_of_a1, "Chỉ thành viên hội đồng mới được bỏ phiếu."),
    ),
    Case(
        "vote_close",
        vote_of_a1,
        "principal_a1",
        lambda tree, v: {},
        lambda v: not v.__class__.objects.get(pk=v.pk).is_open,
        "Đã kết thúc bỏ phiếu; kết quả là chính thức.",
        seer=("chair_a1", vote_of_a1, NO_RIGHT),
    ),
    Case(
        "vote_post",
        closed_vote_of_a1,
        "principal_a1",
        lambda tree, v: {"opens_on": TODAY, "closes_on": TODAY, "note": "Góp ý trước thứ Sáu"},
        lambda v: Posting.objects.filter(vote=v, note="Góp ý trước thứ Sáu").exists(),
        "Đã công khai danh sách đến toàn trường.",
        {"opens_on": "hôm nay", "closes_on": TODAY},
        "Công khai từ ngày: phải có dạng ngày/tháng/năm, ví dụ 10/03/2027.",
        ("chair_a1", closed_vote_of_a1, NO_RIGHT),
    ),
    Case(
        "vote_nominate",
        closed_vote_of_a1,
        "principal_a1",
        lambda tree, v: {"round": make_round(tree.dept_a).pk},
        lambda v: Nomination.objects.filter(person=v.candidates.get().person).exists(),
        "Đã lập đề nghị cho những người đạt.",
        {"round": ""},
        "Đợt đề nghị: hãy chọn một đợt đề nghị.",
        ("chair_a1", closed_vote_of_a1, NO_RIGHT),
    ),
]


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_actor_does_it(client, tree, case):
    obj = case.make(tree)
    client.force_login(tree.users[case.actor])
    response = client.post(case.reverse(obj), case.body(tree, obj), follow=True)
    assert case.success in messages_of(response), messages_of(response)
    assert case.done(obj)


@pytest.mark.parametrize("case", [c for c in CASES if c.bad is not None], ids=str)
def test_bad_input_is_named_and_changes_nothing(client, tree, case):
    obj = case.make(tree)
    client.force_login(tree.users[case.actor])
    url = case.reverse(obj)
    before = writes()
    response = client.post(url, case.bad)
    assert response.status_code == 302 and writes() == before
    assert case.bad_message in messages_of(client.get(response["Location"]))
    assert not case.done(obj)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_another_schools_user_gets_404(client, tree, case):
    obj = case.make(tree)
    body = case.body(tree, obj)
    for role in ("principal_b1", "office_b", "teacher_b1", "principal_a2"):
        client.force_login(tree.users[role])
        assert client.post(case.reverse(obj), body).status_code == 404, role
    assert not case.done(obj)


@pytest.mark.parametrize("case", [c for c in CASES if c.seer], ids=str)
def test_who_sees_but_may_not_act_is_refused(client, tree, case):
    role, make, expected = case.seer
    obj = make(tree)
    client.force_login(tree.users[role])
    url = case.reverse(obj)
    assert (
        client.get(reverse(case.url.split("_")[0] + "_detail", args=[obj.pk])).status_code == 200
    ), "the refused user does not even see the object"
    body = case.body(tree, obj)
    before = writes()
    response = client.post(url, body)
    assert response.status_code == 302 and writes() == before
    assert expected in messages_of(client.get(response["Location"]))
