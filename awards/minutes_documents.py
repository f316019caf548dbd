"""Biên bản họp xét: the council's minutes as PDF (documents/awards/minutes.html) and as
Word, both from one context. Presence is read from the ballot receipts, the votes from
the closed counts (ballots and written opinions), the thresholds from the rules in force
on the day of the sitting; nothing is typed twice."""

import io

from emulation.documents import date_line
from emulation.rendering import OfficialDocument
from schools.models import Person
from schools.xmltext import xml_text

from .documents import file_stem, governing_body, place_of
from .services.council import results
from .services.minutes import attendance


def _time(value):
    return f"{value:%H} giờ {value:%M} phút" if value else "… giờ … phút"


def _with_position(person):
    title = "Bà" if person.gender == Person.Gender.FEMALE else "Ông"
    position = person.get_position_display()
    return f"{title} {person.full_name}" + (f", {position}" if position else "")


class MinutesDocument(OfficialDocument):
    template_name = "documents/awards/minutes.html"

    def __init__(self, vote):
        self.vote = vote

    def filename(self, extension):
        return f"bien-ban-{file_stem(self.vote.name)}-{self.vote.held_on:%d-%m-%Y}.{extension}"

    def context(self):
        vote = self.vote
        council, school = vote.council, vote.council.school
        minutes = getattr(vote, "minutes", None)
        seen = attendance(vote)
        rows = results(vote) if not vote.is_open else []
        day = vote.held_on
        quorum = seen.quorum
        present = len(seen.present)
        total = len(seen.members)
        ctx = {
            "governing_body": governing_body(school),
            "issuer": school.name.upper(),
            "date_line": date_line(place_of(school), day),
            "vote": vote,
            "minutes": minutes,
            "when": f"{_time(minutes.started_at if minutes else None)}, ngày {day:%d} "
            f"tháng {day:%m} năm {day:%Y}",
            "ended": _time(minutes.ended_at if minutes else None),
            "chair": _with_position(council.chair) if council.chair_id else "",
            "chair_name": council.chair.full_name if council.chair_id else "",
            "secretary": _with_position(minutes.secretary) if minutes else "",
            "secretary_name": minutes.secretary.full_name if minutes else "",
            "attendance": seen,
            "total": total,
            "present": present,
            "present_share": round(present * 100 / total, 1) if total else 0,
            "quorum_label": f"{quorum.numerator}/{quorum.denominator}",
            "rows": rows,
            "passed": [r["candidate"] for r in rows if r["candidate"].passed],
            "other_opinions": [
                line.strip() for line in (minutes.other_opinions if minutes else "").splitlines()
            ],
        }
        ctx["other_opinions"] = [line for line in ctx["other_opinions"] if line]
        ctx["intro_lines"] = intro_lines(ctx)
        ctx["headings"] = HEADINGS
        ctx["section_headings"] = SECTION_HEADINGS
        ctx["table_rows"] = [result_cells(i, row) for i, row in enumerate(rows, start=1)]
        ctx["closing_lines"] = [*conclusion_lines(ctx), *ctx["other_opinions"], end_line(ctx)]
        return ctx


class MinutesDocx:
    """The same minutes as a Word file the secretary can adjust before signing."""

    def __init__(self, vote):
        self.document = MinutesDocument(vote)

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
        center = WD_ALIGN_PARAGRAPH.CENTER

        started = set()  # cells whose first (empty) paragraph is already written

        def para(text, bold=False, italic=False, align=None, cell=None):
            if cell is not None and id(cell._tc) not in started:
                started.add(id(cell._tc))
                p = cell.paragraphs[0]
            else:
                p = (cell or doc).add_paragraph()
            run = p.add_run(xml_text(text))
            run.bold, run.italic = bold, italic
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
            return p

        header = doc.add_table(rows=1, cols=2)
        left, right = header.rows[0].cells
        left.text = right.text = ""
        para(ctx["governing_body"], align=center, cell=left)
        para(ctx["issuer"], bold=True, align=center, cell=left)
        para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=center, cell=right)
        para("Độc lập - Tự do - Hạnh phúc", bold=True, align=center, cell=right)
        para(ctx["date_line"], italic=True, align=center, cell=right)
        para("BIÊN BẢN", bold=True, align=center)
        para("HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", bold=True, align=center)
        para(f"Về việc {ctx['vote'].name}", bold=True, align=center)
        for line in ctx["intro_lines"]:
            para(line, bold=line in SECTION_HEADINGS)
        if ctx["table_rows"]:
            table = doc.add_table(rows=1, cols=7)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
                cell.text = ""
                para(text, bold=True, align=center, cell=cell)
            for row in ctx["table_rows"]:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = xml_text(text)
        for line in ctx["closing_lines"]:
            para(line, bold=line in SECTION_HEADINGS)
        signatures = doc.add_table(rows=1, cols=2)
        for cell, (position, name) in zip(
            signatures.rows[0].cells,
            (("THƯ KÝ", ctx["secretary_name"]), ("CHỦ TỊCH HỘI ĐỒNG", ctx["chair_name"])),
            strict=True,
        ):
            cell.text = ""
            para(position, bold=True, align=center, cell=cell)
            para("(Ký, ghi rõ họ tên)", italic=True, align=center, cell=cell)
            for _blank in range(3):
                para("", cell=cell)
            para(name, bold=True, align=center, cell=cell)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


