"""Official documents of the emulation app: the plan (Kế hoạch) as HTML/PDF and DOCX."""

import io
from dataclasses import dataclass

from django.db.models import Prefetch

from schools.vietnamese import document_date
from schools.xmltext import xml_text

from .headers import plan_header
from .models import Annex, Plan, Section, Theme
from .numbering import label_for, number_items
from .rendering import OfficialDocument


def paragraphs(text):
    """Body text -> list of non-empty lines, each printed as one paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class SectionView:
    label: str
    level: int
    heading: str
    paragraphs: list
    block: str


def date_line(place, day):
    if day is None:
        return f"{place or '……'}, ngày … tháng … năm 20…"
    return f"{place}, {document_date(day)}"


def load_plan(pk):
    """One plan with every part, in a fixed number of queries."""
    return (
        Plan.objects.select_related("organization", "school_year", "parent_plan")
        .prefetch_related(
            "legal_bases",
            "sections",
            Prefetch("themes", queryset=Theme.objects.prefetch_related("awards")),
            "schedule_items",
            "recipients",
            "signatures",
            Prefetch("annexes", queryset=Annex.objects.prefetch_related("group_rows")),
        )
        .get(pk=pk)
    )


class PlanDocument(OfficialDocument):
    template_name = "documents/plan.html"

    def __init__(self, plan):
        self.plan = plan

    def filename(self, extension):
        reference = self.plan.reference.replace("/", "-").strip("-")
        if self.plan.number is None:  # not numbered yet: keep files of two drafts apart
            reference = f"{reference}-chua-co-so-{self.plan.pk}"
        return f"{reference}.{extension}"

    def sections(self):
        sections = list(self.plan.sections.all())
        labelled = number_items(sections, override=lambda s: s.label)
        views = [
            SectionView(label, s.level, s.heading, paragraphs(s.body), s.block)
            for label, s in labelled
        ]
        # Themes and printed schedule items that no section places are printed as parts
        # of their own at the end, so nothing a principal enters is silently left out.
        placed = {s.block for s in sections}
        parts = sum(1 for s in sections if s.level == Section.Level.PART)
        for block, heading, needed in (
            (Section.Block.THEMES, "CÁC CHUYÊN ĐỀ THI ĐUA", self.plan.themes.all()),
            (Section.Block.SCHEDULE, "TIẾN ĐỘ TRIỂN KHAI", self.printed_schedule()),
        ):
            if needed and block not in placed:
                parts += 1
                views.append(SectionView(label_for(1, parts), 1, heading, [], block))
        return views

    def printed_schedule(self):
        return [item for item in self.plan.schedule_items.all() if item.printed]

    def themes(self):
        return [
            {
                "label": label_for(2, index),
                "theme": theme,
                "fields": [
                    (label, paragraphs(value))
                    for label, value in (
                        ("Mục tiêu", theme.objective),
                        ("Đối tượng", theme.audience),
                        ("Nội dung", theme.content),
                        ("Thời gian", theme.period),
                    )
                    if value
                ],
                "awards": list(theme.awards.all()),
            }
            for index, theme in enumerate(self.plan.themes.all(), start=1)
        ]

    def schedule(self):
        return [
            {"label": label_for(2, index), "item": item, "lines": paragraphs(item.activity)}
            for index, item in enumerate(self.printed_schedule(), start=1)
        ]

    def block_tables(self):
        """For a block's plan: this year's targets and last year's results, from data."""
        from .blocks.tables import block_tables

        return block_tables(self.plan)

    def context(self):
        plan = self.plan
        recipients = [r.text for r in plan.recipients.all()]
        dated = date_line(plan.header_place, plan.issue_date)
        return {
            "plan": plan,
            "header": plan_header(plan, dated),
            "governing_body": plan.header_governing_body,
            "issuer": plan.header_issuer,
            "reference": plan.reference,
            "date_line": dated,
            "type_label": plan.printed_type,
            "legal_bases": [b.text for b in plan.legal_bases.all()],
            "preamble": paragraphs(plan.preamble),
            "sections": self.sections(),
            "themes": self.themes(),
            "schedule": self.schedule(),
            "closing": paragraphs(plan.closing),
            "recipients": recipients,
            "signatures": list(plan.signatures.all()),
            "annexes": list(plan.annexes.all()),
            **self.block_tables(),
            "school_year": plan.school_year.name.replace("-", " - "),
        }


class PlanDocx:
    """The same parts as the PDF, as a Word file principals can keep editing."""

    def __init__(self, plan):
        self.document = PlanDocument(plan)

    def content(self):
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        ctx = self.document.context()
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = doc.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(13)

        def para(text, bold=False, italic=False, align=None, size=None, indent=True):
            p = doc.add_paragraph()
            run = p.add_run(xml_text(text))
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
            p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent and align is None:
                p.paragraph_format.first_line_indent = Mm(10)
            return p

        header = doc.add_table(rows=1, cols=2)
        left, right = header.rows[0].cells
        left.text = ""
        for text, bold in (
            (ctx["governing_body"].upper(), False),
            (ctx["issuer"].upper(), True),
            (f"Số: {ctx['reference']}", False),
        ):
            p = left.add_paragraph()
            p.add_run(xml_text(text)).bold = bold
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        right.text = ""
        for text, bold, italic in (
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            ("Độc lập - Tự do - Hạnh phúc", True, False),
            (ctx["date_line"], False, True),
        ):
            p = right.add_paragraph()
            run = p.add_run(xml_text(text))
            run.bold, run.italic = bold, italic
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para(ctx["type_label"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        para(ctx["plan"].title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if ctx["plan"].subtitle:
            para(ctx["plan"].subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for text in ctx["legal_bases"] + ctx["preamble"]:
            para(text, italic=text in ctx["legal_bases"])
        for s in ctx["sections"]:
            if s.heading:
                para(f"{s.label} {s.heading}", bold=True)
            for index, text in enumerate(s.paragraphs):
                para(f"{s.label} {text}" if not s.heading and index == 0 else text)
            if s.block == Section.Block.THEMES:
                for t in ctx["themes"]:
                    para(f"{t['label']} {t['theme'].name}", bold=True)
                    for label, lines in t["fields"]:
                        para(f"{label}: {' '.join(lines)}")
                    if t["awards"]:
                        para("Hình thức khen thưởng: " + "; ".join(a.text for a in t["awards"]))
            if s.block == Section.Block.SCHEDULE:
                for row in ctx["schedule"]:
                    para(f"{row['label']} {row['item'].period_label}", bold=True)
                    for line in row["lines"]:
                        para(line)
        for text in ctx["closing"]:
            para(text)
        closing = doc.add_table(rows=1, cols=2)
        left, right = closing.rows[0].cells
        left.text = ""
        left.add_paragraph().add_run("Nơi nhận:").bold = True
        for index, text in enumerate(ctx["recipients"]):
            end = "." if index == len(ctx["recipients"]) - 1 else ";"
            left.add_paragraph(xml_text(f"- {text}{end}"))
        right.text = ""
        for sig in ctx["signatures"]:
            for text in (
                sig.authority_line,
                sig.position.upper(),
                sig.position_note,
                "",
                "",
                sig.signer_name,
            ):
                p = right.add_paragraph()
                p.add_run(xml_text(text)).bold = text != sig.position_note
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
