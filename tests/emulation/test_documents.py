"""Official documents: the seed plans rendered to PDF and read back (text in the seed's
order, embedded Liberation Serif, A4, margins of Nghị định 30/2020), the safe URL
fetcher, escaping, DOCX."""

import io
import json
import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from emulation.demo import seed_files
from emulation.documents import PlanDocument, load_plan
from emulation.rendering import StaticOnlyFetcher, html_to_pdf
from tests.factories.emulation import make_plan

MM = 72 / 25.4
# Copies of ../shared/seeds/, so the check runs wherever the repository is cloned.
SHARED_SEEDS = Path(__file__).resolve().parent / "seeds"
# Words the demo put into the seeds' blanks ("Khối thi đua ……").
FILLED_BLANK_WORDS = set(
    "khối thi đua số 1 trường tiểu học tân túc an hạ vĩnh lộc a bình chánh 04 nguyễn văn hòa".split()  # noqa: E501, SIM905
)


def norm(text):
    """Letters and digits only, lower case: layout, hyphenation and punctuation aside."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w]", "", text)


def words(text):
    return set(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def has_schedule_block(data):
    return any(s.get("block") == "schedule" for s in data["sections"])


def schedule_texts(data):
    """A plan with a schedule section prints each item under its period label, in order.
    A plan whose schedule is stated in its sections' text (seeds 001-003) is checked by
    test_schedule_stated_in_the_text instead."""
    if not has_schedule_block(data):
        return []
    return [item["period_label"] for item in data.get("schedule", [])]


def seed_items(data):
    """What must appear, in order: headings, themes, schedule, bases, recipients, signers."""
    return {
        "legal bases": data["legal_bases"],
        "headings": [s["heading"] for s in data["sections"] if s["heading"]],
        "themes": [t["name"] for t in data.get("themes", [])],
        "schedule": schedule_texts(data),
        "recipients": data["recipients"],
        "signer positions": [s["position"] for s in data["signatures"]],
        "signer names": [s["signer_name"] for s in data["signatures"] if s["signer_name"]],
    }


SEEDS = [pytest.param(path, id=path.stem) for path in seed_files()]


def test_all_five_seeds_are_transcribed():
    assert [p.stem for p in seed_files()] == [f"seed_00{i}" for i in range(5)]


@pytest.mark.parametrize("path", SEEDS)
def test_transcription_holds_the_seed_words(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    seed_text = (SHARED_SEEDS / data["seed"]).read_text(encoding="utf-8")
    seed_words = words(seed_text)
    for category, items in seed_items(data).items():
        for item in items:
            missing = words(item) - seed_words - FILLED_BLANK_WORDS
            assert not missing, (category, item, missing)


@pytest.fixture(scope="module")
def seed_pdfs():
    """Each seed plan's PDF, rendered once for the tests that read it."""
    return {}


@pytest.fixture
def rendered(shared_demo, db, seed_pdfs, request):
    # The demo organisations; the seed plans come with it.
    data = json.loads(request.param.read_text(encoding="utf-8"))
    from emulation.models import Plan

    if request.param not in seed_pdfs:
        plan = Plan.objects.get(organization__name=data["organization"], title=data["title"])
        seed_pdfs[request.param] = PlanDocument(load_plan(plan.pk)).pdf()
    return data, seed_pdfs[request.param]


@pytest.mark.parametrize("rendered", SEEDS, indirect=True)
def test_seed_pdf_reads_like_the_seed(rendered):
    data, pdf_bytes = rendered
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = norm("".join(page.extract_text() or "" for page in pdf.pages))
    for category, items in seed_items(data).items():
        position = 0
        for item in items:
            found = text.find(norm(item), position)
            assert found >= 0, (category, item)
            position = found + 1


