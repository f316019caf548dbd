"""Plan PDFs: for each seed plan (emulation/demo_plans/, published by seed_demo) and a
generated plan of about 30 pages, the median time per page of the whole pipeline
(queries, template, WeasyPrint) against the floor, WeasyPrint rendering the same
finished HTML alone. Target: at most 1.5 × the floor. Times are the process's CPU time
(all of it is in this process, SQLite included), so other work on the machine does not
move the ratio."""

import io
import json
import os
import statistics
import time

from bench.harness import row, setup_django

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
TARGET_RATIO = 1.5


def long_plan():
    """A generated plan of about 30 pages: many sections of realistic length."""
    from emulation.demo import load_seed

    paragraph = (
        "Mỗi cán bộ quản lý, nhà giáo, người lao động nâng cao nhận thức, hiểu biết sâu sắc "
        "chủ trương của Đảng, Nhà nước về đổi mới căn bản, toàn diện giáo dục và đào tạo; "
        "bằng những việc làm cụ thể thể hiện tính tự giác, đồng lòng quyết tâm thực hiện."
    )
    sections = []
    for part in range(1, 17):
        sections.append({"level": 1, "heading": f"PHẦN THỨ {part}", "body": ""})
        for item in range(1, 6):
            sections.append(
                {
                    "level": 2,
                    "heading": f"Nội dung {part}.{item}",
                    "body": "\n".join([paragraph] * 4),
                }
            )
    return load_seed(
        {
            "organization": "Trường Tiểu học Lai Uyên",
            "school_year": "2025-2026",
            "campaign": "Kế hoạch dài",
            "title": "Kế hoạch dài để đo hiệu năng",
            "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"] * 3,
            "preamble": paragraph,
            "sections": sections,
            "closing": "Trên đây là kế hoạch./.",
            "recipients": ["Lưu: VT"],
            "signatures": [{"position": "HIỆU TRƯỞNG", "signer_name": "Nguyễn Thị Hồng Nhung"}],
        }
    )


def seed_plans():
    """(label, plan) of each seed file, as seed_demo published it."""
    from emulation.demo import seed_files
    from emulation.models import Plan

    plans = []
    for path in seed_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        plan = Plan.objects.get(organization__name=data["organization"], title=data["title"])
        title = data["title"] if len(data["title"]) <= 36 else data["title"][:35].rstrip() + "…"
        plans.append((f"{path.stem}, {title}", plan))
    return plans


def measure(plan_id):
    """(pages, median CPU seconds of the pipeline, of WeasyPrint alone)."""
    from django.core.cache import caches
    from pypdf import PdfReader

    from emulation.documents import PlanDocument, load_plan
    from emulation.rendering import DOCUMENTS, html_to_pdf

    full, floor, pages = [], [], 0
    for _ in range(REPEATS):
        caches[DOCUMENTS].clear()  # laid out each time, not the copy kept from the last
        started = time.process_time()
        pdf = PlanDocument(load_plan(plan_id)).pdf()
        full.append(time.process_time() - started)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    html = PlanDocument(load_plan(plan_id)).html()
    for _ in range(REPEATS):
        started = time.process_time()
        html_to_pdf(html)
        floor.append(time.process_time() - started)
    return pages, statistics.median(full), statistics.median(floor)


def main():
    setup_django()
    from django.core.management import call_command

    from emulation.documents import PlanDocument, load_plan

    call_command("seed_demo", stdout=io.StringIO())
    plans = seed_plans()
    generated = long_plan()
    plans.append(("generated plan of about 30 pages", generated))
    PlanDocument(load_plan(generated.pk)).pdf()  # warm fonts and caches
    rows = []
    for label, plan in plans:
        pages, full, floor = measure(plan.pk)
        ratio = full / floor
        rows.append(
            row(
                f"plan PDF, {label} ({pages} p.)",
                f"{full * 1000 / pages:.0f} ms/page CPU, {ratio:.2f}× the floor "
                f"({floor * 1000 / pages:.0f} ms/page)",
                f"≤ {TARGET_RATIO}× WeasyPrint alone",
                ratio <= TARGET_RATIO,
            )
        )
    return rows
