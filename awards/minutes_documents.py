"""Biên bản họp xét: the council's minutes as PDF and as Word, both from one HTML
(documents/awards/minutes.html). Presence is read from the ballot receipts, the votes from
the closed counts (ballots and written opinions), the thresholds from the rules in force
on the day of the sitting; nothing is typed twice."""

from emulation.documents import date_line
from emulation.rendering import OfficialDocument
from schools.models import Person

from .documents.common import file_stem, governing_body, place_of
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
