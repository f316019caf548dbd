"""Registration pages: forms, actions, review list, participation; bad input and query
counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.models import InnovationRegistration, Status, TeacherGroup
from tests.factories import PersonFactory
from tests.factories.registrations import M1_DATA, make_group, make_registration, person


def m1_post(action="save", **changes):
    data = {**M1_DATA, **changes, "action": action}
    data["fields"] = [str(f) for f in data["fields"]]
    return data


def test_teacher_saves_a_draft_then_submits(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    page = client.get(url).content.decode()
    assert "Đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo trong dạy và học" in page
    assert "3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực" in page
    response = client.post(url, m1_post("save"), follow=True)
    assert "Đã lưu bản nháp." in response.content.decode()
    item = InnovationRegistration.objects.get()
    assert item.status == Status.DRAFT and item.fields == ["teaching_method"]
    edit = reverse("registration_edit", kwargs={"pk": item.pk})
    response = client.post(edit, {**m1_post("submit"), "version": item.version}, follow=True)
    assert "Đã nộp." in response.content.decode()
    assert InnovationRegistration.objects.get().status == Status.SUBMITTED


def test_html_is_shown_as_text(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    client.post(url, m1_post("save", steps='<script>alert("x")</script>'))
    item = InnovationRegistration.objects.get()
    page = client.get(reverse("registration_detail", kwargs={"pk": item.pk})).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_too_long_answer_keeps_what_was_typed(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, m1_post("save", steps="y" * 20000))
    assert response.status_code == 200
    page = response.content.decode()
    assert "tối đa 5.000 ký tự" in page or "tối đa 5000 ký tự" in page
    assert M1_DATA["goals_and_solutions"] in page  # the rest of the form is still there
    assert not InnovationRegistration.objects.exists()


def test_submitting_with_missing_fields_keeps_the_draft(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, {"assigned_task": "GVCN", "action": "submit"}, follow=True)
    page = response.content.decode()
    assert "Chưa nộp được: hãy điền" in page
    assert InnovationRegistration.objects.get().assigned_task == "GVCN"


def test_someone_elses_registration_is_404(client, tree, campaign_a1):
    other = make_registration(campaign_a1, person(tree.users["leader_a1"]), Status.RETURNED)
    client.force_login(tree.users["teacher_a1"])
    for name in ["registration_detail", "registration_edit", "registration_pdf"]:
        assert client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404, name


def test_resubmitting_a_stale_page_is_refused_with_a_message(client, tree, campaign_a1):
    item = make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.RETURNED)
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_submit", kwargs={"pk": item.pk})
    first = client.post(url, {"version": item.version}, follow=True)
    assert "Đã nộp." in first.content.decode()
    second = client.post(url, {"version": item.version}, follow=True)
    assert "vừa được người khác thay đổi" in second.content.decode()
    assert item.events.filter(action="resubmit").count() == 1


def test_review_actions_through_the_page(client, tree, campaign_a1):
    item = make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["leader_a1"])
    detail = client.get(reverse("registration_detail", kwargs={"pk": item.pk})).content.decode()
    assert "Chuyển lên CTCĐ" in detail and "Trả lại để sửa" in detail and "Duyệt<" not in detail
    empty = client.post(
        reverse("registration_return", kwargs={"pk": item.pk}),
        {"comment": "  ", "version": item.version},
    )
    assert empty.status_code == 200  # the page again, the error at the comment
    assert "Hãy ghi ý kiến" in empty.content.decode()
    client.post(reverse("registration_forward", kwargs={"pk": item.pk}), {"version": item.version})
    client.force_login(tree.users["chair_a1"])
    client.post(
        reverse("registration_approve", kwargs={"pk": item.pk}), {"version": item.version + 1}
    )
    assert InnovationRegistration.objects.get(pk=item.pk).status == Status.APPROVED


def test_bulk_approve(client, tree, campaign_a1):
    items = [
        make_registration(
            campaign_a1,
            PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
            Status.FORWARDED,
        )
        for _ in range(3)
    ]
    client.force_login(tree.users["chair_a1"])
    response = client.post(
        reverse("approve_selected"),
        {"selected": [i.pk for i in items], "campaign": campaign_a1.pk},
        follow=True,
    )
    assert "Đã duyệt 3 đăng ký." in response.content.decode()
    assert set(InnovationRegistration.objects.values_list("status", flat=True)) == {"approved"}


def test_group_with_a_member_of_another_school_is_refused(client, tree, campaign_a1):
    stranger = person(tree.users["teacher_b1"])
    client.force_login(tree.users["teacher_a1"])
    url = reverse("group_create", kwargs={"pk": campaign_a1.pk})
    data = {
        "name": "Nhóm Toán",
        "members": [stranger.pk],
        "action": "save",
        "common_task": "Dạy Toán",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Thành viên phải là cán bộ, giáo viên cùng trường." in response.content.decode()
    assert not TeacherGroup.objects.exists()


def test_people_search_is_accent_free_and_school_only(client, tree):
    PersonFactory(organization=tree.school_a1, full_name="Đặng Thị Thu Hà")
    PersonFactory(organization=tree.school_b1, full_name="Đặng Thị Thu Hương")
    client.force_login(tree.users["teacher_a1"])
    results = client.get(reverse("people_search"), {"q": "dang thi thu"}).json()["results"]
    assert [r["name"] for r in results] == ["Đặng Thị Thu Hà"]


@pytest.mark.parametrize("count", [0, 3, 12])  # none yet: no count asked of an empty list
def test_review_list_query_count(client, tree, campaign_a1, django_assert_num_queries, count):
    for _ in range(count):
        make_registration(
            campaign_a1,
            PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
            Status.SUBMITTED,
        )
    latecomer = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    client.force_login(tree.users["chair_a1"])
    # session, user, roles (with the school year and the chair's own person: visibility
    # by person id, indexed), the generations of the kept list, campaigns, the page with
    # the list's count, groups, M2 groups, M1 waiting count
    with django_assert_num_queries(9):
        response = client.get(reverse("review_list"))
    assert len(response.context["page"]) == count
    # kept while the school's forms do not change (common/generations): session (with
    # the generation of people and roles), user (the roles kept), the school's generation
    with django_assert_num_queries(3):
        kept = client.get(reverse("review_list")).content.decode()
    assert kept.count('href="/registrations/m1/') == count
    # a form changes: built again, the campaigns and union groups kept (CONTENT): session,
    # user, the school's generation, the page with its count, M2 groups, M1 waiting count
    make_registration(campaign_a1, latecomer, Status.SUBMITTED)
    with django_assert_num_queries(6):
        again = client.get(reverse("review_list")).content.decode()
    assert again.count('href="/registrations/m1/') == count + 1


@pytest.mark.parametrize("count", [3, 12])
def test_participation_query_count(client, tree, campaign_a1, django_assert_num_queries, count):
    for _ in range(count):
        make_registration(
            campaign_a1,
            PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
            Status.APPROVED,
        )
    make_group(campaign_a1, person(tree.users["teacher_a1"]), status=Status.SUBMITTED)
    client.force_login(tree.users["chair_a1"])
    # the same number of queries whatever the number of people and registrations
    with django_assert_num_queries(10):
        response = client.get(reverse("participation_school", kwargs={"pk": campaign_a1.pk}))
    total = response.context["total"]
    assert (total.registered, total.total) == (count, count + 4)
    page = response.content.decode()
    assert "Trần Thị Gv_a1" in page  # the teacher has not registered


@pytest.mark.parametrize("extra_schools", [0, 6])
def test_office_participation(client, tree, campaign_a1, django_assert_num_queries, extra_schools):
    from tests.factories import OrganizationFactory

    for i in range(extra_schools):
        OrganizationFactory(parent=tree.office_a, name=f"Trường thêm {i}")
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["office_a"])
    # no `?year=`: the current year (read with the roles), without looking up an empty
    # name first
    with django_assert_num_queries(8):
        response = client.get(reverse("participation_office", kwargs={"pk": tree.office_a.pk}))
    rows = {r.school.name: (r.registered, r.total) for r in response.context["rows"]}
    assert rows["Trường A1"] == (1, 4) and rows["Trường A2"] == (0, 2)
    assert len(rows) == 2 + extra_schools


def test_remind_writes_to_the_missing(
    client, tree, campaign_a1, mailoutbox, django_capture_on_commit_callbacks
):
    from schools.models import Person

    Person.objects.filter(organization=tree.school_a1).update(email="x@example.vn")
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["leader_a1"])
    url = reverse(
        "participation_remind", kwargs={"pk": campaign_a1.pk, "unit_pk": tree.group_a1.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Đã gửi nhắc nhở tới 1/1 người" in response.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].subject.startswith("Nhắc đăng ký thi đua")


def test_home_shows_the_open_campaign_and_waiting_count(client, tree, campaign_a1):
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["leader_a1"])
    page = client.get(reverse("home")).content.decode()
    assert "Đăng ký mẫu M1" in page and "Xem và duyệt (1 đăng ký chờ)" in page


def test_chair_extends_the_deadline_for_a_missing_person(client, tree):
    from tests.factories.registrations import make_campaign

    late = make_campaign(tree.school_a1, deadline_in_days=-2)
    teacher = person(tree.users["teacher_a1"])
    client.force_login(tree.users["chair_a1"])
    url = reverse("participation_extend", kwargs={"pk": late.pk})
    bad = client.post(url, {"person": teacher.pk, "until": "31/02/2026"}, follow=True)
    assert "Ngày gia hạn không hợp lệ" in bad.content.decode()
    until = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    ok = client.post(url, {"person": teacher.pk, "until": until}, follow=True)
    assert f"được nộp đến hết ngày {until}" in ok.content.decode()
    from registrations import deadlines

    assert deadlines.is_open(late, person=teacher)
    client.force_login(tree.users["leader_a1"])
    refused = client.post(url, {"person": teacher.pk, "until": until}, follow=True)
    assert "Chỉ chủ tịch công đoàn được gia hạn." in refused.content.decode()


def test_history_names_the_author_of_steps_without_an_account(client, tree, campaign_a1):
    from registrations.models import ReviewEvent

    someone = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    item = make_registration(campaign_a1, someone, Status.SUBMITTED)
    ReviewEvent.objects.create(
        registration=item, actor=None, action="submit", from_status="draft", to_status="submitted"
    )
    client.force_login(tree.users["chair_a1"])
    page = client.get(reverse("registration_detail", args=[item.pk])).content.decode()
    assert f"{someone.full_name}: nộp" in page
