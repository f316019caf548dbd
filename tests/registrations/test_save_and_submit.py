"""A form M1 saved and submitted from its page in one transaction
(services.save_registration with submit): a submission refused keeps the draft, one
that passes leaves one history and one numbered version; and what a request keeps of
its user's roles and staff record (schools.visibility) follows their changes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import LogEntry
from emulation.models import ScheduleItem
from registrations.models import InnovationRegistration, Status
from schools.models import Role, RoleAssignment, SchoolYear, Unit
from tests.factories.registrations import M1_DATA, make_registration, person

TABLE = InnovationRegistration._meta.db_table


def m1_post(action, **changes):
    data = {**M1_DATA, **changes, "action": action}
    data["fields"] = [str(f) for f in data["fields"]]
    return data


def _events(item):
    return list(item.events.order_by("pk").values_list("action", flat=True))


def test_a_new_form_submitted_at_once_has_one_history_and_version_one(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, m1_post("submit"), follow=True)
    assert "Đã nộp." in response.content.decode()
    item = InnovationRegistration.objects.get()
    assert item.status in (Status.SUBMITTED, Status.FORWARDED)
    assert _events(item)[:2] == ["create", "submit"]
    assert [v.number for v in item.versions.all()] == [1]
    assert item.versions.get().data["goals_and_solutions"] == M1_DATA["goals_and_solutions"]


def test_a_new_form_submitted_at_once_is_written_once(client, tree, campaign_a1):
    """Inserted as submitted: no draft row updated in the same request, one audit entry."""
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    with CaptureQueriesContext(connection) as captured:
        client.post(url, m1_post("submit"))
    statements = [q["sql"].split(" (")[0] for q in captured]
    writes = [s for s in statements if s.startswith(("INSERT", "UPDATE")) and TABLE in s]
    assert writes == [f'INSERT INTO "{TABLE}"'], writes
    item = InnovationRegistration.objects.get()
    logged = LogEntry.objects.get_for_object(item)
    assert [(e.action, e.changes["status"][1]) for e in logged] == [
        (LogEntry.Action.CREATE, item.status)
    ]


def test_a_resubmitted_form_gets_the_next_version(client, tree, campaign_a1):
    teacher = tree.users["teacher_a1"]
    item = make_registration(campaign_a1, person(teacher), Status.DRAFT)
    client.force_login(teacher)
    edit = reverse("registration_edit", kwargs={"pk": item.pk})
    client.post(edit, {**m1_post("submit"), "version": item.version})
    item.refresh_from_db()
    item.status, item.last_comment = Status.RETURNED, "Ghi rõ số liệu"
    item.save()
    client.post(edit, {**m1_post("submit", steps="Bước mới"), "version": item.version})
    item.refresh_from_db()
    assert [v.number for v in item.versions.order_by("number")] == [1, 2]
    assert item.versions.get(number=2).data["steps"] == "Bước mới"


def test_a_submission_refused_after_the_deadline_keeps_what_was_typed(client, tree, campaign_a1):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ScheduleItem.objects.filter(plan__campaign=campaign_a1).update(deadline=yesterday)
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, m1_post("submit", steps="Gõ xong trước nửa đêm"), follow=True)
    page = response.content.decode()
    assert f"Đã hết hạn đăng ký ({yesterday:%d/%m/%Y}). Bài của bạn vẫn được lưu" in page
    item = InnovationRegistration.objects.get()
    assert item.status == Status.DRAFT and item.steps == "Gõ xong trước nửa đêm"
    assert response.redirect_chain[-1][0] == reverse("registration_edit", args=[item.pk])
    assert _events(item) == ["create"] and not item.versions.exists()


def test_a_second_form_of_the_same_campaign_is_refused_at_the_page(client, tree, campaign_a1):
    teacher = tree.users["teacher_a1"]
    first = make_registration(campaign_a1, person(teacher), Status.DRAFT)
    client.force_login(teacher)
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    # the page sends the author to the form she has; the service refuses a second one
    assert client.post(url, m1_post("submit")).url == reverse("registration_edit", args=[first.pk])
    assert InnovationRegistration.objects.count() == 1


def test_a_role_given_shows_on_the_next_request(client, tree, campaign_a1):
    user = tree.users["teacher_a1"]
    client.force_login(user)
    waiting = "Không có đăng ký nào đang chờ bạn"  # the approver's section of the home
    assert waiting not in client.get(reverse("home")).content.decode()
    RoleAssignment.objects.create(
        user=user,
        role=Role.UNION_CHAIR,
        organization=tree.school_a1,
        school_year=SchoolYear.current(),
    )
    assert waiting in client.get(reverse("home")).content.decode()


def test_a_person_moved_to_another_union_group_shows_on_the_next_request(client, tree, campaign_a1):
    name = "Tổ công đoàn mới"
    user = tree.users["teacher_a1"]
    client.force_login(user)
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    assert name not in client.get(url).content.decode()
    group = Unit.objects.create(organization=tree.school_a1, name=name, kind=Unit.Kind.UNION_GROUP)
    teacher = person(user)
    teacher.union_group = group
    teacher.save()
    assert name in client.get(url).content.decode()
