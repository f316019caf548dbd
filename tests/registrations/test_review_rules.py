"""The review rules of forms M1 and M2 (issue 16, items 2 and 6): nobody reviews a form
they wrote or belong to; the chair approves after the group leader, unless the group
has no other leader; the principal approves the chair's own forms; what waits for a
reviewer is counted and walked through oldest first; e-mails name and link the form."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from registrations import permissions, review, services
from registrations.models import InnovationRegistration, Status, TeacherGroup
from registrations.views.detail import allowed_actions
from schools.models import Person
from schools.services import ServiceError
from tests.factories import PersonFactory
from tests.factories.registrations import M1_DATA, M2_DATA, make_group, make_registration, person


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def names(actions):
    return [name for name, _label in actions]


def m1_of(tree, campaign, who):
    user = tree.users[who]
    return services.submit(user, services.save_registration(user, campaign, M1_DATA))


def set_email(user, address):
    Person.objects.filter(user=user).update(email=address)


# -- nobody reviews a form they wrote or belong to -------------------------------------


def test_the_chair_cannot_approve_her_own_m1_the_principal_does(tree, campaign_a1):
    chair, principal = tree.users["chair_a1"], tree.users["principal_a1"]
    Person.objects.filter(user=chair).update(union_group=tree.group_a1)
    item = m1_of(tree, campaign_a1, "chair_a1")
    assert item.status == Status.SUBMITTED  # her group has a leader: he looks first
    item = review.forward(tree.users["leader_a1"], item)
    assert "approve" not in names(allowed_actions(chair, item))
    with pytest.raises(PermissionDenied, match="chính mình"):
        review.approve(chair, item)
    with pytest.raises(PermissionDenied, match="chính mình"):
        review.return_for_changes(chair, item, "Tự trả")
    assert InnovationRegistration.objects.get(pk=item.pk).status == Status.FORWARDED
    assert "approve" in names(allowed_actions(principal, item))
    item = review.approve(principal, item)
    assert item.status == Status.APPROVED and item.reviewer == principal
    with pytest.raises(PermissionDenied):
        review.record_result(chair, item, "midyear", "excellent")


def test_the_principal_approves_only_when_the_chair_is_a_party(tree, campaign_a1):
    item = review.forward(tree.users["leader_a1"], m1_of(tree, campaign_a1, "teacher_a1"))
    assert "approve" not in names(allowed_actions(tree.users["principal_a1"], item))
    with pytest.raises(PermissionDenied):
        review.approve(tree.users["principal_a1"], item)


def test_members_of_an_m2_do_not_review_it(tree, campaign_a1):
    """The group leader is a member of a teacher's M2, the chair another: the form goes
    straight to the approver, who is then the principal."""
    leader, chair = tree.users["leader_a1"], tree.users["chair_a1"]
    group = make_group(campaign_a1, person(tree.users["teacher_a1"]), [person(leader)])
    group.members.add(person(chair))
    group = services.submit(tree.users["teacher_a1"], group)
    assert group.status == Status.FORWARDED
    with pytest.raises(PermissionDenied):
        review.forward(leader, group)
    with pytest.raises(PermissionDenied, match="chính mình"):
        review.approve(chair, group)
    assert names(allowed_actions(chair, group)) == []
    assert review.approve(tree.users["principal_a1"], group).status == Status.APPROVED


def test_a_leader_cannot_forward_his_own_m1(tree, campaign_a1):
    leader = tree.users["leader_a1"]
    item = make_registration(campaign_a1, person(leader), Status.SUBMITTED)
    with pytest.raises(PermissionDenied, match="chính mình"):
        review.forward(leader, item)


def test_nobody_extends_their_own_deadline(tree, campaign_a1):
    until = timezone.localdate() + datetime.timedelta(days=3)
    chair = tree.users["chair_a1"]
    with pytest.raises(PermissionDenied):
        review.extend_deadline(chair, campaign_a1, until, person=person(chair))
    review.extend_deadline(tree.users["principal_a1"], campaign_a1, until, person=person(chair))


# -- the chair after the group leader ----------------------------------------------------


def test_the_chair_reviews_after_the_group_leader(tree, campaign_a1, mailoutbox, commit):
    chair = tree.users["chair_a1"]
    set_email(chair, "ctcd@example.vn")
    item = m1_of(tree, campaign_a1, "teacher_a1")
    assert names(allowed_actions(chair, item)) == []
    with pytest.raises(PermissionDenied, match="chờ tổ trưởng"):
        review.approve(chair, item)
    with pytest.raises(PermissionDenied, match="chờ tổ trưởng"):
        review.return_for_changes(chair, item, "Sửa")
    with commit():
        item = review.forward(tree.users["leader_a1"], item, "Đề nghị duyệt")
    # the chair is told the form waits for her
    (mail,) = [m for m in mailoutbox if m.to == ["ctcd@example.vn"]]
    assert mail.subject == f"Mẫu M1 “{campaign_a1.name}” của {item.person.full_name} chờ bạn duyệt"
    assert "Đề nghị duyệt" in mail.body
    assert names(allowed_actions(chair, item)) == ["approve", "return"]
    assert review.approve(chair, item).status == Status.APPROVED


def test_no_other_leader_goes_straight_to_the_chair(tree, campaign_a1, mailoutbox, commit):
    set_email(tree.users["chair_a1"], "ctcd@example.vn")
    with commit():
        item = m1_of(tree, campaign_a1, "leader_a1")  # the group's only leader wrote it
    assert item.status == Status.FORWARDED
    assert [(e.action, e.actor_id) for e in item.events.all()][-1] == ("forward", None)
    assert [m.to for m in mailoutbox] == [["ctcd@example.vn"]]
    assert review.approve(tree.users["chair_a1"], item).status == Status.APPROVED


def test_a_group_without_a_leader_goes_straight_to_the_chair(tree, campaign_a1):
    loner = PersonFactory(organization=tree.school_a1, union_group=None)
    item = make_registration(campaign_a1, loner, Status.SUBMITTED)
    assert not permissions.needs_group_leader(item)
    assert "approve" in names(allowed_actions(tree.users["chair_a1"], item))
    assert review.approve(tree.users["chair_a1"], item).status == Status.APPROVED


# -- what waits, oldest first -------------------------------------------------------------


def _submitted(item, days_ago):
    item.submitted_at = timezone.now() - datetime.timedelta(days=days_ago)
    item.save()
    return item


def test_waiting_counts_cover_m1_and_m2_oldest_first(client, tree, campaign_a1):
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    m1 = _submitted(make_registration(campaign_a1, colleague, Status.SUBMITTED), 1)
    m2 = _submitted(
        make_group(campaign_a1, person(tree.users["teacher_a1"]), status=Status.SUBMITTED), 3
    )
    leader = tree.users["leader_a1"]
    assert permissions.waiting_count(leader) == 2
    assert permissions.next_waiting(leader) == m2
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "Xem và duyệt (2 đăng ký chờ)" in page
    assert permissions.waiting_count(tree.users["chair_a1"]) == 0
    review.forward(leader, m1)
    assert permissions.waiting_count(tree.users["chair_a1"]) == 1
    assert permissions.waiting_count(tree.users["principal_a1"]) == 0


def test_the_review_list_shows_waiting_first(client, tree, campaign_a1):
    done = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1, full_name="An")
    late = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1, full_name="Vũ")
    make_registration(campaign_a1, done, Status.APPROVED)
    waiting = make_registration(campaign_a1, late, Status.FORWARDED)
    group = make_group(campaign_a1, person(tree.users["teacher_a1"]), status=Status.FORWARDED)
    client.force_login(tree.users["chair_a1"])
    response = client.get(reverse("review_list"))
    assert [r.pk for r in response.context["page"]][0] == waiting.pk
    assert response.context["waiting_count"] == 2
    html = response.content.decode()
    assert 'data-select-all="approve-chosen"' in html and "data-confirm=" in html
    assert f'name="selected_group" value="{group.pk}"' in html


# -- after a review, the next one ------------------------------------------------------------


def test_after_a_review_the_next_waiting_form_opens(client, tree, campaign_a1):
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    first = _submitted(make_registration(campaign_a1, colleague, Status.SUBMITTED), 5)
    group = _submitted(
        make_group(campaign_a1, person(tree.users["teacher_a1"]), status=Status.SUBMITTED), 2
    )
    client.force_login(tree.users["leader_a1"])
    url = reverse("registration_forward", kwargs={"pk": first.pk})
    response = client.post(url, {"version": first.version})
    assert response["Location"] == reverse("group_detail", kwargs={"pk": group.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Tiếp theo: Mẫu M2" in page
    url = reverse("group_return", kwargs={"pk": group.pk})
    response = client.post(url, {"comment": "Thiếu", "version": group.version})
    assert response["Location"] == f"{reverse('review_list')}?campaign={campaign_a1.pk}"
    assert "Không còn đăng ký nào chờ bạn" in client.get(response["Location"]).content.decode()


def test_a_refused_review_stays_on_the_form(client, tree, campaign_a1):
    item = make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["chair_a1"])
    url = reverse("registration_approve", kwargs={"pk": item.pk})
    response = client.post(url, {"version": item.version})
    assert response["Location"] == reverse("registration_detail", kwargs={"pk": item.pk})
    assert InnovationRegistration.objects.get(pk=item.pk).status == Status.SUBMITTED


# -- bulk approval: all or none -----------------------------------------------------------


def test_bulk_approve_m1_and_m2_all_or_none(client, tree, campaign_a1):
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    m1 = make_registration(campaign_a1, colleague, Status.FORWARDED)
    m2 = make_group(
        campaign_a1, person(tree.users["teacher_a1"]), [colleague], status=Status.FORWARDED
    )
    early = make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["chair_a1"])
    url = reverse("approve_selected")
    body = {"selected": [m1.pk, early.pk], "selected_group": [m2.pk], "campaign": campaign_a1.pk}
    refused = client.post(url, body, follow=True).content.decode()
    assert "Chưa duyệt mục nào" in refused and "chờ tổ trưởng" in refused
    assert f"M1 – {early.person.full_name}" in refused  # the refused form, by name
    assert InnovationRegistration.objects.get(pk=m1.pk).status == Status.FORWARDED
    assert TeacherGroup.objects.get(pk=m2.pk).status == Status.FORWARDED
    body["selected"] = [m1.pk]
    done = client.post(url, body, follow=True).content.decode()
    assert "Đã duyệt 2 đăng ký." in done
    assert TeacherGroup.objects.get(pk=m2.pk).status == Status.APPROVED


def test_approve_many_refuses_ones_own_form(tree, campaign_a1):
    chair = tree.users["chair_a1"]
    own = make_registration(campaign_a1, person(chair), Status.FORWARDED)
    with pytest.raises(ServiceError, match="chính mình"):
        review.approve_many(chair, [own])


# -- e-mails name the form and link to it ---------------------------------------------------


def test_emails_name_the_form_and_link_to_it(tree, campaign_a1, mailoutbox, commit, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    teacher = tree.users["teacher_a1"]
    set_email(teacher, "gv@example.vn")
    set_email(tree.users["leader_a1"], "tt@example.vn")
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    group = services.save_group(teacher, campaign_a1, M2_DATA, [colleague])
    with commit():
        group = services.submit(teacher, group)
    with commit():
        review.return_for_changes(tree.users["leader_a1"], group, "Thiếu kết quả")
    link = f"https://thidua.example.vn/registrations/m2/{group.pk}/"
    waiting, returned = mailoutbox
    for mail in (waiting, returned):
        assert mail.subject.startswith(f"Mẫu M2 “{M2_DATA['name']}” của nhóm Trần Thị Gv_a1")
        assert link in mail.body and campaign_a1.name in mail.body
    assert waiting.to == ["tt@example.vn"] and returned.to == ["gv@example.vn"]
    assert "Thiếu kết quả" in returned.body
