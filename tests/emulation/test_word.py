"""The Word converter (emulation/word.py): an official document's HTML read back from the
.docx it makes — the page of Nghị định 30/2020, page numbers from page 2, the header
table, text styled by class and by inline tags, data tables, the closing, annexes on a
page of their own; and the plans, every seed of them, as Word."""

import io
import json
import re
import unicodedata
import zipfile

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table

from emulation import editing, services
from emulation.documents import PlanDocument, load_plan
from emulation.word import html_to_docx
from schools.models import SchoolYear
from tests.emulation.fixtures import EXPECTED, document_text
from tests.emulation.test_documents import SEEDS, norm, seed_items
from tests.factories.emulation import make_plan

DOCX_PREFIX = b"PK\x03\x04"


# -- reading a .docx back (tests/awards/test_docx.py reads with these too) -----------


def lines(container):
    """The text of every paragraph in reading order: table cells row by row (a merged
    cell once), tables inside cells too."""
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen = []
                for cell in row.cells:
                    if not any(cell._tc is tc for tc in seen):
                        seen.append(cell._tc)
                        yield from lines(cell)
        else:
            yield item.text


def read(content):
    assert content.startswith(DOCX_PREFIX)
    return Document(io.BytesIO(content))


def flat_text(document):
    return " ".join(" ".join(lines(document)).split())


def assert_in_order(text, expected):
    positions = []
    for item in expected:
        found = text.find(item, positions[-1] + 1 if positions else 0)
        assert found >= 0, (item, text[:3000])
        positions.append(found)


def words(text):
    return set(re.findall(r"\w+", unicodedata.normalize("NFC", text)))


def assert_same_words(document, pdf):
    """Every word the PDF prints is in the Word file and the reverse; numbers that may
    be page numbers aside (in the PDF they are text, in Word a field), and two words the
    PDF runs together (a header line that does not wrap reaches the other column)."""
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        pages = [[w["text"] for w in page.extract_words()] for page in reader.pages]
    numbers = {str(n) for n in range(2, len(pages) + 1)}
    in_pdf = words(" ".join(" ".join(page) for page in pages)) - numbers
    in_word = words(" ".join(lines(document))) - numbers
    glued, parts = set(), set()
    for token in in_pdf - in_word:
        for i in range(1, len(token)):
            if token[:i] in in_word and token[i:] in in_word:
                glued.add(token)
                parts.update((token[:i], token[i:]))
    assert (in_pdf - in_word - glued, in_word - in_pdf - parts) == (set(), set())


def field_instructions(part):
    return [" ".join(e.text.split()) for e in part._element.iter(qn("w:instrText"))] + [
        e.get(qn("w:instr")) for e in part._element.iter(qn("w:fldSimple"))
    ]


def assert_page_numbers_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer is True
    assert field_instructions(section.header) == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert field_instructions(section.first_page_header) == []
    assert [p.text for p in section.first_page_header.paragraphs] == [""]


def header_cells(document):
    """The two columns of the document's header table, each as its lines."""
    left, right = document.tables[0].rows[0].cells
    return [p.text for p in left.paragraphs if p.text], [p.text for p in right.paragraphs]


# -- the converter ---------------------------------------------------------------------

HEADER = """<table class="doc-header"><tr>
  <td class="issuer"><div class="governing">Phòng GDĐT huyện Mẫu</div>
    <div class="org">Trường A1</div><div class="short-rule"></div>
    <div class="number">Số: 05/KH-THA1</div></td>
  <td class="motto"><div class="nation">Cộng hòa xã hội chủ nghĩa Việt Nam</div>
    <div class="slogan"><span>Độc lập - Tự do - Hạnh phúc</span></div>
    <div class="date"><span class="when">Xã Mẫu, ngày 05 tháng 02 năm 2026</span></div></td>
</tr></table>"""

CLOSING = """<table class="doc-closing"><tr>
  <td class="recipients"><div class="heading">Nơi nhận:</div><div>- Như trên;</div>
    <div>- Lưu: VT.</div></td>
  <td class="signature"><div class="authority">kt. hiệu trưởng</div>
    <div class="position">Phó hiệu trưởng</div><div class="note">(Ký tên)</div>
    <div class="space"></div><div class="name">Nguyễn Văn Ký</div></td>
</tr></table>"""


