"""Every state change is whole or nothing: the database fails in the middle of an
approval, of sending a proposal and of a certificate batch (a simulated lost connection
on every backend, a real pg_terminate_backend on PostgreSQL), and afterwards the
database holds either none of the change (every row of every table as before) or, once
the action is done again, all of it. The certificate task never stays stuck: it ends
"failed" with a Vietnamese message on the batch page, and starting again works.

These tests run outside a wrapping test transaction (transaction=True), so the service's
atomic block is the real transaction that is committed or rolled back."""

import pytest
from auditlog.context import set_actor
from django.apps import apps
from django.db import Error
from django.urls import reverse

from audit.models import LogEntry
from awards import tasks
from awards.models import AwardEvent, AwardForm, CertificateBatch, Nomination, Proposal
from awards.services import certificates, nominations, proposals
from emulation.models import Annex, DocumentCounter, GroupAssignment, Plan
from registrations import services as registration_services
from registrations.models import InnovationRegistration, ReviewEvent, Status, TeacherGroup
from tests.factories import PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.factories.registrations import make_campaign, make_group, make_registration
from tests.faults.conftest import HOW, interrupt

pytestmark = pytest.mark.django_db(transaction=True)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _catalogue(transactional_db, catalogue):
    """The catalogue and the law of the data migrations (tests/awards/conftest.py)."""


