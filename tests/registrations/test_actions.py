"""One URL, one view and one form per action on a form M1 or M2 (issue 16): bad input
shows the form's page again with the error at its field and what was typed kept,
nothing changed; the page says whom a waiting form waits for, and names the principal
when she approves; an M2 of one person is not approved."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from registrations import deadlines, review, services
from registrations.models import DeadlineExtension, InnovationRegistration, Status, TeacherGroup
from schools.models import Person
from schools.services import ServiceError
from tests.factories import PersonFactory
from tests.factories.registrations import make_group, make_registration, person

TOO_LONG = "x" * 5001


def make(kind, tree, campaign, status):
    """Teacher A1's M1, or her M2 with a colleague, in `status`."""
    teacher = person(tree.users["teacher_a1"])
    if kind == "registration":
        return make_registration(campaign, teacher, status)
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    return make_group(campaign, teacher, [colleague], status=status)


def reload(item):
    return type(item).objects.get(pk=item.pk)


def field_error(html, form_id):
    """The error shown under field `form_id` (e.g. "return-comment"), and its value."""
    page = lxml.html.fromstring(html)
    (box,) = page.xpath(f'//*[@id="div_{form_id}"]')
    errors = box.xpath('.//*[contains(@class, "invalid-feedback")]')
    field = page.get_element_by_id(form_id)
    if field.tag == "textarea":
        value = field.text_content()
    elif field.tag == "select":
        value = "".join(field.xpath(".//option[@selected]/@value"))
    else:
        value = field.get("value", "")
    return " ".join(" ".join(e.text_content() for e in errors).split()), value


# (action, who, status of the form, body, field with the error, expected error, kept)
BAD_INPUT = [
    ("return", "leader_a1", Status.SUBMITTED, {"comment": "  "}, "comment", "Hãy ghi ý kiến", ""),
    (
        "forward",
        "leader_a1",
        Status.SUBMITTED,
        {"comment": TOO_LONG},
        "comment",
        "tối đa 5.000 ký tự",
        TOO_LONG,
    ),
    (
        "approve",
        "chair_a1",
        Status.FORWARDED,
        {"comment": TOO_LONG},
        "comment",
        "tối đa 5.000 ký tự",
        TOO_LONG,
    ),
    (
        "return",
        "chair_a1",
        Status.FORWARDED,
        {"comment": TOO_LONG},
        "comment",
        "tối đa 5.000 ký tự",
        TOO_LONG,
    ),
    (
        "result",
        "chair_a1",
        Status.APPROVED,
        {"result": "completed", "comment": "Tốt"},
        "stage",
        "Hãy chọn đợt đánh giá",
        "",
    ),
    (
        "result",
        "chair_a1",
        Status.APPROVED,
        {"stage": "midyear", "comment": "Tốt"},
        "result",
        "Hãy chọn kết quả",
        "",
    ),
    (
        "extend",
        "chair_a1",
        Status.RETURNED,
        {"until": "31/02/2027"},
        "until",
        "phải có dạng ngày/tháng/năm",
        "31/02/2027",
    ),
    ("extend", "chair_a1", Status.RETURNED, {"until": ""}, "until", "Hãy nhập ngày gia hạn", ""),
]


