import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from registrations import services
from registrations.models import InnovationRegistration, ReviewEvent, Status, TeacherGroup
from registrations.transitions import ConflictError
from schools.services import ServiceError
from tests.factories import PersonFactory
from tests.factories.registrations import (
    M1_DATA,
    M2_DATA,
    make_campaign,
    make_registration,
    person,
)
from tests.factories.registrations import person as person_of


@pytest.fixture
def m1(tree, campaign_a1):
    return services.save_registration(tree.users["teacher_a1"], campaign_a1, M1_DATA)


def forwarded(tree, item):
    """Submitted by its author, forwarded by the union group leader."""
    item = services.submit(tree.users["teacher_a1"], item)
    return services.forward(tree.users["leader_a1"], item)


def events(item):
    return [(e.action, e.from_status, e.to_status) for e in item.events.all()]


def test_the_whole_review_journey(tree, m1, mailoutbox, django_capture_on_commit_callbacks):
    # E-mails leave when the transaction commits: run those callbacks at each step.
    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    teacher, leader, chair = (tree.users[k] for k in ("teacher_a1", "leader_a1", "chair_a1"))
    person_of(leader).__class__.objects.filter(user=leader).update(email="tt@example.vn")
    person_of(teacher).__class__.objects.filter(user=teacher).update(email="gv@example.vn")
    assert m1.status == Status.DRAFT and m1.union_group == tree.group_a1
    with pytest.raises(PermissionDenied):  # not a reviewer of the school
        services.forward(tree.users["principal_b1"], m1)
    with commit():
        m1 = services.submit(teacher, m1)
    assert [m.to for m in mail.outbox] == [["tt@example.vn"]]
    m1 = services.forward(leader, m1)
    with commit():
        m1 = services.return_for_changes(chair, m1, "Mục 5 cần cụ thể hơn")
    assert m1.last_comment == "Mục 5 cần cụ thể hơn"
    assert mail.outbox[-1].to == ["gv@example.vn"]
    m1 = services.save_registration(
        teacher, m1.campaign, {"goals_and_solutions": "Mới"}, registration=m1
    )
    m1 = services.forward(leader, services.submit(teacher, m1))
    with commit():
        m1 = services.approve(chair, m1)
    assert m1.status == Status.APPROVED and m1.reviewer == chair
    assert events(m1) == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("forward", "submitted", "forwarded"),
        ("return", "forwarded", "returned"),
        ("resubmit", "returned", "submitted"),
        ("forward", "submitted", "forwarded"),
        ("approve", "forwarded", "approved"),
    ]
    versions = list(m1.versions.all())
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["goals_and_solutions"] == M1_DATA["goals_and_solutions"]
    assert versions[1].data["goals_and_solutions"] == "Mới"
    assert mail.outbox[-1].subject == (
        f"Mẫu M1 “{m1.campaign.name}” của {m1.person.full_name} đã được duyệt"
    )


def test_return_needs_a_comment_and_a_reviewer(tree, m1):
    m1 = services.submit(tree.users["teacher_a1"], m1)
    with pytest.raises(ServiceError, match="Hãy ghi ý kiến"):
        services.return_for_changes(tree.users["chair_a1"], m1, "  ")
    with pytest.raises(PermissionDenied):
        services.return_for_changes(tree.users["teacher_a1"], m1, "tự trả")
    with pytest.raises(PermissionDenied):
        services.approve(tree.users["leader_a1"], m1)  # the leader forwards; the chair approves


def test_submit_lists_missing_fields_and_keeps_the_draft(tree, campaign_a1):
    m1 = services.save_registration(
        tree.users["teacher_a1"], campaign_a1, {"assigned_task": "GVCN"}
    )
    with pytest.raises(ServiceError) as error:
        services.submit(tree.users["teacher_a1"], m1)
    assert str(error.value) == (
        "Chưa nộp được: hãy điền Lĩnh vực đổi mới, sáng tạo, Mục tiêu giải pháp đổi mới, "
        "Dự kiến kết quả. Bản nháp vẫn được lưu."
    )
    assert InnovationRegistration.objects.get(pk=m1.pk).assigned_task == "GVCN"


def test_deadline_refuses_then_extension_allows(tree):
    late = make_campaign(tree.school_a1, deadline_in_days=-1, name="Đã hết hạn")
    m1 = services.save_registration(tree.users["teacher_a1"], late, M1_DATA)
    with pytest.raises(ServiceError, match="Đã hết hạn đăng ký"):
        services.submit(tree.users["teacher_a1"], m1)
    assert InnovationRegistration.objects.get(pk=m1.pk).status == Status.DRAFT
    until = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(PermissionDenied):
        services.extend_deadline(tree.users["leader_a1"], late, until, person=m1.person)
    services.extend_deadline(tree.users["chair_a1"], late, until, person=m1.person)
    assert services.submit(tree.users["teacher_a1"], m1).status == Status.SUBMITTED


def test_withdraw_before_approval_only(tree, m1):
    teacher = tree.users["teacher_a1"]
    m1 = services.withdraw(teacher, services.submit(teacher, m1))
    assert m1.status == Status.DRAFT
    m1 = services.approve(tree.users["chair_a1"], forwarded(tree, m1))
    with pytest.raises(ServiceError, match="Đã duyệt"):
        services.withdraw(teacher, m1)