def convert(body, head=""):
    html = (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thử</title>'
        f'<link rel="stylesheet" href="/static/css/documents.css">{head}</head>'
        f'<body class="document">{body}</body></html>'
    )
    return read(html_to_docx(html))


def runs(paragraph):
    return [(r.text, bool(r.bold), bool(r.italic), bool(r.underline)) for r in paragraph.runs]


def test_the_page_of_nghi_dinh_30():
    document = convert("<p>Một dòng.</p>")
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in [*margins, section.right_margin]] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 13)
    fonts = normal.element.rPr.rFonts
    names = [fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")]
    assert names == ["Times New Roman"] * 4
    assert_page_numbers_from_page_two(document)
    assert document.core_properties.title == "Thử"
    assert document.core_properties.author == ""


def test_the_header_table_and_its_classes():
    document = convert(HEADER + '<div class="doc-title"><div class="type">Kế hoạch</div>'
                       '<div class="title">Thi đua năm học</div><div class="short-rule"></div>'
                       "</div>")  # fmt: skip
    table = document.tables[0]
    assert table.style.name == "Normal Table"  # no borders
    assert len(table.columns) == 2
    left, right = table.rows[0].cells
    assert [round(c.width.mm) for c in (left, right)] == [69, 96]  # 42 % and 58 % of 165 mm
    governing, org, rule, number = left.paragraphs
    assert runs(governing) == [("PHÒNG GDĐT HUYỆN MẪU", False, False, False)]
    assert runs(org) == [("TRƯỜNG A1", True, False, False)]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
    assert runs(number) == [("Số: 05/KH-THA1", False, False, False)]
    assert {p.alignment for p in left.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}
    nation, slogan, date = right.paragraphs
    assert runs(nation) == [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, False)]
    assert runs(slogan) == [("Độc lập - Tự do - Hạnh phúc", True, False, True)]
    assert runs(date) == [("Xã Mẫu, ngày 05 tháng 02 năm 2026", False, True, False)]
    kind, title, _rule = document.paragraphs[:3]
    assert runs(kind) == [("KẾ HOẠCH", True, False, False)]
    assert kind.runs[0].font.size.pt == 14
    assert runs(title) == [("Thi đua năm học", True, False, False)]
    assert kind.alignment == title.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_issuer_variants_and_classes_not_known_print_as_plain_centred_text():
    """The headers of the Đoàn and the Party (schools/issuers.py), and a class the
    converter has never heard of."""
    document = convert(
        '<table class="doc-header"><tr><td class="issuer">'
        '<div class="governing">Đoàn TNCS Hồ Chí Minh</div><div class="org">BCH Đoàn trường</div>'
        '<div class="mark">***</div><div class="brand-new-line">Một dòng mới</div></td>'
        '<td class="motto"><div class="organisation-motto full-rule"><span>Đảng Cộng sản'
        ' Việt Nam</span></div><div class="organisation-motto"><span>Đoàn TNCS'
        "</span></div></td></tr></table>"
    )
    left, right = document.tables[0].rows[0].cells
    assert [runs(p) for p in left.paragraphs] == [
        [("ĐOÀN TNCS HỒ CHÍ MINH", False, False, False)],
        [("BCH ĐOÀN TRƯỜNG", True, False, False)],
        [("***", True, False, False)],
        [("Một dòng mới", False, False, False)],
    ]
    assert {p.alignment for p in left.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}
    party, union = right.paragraphs
    assert runs(party) == [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False, False)]
    assert party._p.pPr.find(qn("w:pBdr")) is not None  # the full-length rule
    assert runs(union) == [("ĐOÀN TNCS", True, False, True)]
    assert union._p.pPr.find(qn("w:pBdr")) is None


