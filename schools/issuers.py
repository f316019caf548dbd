"""Who issues a document and how each kind of issuer writes it (DESIGN.md, "Official
documents"): the school or office itself under Nghị định 30/2020, its trade union (QĐ
933/QĐ-TLĐ 2024, the state layout), its youth union (Hướng dẫn 29-HD/TWĐTN-VP 2013), its
Young Pioneers (no guide found: the Đoàn's layout), its Party cell (Hướng dẫn
36-HD/VPTW 2018). A convention is data the templates and the .docx read; the per-school
lines (the higher body, the name, the signer) are remembered in the Issuer model."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"


class IssuerKind(models.TextChoices):
    STATE = "state", _("Nhà trường / cơ quan")
    UNION = "union", _("Công đoàn cơ sở")
    YOUTH = "youth", _("Đoàn trường")
    PIONEERS = "pioneers", _("Liên đội")
    PARTY = "party", _("Chi bộ")


@dataclass(frozen=True)
class Convention:
    # Right of the header: the lines above the date; "nation" prints the national motto.
    motto: str
    # Under the issuer's name on the left: "rule" (a short line), "***" or "*".
    mark: str
    # How the number is written: "slash" ("Số: 05/KH-CĐCS"), "hyphen" ("Số: 10-KH/ĐTN"),
    # "party" ("Số 10-KH/CB", no colon).
    number_form: str
    # The part of the symbol after the document type, when the organisation's own
    # abbreviation is not used.
    symbol_suffix: str
    authority_line: str
    position: str
    name_prefix: str


CONVENTIONS = {
    IssuerKind.STATE: Convention("nation", "rule", "slash", "", "", "", ""),
    IssuerKind.UNION: Convention(
        "nation", "rule", "slash", "CĐCS", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "CĐCS "
    ),
    IssuerKind.YOUTH: Convention(
        "ĐOÀN TNCS HỒ CHÍ MINH", "***", "hyphen", "ĐTN", "TM. BAN CHẤP HÀNH", "BÍ THƯ", "BCH ĐOÀN "
    ),
    IssuerKind.PIONEERS: Convention(
        "ĐỘI TNTP HỒ CHÍ MINH",
        "***",
        "hyphen",
        "LĐ",
        "TM. BCH LIÊN ĐỘI",
        "TỔNG PHỤ TRÁCH",
        "LIÊN ĐỘI ",
    ),
    IssuerKind.PARTY: Convention(
        "ĐẢNG CỘNG SẢN VIỆT NAM", "*", "party", "CB", "T/M CHI BỘ", "BÍ THƯ", "CHI BỘ "
    ),
}


HEAD_POSITIONS = {
    "school": "HIỆU TRƯỞNG",
    "office": "TRƯỞNG PHÒNG",
    "department": "GIÁM ĐỐC",
    "ministry": "BỘ TRƯỞNG",
    "commune": "CHỦ TỊCH",
}


def head_position(organization):
    """Who signs what an organisation issues itself, by its kind."""
    return HEAD_POSITIONS.get(organization.kind, "THỦ TRƯỞNG")


def convention(kind):
    return CONVENTIONS[IssuerKind(kind or IssuerKind.STATE)]


def symbol_for(kind, doc_type, abbreviation):
    """The default symbol: 'KH-THLU' of a school, 'KH-CĐCS' of its union, 'KH/ĐTN' of
    its youth union (the hyphen goes after the number there)."""
    rule = convention(kind)
    if rule.number_form == "slash":
        return f"{doc_type}-{rule.symbol_suffix or abbreviation}".rstrip("-")
    return f"{doc_type}/{rule.symbol_suffix}"


def number_line(kind, number, symbol):
    """'Số: 05/KH-CĐCS', 'Số: 10-KH/ĐTN', 'Số 10-KH/CB'. Numbers below 10 keep their
    zero (Nghị định 30); a draft leaves room for the number written at signing."""
    rule = convention(kind)
    written = f"{int(number):02d}" if number not in (None, "") else NBSP * 6
    separator = "/" if rule.number_form == "slash" else "-"
    prefix = "Số" if rule.number_form == "party" else "Số:"
    return f"{prefix} {written}{separator}{symbol}"


def reference(kind, number, symbol):
    """The reference a later document cites: '05/KH-CĐCS', '10-KH/ĐTN'."""
    return number_line(kind, number, symbol).split(" ", 1)[1].strip(NBSP)


HIGHER_BODY = {
    IssuerKind.UNION: "Công đoàn Giáo dục {place}",
    IssuerKind.YOUTH: "{unit} Đoàn {name}",
    IssuerKind.PIONEERS: "HĐĐ {place}",
    IssuerKind.PARTY: "Đảng bộ {place}",
}
# "UBND HUYỆN VĂN GIANG" -> ("huyện", "Văn Giang"); the Đoàn writes "Huyện Đoàn Văn Giang".
YOUTH_UNITS = {"huyện": "Huyện", "thành phố": "Thành", "thị xã": "Thị", "tỉnh": "Tỉnh"}


def _locality(governing_body):
    """('huyện', 'Văn Giang') from a governing body 'UBND HUYỆN VĂN GIANG' or 'Ủy ban
    nhân dân huyện Văn Giang'; None when it names no locality."""
    words = governing_body.split()
    if words[:1] == ["UBND"]:
        words = words[1:]
    elif [w.lower() for w in words[:4]] == ["ủy", "ban", "nhân", "dân"]:
        words = words[4:]
    else:
        return None
    text = " ".join(words)
    for unit in YOUTH_UNITS:
        if text.lower().startswith(unit + " "):
            return unit, text[len(unit) + 1 :].title()
    return None