@pytest.mark.parametrize("rendered", SEEDS, indirect=True)
def test_schedule_stated_in_the_text(rendered):
    """Every schedule item (and its deadline) is printed somewhere in the document."""
    data, pdf_bytes = rendered
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    printed = words(text)
    assert data.get("schedule") or data["seed"].startswith("004")
    for item in data.get("schedule", []):
        missing = words(item["activity"]) - printed
        assert len(missing) <= len(words(item["activity"])) // 10, (item["activity"], missing)


@pytest.mark.parametrize("rendered", SEEDS, indirect=True)
def test_seed_pdf_format(rendered):
    _data, pdf_bytes = rendered
    reader = PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
            595.3,
            841.9,
        )  # A4
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert "Liberation-Serif" in fonts and "Liberation-Serif-Bold" in fonts
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            body = [c for c in page.chars if c["top"] > 20 * MM - 1]
            header = [c for c in page.chars if c["top"] <= 20 * MM - 1]
            # Only the page number stands in the top margin, and not on page 1.
            assert "".join(c["text"] for c in header) == ("" if number == 1 else str(number))
            left = min(c["x0"] for c in body)
            right = max(c["x1"] for c in body)
            bottom = max(c["bottom"] for c in body)
            assert left >= 30 * MM - 0.5, left / MM  # left margin at least 30 mm
            if number == 1:
                assert left <= 35 * MM, left / MM  # and at most 35 mm
            assert right <= 195 * MM + 0.5, right / MM  # right margin at least 15 mm
            assert bottom <= 277 * MM + 0.5, bottom / MM  # bottom margin at least 20 mm
            sizes = {round(c["size"], 1) for c in body}
            assert sizes <= {11.0, 12.0, 12.5, 13.0, 13.5, 14.0}, sizes