def test_paragraphs_inline_tags_and_styles():
    document = convert(
        '<p class="legal-basis">Căn cứ Luật;</p>'
        "<p>Nội   dung <b>đậm</b> <strong>mạnh</strong> <i>nghiêng</i> <em>nhấn</em>"
        ' <u>gạch</u> <span style="font-weight:bold; text-transform: uppercase">kiểu</span>'
        '<br>dòng <span class="label">1.</span> <span class="theme-name">Tên:</span></p>'
        '<p class="no-indent">Không thụt.</p><p class="section-heading">I. MỤC ĐÍCH</p>'
        "<!-- a comment --><p>A\ufffeB\x0c</p>"
    )
    basis, body, flush, heading, cleaned = document.paragraphs
    assert runs(basis) == [("Căn cứ Luật;", False, True, False)]
    assert basis.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(basis.paragraph_format.first_line_indent.mm) == 10
    assert body.text == "Nội dung đậm mạnh nghiêng nhấn gạch KIỂU\ndòng 1. Tên:"
    styled = [(text, bold, italic, under) for text, bold, italic, under in runs(body) if text]
    assert styled == [
        ("Nội dung ", False, False, False),
        ("đậm", True, False, False),
        (" ", False, False, False),
        ("mạnh", True, False, False),
        (" ", False, False, False),
        ("nghiêng", False, True, False),
        (" ", False, False, False),
        ("nhấn", False, True, False),
        (" ", False, False, False),
        ("gạch", False, False, True),
        (" ", False, False, False),
        ("KIỂU", True, False, False),
        ("\n", False, False, False),
        ("dòng ", False, False, False),
        ("1.", True, False, False),
        (" ", False, False, False),
        ("Tên:", True, True, False),
    ]
    assert flush.paragraph_format.first_line_indent is None
    assert runs(heading) == [("I. MỤC ĐÍCH", True, False, False)]
    assert cleaned.text == "AB"


def test_data_tables_keep_their_rows_header_and_spans():
    document = convert(
        '<table class="group-table award-list"><thead><tr><th style="width:10%">STT</th>'
        "<th>Họ và tên</th><th>Đơn vị</th></tr></thead><tbody>"
        '<tr class="part"><td class="stt">I</td><td colspan="2">Tập thể (01)</td></tr>'
        '<tr><td class="stt">1</td><td>Tổ 1</td><td>Trường A1</td></tr>'
        '<tr><td colspan="3">Chưa có ai.</td></tr></tbody></table>'
    )
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Họ và tên", "Đơn vị"],
        ["I", "Tập thể (01)", "Tập thể (01)"],  # one cell over two columns
        ["1", "Tổ 1", "Trường A1"],
        ["Chưa có ai.", "Chưa có ai.", "Chưa có ai."],
    ]
    spans = [[tc.grid_span for tc in row._tr.tc_lst] for row in table.rows]
    assert spans == [[1, 1, 1], [1, 2], [1, 1, 1], [3]]
    head = table.rows[0]
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in head.cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].runs[0].bold  # tr.part
    assert not table.rows[2].cells[1].paragraphs[0].runs[0].bold
    assert table.rows[2].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert round(table.rows[2].cells[0].width.mm) == round(165 * 0.1)


