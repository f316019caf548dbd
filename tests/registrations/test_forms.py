"""Forms M1 and M2 on the page: required items marked, every error at its item, limits
refused with a message (never cut) and counted by the page's counter, a group of at
least two people, the returning comment moved to the history once resubmitted."""

import re

import pytest
from django.urls import reverse

from registrations import services
from registrations.forms import GroupForm, RegistrationForm
from registrations.models import InnovationRegistration, Status, TeacherGroup
from schools.services import ServiceError
from tests.factories.registrations import M1_DATA, M2_DATA, make_group, make_registration, person

REQUIRED_MARK = '<span class="asteriskField">*</span>'


def m1_post(action="save", **changes):
    data = {**M1_DATA, **changes, "action": action}
    data["fields"] = [str(f) for f in data["fields"]]
    return data


def field_block(page, name):
    """The HTML of one item of a crispy form: from its wrapper to the next item's."""
    start = page.index(f'id="div_id_{name}"')
    following = page.find('id="div_id_', start + 1)
    return page[start : following if following != -1 else len(page)]


def label_of(page, name):
    found = re.search(
        rf'<(?:label|legend)[^>]*for="id_{name}"[^>]*>(.*?)</(?:label|legend)>', page, re.S
    )
    if found is None:  # a group of checkboxes has a legend without "for"
        found = re.search(r"<legend[^>]*>(.*?)</legend>", field_block(page, name), re.S)
    return found.group(1)


