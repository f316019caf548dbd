import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.models import Plan
from tests.factories.emulation import make_plan

CHANGELIST = "admin:emulation_plan_changelist"


def action(client, name, *plans, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": name, "_selected_action": [p.pk for p in plans], "index": 0, **extra},
        follow=extra.pop("follow", True),
    )


def test_changelist_shows_own_and_higher_published_plans_only(client, tree, plans):
    other_office = make_plan(tree.school_b1, Plan.Status.DRAFT, title="Nháp trường B1")
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Kế hoạch của Sở A" in page and "Bản nháp của trường A1" in page
    assert "Kế hoạch của trường B1" not in page and other_office.title not in page
    url = reverse("admin:emulation_plan_change", args=[plans["b1"].pk])
    assert client.get(url).status_code == 404


def test_publish_action(client, tree, plans):
    client.force_login(tree.users["principal_a1"])
    response = action(client, "publish", plans["a1_draft"])
    assert "Đã công bố 1 kế hoạch." in response.content.decode()
    plans["a1_draft"].refresh_from_db()
    assert plans["a1_draft"].status == Plan.Status.PUBLISHED


def test_publish_action_reports_refusals(client, tree, plans):
    client.force_login(tree.users["principal_a1"])
    response = action(client, "publish", plans["dept_a"])
    assert "Bạn không có quyền với kế hoạch này." in response.content.decode()


def test_derive_action_redirects_to_the_new_draft(client, tree, plans):
    client.force_login(tree.users["principal_a1"])
    response = action(client, "derive_from_parent", plans["dept_a"], follow=False)
    derived = Plan.objects.get(parent_plan=plans["dept_a"])
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:emulation_plan_change", args=[derived.pk])
    assert derived.organization == tree.school_a1


def test_render_pdf_action_single_and_zip(client, tree, plans):
    client.force_login(tree.users["principal_a1"])
    single = action(client, "render_pdf", plans["a1_draft"], follow=False)
    assert single["Content-Type"] == "application/pdf" and single.content.startswith(b"%PDF")
    both = action(client, "render_pdf", plans["a1_draft"], plans["dept_a"], follow=False)
    names = zipfile.ZipFile(io.BytesIO(both.content)).namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)


def test_copy_to_next_year_action(client, tree, plans):
    client.force_login(tree.users["principal_a1"])
    action(client, "copy_to_next_year", plans["a1_draft"])
    assert Plan.objects.filter(title="Bản nháp của trường A1", school_year__name="2024-2025")


def test_uploading_the_signed_scan_issues_and_locks(client, tree, plans, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(tree.users["principal_a1"])
    action(client, "publish", plans["a1_draft"])
    plans["a1_draft"].refresh_from_db()
    url = reverse("admin:emulation_plan_change", args=[plans["a1_draft"].pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "signed_scan"}
    data["organization"] = tree.school_a1.pk
    data["school_year"] = plans["a1_draft"].school_year_id
    data["issue_date"] = plans["a1_draft"].issue_date.strftime("%d/%m/%Y")
    for prefix in [
        "legal_bases",
        "sections",
        "themes",
        "schedule_items",
        "recipients",
        "signatures",
        "annexes",
        "events",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    bad = client.post(url, {**data, "signed_scan": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert "Bản ký phải là tệp PDF" in bad.content.decode()
    scan = SimpleUploadedFile("a.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = client.post(url, {**data, "signed_scan": scan}, follow=True)
    assert "nội dung đã khóa" in response.content.decode()
    plan = Plan.objects.get(pk=plans["a1_draft"].pk)
    assert plan.status == Plan.Status.ISSUED and plan.sections.count() == 5
    # Issued: the change page is read-only; nothing can be posted any more.
    page = client.get(url)
    assert page.context["has_change_permission"] is False
    client.post(url, {**data, "title": "Đổi tên"})
    assert Plan.objects.get(pk=plan.pk).title == plan.title
