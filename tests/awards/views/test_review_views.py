"""The recipient's review of a proposal (issue 15, item 7): the page shows, beside each
nomination, the rules' verdict, its evidence and its achievements, at a fixed number of
queries; after each answer the reviewer lands on the next nomination waiting, in this
proposal or in the next one sent to the same office."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Evidence, Nomination, Proposal, ProposalItem
from tests.factories import PersonFactory
from tests.factories.awards import make_nomination, make_round, person_of

S = Nomination.Status
Outcome = ProposalItem.Outcome
LONG = "Dạy giỏi cấp tỉnh năm học 2025-2026. " * 12 + "KẾT THÚC THÀNH TÍCH."


def send(tree, round_, people, school=None, number=1, **extra):
    """A proposal of `school` (A1) sent to office A, one pending item per person."""
    school = school or tree.school_a1
    proposal = Proposal.objects.create(
        organization=school,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=number,
        symbol="TTr",
        sent_at=timezone.now(),
    )
    for order, person in enumerate(people):
        nomination = make_nomination(
            round_, person, status=S.SUBMITTED, holder=tree.office_a, **extra
        )
        ProposalItem.objects.create(proposal=proposal, nomination=nomination, order=order)
    return proposal


@pytest.fixture
def round_(tree):
    return make_round(tree.dept_a)


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def add_evidence(nomination, count):
    for number in range(count):
        item = Evidence(
            nomination=nomination, name=f"{number}.pdf", kind="pdf", size=9, sha256="0" * 64
        )
        item.file.save(f"{number}.pdf", ContentFile(b"%PDF-1.4 "), save=False)
        item.save()


def test_reviewer_reads_verdict_evidence_and_achievements_inline(
    client, tree, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    teacher = person_of(tree.users["teacher_a1"])
    other = PersonFactory(organization=tree.school_a1, full_name="Trần Thị Bình")
    proposal = send(tree, round_, [teacher])
    # Bình: Lao động tiên tiến without an evaluation rated "good" or better: blocked.
    blocked = make_nomination(
        round_, other, status=S.SUBMITTED, holder=tree.office_a, title="ldtt", achievements=LONG
    )
    blocked_item = ProposalItem.objects.create(proposal=proposal, nomination=blocked, order=1)
    passing = proposal.items.get(nomination__person=teacher)
    add_evidence(passing.nomination, 2)

    client.force_login(tree.users["office_a"])
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="bulk-review"' in page and "Chọn tất cả" in page
    assert "Chấp nhận các đề nghị đã chọn" in page and "Chấp nhận tất cả đề nghị còn chờ" in page

    def row_of(item):
        start = page.index(f'id="item-{item.pk}"')
        end = page.find('id="item-', start + 1)
        return page[start : end if end > 0 else len(page)]

    row = row_of(passing)
    assert "Đủ điều kiện" in row and "Không khen thưởng khi đang bị kỷ luật" in row
    assert "2 minh chứng" in row
    assert "Dạy giỏi cấp huyện; 100% học sinh hoàn thành." in row and "xem thêm" not in row
    row = row_of(blocked_item)  # the item's id, not its nomination's
    assert "Chưa đủ điều kiện" in row and "Cần hoàn thành tốt nhiệm vụ trở lên." in row
    assert "Chưa có minh chứng" in row
    # the long achievements: cut, with the whole text behind "xem thêm"
    assert "xem thêm" in row and "KẾT THÚC THÀNH TÍCH." in row
    short = row[row.index('class="short"') : row.index('class="more')]
    assert "KẾT THÚC" not in short and "…" in short
    assert f'name="items" value="{passing.pk}" form="accept-chosen"' in page

    # The sender sees the list without the reviewer's tools.
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="bulk-review"' not in page and "Chưa đủ điều kiện" not in page


def queries_of_review_page(client, proposal):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_review_page_costs_the_same_queries_for_3_and_30_items(
    client, tree, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(tree.users["office_a"])
    counts = {}
    for size in (3, 30):
        people = [PersonFactory(organization=tree.school_a1) for _ in range(size)]
        proposal = send(tree, round_, people, number=size)
        for item in proposal.items.all()[:2]:
            add_evidence(item.nomination, 1)
        counts[size], page = queries_of_review_page(client, proposal)
        assert page.count('data-testid="review-') == size
        assert page.count("1 minh chứng") == 2
    assert counts[3] == counts[30], counts


def post_review(client, proposal, item, **data):
    url = reverse("proposal_review", args=[proposal.pk, item.pk])
    return client.post(url, {"outcome": "accepted", **data})


def test_after_each_answer_the_next_one_waiting(client, tree, round_):
    teacher = person_of(tree.users["teacher_a1"])
    people = [teacher, PersonFactory(organization=tree.school_a1)]
    first = send(tree, round_, people, number=1)
    second = send(tree, round_, [PersonFactory(organization=tree.school_a2)], tree.school_a2, 2)
    one, two = first.items.order_by("order")
    client.force_login(tree.users["office_a"])

    # A refused answer stays on the same nomination, which keeps waiting.
    response = post_review(client, first, one, outcome="returned", comment="")
    assert response.url == reverse("proposal_detail", args=[first.pk]) + f"#item-{one.pk}"
    one.refresh_from_db()
    assert one.outcome == Outcome.PENDING

    response = post_review(client, first, one)
    assert response.url == reverse("proposal_detail", args=[first.pk]) + f"#item-{two.pk}"
    # the last one of this proposal: on to the next proposal sent to the office
    response = post_review(client, first, two, outcome="returned", comment="Thiếu minh chứng")
    waiting = second.items.get()
    assert response.url == reverse("proposal_detail", args=[second.pk]) + f"#item-{waiting.pk}"
    page = client.get(response.url)
    assert "Tiếp theo là tờ trình 02/TTr của Trường A2, còn đề nghị chờ xét." in messages_of(page)
    first.refresh_from_db()
    assert first.status == Proposal.Status.REVIEWED
    # nothing left anywhere: back to the list, saying so
    response = client.post(reverse("proposal_accept_all", args=[second.pk]))
    assert response.url == reverse("proposal_list")
    page = client.get(response.url)
    assert "không còn tờ trình nào gửi Phòng A đang chờ xét" in messages_of(page)


def test_next_waiting_starts_after_the_answered_one_and_wraps(client, tree, round_):
    people = [PersonFactory(organization=tree.school_a1) for _ in range(3)]
    proposal = send(tree, round_, people)
    one, two, three = proposal.items.order_by("order")
    client.force_login(tree.users["office_a"])
    response = post_review(client, proposal, two)  # the reviewer skipped the first
    assert response.url.endswith(f"#item-{three.pk}")
    response = post_review(client, proposal, three)
    assert response.url.endswith(f"#item-{one.pk}")


def test_accepting_the_chosen_ones(client, tree, round_):
    people = [PersonFactory(organization=tree.school_a1) for _ in range(3)]
    proposal = send(tree, round_, people)
    one, two, three = proposal.items.order_by("order")
    client.force_login(tree.users["office_a"])
    url = reverse("proposal_accept_items", args=[proposal.pk])
    response = client.post(url, {"items": [one.pk, three.pk]}, follow=True)
    assert "Đã chấp nhận 2 đề nghị đã chọn." in messages_of(response)
    assert response.redirect_chain[-1][0].endswith(f"#item-{two.pk}")
    outcomes = dict(proposal.items.values_list("pk", "outcome"))
    assert outcomes == {one.pk: "accepted", two.pk: "pending", three.pk: "accepted"}
    assert Nomination.objects.filter(status=S.ACCEPTED).count() == 2

    # Bad input: a message naming the field, and nothing changes.
    other = send(tree, round_, [PersonFactory(organization=tree.school_a1)], number=2)
    stranger = other.items.get()
    for data, message in [
        ({}, "Đề nghị được chọn: hãy chọn ít nhất một đề nghị để chấp nhận."),
        ({"items": ["abc"]}, "Đề nghị được chọn: danh sách gửi lên không hợp lệ"),
        ({"items": [two.pk, stranger.pk]}, "có đề nghị không thuộc tờ trình này"),
        ({"items": [two.pk, one.pk]}, f"Đã được xét trước đó: {one.nomination.nominee_name}."),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert message in messages_of(response), (data, messages_of(response))
    two.refresh_from_db()
    stranger.refresh_from_db()
    assert two.outcome == stranger.outcome == Outcome.PENDING