def test_a_returned_form_submitted_twice(tree, m1):
    teacher = tree.users["teacher_a1"]
    m1 = services.return_for_changes(tree.users["leader_a1"], services.submit(teacher, m1), "Sửa")
    version = m1.version
    services.submit(teacher, m1, expected_version=version)
    with pytest.raises(ServiceError, match="vừa được người khác thay đổi"):
        services.submit(teacher, m1, expected_version=version)
    assert ReviewEvent.objects.filter(registration=m1, action="resubmit").count() == 1


def test_two_reviewers_on_the_same_version(tree, m1):
    """Both reviewers loaded the page at the same version: one wins, one is told."""
    m1 = forwarded(tree, m1)
    version = m1.version
    services.approve(tree.users["chair_a1"], m1, expected_version=version)
    with pytest.raises(ConflictError) as error:
        services.return_for_changes(tree.users["leader_a1"], m1, "Thiếu", expected_version=version)
    assert "Đã duyệt" in str(error.value)
    assert InnovationRegistration.objects.get(pk=m1.pk).status == Status.APPROVED


def test_long_answers_are_refused_not_cut(tree, campaign_a1):
    with pytest.raises(ServiceError, match="tối đa 5.000 ký tự; mục này có 20000 ký tự"):
        services.save_registration(
            tree.users["teacher_a1"], campaign_a1, {**M1_DATA, "steps": "x" * 20000}
        )
    assert not InnovationRegistration.objects.exists()


def test_one_m1_per_campaign(tree, m1):
    with pytest.raises(ServiceError, match="đã có một bản đăng ký M1"):
        services.save_registration(tree.users["teacher_a1"], m1.campaign, M1_DATA)


def test_teachers_cannot_register_in_another_schools_campaign(tree, campaign_b1):
    with pytest.raises(PermissionDenied):
        services.save_registration(tree.users["teacher_a1"], campaign_b1, M1_DATA)


def test_group_members_come_from_the_same_school(tree, campaign_a1):
    colleague = PersonFactory(organization=tree.school_a1, full_name="Lê Thị Cùng")
    stranger = person_of(tree.users["teacher_b1"])
    leader = tree.users["teacher_a1"]
    with pytest.raises(ServiceError) as error:
        services.save_group(leader, campaign_a1, M2_DATA, [colleague, stranger])
    assert str(error.value) == (
        f"Thành viên phải cùng trường: {stranger.full_name} không thuộc Trường A1."
    )
    assert not TeacherGroup.objects.exists()
    group = services.save_group(leader, campaign_a1, M2_DATA, [colleague])
    assert list(group.members.all()) == [colleague]
    group = services.submit(leader, group)
    assert group.status == Status.SUBMITTED
    assert group.versions.get().data["members"] == ["Lê Thị Cùng"]
    with pytest.raises(PermissionDenied):  # members see the group; the leader submits
        services.submit(tree.users["leader_a1"], group)


def test_results_only_for_approved(tree, m1):
    chair = tree.users["chair_a1"]
    with pytest.raises(ServiceError):
        services.record_result(chair, m1, "midyear", "completed")
    m1 = services.approve(chair, forwarded(tree, m1))
    m1 = services.record_result(chair, m1, "midyear", "excellent", "Tốt")
    assert (m1.midyear_result, m1.midyear_comment) == ("excellent", "Tốt")
    assert m1.events.last().action == "result_midyear"


def test_approve_many_is_all_or_none(tree, campaign_a1):
    a = forwarded(tree, services.save_registration(tree.users["teacher_a1"], campaign_a1, M1_DATA))
    b = make_registration(campaign_a1, person_of(tree.users["leader_a1"]), Status.APPROVED)
    with pytest.raises(ServiceError) as error:
        services.approve_many(tree.users["chair_a1"], [a, b])
    assert str(error.value).startswith(f"Chưa duyệt mục nào: {b}")
    assert "Đã duyệt" in str(error.value)
    assert InnovationRegistration.objects.get(pk=a.pk).status == Status.FORWARDED
    done = services.approve_many(tree.users["chair_a1"], [a])
    assert [d.status for d in done] == [Status.APPROVED]


def test_approving_a_group_fills_the_plans_group_table(tree, campaign_a1):
    from emulation.models import Annex
    from schools.models import Unit

    plan = campaign_a1.plans.get()
    annex = Annex.objects.create(plan=plan, kind=Annex.Kind.GROUP_TABLE)
    team = Unit.objects.create(
        organization=tree.school_a1, kind="professional_team", name="Tổ Toán – Lý"
    )
    leader = tree.users["teacher_a1"]
    colleague = person(tree.users["leader_a1"])
    group = services.save_group(leader, campaign_a1, {**M2_DATA, "team": team}, [colleague])
    group = services.submit(leader, group)
    assert not annex.group_rows.exists()
    services.approve(tree.users["chair_a1"], group)
    assert [(r.team_name, r.group_name) for r in annex.group_rows.all()] == [
        ("TỔ TOÁN – LÝ", "NHÓM NÂNG CAO CHẤT LƯỢNG HỌC TOÁN")
    ]