@pytest.mark.parametrize("kind", ["registration", "group"])
@pytest.mark.parametrize(
    "action, who, status, body, field, error, kept",
    BAD_INPUT,
    ids=[f"{a[0]}-{a[4]}-{i}" for i, a in enumerate(BAD_INPUT)],
)
def test_bad_input_is_shown_at_its_field_and_nothing_changes(
    client, tree, campaign_a1, kind, action, who, status, body, field, error, kept
):
    item = make(kind, tree, campaign_a1, status)
    before = (item.status, item.version, item.events.count(), DeadlineExtension.objects.count())
    client.force_login(tree.users[who])
    url = reverse(f"{kind}_{action}", args=[item.pk])
    response = client.post(url, {**body, "version": item.version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa thực hiện được" in html
    shown, value = field_error(html, f"{action}-{field}")
    assert error in shown
    assert value.strip() == kept.strip()
    item = reload(item)
    after = (item.status, item.version, item.events.count(), DeadlineExtension.objects.count())
    assert after == before
    if action == "result":
        assert not item.midyear_result and not item.midyear_comment


@pytest.mark.parametrize("kind", ["registration", "group"])
@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_a_tampered_version_is_refused_with_a_message(client, tree, campaign_a1, kind, action):
    status = Status.RETURNED if action == "submit" else Status.SUBMITTED
    item = make(kind, tree, campaign_a1, status)
    client.force_login(tree.users["teacher_a1"])
    response = client.post(reverse(f"{kind}_{action}", args=[item.pk]), {"version": "abc"})
    assert response["Location"] == reverse(f"{kind}_detail", args=[item.pk])
    assert reload(item).status == status


def test_bad_input_of_someone_who_may_not_act_is_refused(client, tree, campaign_a1):
    """The chair posts a return without comment while the form waits for the group
    leader: refused, not a page with a form she may not use."""
    item = make("registration", tree, campaign_a1, Status.SUBMITTED)
    client.force_login(tree.users["chair_a1"])
    response = client.post(reverse("registration_return", args=[item.pk]), {"comment": ""})
    assert response.status_code == 302
    assert reload(item).status == Status.SUBMITTED


def test_each_button_posts_to_its_own_url(client, tree, campaign_a1):
    item = make("group", tree, campaign_a1, Status.SUBMITTED)
    client.force_login(tree.users["leader_a1"])
    page = lxml.html.fromstring(
        client.get(reverse("group_detail", args=[item.pk])).content.decode()
    )
    forms = page.xpath('//*[@data-testid="actions"]//form')
    assert [f.get("action") for f in forms] == [
        reverse("group_forward", args=[item.pk]),
        reverse("group_return", args=[item.pk]),
    ]
    for form in forms:
        assert form.xpath('.//input[@name="version"]/@value') == [str(item.version)]
        assert not form.xpath('.//*[@name="action"]')


def test_a_good_result_and_extension_through_their_urls(client, tree, campaign_a1):
    approved = make("registration", tree, campaign_a1, Status.APPROVED)
    client.force_login(tree.users["chair_a1"])
    url = reverse("registration_result", args=[approved.pk])
    client.post(url, {"stage": "yearend", "result": "excellent", "comment": "Tốt"})
    approved = reload(approved)
    assert (approved.yearend_result, approved.yearend_comment) == ("excellent", "Tốt")
    returned = make("group", tree, campaign_a1, Status.RETURNED)
    until = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        reverse("group_extend", args=[returned.pk]),
        {"until": until.strftime("%d/%m/%Y"), "version": returned.version},
        follow=True,
    )
    assert f"Đã gia hạn đến {until:%d/%m/%Y}." in response.content.decode()
    assert DeadlineExtension.objects.get(group=returned).until == until


def test_an_extension_in_the_past_is_refused_by_the_service(client, tree, campaign_a1):
    returned = make("registration", tree, campaign_a1, Status.RETURNED)
    client.force_login(tree.users["chair_a1"])
    response = client.post(
        reverse("registration_extend", args=[returned.pk]), {"until": "01/01/2020"}
    )
    assert response["Location"] == reverse("registration_detail", args=[returned.pk])
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("kind", ["registration", "group"])
def test_a_forms_page_reads_its_authors_extension_with_the_form(client, tree, campaign_a1, kind):
    """The deadline on a form's page is its author's extended one (not another's), read
    in the form's own query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = make(kind, tree, campaign_a1, Status.RETURNED)
    planned = deadlines.planned_deadline(campaign_a1) or timezone.localdate()
    theirs = {"person": item.person} if kind == "registration" else {"group": item}
    until = planned + datetime.timedelta(days=5)
    DeadlineExtension.objects.create(campaign=campaign_a1, until=until, **theirs)
    other = PersonFactory(organization=tree.school_a1)
    DeadlineExtension.objects.create(
        campaign=campaign_a1, person=other, until=planned + datetime.timedelta(days=9)
    )
    client.force_login(tree.users["teacher_a1"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse(f"{kind}_detail", args=[item.pk])).content.decode()
    assert f"Hạn nộp: {until:%d/%m/%Y}" in page
    reads = [q["sql"] for q in captured if "registrations_deadlineextension" in q["sql"]]
    assert len(reads) == 1 and item._meta.db_table in reads[0], reads


# -- whom a form waits for ------------------------------------------------------------------


def test_a_submitted_form_waits_for_its_group_leader_by_name(client, tree, campaign_a1):
    Person.objects.filter(user=tree.users["leader_a1"]).update(full_name="Nguyễn Văn Tổ")
    item = make("registration", tree, campaign_a1, Status.SUBMITTED)
    client.force_login(tree.users["teacher_a1"])
    page = client.get(reverse("registration_detail", args=[item.pk])).content.decode()
    assert "Đang chờ tổ trưởng công đoàn Nguyễn Văn Tổ (Tổ công đoàn 1) xem trước." in page


def test_a_forwarded_form_waits_for_the_chair(client, tree, campaign_a1):
    item = make("group", tree, campaign_a1, Status.FORWARDED)
    client.force_login(tree.users["teacher_a1"])
    page = client.get(reverse("group_detail", args=[item.pk])).content.decode()
    assert "Đang chờ chủ tịch công đoàn duyệt." in page
    assert "Tổ đã chuyển, chờ CTCĐ duyệt" in page


def test_the_chairs_own_form_names_the_principal(client, tree, campaign_a1):
    """The chair's M1 is approved by the principal: its page, the buttons, the history
    and the lists say so, never "CTCĐ"."""
    chair = tree.users["chair_a1"]
    Person.objects.filter(user=chair).update(union_group=tree.group_a1)
    item = services.submit(chair, make_registration(campaign_a1, person(chair)))
    client.force_login(tree.users["leader_a1"])
    page = client.get(reverse("registration_detail", args=[item.pk])).content.decode()
    assert "Chuyển lên hiệu trưởng" in page and "Chuyển lên CTCĐ" not in page
    response = client.post(
        reverse("registration_forward", args=[item.pk]), {"version": item.version}, follow=True
    )
    assert "Đã chuyển lên hiệu trưởng." in response.content.decode()
    for who in ["chair_a1", "principal_a1"]:
        client.force_login(tree.users[who])
        page = client.get(reverse("registration_detail", args=[item.pk])).content.decode()
        assert "Đang chờ hiệu trưởng duyệt." in page, who
        assert "Tổ đã chuyển, chờ hiệu trưởng duyệt" in page, who
        assert "CTCĐ" not in page, who
    listed = client.get(reverse("review_list")).content.decode()
    assert "Tổ đã chuyển, chờ hiệu trưởng duyệt" in listed
    client.force_login(chair)
    mine = client.get(reverse("registration_list")).content.decode()
    assert "Tổ đã chuyển, chờ hiệu trưởng duyệt" in mine


def test_the_review_list_names_each_approver(client, tree, campaign_a1):
    chair = tree.users["chair_a1"]
    make_registration(campaign_a1, person(chair), Status.FORWARDED)
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.FORWARDED)
    client.force_login(tree.users["principal_a1"])
    page = lxml.html.fromstring(client.get(reverse("review_list")).content.decode())
    (table,) = page.xpath('//*[@data-testid="review-table"]')
    statuses = sorted(row.xpath("./td")[-2].text_content() for row in table.xpath(".//tbody/tr"))
    assert statuses == ["Tổ đã chuyển, chờ CTCĐ duyệt", "Tổ đã chuyển, chờ hiệu trưởng duyệt"]


# -- an M2 is at least two people -------------------------------------------------------------


def test_an_m2_of_one_person_is_not_approved(tree, campaign_a1):
    group = make("group", tree, campaign_a1, Status.FORWARDED)
    group.members.clear()  # the member left after the group was submitted
    with pytest.raises(ServiceError, match="nhóm cần ít nhất hai người"):
        review.approve(tree.users["chair_a1"], group)
    assert TeacherGroup.objects.get(pk=group.pk).status == Status.FORWARDED
    with pytest.raises(ServiceError, match="ít nhất hai người"):
        review.approve_many(tree.users["chair_a1"], [group])
    group.members.add(PersonFactory(organization=tree.school_a1))
    assert review.approve(tree.users["chair_a1"], group).status == Status.APPROVED


def test_the_page_says_why_an_m2_of_one_person_is_not_approved(client, tree, campaign_a1):
    group = make("group", tree, campaign_a1, Status.FORWARDED)
    group.members.clear()
    client.force_login(tree.users["chair_a1"])
    response = client.post(
        reverse("group_approve", args=[group.pk]), {"version": group.version}, follow=True
    )
    assert "nhóm cần ít nhất hai người" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("group_detail", args=[group.pk])
    assert not InnovationRegistration.objects.filter(status=Status.APPROVED).exists()


# -- the versions kept at each submission -----------------------------------------------------


def _version_reads(client, item):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse(f"{kind_of(item)}_detail", args=[item.pk])).content.decode()
    return page, [q["sql"] for q in captured if "registrations_version" in q["sql"]]


def kind_of(item):
    return "registration" if isinstance(item, InnovationRegistration) else "group"


@pytest.mark.parametrize("kind", ["registration", "group"])
def test_each_submission_is_counted_and_the_second_shows_what_changed(
    client, tree, campaign_a1, kind
):
    """The form counts the versions kept as they are written; its page reads none before
    a second submission, then the last two, to show what changed."""
    item = make(kind, tree, campaign_a1, Status.DRAFT)
    teacher, leader = tree.users["teacher_a1"], tree.users["leader_a1"]
    item = services.submit(teacher, item)
    assert item.submissions == reload(item).submissions == item.versions.count() == 1
    client.force_login(teacher)
    page, reads = _version_reads(client, item)
    assert "Đã lưu 1 phiên bản khi nộp." in page and not reads
    assert 'data-testid="changes"' not in page
    item = review.return_for_changes(leader, reload(item), "Ghi rõ số liệu")
    text = "steps" if kind == "registration" else "approach"
    setattr(item, text, "Bước mới, cụ thể hơn")
    item.save()
    item = services.submit(teacher, reload(item))
    assert reload(item).submissions == 2
    assert list(item.versions.values_list("number", flat=True)) == [1, 2]
    page, reads = _version_reads(client, item)
    assert "Đã lưu 2 phiên bản khi nộp." in page and len(reads) == 1
    table = lxml.html.fromstring(page).xpath('//*[@data-testid="changes"]')[0].text_content()
    assert "Bước mới, cụ thể hơn" in table


def test_a_form_never_submitted_shows_no_versions(client, tree, campaign_a1):
    item = make("registration", tree, campaign_a1, Status.DRAFT)
    client.force_login(tree.users["teacher_a1"])
    page, reads = _version_reads(client, item)
    assert "phiên bản khi nộp" not in page and not reads


def test_forms_submitted_before_the_count_get_it_from_their_versions(tree, campaign_a1):
    """The migration that brought the count (registrations 0003) counts each form's
    versions; a form without any keeps 0."""
    import importlib

    from django.apps import apps

    from registrations.models import Version

    counted = importlib.import_module("registrations.migrations.0003_form_submissions")
    m1 = make("registration", tree, campaign_a1, Status.SUBMITTED)
    m2 = make("group", tree, campaign_a1, Status.SUBMITTED)
    draft = make_registration(campaign_a1, PersonFactory(organization=tree.school_a1))
    for number in (1, 2, 3):
        Version.objects.create(registration=m1, number=number, data={})
    Version.objects.create(group=m2, number=1, data={})
    InnovationRegistration.objects.update(submissions=0)
    TeacherGroup.objects.update(submissions=7)
    counted.count_versions(apps, None)
    assert [reload(x).submissions for x in (m1, m2, draft)] == [3, 1, 0]