def database_state(skip=("sessions.Session",)):
    """Every row of every table, as values."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label not in skip
    }


def fail_then_compare(call, owner, name, on_call, how):
    """Run `call` with the database failing at the `on_call`-th call of owner.name; the
    database must be exactly as before."""
    before = database_state()
    with interrupt(owner, name, on_call, how), pytest.raises(Error):
        call()
    assert database_state() == before


# --- (a) approving a registration ----------------------------------------------------------


@pytest.fixture
def m1(tree):
    campaign = make_campaign(tree.school_a1)
    return make_registration(campaign, person_of(tree.users["teacher_a1"]), Status.FORWARDED)


@pytest.fixture
def m2(tree):
    """A group forwarded to the chair, of a campaign whose published plan has a group
    table."""
    campaign = make_campaign(tree.school_a1)
    Annex.objects.create(
        plan=Plan.objects.get(campaign=campaign), kind=Annex.Kind.GROUP_TABLE, title="Bảng nhóm"
    )
    leader = person_of(tree.users["teacher_a1"])
    member = PersonFactory(organization=tree.school_a1)  # a group is two people at least
    return make_group(campaign, leader, [member], status=Status.FORWARDED)


def approve(tree, item):
    chair = tree.users["chair_a1"]
    with set_actor(chair):
        return registration_services.approve(chair, item, "Đồng ý")


APPROVAL_POINTS = {
    # where the database fails: (form, object patched, method, which call)
    "m1-audit-entry": ("m1", LogEntry.objects, "log_create", 1),
    "m1-history-row": ("m1", ReviewEvent.objects, "bulk_create", 1),
    "m2-history-row": ("m2", ReviewEvent.objects, "bulk_create", 1),
    "m2-group-table": ("m2", GroupAssignment.objects, "bulk_create", 1),
}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("point", sorted(APPROVAL_POINTS))
def test_approval_is_whole_or_nothing(request, tree, point, how):
    form, owner, name, on_call = APPROVAL_POINTS[point]
    item = request.getfixturevalue(form)
    fail_then_compare(lambda: approve(tree, item), owner, name, on_call, how)

    approve(tree, item)  # again, on a working database: the whole change
    model = type(item)
    item = model.objects.get(pk=item.pk)
    assert (item.status, item.reviewer, item.last_comment) == (
        Status.APPROVED,
        tree.users["chair_a1"],
        "Đồng ý",
    )
    owner_filter = {"registration": item} if model is InnovationRegistration else {"group": item}
    event = ReviewEvent.objects.get(action="approve", **owner_filter)
    assert (event.from_status, event.to_status, event.actor) == (
        Status.FORWARDED,
        Status.APPROVED,
        tree.users["chair_a1"],
    )
    entry = LogEntry.objects.get(
        content_type__model=model._meta.model_name,
        object_pk=str(item.pk),
        action=LogEntry.Action.UPDATE,
    )
    assert entry.changes["status"] == ["forwarded", "approved"]
    assert entry.actor == tree.users["chair_a1"]
    if model is TeacherGroup:
        rows = GroupAssignment.objects.values_list("order", "group_name")
        assert list(rows) == [(1, item.name.upper())]


@pytest.mark.parametrize("how", HOW)
def test_a_failed_approval_on_the_page_says_so_and_changes_nothing(client, tree, m1, how):
    client.force_login(tree.users["chair_a1"])
    client.raise_request_exception = False
    url = reverse("registration_approve", kwargs={"pk": m1.pk})
    before = database_state()
    with interrupt(ReviewEvent.objects, "bulk_create", 1, how):
        response = client.post(url, {"version": m1.version})
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()
    assert "Những gì bạn đã lưu trước đó vẫn còn nguyên" in response.content.decode()
    assert database_state() == before
    response = client.post(url, {"version": m1.version}, follow=True)
    assert "Đã duyệt." in response.content.decode()
    assert InnovationRegistration.objects.get(pk=m1.pk).status == Status.APPROVED


# --- (b) sending a proposal -----------------------------------------------------------------


@pytest.fixture
def proposal(tree):
    """A draft proposal of school A1 carrying two nominations."""
    round_ = make_round(tree.dept_a)
    principal = tree.users["principal_a1"]
    award = AwardForm.objects.get(code="giay-khen-giam-doc-so")
    chosen = [
        nominations.save_nomination(
            principal,
            tree.school_a1,
            round_,
            {"person": person_of(tree.users[u]), "award_form": award, "achievements": "Dạy giỏi"},
        )
        for u in ("teacher_a1", "chair_a1")
    ]
    draft = proposals.create_proposal(principal, tree.school_a1, round_)
    return proposals.set_items(principal, draft, chosen)


PROPOSAL_POINTS = {
    "numbering": (proposals, "next_number", 1),
    "second-nomination": (Nomination, "save", 2),
    "second-history-row": (AwardEvent.objects, "create", 2),
    "proposal-history-row": (AwardEvent.objects, "create", 3),
}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("point", sorted(PROPOSAL_POINTS))
def test_sending_a_proposal_is_whole_or_nothing(tree, proposal, point, how):
    owner, name, on_call = PROPOSAL_POINTS[point]
    principal = tree.users["principal_a1"]

    def send():
        with set_actor(principal):
            return proposals.send_proposal(principal, proposal)

    fail_then_compare(send, owner, name, on_call, how)

    send()
    sent = Proposal.objects.get(pk=proposal.pk)
    assert (sent.status, sent.number, sent.is_late) == (Proposal.Status.SENT, 1, False)
    assert DocumentCounter.objects.get(organization=tree.school_a1).last_number == 1
    moved = Nomination.objects.filter(items__proposal=sent)
    assert {(n.status, n.holder) for n in moved} == {(Nomination.Status.SUBMITTED, tree.office_a)}
    assert AwardEvent.objects.filter(action="send").count() == 3  # two nominations, proposal
    updates = LogEntry.objects.filter(
        content_type__model="nomination", action=LogEntry.Action.UPDATE
    )
    assert {tuple(e.changes["holder"]) for e in updates} == {("Trường A1", "Phòng A")}


# --- (c) a certificate batch ----------------------------------------------------------------


@pytest.fixture
def decision(tree, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    round_ = make_round(tree.office_a)
    accepted = {"status": Nomination.Status.ACCEPTED, "holder": tree.office_a}
    people = [person_of(tree.users[u]) for u in ("teacher_a1", "chair_a1", "leader_a1")]
    return make_decision(tree.office_a, [make_nomination(round_, p, **accepted) for p in people])


def start(tree, decision):
    office = tree.users["office_a"]
    with set_actor(office):
        return certificates.start_certificates(office, decision)


@pytest.mark.parametrize("how", HOW)
def test_starting_a_batch_is_whole_or_nothing(tree, decision, how):
    fail_then_compare(lambda: start(tree, decision), AwardEvent.objects, "create", 1, how)
    batch = start(tree, decision)
    assert (batch.status, batch.total) == ("queued", 3)  # refreshed below: the task ran
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 3)
    assert AwardEvent.objects.filter(action="certificates", decision=decision).count() == 1


def media_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("on_call", [2, 3], ids=["progress", "finish"])
def test_a_batch_failing_in_the_task_ends_failed_and_starts_again(
    client, tree, decision, on_call, how, tmp_path
):
    """_beat calls of the task (after it claimed the batch): 1 total, 2 progress (one
    chunk), 3 done."""
    with interrupt(tasks, "_beat", on_call, how):
        batch = start(tree, decision)
    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.FAILED
    assert batch.error == (
        "Không tạo được giấy khen (OperationalError). Hãy thử tạo lại; nếu vẫn lỗi, báo "
        "quản trị hệ thống."
    )
    assert not batch.file and media_files(tmp_path) == []  # no half-made PDF left

    client.force_login(tree.users["office_a"])
    page = client.get(reverse("certificate_batch", kwargs={"pk": batch.pk})).content.decode()
    assert batch.error in page and "Lỗi" in page
    retry = reverse("decision_certificates", kwargs={"pk": decision.pk})
    assert f'action="{retry}"' in page and "Tạo lại giấy khen" in page
    assert client.get(reverse("certificate_batch_status", kwargs={"pk": batch.pk})).json()[
        "finished"
    ]

    response = client.post(retry)
    again = CertificateBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == reverse("certificate_batch", kwargs={"pk": again.pk})
    assert (again.status, again.done, again.total) == ("done", 3, 3)
    download = client.get(reverse("certificate_batch_download", kwargs={"pk": again.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert len(media_files(tmp_path)) == 1
