"""Plan rendering: for each seed plan and a generated 30-page plan, the median time per
page of the whole pipeline (queries, template, WeasyPrint) and its ratio to the floor,
WeasyPrint rendering the same finished HTML alone."""

import io
import os
import statistics
import tempfile
import time

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def setup_django():
    fd, db = tempfile.mkstemp(suffix=".sqlite3")
    os.close(fd)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    return db


def long_plan():
    """A generated plan of about 30 pages: many sections of realistic length."""
    from emulation.demo import load_seed
    from emulation.models import Plan

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
    data = {
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
    Plan.objects.filter(title=data["title"]).delete()
    return load_seed(data)


def measure(plan_id):
    from pypdf import PdfReader

    from emulation.documents import PlanDocument, load_plan
    from emulation.rendering import html_to_pdf

    full, floor, pages = [], [], 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        pdf = PlanDocument(load_plan(plan_id)).pdf()
        full.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    html = PlanDocument(load_plan(plan_id)).html()
    for _ in range(REPEATS):
        started = time.perf_counter()
        html_to_pdf(html)
        floor.append(time.perf_counter() - started)
    return pages, statistics.median(full), statistics.median(floor)


def main():
    db = setup_django()
    from emulation.documents import PlanDocument, load_plan
    from emulation.models import Plan

    generated = long_plan()
    PlanDocument(load_plan(generated.pk)).pdf()  # warm fonts and caches
    rows = [(p.title[:55], p.pk) for p in Plan.objects.exclude(pk=generated.pk).order_by("pk")]
    rows.append(("Kế hoạch dài (sinh tự động)", generated.pk))
    print(f"Plan rendering, median of {REPEATS} runs")
    print(f"{'plan':<57}{'pages':>6}{'ms/page':>10}{'floor ms/page':>15}{'ratio':>7}")
    for title, pk in rows:
        pages, full, floor = measure(pk)
        print(
            f"{title:<57}{pages:>6}{full * 1000 / pages:>10.1f}"
            f"{floor * 1000 / pages:>15.1f}{full / floor:>7.2f}"
        )
    os.unlink(db)