def test_m1_marks_the_items_required_to_submit(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    page = client.get(reverse("registration_create", kwargs={"pk": campaign_a1.pk})).content
    page = page.decode()
    for name in ("assigned_task", "fields", "goals_and_solutions", "expected_results"):
        assert REQUIRED_MARK in label_of(page, name), name
    for name in ("field_other", "current_state", "trial_period", "steps", "dissemination_scope"):
        assert REQUIRED_MARK not in label_of(page, name), name
    assert "phải điền trước khi nộp; lưu nháp thì chưa cần" in page


def test_m1_draft_may_be_half_filled(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, {"assigned_task": "GVCN", "action": "save"}, follow=True)
    assert "Đã lưu bản nháp." in response.content.decode()
    assert InnovationRegistration.objects.get().assigned_task == "GVCN"


def test_m1_submission_shows_each_missing_item_at_that_item_and_keeps_the_draft(
    client, tree, campaign_a1
):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, {"assigned_task": "GVCN", "action": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    item = InnovationRegistration.objects.get()
    assert (item.status, item.assigned_task) == (Status.DRAFT, "GVCN")
    assert "Chưa nộp được: hãy điền các mục báo lỗi bên dưới. Bản nháp đã được lưu." in page
    for name in ("goals_and_solutions", "expected_results"):
        assert "Hãy điền mục này trước khi nộp." in field_block(page, name), name
    assert "Hãy chọn ít nhất một lĩnh vực" in field_block(page, "fields")
    for name in ("assigned_task", "current_state", "steps"):
        assert "invalid-feedback" not in field_block(page, name), name
    # The page now edits the saved draft: the next post goes there, with its version.
    edit = reverse("registration_edit", kwargs={"pk": item.pk})
    assert f'action="{edit}"' in page
    assert f'name="version" value="{item.version}"' in page
    response = client.post(edit, {**m1_post("submit"), "version": item.version}, follow=True)
    assert "Đã nộp." in response.content.decode()
    assert InnovationRegistration.objects.get().status == Status.SUBMITTED


def test_another_field_fills_item_3(tree):
    form = RegistrationForm(
        {**m1_post("submit"), "fields": [], "field_other": "Chuyển đổi số"}, submitting=True
    )
    assert form.is_valid(), form.errors


def test_every_text_has_a_counted_limit_and_no_silent_cut(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    page = client.get(reverse("registration_create", kwargs={"pk": campaign_a1.pk})).content
    page = page.decode()
    assert "maxlength=" not in page.lower().replace("data-maxlength=", "")
    assert 'name="steps" cols="40" rows="3" data-maxlength="5000"' in page
    assert 'name="field_other" data-maxlength="300"' in page
    assert re.search(
        r'<script src="/static/js/char-counter\.js[^"]*" id="char-counter-script"', page
    )


@pytest.mark.parametrize("action", ["save", "submit"])
def test_too_long_text_is_refused_at_its_item(client, tree, campaign_a1, action):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    response = client.post(url, m1_post(action, steps="y" * 5001, trial_period="t" * 301))
    page = response.content.decode()
    assert "Mục này tối đa 5.000 ký tự; bạn đã nhập 5.001 ký tự." in field_block(page, "steps")
    assert "Mục này tối đa 300 ký tự; bạn đã nhập 301 ký tự." in field_block(page, "trial_period")
    assert "y" * 5001 in page  # what was typed is still there, whole
    assert "Chưa lưu được: hãy sửa các mục báo lỗi bên dưới" in page
    assert not InnovationRegistration.objects.exists()


def test_text_at_the_limit_is_kept_and_a_line_break_counts_once(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", kwargs={"pk": campaign_a1.pk})
    steps = "a" * 2499 + "\r\n" + "b" * 2500  # 5,000 characters as the counter counts
    client.post(url, m1_post("save", steps=steps))
    assert InnovationRegistration.objects.get().steps == "a" * 2499 + "\n" + "b" * 2500


def test_m2_marks_its_members_required_and_refuses_a_group_of_one(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("group_create", kwargs={"pk": campaign_a1.pk})
    page = client.get(url).content.decode()
    for name in ("members", "common_task", "concern", "approach"):
        assert REQUIRED_MARK in label_of(page, name), name
    response = client.post(url, {**M2_DATA, "action": "submit"})
    page = response.content.decode()
    assert "Nhóm cần ít nhất hai người: trưởng nhóm và ít nhất một thành viên." in field_block(
        page, "members"
    )
    group = TeacherGroup.objects.get()
    assert group.status == Status.DRAFT  # kept as a draft, not submitted
    colleague = person(tree.users["leader_a1"])
    edit = reverse("group_edit", kwargs={"pk": group.pk})
    data = {**M2_DATA, "members": [colleague.pk], "action": "submit", "version": group.version}
    client.post(edit, data)
    # the union group leader is a member: the group goes straight to the chair
    assert TeacherGroup.objects.get().status == Status.FORWARDED


def test_m2_form_alone_refuses_a_group_of_one(tree, campaign_a1):
    leader = person(tree.users["teacher_a1"])
    form = GroupForm({**M2_DATA}, school=tree.school_a1, leader=leader, submitting=True)
    assert not form.is_valid()
    assert list(form.errors) == ["members"]
    assert GroupForm({**M2_DATA}, school=tree.school_a1, leader=leader).is_valid()


def test_the_service_refuses_to_submit_a_group_of_one(tree, campaign_a1):
    leader = person(tree.users["teacher_a1"])
    group = make_group(campaign_a1, leader, [leader])  # the leader listed again is not two
    with pytest.raises(ServiceError, match="nhóm cần ít nhất hai người"):
        services.submit(tree.users["teacher_a1"], group)
    assert TeacherGroup.objects.get().status == Status.DRAFT
    group.members.add(person(tree.users["leader_a1"]))
    # the union group leader is a member: the group goes straight to the chair
    assert services.submit(tree.users["teacher_a1"], group).status == Status.FORWARDED


def test_a_resubmitted_form_shows_the_returning_comment_in_its_history_only(
    client, tree, campaign_a1
):
    teacher = tree.users["teacher_a1"]
    item = make_registration(campaign_a1, person(teacher), Status.SUBMITTED)
    services.return_for_changes(tree.users["leader_a1"], item, "Mục 5 cần cụ thể hơn")
    client.force_login(teacher)
    detail = reverse("registration_detail", kwargs={"pk": item.pk})
    page = client.get(detail).content.decode()
    assert 'data-testid="last-comment"' in page  # returned: the comment is current
    item.refresh_from_db()
    edit = reverse("registration_edit", kwargs={"pk": item.pk})
    client.post(edit, {**m1_post("submit"), "version": item.version})
    item.refresh_from_db()
    assert (item.status, item.last_comment) == (Status.SUBMITTED, "")
    page = client.get(detail).content.decode()
    assert 'data-testid="last-comment"' not in page
    history = page[page.index('data-testid="history"') :]
    assert "Mục 5 cần cụ thể hơn" in history
    assert history.index("trả lại để sửa") < history.index("nộp lại")
