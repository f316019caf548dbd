"""The year-end archive: every official document of a school year, one folder per
organisation, files named by number and symbol. Later apps add their documents by
appending a provider to ARCHIVE_PROVIDERS: provider(school_year) yields
(organization, filename, bytes). Every document comes as PDF and, beside it under the same
stem, as Word (document_files); signed scans only as they were uploaded."""

from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.vietnamese import search_key
from common.workbooks import Sheet, StreamedWorkbook

from .documents import PlanDocument, load_plan
from .models import Plan
from .visibility import PUBLIC_STATUSES


def organization_folder(org):
    return f"{org.pk:05d}-{slugify(search_key(org.name))}"


def document_files(organization, document):
    """A document of the archive as its PDF and its Word file, under the same stem."""
    yield organization, document.filename("pdf"), document.pdf()
    yield organization, document.filename("docx"), document.docx()


def plan_documents(school_year):
    plans = Plan.objects.filter(school_year=school_year, status__in=PUBLIC_STATUSES).order_by(
        "organization_id", "issue_date", "pk"
    )
    for plan in plans.select_related("organization"):
        document = PlanDocument(load_plan(plan.pk))
        yield from document_files(plan.organization, document)
        if plan.signed_scan:
            with plan.signed_scan.open("rb") as scan:
                yield (
                    plan.organization,
                    document.filename("pdf").replace(".pdf", "-ban-ky.pdf"),
                    scan.read(),
                )


def covenant_documents(school_year):
    """The covenant of every block of the year that has confirmations, in the leader
    school's folder (the block plan is a plan and comes with plan_documents)."""
    from .blocks.documents import CovenantDocument
    from .blocks.models import EmulationBlock

    blocks = (
        EmulationBlock.objects.filter(school_year=school_year, confirmations__isnull=False)
        .distinct()
        .select_related("office", "leader_school", "school_year")
    )
    for block in blocks:
        yield from document_files(block.leader_school, CovenantDocument(block))


ARCHIVE_PROVIDERS = [plan_documents, covenant_documents]


class _ArchiveIndex(StreamedWorkbook):
    """The archive's list of files (Danh mục)."""

    def __init__(self, rows):
        self.files = rows
        self.workbook_title = _("Danh mục hồ sơ lưu trữ")

    def sheets(self):
        yield Sheet(
            _("Danh mục"),
            [],
            [_("STT"), _("Tệp"), _("Dung lượng (KB)")],
            (
                [number, name, round(size / 1024, 1)]
                for number, (name, size) in enumerate(self.files, start=1)
            ),
            [6, 70, 16],
        )


def _index_xlsx(rows):
    return _ArchiveIndex(rows).content()


def _free_name(folder, filename):
    """Numbers restart each calendar year, a school year spans two: never overwrite."""
    path = folder / filename
    n = 2
    while path.exists():
        path = folder / f"{Path(filename).stem}-{n}{Path(filename).suffix}"
        n += 1
    return path.name


def write_archive(school_year, out_dir):
    """Write the archive; returns {folder: [file names]}."""
    out_dir = Path(out_dir)
    written = {}
    for provider in ARCHIVE_PROVIDERS:
        for org, filename, content in provider(school_year):
            folder = out_dir / organization_folder(org)
            folder.mkdir(parents=True, exist_ok=True)
            filename = _free_name(folder, filename)
            (folder / filename).write_bytes(content)
            written.setdefault(folder.name, []).append((filename, len(content)))
    for folder, files in written.items():
        (out_dir / folder / "danh-muc.xlsx").write_bytes(_index_xlsx(files))
    return {folder: [name for name, _size in files] for folder, files in written.items()}
