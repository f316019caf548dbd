"""Garbage posted to every form of the editor gets a Vietnamese message at the form,
never a 500, and what was saved stays (issue 14)."""

import pytest
from django.urls import reverse

from emulation.models import Plan
from tests.emulation.test_editor import editor_data
from tests.factories.emulation import make_plan

LONG = "ư" * 400


@pytest.fixture
def draft(tree):
    return make_plan(tree.school_a1, title="Bản nháp giữ nguyên")


def test_new_plan_form_refuses_garbage(client, tree):
    client.force_login(tree.users["principal_a1"])
    for data in (
        {"organization": "99999999999999999999999", "issuer_kind": "state"},
        {"organization": tree.school_b1.pk, "issuer_kind": "state"},
        {"organization": tree.school_a1.pk, "issuer_kind": "martian"},
        {"organization": tree.school_a1.pk, "issuer_kind": "state", "title": "x" * 600},
    ):
        response = client.post(reverse("plan_new"), data)
        assert response.status_code == 200
        assert "invalid-feedback" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"number": "mười"}, "number"),
        ({"number": "-3"}, "number"),
        ({"number": "99999999999999999999"}, "number"),
        ({"issue_date": "31/02/2026"}, "issue_date"),
        ({"issuer_kind": "martian"}, "issuer_kind"),
        ({"joint_issuer_kind": "state"}, "joint_issuer_kind"),
        ({"title": ""}, "title"),
        ({"title": LONG + LONG}, "title"),
        ({"symbol": "K" * 60}, "symbol"),
        ({"body": "Nội dung\x00"}, "body"),
    ],
)
def test_editor_refuses_garbage_at_the_field(client, tree, draft, changes, field):
    client.force_login(tree.users["principal_a1"])
    url = reverse("plan_edit", kwargs={"pk": draft.pk})
    response = client.post(url, editor_data(draft, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    saved = client.post(
        reverse("plan_autosave", kwargs={"pk": draft.pk}), editor_data(draft, **changes)
    )
    assert saved.status_code == 400 and field in saved.json()["errors"]
    draft.refresh_from_db()
    assert draft.title == "Bản nháp giữ nguyên" and draft.sections.count() == 5


def test_lines_longer_than_their_column_are_refused_by_name(client, tree, draft):
    client.force_login(tree.users["principal_a1"])
    url = reverse("plan_edit", kwargs={"pk": draft.pk})
    response = client.post(url, editor_data(draft, signature_text=f"HIỆU TRƯỞNG\n{LONG}"))
    assert "“họ tên người ký” dài 400 ký tự, tối đa 150" in response.content.decode()
    response = client.post(url, editor_data(draft, recipient_text=LONG))
    assert "“nơi nhận” dài 400 ký tự, tối đa 300" in response.content.decode()
    response = client.post(
        reverse("plan_paste", kwargs={"pk": draft.pk}),
        {"text": f"KẾ HOẠCH\nTên\nI. MỤC ĐÍCH\nNội dung.\nNơi nhận:\n- {LONG}\nHIỆU TRƯỞNG\nAn"},
        follow=True,
    )
    assert "“nơi nhận” dài 400 ký tự, tối đa 300" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Bản nháp giữ nguyên" and draft.sections.count() == 5


def test_paste_and_publish_refuse_garbage(client, tree, draft):
    client.force_login(tree.users["principal_a1"])
    paste = reverse("plan_paste", kwargs={"pk": draft.pk})
    for text in ("", "\x00\x00", "   \n\t\n"):
        page = client.post(paste, {"text": text}, follow=True).content.decode()
        assert "Hãy dán nội dung văn bản" in page or "ký tự NUL" in page or "Không tìm thấy" in page
    page = client.post(paste, {"text": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}, follow=True)
    assert "Không tìm thấy nội dung văn bản trong phần đã dán." in page.content.decode()
    publish = reverse("plan_publish", kwargs={"pk": draft.pk})
    for value in ("", "hôm nay", "31/02/2026", "01/01/99999"):
        response = client.post(publish, {"issue_date": value})
        assert response.status_code == 200 and "issue_date" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT and draft.sections.count() == 5
