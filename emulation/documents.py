"""Official documents of the emulation app: the plan (Kế hoạch) as HTML, PDF and Word."""

from dataclasses import dataclass

from django.db.models import Prefetch

from common.vietnamese import document_date

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