def test_the_closing_with_one_signature_and_with_two():
    document = convert(CLOSING)
    recipients, signature = document.tables[0].rows[0].cells
    assert [runs(p) for p in recipients.paragraphs] == [
        [("Nơi nhận:", True, True, False)],
        [("- Như trên;", False, False, False)],
        [("- Lưu: VT.", False, False, False)],
    ]
    assert recipients.paragraphs[0].runs[0].font.size.pt == 12
    assert recipients.paragraphs[1].runs[0].font.size.pt == 11
    assert [p.text for p in signature.paragraphs] == [
        "KT. HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "(Ký tên)",
        "",
        "",
        "",
        "Nguyễn Văn Ký",
    ]
    bold = [bool(p.runs[0].bold) for p in signature.paragraphs if p.runs]
    assert bold == [True, True, False, True]
    two = convert(
        '<table class="doc-closing"><tr><td class="signature"><div class="position">Hiệu '
        'trưởng</div><div class="name">A</div></td><td class="signature"><div class="position">'
        'Chủ tịch công đoàn</div><div class="name">B</div></td></tr><tr><td class="recipients" '
        'colspan="2"><div class="heading">Nơi nhận:</div><div>- Lưu: VT.</div></td></tr></table>'
    )
    table = two.tables[0]
    first, second = table.rows[0].cells
    assert [p.text for p in first.paragraphs] == ["HIỆU TRƯỞNG", "A"]
    assert [p.text for p in second.paragraphs] == ["CHỦ TỊCH CÔNG ĐOÀN", "B"]
    assert round(first.width.mm) == round(second.width.mm)  # side by side, equal
    assert [tc.grid_span for tc in table.rows[1]._tr.tc_lst] == [2]
    assert list(lines(table.rows[1].cells[0])) == ["Nơi nhận:", "- Lưu: VT."]
    for row in table.rows:  # the closing never breaks across pages
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_annexes_start_a_page_and_chrome_is_left_out():
    document = convert(
        '<div class="preview-bar"><a href="/x.pdf">Tải PDF</a></div><script>alert(1)</script>'
        "<p>Thân.</p>" + CLOSING + '<section class="annex"><table class="annex-top"><tr><td>'
        'TỔ CÔNG ĐOÀN: 1</td><td style="text-align:right; font-weight:bold">Mẫu M1</td></tr>'
        '</table><div class="annex-title">ĐĂNG KÝ<br>ĐỔI MỚI</div><p class="form-field">'
        '<span class="field-label">1. Họ tên:</span> A</p><div class="dots"></div></section>',
        head="<style>.x { color: red }</style>",
    )
    text = flat_text(document)
    assert "Tải PDF" not in text and "alert" not in text and "color" not in text
    body = list(document.iter_inner_content())
    kinds = ["table" if isinstance(item, Table) else item.text[:12] for item in body]
    assert kinds == ["Thân.", "", "table", "", "table", "ĐĂNG KÝ\nĐỔI ", "1. Họ tên: A", "." * 12]
    breaks = [
        bool(item.paragraph_format.page_break_before)
        for item in body
        if not isinstance(item, Table)
    ]
    assert breaks == [False, False, True, False, False, False]  # before the annex's table
    mark = document.tables[-1].rows[0].cells[1].paragraphs[0]
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT and mark.runs[0].bold
    title, field, dots = document.paragraphs[-3:]
    assert title.text == "ĐĂNG KÝ\nĐỔI MỚI" and title.runs[0].bold
    assert runs(field) == [("1. Họ tên:", True, False, False), (" A", False, False, False)]
    assert re.fullmatch(r"\.{100,}", dots.text)


def test_a_document_starting_with_an_annex_breaks_no_page():
    """The bundle of forms M1/M2: the first form is on the first page."""
    document = convert('<div class="forms"><section class="annex"><p>Mẫu 1</p></section>'
                       '<section class="annex"><p>Mẫu 2</p></section></div>')  # fmt: skip
    first, second = document.paragraphs
    assert not first.paragraph_format.page_break_before
    assert second.paragraph_format.page_break_before


def test_no_field_but_the_page_number_and_nothing_external():
    content = html_to_docx(
        '<html><body><p><a href="http://example.com">liên kết</a> { PAGE } '
        '<img src="http://example.com/x.png"></p></body></html>'
    )
    parts = zipfile.ZipFile(io.BytesIO(content))
    xml = {name: parts.read(name).decode() for name in parts.namelist() if "xml" in name}
    assert not [name for name in parts.namelist() if "xml" not in name and "rels" not in name]
    assert not any('TargetMode="External"' in data for data in xml.values())
    assert not any("<w:hyperlink" in data or "<w:drawing" in data for data in xml.values())
    instructions = {name: re.findall(r"<w:instrText[^>]*>([^<]*)<", d) for name, d in xml.items()}
    [(part, found)] = [(name, found) for name, found in instructions.items() if found]
    assert part.startswith("word/header") and found == [" PAGE "]
    assert not any("<w:fldSimple" in data for data in xml.values())


# -- plans -----------------------------------------------------------------------------


