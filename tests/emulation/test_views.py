import pytest
from django.core.management import call_command
from django.urls import reverse

from emulation.models import Plan
from tests.factories.emulation import make_plan


def test_home_lists_published_plans_from_above(client, tree, plans):
    client.force_login(tree.users["teacher_a1"])
    page = client.get(reverse("home")).content.decode()
    assert "Kế hoạch thi đua đã ban hành" in page
    assert "Kế hoạch của Sở A" in page
    assert "Bản nháp của trường A1" not in page  # drafts are not on the home page
    assert "Kế hoạch của trường B1" not in page


def test_home_without_plans_says_so(client, tree):
    client.force_login(tree.users["teacher_b1"])
    page = client.get(reverse("home")).content.decode()
    assert "Chưa có kế hoạch nào được ban hành cho đơn vị của bạn." in page


@pytest.mark.parametrize("extra", [0, 10])
def test_plan_list_query_count(client, tree, plans, django_assert_num_queries, extra):
    for i in range(extra):
        make_plan(tree.school_a1, Plan.Status.PUBLISHED, title=f"Kế hoạch {i}")
    client.force_login(tree.users["principal_a1"])
    # session, user, roles (with the school year), count, page, which of the page the
    # user may edit
    with django_assert_num_queries(6):
        response = client.get(reverse("plan_list"))
    assert len(response.context["page"]) == 2 + extra


def test_preview_pdf_and_docx(client, tree, plans):
    client.force_login(tree.users["teacher_a1"])
    pk = plans["dept_a"].pk
    preview = client.get(reverse("plan_detail", kwargs={"pk": pk})).content.decode()
    assert "Kế hoạch của Sở A" in preview and "Tải PDF" in preview
    pdf = client.get(reverse("plan_pdf", kwargs={"pk": pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == "inline; filename*=utf-8''12-KH-SGD%C4%90T.pdf"
    docx = client.get(reverse("plan_docx", kwargs={"pk": pk}))
    assert docx.content.startswith(b"PK")


def test_signed_scan_missing_is_404(client, tree, plans):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("plan_signed_scan", kwargs={"pk": plans["dept_a"].pk})
    assert client.get(url).status_code == 404


def test_export_archive(tree, plans, tmp_path, capsys):
    make_plan(
        tree.school_a1,
        Plan.Status.PUBLISHED,
        number=4,
        symbol="KH-A1",
        title="Kế hoạch A1",
        issue_date="2024-01-10",
    )
    call_command("export_archive", year="2023-2024", out=str(tmp_path))
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert len(folders) == 3  # Sở A, school A1, school B1: drafts are not archived
    a1 = next(tmp_path.glob(f"{tree.school_a1.pk:05d}-*"))
    files = sorted(p.name for p in a1.iterdir())
    assert files == ["04-KH-A1.docx", "04-KH-A1.pdf", "danh-muc.xlsx"]
    assert (a1 / "04-KH-A1.pdf").read_bytes().startswith(b"%PDF")
    assert "Đã ghi" in capsys.readouterr().out


def test_export_archive_unknown_year(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có năm học 1999-2000"):
        call_command("export_archive", year="1999-2000", out="/tmp/x")