def test_header_and_signature_layout(shared_demo, db):
    from emulation.models import Plan

    plan = Plan.objects.get(number=57, symbol="KH-MNLN")
    with pdfplumber.open(io.BytesIO(PlanDocument(load_plan(plan.pk)).pdf())) as pdf:
        first = pdf.pages[0]
        lines = first.extract_text().splitlines()
        assert lines[0].startswith("UBND HUYỆN VĂN GIANG")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
        assert "Độc lập - Tự do - Hạnh phúc" in " ".join(lines[:4])
        assert "Số: 57/KH-MNLN" in " ".join(lines[:5])
        assert "Liên Nghĩa, ngày 10 tháng 5 năm 2024" in " ".join(lines[:6])
        national = first.search("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0]
        governing = first.search("UBND HUYỆN VĂN GIANG")[0]
        assert governing["x1"] < national["x0"]  # two columns
        date_chars = [
            c
            for c in first.chars
            if c["text"] == "L" and abs(c["top"] - first.search("Liên Nghĩa, ngày")[0]["top"]) < 1
        ]
        assert "Italic" in date_chars[0]["fontname"]
        last = (
            pdf.pages[-1]
            if "HIỆU TRƯỞNG" in pdf.pages[-1].extract_text()
            else next(p for p in pdf.pages if "Nơi nhận" in (p.extract_text() or ""))
        )
        recipients = last.search("Nơi nhận:")[0]
        signer = last.search("HIỆU TRƯỞNG")[0]
        assert recipients["x0"] < 110 * MM < signer["x0"]  # recipients left, signature right
        assert "BoldItalic" in [c for c in last.chars if c["top"] == recipients["top"]][0][
            "fontname"
        ].replace("-", "")


def test_fetcher_serves_only_project_static_files():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("http://document.invalid/static/css/documents.css")
    assert b"@page" in response.read()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "http://document.invalid/static/../config/settings.py",
        "http://document.invalid/media/plans/x.pdf",
        "https://example.com/static/css/documents.css",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_rendering_fetches_nothing_from_outside():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/x.png"
    try:
        pdf = html_to_pdf(
            f'<img src="{url}"><img src="file:///etc/passwd">'
            f'<link rel="stylesheet" href="{url}"><p>ok</p>'
        )
    finally:
        server.shutdown()
    assert hits == []
    assert pdf.startswith(b"%PDF")


def test_user_text_is_escaped_not_run(tree):
    plan = make_plan(
        tree.school_a1,
        preamble='<img src="file:///etc/passwd"> <script>alert(1)</script>',
    )
    html = PlanDocument(load_plan(plan.pk)).html()
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    with pdfplumber.open(io.BytesIO(PlanDocument(load_plan(plan.pk)).pdf())) as pdf:
        assert '<img src="file:///etc/passwd">' in pdf.pages[0].extract_text().replace("\n", " ")


def test_docx_carries_the_same_parts(tree):
    from docx import Document

    plan = make_plan(tree.school_a1, number=7, symbol="KH-A1", issue_date="2024-01-05")
    document = Document(io.BytesIO(PlanDocument(load_plan(plan.pk)).docx()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Số: 07/KH-A1" in cells and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "ngày 05 tháng 01 năm 2024" in cells
    for expected in [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "1. Chuyên đề 1: Lao động giỏi",
        "Hiệu trưởng tặng giấy khen (01 tập thể, 01 cá nhân)",
        "1. Tháng 09-10/2023",
    ]:
        assert expected in text, expected
    assert "- Lưu: VT." in cells and "Nguyễn Thị Bang" in cells
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_plan_render_query_count(tree, django_assert_num_queries):
    plan = make_plan(tree.school_a1)
    # plan, bases, sections, themes, awards, schedule, recipients, signatures, annexes, rows,
    # and whether the plan is an emulation block's
    with django_assert_num_queries(11):
        PlanDocument(load_plan(plan.pk)).html()


def test_unplaced_themes_and_schedule_get_parts_of_their_own(tree):
    from tests.factories.emulation import SMALL_PLAN

    sections = [{"level": 1, "heading": "MỤC ĐÍCH", "body": "Văn bản."}]
    schedule = [{**item, "printed": True} for item in SMALL_PLAN["schedule"]]
    plan = make_plan(tree.school_a1, sections=sections, schedule=schedule)
    plan.schedule_items.filter(period_label="Quý I năm 2024").update(printed=False)
    html = PlanDocument(load_plan(plan.pk)).html()
    assert "II. CÁC CHUYÊN ĐỀ THI ĐUA" in html and "1. Chuyên đề 1: Lao động giỏi" in html
    assert "III. TIẾN ĐỘ TRIỂN KHAI" in html and "1. Tháng 09-10/2023" in html
    assert "Quý I năm 2024" not in html  # data for the workflows, its text is elsewhere


def test_section_numbering_restarts_under_each_part(tree):
    sections = [
        {"level": 1, "heading": "A", "body": ""},
        {"level": 2, "heading": "B", "body": ""},
        {"level": 3, "heading": "C", "body": ""},
        {"level": 3, "heading": "D", "body": ""},
        {"level": 2, "heading": "E", "body": ""},
        {"level": 1, "heading": "F", "body": ""},
        {"level": 2, "heading": "G", "body": ""},
        {"level": 4, "heading": "H", "body": ""},
    ]
    plan = make_plan(tree.school_a1, sections=sections, themes=[], schedule=[])
    views = PlanDocument(load_plan(plan.pk)).sections()
    assert [f"{v.label} {v.heading}" for v in views] == [
        "I. A",
        "1. B",
        "a) C",
        "b) D",
        "2. E",
        "II. F",
        "1. G",
        "- H",
    ]


def test_seed_schedules_stated_in_text_are_not_printed_twice(shared_demo, db):
    from emulation.models import Plan

    plan = Plan.objects.get(
        organization__name="Sở Giáo dục và Đào tạo Bình Dương", school_year__name="2017-2018"
    )
    assert plan.schedule_items.count() == 4
    assert not plan.schedule_items.filter(printed=True).exists()
    html = PlanDocument(load_plan(plan.pk)).html()
    assert "TIẾN ĐỘ TRIỂN KHAI" not in html