def test_a_plan_as_word(tree):
    plan = make_plan(tree.school_a1, number=7, symbol="KH-A1", issue_date="2024-01-05")
    document = PlanDocument(load_plan(plan.pk))
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    left, right = header_cells(word)
    assert left == ["PHÒNG GDĐT HUYỆN MẪU", "TRƯỜNG A1", "Số: 07/KH-A1"]
    assert right == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Xã Mẫu, ngày 05 tháng 01 năm 2024",
    ]
    assert_in_order(
        flat_text(word),
        [
            "KẾ HOẠCH",
            "Thực hiện phong trào thi đua năm học 2023-2024",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "Khơi dậy tinh thần đổi mới.",
            "1. Chuyên đề 1: Lao động giỏi",
            "Hình thức khen thưởng: Hiệu trưởng tặng giấy khen (01 tập thể, 01 cá nhân).",
            "1. Tháng 09-10/2023",
            "Trên đây là kế hoạch của nhà trường./.",
            "Nơi nhận: - Các tổ chuyên môn; - Lưu: VT.",
            "HIỆU TRƯỞNG",
            "Nguyễn Thị Bang",
            "ĐĂNG KÝ THỰC HIỆN NHIỆM VỤ",  # the annexed form M1
            "1. Họ tên người đăng ký:",
            "Người đăng ký",
        ],
    )
    assert_same_words(word, document.pdf())


@pytest.fixture
def seed_plan(shared_demo, db, request):
    from emulation.models import Plan

    data = json.loads(request.param.read_text(encoding="utf-8"))
    plan = Plan.objects.get(organization__name=data["organization"], title=data["title"])
    return data, PlanDocument(load_plan(plan.pk))


@pytest.mark.parametrize("seed_plan", SEEDS, indirect=True)
def test_every_seed_plan_reads_like_the_seed_in_word(seed_plan):
    """As the PDF (tests/emulation/test_documents.py): headings, themes, schedule, bases,
    recipients and signers in the seed's order; and the same words as the PDF."""
    data, document = seed_plan
    word = read(document.docx())
    text = norm("".join(lines(word)))
    for category, items in seed_items(data).items():
        position = 0
        for item in items:
            found = text.find(norm(item), position)
            assert found >= 0, (category, item)
            position = found + 1
    assert_page_numbers_from_page_two(word)
    assert_same_words(word, document.pdf())


MARKS = {"youth": "***", "pioneers": "***", "party": "*"}  # under the name; else a rule


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_issuer_prints_its_conventions_in_word(tree, kind):
    """The fixture document of each issuer kind, pasted and published
    (tests/emulation/test_issuers.py): its motto, number form, mark and signature in
    the Word file as in the PDF."""
    principal = tree.users["principal_a1"]
    plan = editing.create_draft(principal, tree.school_a1)
    plan = editing.paste_document(principal, plan, document_text(kind, SchoolYear.current()))
    services.publish_plan(principal, plan)
    document = PlanDocument(load_plan(plan.pk))
    word = read(document.docx())
    motto, number, signature = EXPECTED[kind]
    left, right = header_cells(word)
    assert motto in right and number in left
    assert (MARKS.get(kind) in left) if kind in MARKS else not {"*", "***"} & set(left)
    motto_line = next(p for p in word.tables[0].rows[0].cells[1].paragraphs if p.text == motto)
    ruled = motto_line._p.pPr is not None and motto_line._p.pPr.find(qn("w:pBdr")) is not None
    assert ruled is (kind == "party")  # the Party's name over a rule the column's width
    assert_in_order(flat_text(word), signature)
    assert_page_numbers_from_page_two(word)
    assert_same_words(word, document.pdf())
    if kind == "joint":  # two signatures side by side, Nơi nhận below both
        signatures, recipients = word.tables[1].rows
        assert [cell.paragraphs[0].text for cell in signatures.cells] == [
            "HIỆU TRƯỞNG",
            "TM. BAN CHẤP HÀNH CÔNG ĐOÀN",
        ]
        assert [tc.grid_span for tc in recipients._tr.tc_lst] == [2]
        assert recipients.cells[0].paragraphs[0].text == "Nơi nhận:"
