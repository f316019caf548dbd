"""A principal derives the school's plan from the Sở's plan in the admin, adds a theme
with an award form and a schedule item with a deadline, publishes it and downloads the
PDF; a teacher of the school then sees it on the home page."""

import io

import pdfplumber

from emulation.models import DocumentCounter, Plan
from tests.e2e.conftest import login

SỞ_PLAN_TITLE = "Thực hiện Phong trào thi đua"
NEW_TITLE = "Triển khai phong trào thi đua đổi mới, sáng tạo của Trường Tiểu học Lai Uyên"


def run_action(page, live_server, plan_pk, action):
    page.goto(f"{live_server.url}/admin/emulation/plan/")
    page.check(f"input[name=_selected_action][value='{plan_pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def add_inline_row(page, prefix):
    page.click(f"#{prefix}-group .add-row a")
    return int(page.input_value(f"#id_{prefix}-TOTAL_FORMS")) - 1


def test_principal_derives_publishes_and_teacher_sees(page, live_server, demo):
    parent = Plan.objects.get(
        organization__name="Sở Giáo dục và Đào tạo Bình Dương", title__startswith=SỞ_PLAN_TITLE
    )
    assert parent.title.startswith(SỞ_PLAN_TITLE)

    before = set(Plan.objects.values_list("pk", flat=True))  # the demo has derived one
    login(page, live_server, "hieutruong")
    run_action(page, live_server, parent.pk, "derive_from_parent")
    page.wait_for_url("**/admin/emulation/plan/*/change/")
    assert "Đã tạo 1 bản nháp kế hoạch triển khai." in page.locator(".messagelist").inner_text()
    derived = Plan.objects.exclude(pk__in=before).get(parent_plan=parent)
    page.fill("#id_title", NEW_TITLE)
    page.fill("#id_issue_date", "20/11/2026")
    # The Sở's parts for its own level and the Bộ's come marked: the principal removes them.
    marked = [
        field.get_attribute("name").removesuffix("-review_note")
        for field in page.locator("[name^=sections-][name$=-review_note]").all()
        if field.input_value()
    ]
    assert marked, "the Sở's plan has parts for other levels"
    for prefix in marked:
        page.check(f"[name={prefix}-DELETE]")

    n = add_inline_row(page, "themes")
    page.fill(f"[name=themes-{n}-name]", "Chuyên đề: Giờ học hạnh phúc")
    page.fill(f"[name=themes-{n}-objective]", "Mỗi giáo viên có một giờ dạy đổi mới")
    page.fill(f"[name=themes-{n}-period]", "Học kỳ I năm học 2026-2027")

    n = add_inline_row(page, "schedule_items")
    page.fill(f"[name=schedule_items-{n}-period_label]", "Tháng 11/2026")
    page.fill(f"[name=schedule_items-{n}-activity]", "Giáo viên đăng ký đổi mới, sáng tạo")
    page.fill(f"[name=schedule_items-{n}-deadline]", "30/11/2026")
    page.select_option(f"[name=schedule_items-{n}-milestone]", "registration")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()

    theme = derived.themes.get(name="Chuyên đề: Giờ học hạnh phúc")
    page.goto(f"{live_server.url}/admin/emulation/theme/{theme.pk}/change/")
    n = add_inline_row(page, "awards")
    page.fill(f"[name=awards-{n}-collective_quantity]", "1")
    page.fill(f"[name=awards-{n}-individual_quantity]", "2")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert theme.awards.get().text == "Hiệu trưởng tặng giấy khen (01 tập thể, 02 cá nhân)"

    # One numbering per organisation and year for every outgoing document (Nghị định 30):
    # the demo school's plans and proposals have taken the numbers before this one.
    counter = DocumentCounter.objects.filter(organization=derived.organization).first()
    expected = (counter.last_number if counter else 0) + 1
    run_action(page, live_server, derived.pk, "publish")
    assert "Đã công bố 1 kế hoạch." in page.locator(".messagelist").inner_text()
    derived.refresh_from_db()
    assert derived.status == Plan.Status.PUBLISHED and derived.number == expected

    page.goto(f"{live_server.url}/admin/emulation/plan/")
    page.check(f"input[name=_selected_action][value='{derived.pk}']")
    page.select_option("select[name=action]", "render_pdf")
    with page.expect_download() as download_info:
        page.click("button[name=index]")
    with open(download_info.value.path(), "rb") as handle:
        pdf_bytes = handle.read()
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    flat = " ".join(text.split())
    assert f"Số: {derived.reference}" in flat
    assert "Chuyên đề: Giờ học hạnh phúc" in flat
    assert "Hiệu trưởng tặng giấy khen (01 tập thể, 02 cá nhân)" in flat
    assert "Hạn chót: 30/11/2026" in flat
    assert "Căn cứ Kế hoạch" in flat and parent.header_issuer in flat

    login(page, live_server, "giaovien")
    home_plans = page.get_by_test_id("home-plans")
    assert NEW_TITLE in home_plans.inner_text()
    home_plans.get_by_role("link", name=NEW_TITLE).click()
    assert "Chuyên đề: Giờ học hạnh phúc" in page.locator("body").inner_text()