SECTION_HEADINGS = {"I. THÀNH PHẦN", "II. NỘI DUNG", "III. KẾT LUẬN"}


def intro_lines(ctx):
    seen = ctx["attendance"]
    lines = [
        f"Thời gian: {ctx['when']}.",
        f"Địa điểm: {ctx['minutes'].place if ctx['minutes'] else '……'}.",
        "I. THÀNH PHẦN",
        f"Chủ trì: {ctx['chair']} – Chủ tịch Hội đồng.",
        f"Thư ký: {ctx['secretary'] or '……'}.",
        attendance_line(ctx),
    ]
    lines += [f"- {_with_position(m)}: có mặt." for m in seen.present]
    lines += [
        f"- {_with_position(m)}: vắng mặt, có ý kiến bằng văn bản."
        for m in seen.absent_with_opinion
    ]
    lines += [f"- {_with_position(m)}: vắng mặt." for m in seen.absent]
    return [*lines, quorum_line(ctx), "II. NỘI DUNG", content_line(ctx)]


HEADINGS = [
    "STT",
    "Họ và tên / tập thể",
    "Danh hiệu",
    "Đồng ý",
    "Không đồng ý",
    "Tỷ lệ đồng ý / tổng số thành viên",
    "Kết quả",
]


def result_cells(index, row):
    candidate = row["candidate"]
    sign = "≥" if row["inclusive"] else ">"
    return [
        str(index),
        candidate.name,
        candidate.title.name,
        str(candidate.yes_count),
        str(candidate.no_count),
        f"{row['share']:.1f}% (cần {sign} {row['threshold']}%)".replace(".", ","),
        "Đạt" if candidate.passed else "Không đạt",
    ]


def attendance_line(ctx):
    seen = ctx["attendance"]
    absent = len(seen.absent) + len(seen.absent_with_opinion)
    return (
        f"Tổng số thành viên Hội đồng: {ctx['total']}; có mặt: {ctx['present']} "
        f"({str(ctx['present_share']).replace('.', ',')}%); vắng mặt: {absent}"
        + (
            f" (trong đó {len(seen.absent_with_opinion)} có ý kiến bằng văn bản)."
            if seen.absent_with_opinion
            else "."
        )
    )


def quorum_line(ctx):
    enough = ctx["attendance"].has_quorum
    return (
        f"Số thành viên có mặt {'đạt' if enough else 'không đạt'} tỷ lệ tối thiểu "
        f"{ctx['quorum_label']} tổng số thành viên: cuộc họp "
        f"{'đủ' if enough else 'không đủ'} điều kiện tiến hành."
    )


def content_line(ctx):
    if not ctx["rows"]:
        return "Cuộc bình xét chưa kết thúc: chưa có kết quả bỏ phiếu."
    return (
        f"Hội đồng bình xét {len(ctx['rows'])} cá nhân, tập thể bằng hình thức bỏ phiếu kín; "
        "ý kiến bằng văn bản của thành viên vắng mặt được tính cùng phiếu bầu. Tỷ lệ đồng ý "
        "tính trên tổng số thành viên Hội đồng. Kết quả như sau:"
    )


def conclusion_lines(ctx):
    if not ctx["rows"]:
        return []
    lines = ["III. KẾT LUẬN"]
    if ctx["passed"]:
        lines.append(
            f"Hội đồng thống nhất đề nghị {len(ctx['passed'])} cá nhân, tập thể đạt tỷ lệ "
            "phiếu theo quy định:"
        )
        lines += [f"- {c.name}: {c.title.name}." for c in ctx["passed"]]
    else:
        lines.append("Không có cá nhân, tập thể nào đạt tỷ lệ phiếu theo quy định.")
    if any(r.get("tie_to_woman") for r in ctx["rows"]):
        lines.append(
            "Các trường hợp bằng số phiếu được xếp ưu tiên cho nữ, tập thể có từ 70% nữ "
            "(Nghị định 152/2025/NĐ-CP, Điều 4)."
        )
    if ctx["other_opinions"]:
        lines.append("Ý kiến khác tại cuộc họp:")
    return lines


def end_line(ctx):
    return (
        f"Cuộc họp kết thúc lúc {ctx['ended']} cùng ngày. Biên bản đã được thông qua trước "
        "Hội đồng và được các thành viên nhất trí."
    )
