import io, pdfplumber, datetime
from tests.security.conftest import plan_with
from emulation.documents import PlanDocument, load_plan
from tests.emulation.conftest import make_plan
def test_dbg(tree):
    plan = make_plan(tree.school_a1, place_name="Thành phố Hồ Chí Minh", issue_date="2026-12-15", governing_body="UBND THÀNH PHỐ HỒ CHÍ MINH", issuer_name="TRƯỜNG TRUNG HỌC PHỔ THÔNG CHUYÊN LÊ HỒNG PHONG")
    content = PlanDocument(load_plan(plan.pk)).pdf()
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        for w in words[:40]:
            if w["top"] < 160: print(round(w["x0"]), round(w["x1"]), round(w["top"]), w["text"])
