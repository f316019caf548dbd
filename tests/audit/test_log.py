"""The audit log: what is written (who, when, before → after, the organisation path),
what never is (ballots, draft text), who reads which entries on /audit/, the filters, a
fixed number of queries per page, and that nobody can change or delete an entry."""

import datetime
import re

import pytest
import time_machine
from auditlog.context import set_actor
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import LogEntry, ReadOnlyLogError
from audit.scopes import LOGGED, SECRET, logged_models, readable_by
from awards.models import Ballot, BallotReceipt, Candidate, Title
from awards.services import council as council_services
from registrations.models import InnovationRegistration, Status, TeacherGroup
from schools.models import Organization, Person, SchoolYear
from tests.factories import PersonFactory
from tests.factories.awards import person_of
from tests.factories.registrations import M1_DATA, M2_DATA, make_campaign, make_registration

URL = reverse("audit_log")
# session (with the generation of people and roles: the roles kept), user, count, the
# entries (+actor, type)
PAGE_QUERIES = 4
TZ = datetime.timezone(datetime.timedelta(hours=7))


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    ).order_by("timestamp", "pk")


def page_text(response):
    """The page's text, tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def submitted(tree):
    """Submitted and forwarded to the chair by the union group leader."""
    campaign = make_campaign(tree.school_a1)
    return make_registration(campaign, person_of(tree.users["teacher_a1"]), Status.FORWARDED)


def test_an_approval_on_the_page_is_logged_with_who_when_before_and_after(client, tree, submitted):
    client.force_login(tree.users["chair_a1"])
    moment = datetime.datetime(2026, 10, 30, 23, 59, 30, tzinfo=TZ)
    with time_machine.travel(moment, tick=False):
        response = client.post(
            reverse("registration_approve", kwargs={"pk": submitted.pk}),
            {"comment": "Tốt", "version": submitted.version},
        )
    assert response.status_code == 302
    entry = entries_for(submitted).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == tree.users["chair_a1"]
    assert entry.actor_name == "ctcd_a1"
    assert entry.timestamp == moment
    assert entry.org_path == tree.school_a1.path
    assert entry.changes["status"] == ["forwarded", "approved"]
    assert entry.changes["reviewer"] == ["None", "ctcd_a1"]  # a name, not an id
    assert entry.changes["last_comment"] == ["", "Tốt"]

    client.force_login(tree.users["principal_a1"])
    text = page_text(client.get(URL))
    assert "30/10/2026 23:59:30" in text  # local time, not UTC
    assert "ctcd_a1" in text and "Sửa" in text
    assert "Trạng thái: Tổ đã chuyển, chờ CTCĐ duyệt → Đã duyệt" in text


def test_form_text_is_never_logged_only_the_workflow(client, tree):
    """A draft belongs to its author: its text stays out of the log (each submitted text
    is kept as a Version for the reviewers)."""
    campaign = make_campaign(tree.school_a1)
    client.force_login(tree.users["teacher_a1"])
    data = {**M1_DATA, "fields": [str(f) for f in M1_DATA["fields"]], "action": "save"}
    response = client.post(reverse("registration_create", kwargs={"pk": campaign.pk}), data)
    assert response.status_code == 302
    registration = InnovationRegistration.objects.get(campaign=campaign)
    entry = entries_for(registration).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == tree.users["teacher_a1"]
    assert entry.changes["status"] == ["None", "draft"]
    logged = str(entry.changes)
    for value in ("Giáo viên chủ nhiệm lớp 3A", "Tổ chức học theo nhóm nhỏ", "Học kỳ I"):
        assert value not in logged
    assert not set(InnovationRegistration.FORM_FIELDS) & set(entry.changes)

    data = {**M2_DATA, "members": [], "action": "save"}
    response = client.post(reverse("group_create", kwargs={"pk": campaign.pk}), data)
    assert response.status_code == 302
    group = TeacherGroup.objects.get(campaign=campaign)
    entry = entries_for(group).get()
    assert entry.object_repr == f"M2 #{group.pk}"  # the name is the form's text
    assert M2_DATA["name"] not in str(entry.changes) + entry.object_repr
    assert not set(TeacherGroup.FORM_FIELDS) & set(entry.changes)


def test_secret_ballots_are_never_logged_counts_are(tree):
    principal = person_of(tree.users["principal_a1"])
    members = [person_of(tree.users[u]) for u in ("chair_a1", "teacher_a1", "leader_a1")]
    members.append(PersonFactory(organization=tree.school_a1, full_name="Đỗ Thị Năm"))
    with set_actor(tree.users["principal_a1"]):
        council = council_services.set_council(
            tree.users["principal_a1"], tree.school_a1, SchoolYear.current(), principal, members
        )
        title = Title.objects.get(code="ldtt")
        vote = council_services.open_vote(
            tree.users["principal_a1"],
            council,
            "Bình xét",
            timezone.localdate(),
            [(title, principal)],
        )
    candidate = Candidate.objects.get(vote=vote)
    for username in ("principal_a1", "chair_a1", "teacher_a1"):
        with set_actor(tree.users[username]):
            council_services.cast_ballot(tree.users[username], vote, {candidate.pk: True})
    with set_actor(tree.users["principal_a1"]):
        council_services.close_vote(tree.users["principal_a1"], vote)
    assert Ballot.objects.count() == 3 and BallotReceipt.objects.count() == 3
    secret = ContentType.objects.get_for_models(Ballot, BallotReceipt).values()
    assert not LogEntry.objects.filter(content_type__in=secret).exists()
    assert {"awards.Ballot", "awards.BallotReceipt"} == SECRET
    assert not SECRET & set(LOGGED)
    assert not {Ballot, BallotReceipt} & set(logged_models())
    # The vote's own life is logged: opened, then closed with its counts.
    vote_entries = entries_for(vote)
    assert [e.action for e in vote_entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert vote_entries.last().changes["status"] == ["open", "closed"]
    counts = entries_for(candidate).filter(action=LogEntry.Action.UPDATE).get()
    assert counts.changes["yes_count"] == ["None", "3"]
    assert counts.changes["passed"] == ["None", "True"]
    assert counts.org_path == tree.school_a1.path


def test_every_entry_keeps_the_path_of_its_organisation(tree):
    office = Organization.objects.create(
        name="Phòng mới", kind=Organization.Kind.OFFICE, parent=tree.dept_a
    )
    assert entries_for(office).get().org_path == office.path == tree.dept_a.path + office.path[-6:]
    person = PersonFactory(organization=tree.school_b1)
    assert entries_for(person).get().org_path == tree.school_b1.path
    title = Title.objects.first()
    title.name += " (sửa)"
    title.save()
    assert entries_for(title).get().org_path == ""  # the catalogue: administrators only


@pytest.fixture
def spread(tree):
    """One change in school A1, A2, B1, office A and the catalogue (no actor: the ORM)."""
    made = {
        "a1": PersonFactory(organization=tree.school_a1, full_name="Người A1"),
        "a2": PersonFactory(organization=tree.school_a2, full_name="Người A2"),
        "b1": PersonFactory(organization=tree.school_b1, full_name="Người B1"),
        "office_a": PersonFactory(organization=tree.office_a, full_name="Chuyên viên A"),
    }
    title = Title.objects.get(code="ldtt")
    title.name = "Lao động tiên tiến (đã sửa)"
    title.save()
    return made


READS = {
    "admin": {"Người A1", "Người A2", "Người B1", "Chuyên viên A", "Lao động tiên tiến (đã sửa)"},
    "dept_a": {"Người A1", "Người A2", "Chuyên viên A"},
    "office_a": {"Người A1", "Người A2", "Chuyên viên A"},
    "principal_a1": {"Người A1"},
    "principal_a2": {"Người A2"},
    "office_b": {"Người B1"},
    "principal_b1": {"Người B1"},
}


@pytest.mark.parametrize("username", sorted(READS))
def test_each_manager_reads_their_scope_only(client, tree, spread, username):
    client.force_login(tree.users[username])
    response = client.get(URL)
    assert response.status_code == 200
    shown = {row["entry"].object_repr for row in response.context["rows"]}
    assert shown & set().union(*READS.values()) == READS[username]
    paths = {row["entry"].org_path for row in response.context["rows"]}
    if username != "admin":
        own = {a.organization.path for a in tree.users[username].role_assignments.all()}
        assert all(any(p.startswith(o) for o in own) for p in paths)


@pytest.mark.parametrize("username", ["chair_a1", "leader_a1", "teacher_a1", "teacher_b1"])
def test_staff_without_a_managing_role_cannot_open_it(client, tree, username):
    client.force_login(tree.users[username])
    assert client.get(URL).status_code == 403
    assert reverse("audit_log") not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_nav_entry_for_managers(client, tree):
    client.force_login(tree.users["principal_a1"])
    html = client.get(reverse("home")).content.decode()
    assert f'href="{URL}">Nhật ký thay đổi</a>' in html


def test_filters_by_model_user_action_and_local_date(client, tree, spread):
    """Dates are days in Viet Nam: 23:59:59 on 10/03 and 00:00:00 on 11/03 (local) fall
    on different days although both are 10/03 in UTC."""
    principal = tree.users["principal_a1"]
    before_midnight = datetime.datetime(2026, 3, 10, 23, 59, 59, tzinfo=TZ)
    with time_machine.travel(before_midnight, tick=False), set_actor(principal):
        first = PersonFactory(organization=tree.school_a1, full_name="Người trước nửa đêm")
    midnight = datetime.datetime(2026, 3, 11, 0, 0, 0, tzinfo=TZ)
    with time_machine.travel(midnight, tick=False), set_actor(principal):
        first.full_name = "Người sau nửa đêm"
        first.save()
    client.force_login(tree.users["office_a"])

    def shown(**params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return [(row["entry"].object_repr, row["action"]) for row in response.context["rows"]]

    assert shown(date_from="10/03/2026", date_to="10/03/2026") == [
        ("Người trước nửa đêm", "Tạo mới")
    ]
    assert shown(date_from="11/03/2026", date_to="11/03/2026") == [("Người sau nửa đêm", "Sửa")]
    assert shown(user="ht_a1") == [("Người sau nửa đêm", "Sửa"), ("Người trước nửa đêm", "Tạo mới")]
    assert shown(user="ht_a1", action="0") == [("Người trước nửa đêm", "Tạo mới")]
    assert ("Chuyên viên A", "Tạo mới") in shown(model="schools.person")
    rows = client.get(URL, {"model": "schools.person"}).context["rows"]
    assert {row["model"] for row in rows} == {"Cán bộ, giáo viên, nhân viên"}
    assert shown(model="awards.title") == []  # outside office A's scope
    response = client.get(URL, {"date_from": "12/03/2026", "date_to": "11/03/2026"})
    assert "“Từ ngày” phải trước hoặc bằng “Đến ngày”." in page_text(response)
    assert client.get(URL, {"model": "awards.ballot", "date_from": "x"}).status_code == 200


def _fill(school, count):
    for i in range(count):
        PersonFactory(organization=school, full_name=f"Người số {i}")


def test_a_page_costs_the_same_number_of_queries_whatever_it_shows(client, tree):
    """Session, user, count, the entries with their actor and type: the same few queries
    for 3 entries or a full page of 50, on page 1 or 2."""
    client.force_login(tree.users["principal_a1"])
    client.get(URL)  # warm the content type cache and the roles

    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.context["rows"])

    few = queries()
    _fill(tree.school_a1, 70)
    with set_actor(tree.users["principal_a1"]):
        for person in Person.objects.filter(organization=tree.school_a1)[:20]:
            person.position = Person.Position.STAFF
            person.save()
    client.get(URL)  # the roles kept again after the people changed
    many, second = queries(), queries(page="2")
    assert few[1] < many[1] == 50 and second[1] > 0
    assert few[0] == many[0] == second[0] == PAGE_QUERIES


def test_nobody_can_change_or_delete_an_entry(tree, spread):
    entry = LogEntry.objects.first()
    entry.object_repr = "đã sửa"
    with pytest.raises(ReadOnlyLogError):
        entry.save()
    with pytest.raises(ReadOnlyLogError):
        entry.delete()
    with pytest.raises(ReadOnlyLogError):
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="đã sửa")
    with pytest.raises(ReadOnlyLogError):
        LogEntry.objects.all().delete()
    assert LogEntry.objects.get(pk=entry.pk).object_repr != "đã sửa"


@pytest.mark.parametrize("username", ["superuser", "admin", "office_a", "principal_a1"])
def test_the_admin_shows_entries_read_only_even_to_a_superuser(
    client, tree, spread, username, django_user_model
):
    if username == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.vn", "x")
    else:
        user = tree.users[username]
    client.force_login(user)
    model_admin = admin.site._registry[LogEntry]
    entry = LogEntry.objects.filter(org_path__startswith=tree.school_a1.path).first()
    changelist = reverse("admin:audit_logentry_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert "action-select" not in response.content.decode()  # no bulk delete
    change = reverse("admin:audit_logentry_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change, {"object_repr": "đã sửa"}).status_code == 403
    assert client.get(reverse("admin:audit_logentry_add")).status_code == 403
    delete = reverse("admin:audit_logentry_delete", args=[entry.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    request = response.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_actor_is_remembered_after_the_account_is_deleted(tree, django_user_model):
    user = django_user_model.objects.create_user("tam_thoi")
    with set_actor(user):
        person = PersonFactory(organization=tree.school_a1)
    user.delete()
    entry = entries_for(person).get()
    assert entry.actor is None and entry.actor_name == "tam_thoi"


def test_rows_written_in_bulk_are_logged_too(tree):
    """Django sends no signal for bulk_create / bulk_update; common.bulk does, and the
    audit log writes an entry per row (here: the schools of a new emulation block)."""
    from emulation.blocks import services as blocks
    from emulation.models import BlockMembership

    with set_actor(tree.users["office_a"]):
        block = blocks.create_block(
            tree.users["office_a"],
            tree.office_a,
            SchoolYear.current(),
            "Khối 1",
            tree.school_a1,
            [tree.school_a1, tree.school_a2],
        )
    memberships = BlockMembership.objects.filter(block=block)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BlockMembership)
    ).order_by("object_id")
    assert [int(e.object_pk) for e in entries] == sorted(m.pk for m in memberships)
    assert {e.actor for e in entries} == {tree.users["office_a"]}
    assert [e.org_path for e in entries] == [tree.school_a1.path, tree.school_a2.path]
    assert entries[0].changes["school"] == ["None", "Trường A1"]


def test_drafts_are_logged_for_home_only_and_what_is_sent_for_the_offices_above(tree):
    """Drafts stay home (the visibility policies): the offices above read nothing of a
    school's draft plan, nomination, proposal or decision, not even in the log; once a
    nomination is sent, the entries written from then on are theirs to read too."""
    from awards.models import Proposal
    from tests.factories.awards import make_decision, make_nomination, make_round
    from tests.factories.emulation import make_plan

    round_ = make_round(tree.dept_a)
    plan = make_plan(tree.school_a1, title="Kế hoạch nháp bí mật")
    nomination = make_nomination(
        round_, person_of(tree.users["teacher_a1"]), achievements="Thành tích nháp bí mật"
    )
    evidence = nomination.evidence.create(
        file="e.pdf", name="minh-chung-nhap.pdf", kind="pdf", size=10, sha256="0" * 64
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        subject="Tờ trình nháp bí mật",
    )
    item = proposal.items.create(nomination=nomination)
    decision = make_decision(tree.school_a1, [nomination], recorded=False, subject="QĐ nháp")
    drafts = [plan, nomination, evidence, proposal, item, decision]
    for obj in drafts:
        assert entries_for(obj).exists(), obj

    def readable(username):
        entries = LogEntry.objects.filter(readable_by(tree.users[username]))
        return {(e.content_type.model_class(), e.object_pk) for e in entries}

    every = {(type(obj), str(obj.pk)) for obj in drafts}
    assert readable("principal_a1") >= every
    assert readable("admin") >= every
    for above in ["office_a", "dept_a", "principal_a2", "office_b"]:
        assert readable(above) & every == set(), above

    nomination.status = nomination.Status.SUBMITTED
    nomination.save()
    sent = entries_for(nomination).last()
    assert sent.changes["status"][1] == "submitted" and not sent.home_only
    office = LogEntry.objects.filter(readable_by(tree.users["office_a"]))
    assert list(office.filter(object_pk=str(nomination.pk), content_type=sent.content_type)) == [
        sent
    ]
