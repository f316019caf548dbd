"""The page of every Word document the product writes (emulation/word.py): A4 with the
margins of Nghị định 30/2020, Times New Roman 13 pt for every script (Vietnamese letters
stay in it), page numbers from page 2; and the few WordprocessingML pieces python-docx
has no API for."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from common.xmltext import xml_text

FONT = "Times New Roman"
BODY_PT = 13
LINE_SPACING = 1.1  # Word's single line of Times New Roman is already ~1.15 em
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def set_child(element, tag, **attributes):
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    element.append(child)
    return child


# What follows w:pBdr in a w:pPr (ECMA-376, CT_PPrBase): Word refuses another order.
AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def border_below(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    set_child(borders, "w:bottom", val="single", sz="6", space="1", color="000000")
    ppr.insert_element_before(borders, *AFTER_BORDERS)


def no_cell_margins(table):
    """No left and right padding in the table's cells (a layout table: header, closing)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        set_child(margins, f"w:{side}", w="0", type="dxa")
    successors = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    table._tbl.tblPr.insert_element_before(margins, *successors)


def new_document(title=""):
    """An empty document on the page of an official document, titled `title`."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = run_defaults.find(qn("w:rFonts"))
    for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{name}"), None)
    for name in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{name}"), FONT)
    for name in ("sz", "szCs"):
        run_defaults.find(qn(f"w:{name}")).set(qn("w:val"), str(BODY_PT * 2))
    run_defaults.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    normal_fonts.set(qn("w:eastAsia"), FONT)
    normal_fonts.set(qn("w:cs"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = LINE_SPACING
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:  # a picture of python-docx's empty page
            package.rels.pop(key)
    properties = document.core_properties
    properties.title = xml_text(title)[:255]
    properties.author = properties.last_modified_by = ""
    properties.comments = properties.keywords = properties.subject = ""
    page_numbers(section)
    return document


def page_numbers(section):
    """The page number centred at the top of every page but the first (its header is
    empty), as a PAGE field Word and LibreOffice fill in."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="begin")
    instruction = set_child(paragraph.add_run()._r, "w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="separate")
    paragraph.add_run("2")  # shown until the field is computed: page 2 is the first numbered
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="end")