def default_lines(organization, kind):
    """(higher body, name) of an issuer nobody has described yet, from the organisation:
    its own header for the school itself; for its organisations the body above them in
    the school's locality ('Công đoàn Giáo dục huyện Văn Giang') and the school's name
    after theirs ('CĐCS Trường THCS Lai Uyên'). The author corrects both in the editor."""
    kind = IssuerKind(kind or IssuerKind.STATE)
    if kind == IssuerKind.STATE:
        return organization.governing_body, organization.name
    rule = convention(kind)
    higher = ""
    locality = _locality(organization.governing_body)
    if locality:
        unit, name = locality
        higher = HIGHER_BODY[kind].format(place=f"{unit} {name}", unit=YOUTH_UNITS[unit], name=name)
    return higher, f"{rule.name_prefix}{organization.name}"


# Words that say what kind of body a name is, before the proper name that follows them
# ("TRƯỜNG THCS | LAI UYÊN", "CÔNG ĐOÀN GIÁO DỤC HUYỆN | VĂN GIANG").
_KIND_TEXT = (
    "trường tiểu học trung cơ sở thcs thpt th mn mầm non mẫu giáo phổ thông liên cấp và "
    "cđcs bch ban chấp hành đoàn đội chi bộ đảng công phòng dục đào tạo ptdtbt ptdtnt "
    "dân tộc nội trú bán ubnd ủy nhân huyện xã thị trấn phố thành tỉnh quận phường hđđ "
    "hội đồng gdđt gd&đt"
)
KIND_WORDS = frozenset(_KIND_TEXT.split())
ONE_LINE = 26  # characters of a header line that fit the left column at 12.5 pt


# Words that begin the name of the body an organisation belongs to ("CHI BỘ | TRƯỜNG
# TIỂU HỌC LAI UYÊN"): a line may break before them.
BODY_WORDS = {"trường", "phòng", "sở", "ubnd", "ủy"}
LOCALITY_WORDS = {"huyện", "tỉnh", "quận", "xã", "phường"}


def by_length(line):
    """Whether a header line fits its column, by its length (emulation/headers.py
    measures it in the font instead)."""
    return len(line) <= ONE_LINE


def header_lines(name, fits=by_length):
    """The issuer's name as printed, as lines that never break inside a name: where the
    author typed a break (a new line or "|"); else, for a name too long for one line,
    after the organisation's own words ("CHI BỘ" / "TRƯỜNG TIỂU HỌC LAI UYÊN") when the
    rest fits, or before the proper name ("TRƯỜNG TIỂU HỌC" / "NGUYỄN VĂN TRỖI")."""
    typed = [line.strip() for line in (name or "").replace("|", "\n").splitlines()]
    typed = [line for line in typed if line]
    if len(typed) != 1 or fits(typed[0]):
        return typed
    words = typed[0].split()
    candidates = []
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in BODY_WORDS:
            candidates.append(index)
            break
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in LOCALITY_WORDS and words[index - 1].lower() in KIND_WORDS:
            candidates.append(index)  # "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" / "HUYỆN BÀU BÀNG"
            break
    for index, word in enumerate(words):
        if word.lower().strip(",.") not in KIND_WORDS:
            if index:
                candidates.append(index)
            break
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in candidates]
    for lines in splits:
        if all(fits(line) for line in lines):
            return lines
    return splits[-1] if splits else typed
