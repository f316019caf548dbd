"""A principal sets who signs the school's tờ trình and where copies go, on the
proposal's page; the tờ trình and its list print them, and the next tờ trình starts
with them (issue 14, item 5). At 1366 and 390 px."""

from awards.models import Proposal
from tests.e2e.conftest import login


def test_principal_sets_the_signer_and_recipients_of_a_proposal(page, live_server, demo):
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        login(page, live_server, "hieutruong")
        page.goto(f"{live_server.url}/awards/proposals/")
        page.get_by_test_id("proposal-create").get_by_role("button").click()
        page.wait_for_url("**/awards/proposals/*/")
        page.get_by_test_id("signoff-link").click()
        if width == 390:  # the first proposal's signer is remembered for this one
            assert page.get_by_label("Họ tên người ký").input_value() == "Lê Văn Phó"
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_label("Thẩm quyền ký").fill("KT.")
        page.get_by_label("Chức vụ người ký").fill("PHÓ HIỆU TRƯỞNG")
        page.get_by_label("Họ tên người ký").fill("Lê Văn Phó")
        page.get_by_label("Nơi nhận").fill("- Như trên;\n- Công đoàn trường;\n- Lưu: VT.")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url("**/awards/proposals/*/")
        assert "Đã lưu người ký và nơi nhận." in page.locator("body").inner_text()
        page.get_by_test_id("documents").get_by_role("link", name="Tờ trình").click()
        sheet = page.locator("body").inner_text()
        for line in ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Lê Văn Phó", "- Công đoàn trường;"):
            assert line in sheet, line
    assert Proposal.objects.filter(signer_name="Lê Văn Phó").count() == 2
