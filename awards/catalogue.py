"""The catalogue as the law stands (../shared/AWARDS.md), loaded by a data migration.
Plain data: administrators change it afterwards in the admin."""

import datetime

LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE_152 = "Nghị định 152/2025/NĐ-CP"
DECREE_98 = "Nghị định 98/2023/NĐ-CP"
CIRCULAR_29 = "Thông tư 29/2023/TT-BGDĐT"

# code, name, abbreviation, recipient, granted by, source (money: law_data.MULTIPLES)
TITLES = [
    (
        "ldtt",
        "Lao động tiên tiến",
        "LĐTT",
        "person",
        "Chủ tịch UBND cấp xã (trước 07/2025: cấp huyện) / Giám đốc Sở",
        f"{LAW_2022}, Điều 24; {DECREE_152}, Điều 50",
    ),
    (
        "cstdcs",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐCS",
        "person",
        "Chủ tịch UBND cấp xã / Giám đốc Sở",
        f"{LAW_2022}, Điều 23",
    ),
    (
        "cstd-tinh",
        "Chiến sĩ thi đua cấp tỉnh",
        "CSTĐ tỉnh",
        "person",
        "Chủ tịch UBND tỉnh",
        f"{LAW_2022}, Điều 22",
    ),
    (
        "cstd-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐTQ",
        "person",
        "Thủ tướng Chính phủ",
        f"{LAW_2022}, Điều 21",
    ),
    (
        "ttldtt",
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        "collective",
        "Chủ tịch UBND cấp xã / Giám đốc Sở",
        f"{LAW_2022}, Điều 28",
    ),
    (
        "ttldxs",
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        "collective",
        "Chủ tịch UBND tỉnh",
        f"{LAW_2022}, Điều 27",
    ),
    (
        "co-thi-dua-tinh",
        "Cờ thi đua cấp tỉnh",
        "",
        "collective",
        "Chủ tịch UBND tỉnh",
        f"{LAW_2022}, Điều 26",
    ),
    (
        "co-thi-dua-chinh-phu",
        "Cờ thi đua của Chính phủ",
        "",
        "collective",
        "Thủ tướng Chính phủ",
        f"{LAW_2022}, Điều 25",
    ),
]

# code, name, granted by, recipient ("" = both), source
AWARD_FORMS = [
    ("giay-khen-hieu-truong", "Giấy khen", "Hiệu trưởng", "", CIRCULAR_29),
    (
        "giay-khen-chu-tich-huyen",
        "Giấy khen",
        "Chủ tịch UBND cấp huyện",
        "",
        f"{LAW_2022}, Điều 80 khoản 2",
    ),
    ("giay-khen-chu-tich-xa", "Giấy khen", "Chủ tịch UBND cấp xã", "", LAW_2022),
    ("giay-khen-giam-doc-so", "Giấy khen", "Giám đốc Sở GDĐT", "", LAW_2022),
    ("bang-khen-chu-tich-tinh", "Bằng khen", "Chủ tịch UBND tỉnh", "", LAW_2022),
    ("bang-khen-bo-truong", "Bằng khen", "Bộ trưởng Bộ GDĐT", "", LAW_2022),
    (
        "ky-niem-chuong",
        "Kỷ niệm chương “Vì sự nghiệp giáo dục”",
        "Bộ trưởng Bộ GDĐT",
        "person",
        CIRCULAR_29,
    ),
]


def _vote_threshold(code, title, percent):
    """The council's vote a title needs: `percent` of all members under Decree 98 until
    30/06/2025; the same percent, not confirmed and only warned of, under Decree 152."""
    return [
        (
            code,
            title,
            "vote_threshold",
            {"percent": percent},
            f"Ít nhất {percent}% phiếu đồng ý của toàn bộ thành viên hội đồng.",
            f"{DECREE_98}, Điều 30",
            "2024-01-01",
            "2025-06-30",
            True,
        ),
        (
            code,
            title,
            "vote_threshold",
            {"percent": percent},
            f"Ngưỡng phiếu theo Nghị định 152/2025 chưa được xác nhận: giữ {percent}% và chỉ "
            "cảnh báo.",
            f"{DECREE_152} (chưa xác nhận)",
            "2025-07-01",
            None,
            False,
        ),
    ]


# code, title code (None = every title), predicate, parameters, description, source,
# effective from, effective to, confirmed
RULES = [
    (
        "khong-ky-luat",
        None,
        "not_disciplined",
        {},
        "Không khen thưởng khi đang bị kỷ luật, thanh tra hoặc có khiếu nại chưa giải quyết.",
        f"{DECREE_152}, Điều 4",
        "2024-01-01",
        None,
        True,
    ),
    (
        "ldtt-nhiem-vu",
        "ldtt",
        "completes_duties",
        {},
        "Hoàn thành tốt nhiệm vụ trở lên.",
        f"{LAW_2022}, Điều 24",
        "2024-01-01",
        None,
        True,
    ),
    (
        "cstdcs-ldtt",
        "cstdcs",
        "has_title",
        {"title": "ldtt", "label": "Lao động tiên tiến"},
        "Đạt Lao động tiên tiến trong năm.",
        f"{LAW_2022}, Điều 23",
        "2024-01-01",
        None,
        True,
    ),
    (
        "cstdcs-sang-kien",
        "cstdcs",
        "excellent_or_initiative",
        {},
        "Hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến được công nhận cấp cơ sở, hoặc đề tài "
        "được nghiệm thu.",
        f"{LAW_2022}, Điều 23",
        "2024-01-01",
        None,
        True,
    ),
    *_vote_threshold("cstdcs-phieu", "cstdcs", 80),
    (
        "cstd-tinh-3-nam",
        "cstd-tinh",
        "consecutive",
        {"title": "cstdcs", "years": 3, "label": "Chiến sĩ thi đua cơ sở"},
        "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở.",
        f"{LAW_2022}, Điều 22",
        "2024-01-01",
        None,
        True,
    ),
    *_vote_threshold("cstd-tinh-phieu", "cstd-tinh", 90),
    (
        "cstdtq-2-lan",
        "cstd-toan-quoc",
        "consecutive_awards",
        {"title": "cstd-tinh", "times": 2, "span": 3, "label": "Chiến sĩ thi đua cấp tỉnh"},
        "Hai lần liên tục đạt Chiến sĩ thi đua cấp bộ, ngành, tỉnh.",
        f"{LAW_2022}, Điều 21",
        "2024-01-01",
        None,
        True,
    ),
    *_vote_threshold("cstdtq-phieu", "cstd-toan-quoc", 90),
    (
        "ttldtt-70",
        "ttldtt",
        "share_of_members",
        {"title": "ldtt", "percent": 70, "label": "Lao động tiên tiến"},
        "Ít nhất 70% thành viên đạt Lao động tiên tiến (ngưỡng do tỉnh quy định).",
        f"{LAW_2022}, Điều 28 (chưa xác nhận toàn quốc)",
        "2024-01-01",
        None,
        False,
    ),
    (
        "ttldtt-ky-luat",
        "ttldtt",
        "no_member_disciplined",
        {"at_least": "warning"},
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên.",
        f"{LAW_2022}, Điều 28",
        "2024-01-01",
        None,
        False,
    ),
    (
        "ttldxs-70",
        "ttldxs",
        "share_of_members",
        {"title": "ldtt", "percent": 70, "label": "Lao động tiên tiến"},
        "Ít nhất 70% thành viên đạt Lao động tiên tiến.",
        f"{LAW_2022}, Điều 27 (chưa xác nhận toàn quốc)",
        "2024-01-01",
        None,
        False,
    ),
    (
        "ttldxs-hoan-thanh",
        "ttldxs",
        "all_members_complete_duties",
        {},
        "Tất cả thành viên hoàn thành nhiệm vụ.",
        f"{LAW_2022}, Điều 27",
        "2024-01-01",
        None,
        True,
    ),
    *[
        (
            f"{code}-dan-dau",
            code,
            "leads_block",
            {},
            "Là đơn vị dẫn đầu khối thi đua trong năm.",
            f"{LAW_2022}, Điều {article}",
            "2024-01-01",
            None,
            True,
        )
        for code, article in (("co-thi-dua-tinh", 26), ("co-thi-dua-chinh-phu", 25))
    ],
    *_vote_threshold("co-thi-dua-phieu", "co-thi-dua-tinh", 80),
    (
        "ttldxs-cstdcs",
        "ttldxs",
        "at_least_one_member",
        {"title": "cstdcs", "label": "Chiến sĩ thi đua cơ sở"},
        "Có ít nhất một thành viên đạt Chiến sĩ thi đua cơ sở.",
        f"{LAW_2022}, Điều 27",
        "2024-01-01",
        None,
        False,
    ),
]


# Rules of award forms: code, award form, predicate, parameters, text, source, from, to,
# confirmed.
FORM_RULES = [
    (
        "knc-nam-cong-tac",
        "ky-niem-chuong",
        "years_in_sector",
        {"years": 20, "reduced_years": 15, "after_disadvantaged": 5},
        "Đủ 20 năm công tác trong ngành Giáo dục (15 năm nếu có từ 5 năm công tác ở vùng "
        "có điều kiện kinh tế - xã hội đặc biệt khó khăn).",
        f"{CIRCULAR_29}, Điều 8",
        "2024-01-01",
        None,
        True,
    ),
]


def _create_missing(model, rows, fields):
    """One row of `model` per catalogue row (code first, then `fields`, in the order of
    the catalogue) unless its code is there already; {code: row}."""
    made = {}
    for order, (code, *values) in enumerate(rows):
        made[code], _created = model.objects.get_or_create(
            code=code, defaults={**dict(zip(fields, values, strict=True)), "order": order}
        )
    return made


def _create_missing_rules(Rule, rows, owner_field, owners, severity=None):  # noqa: N803
    """The rules of `rows` not there yet (by code and start), each on its title or award
    form (`owner_field`, found by code in `owners`); `severity`, or by whether the rule is
    confirmed."""
    for code, owner, predicate, params, text, source, start, end, confirmed in rows:
        # dates, not ISO strings: a new row is logged (audit) and printed at once
        start, end = (
            datetime.date.fromisoformat(d) if isinstance(d, str) else d for d in (start, end)
        )
        Rule.objects.get_or_create(
            code=code,
            effective_from=start,
            defaults={
                owner_field: owners.get(owner),
                "predicate": predicate,
                "parameters": params,
                "description": text,
                "legal_source": source,
                "effective_to": end,
                "confirmed": confirmed,
                "severity": severity or ("block" if confirmed else "warn"),
            },
        )


def load(Title, AwardForm, Rule):  # noqa: N803 (historical model classes)
    """Create what is missing; never overwrite an administrator's changes."""
    titles = _create_missing(
        Title, TITLES, ("name", "abbreviation", "recipient", "granted_by", "legal_source")
    )
    _create_missing(AwardForm, AWARD_FORMS, ("name", "granted_by", "recipient", "legal_source"))
    forms = {f.code: f for f in AwardForm.objects.all()}
    # Rules of award forms exist since migration 0015; earlier migrations load the rest.
    if any(f.name == "award_form" for f in Rule._meta.get_fields()):
        _create_missing_rules(Rule, FORM_RULES, "award_form", forms, severity="block")
    _create_missing_rules(Rule, RULES, "title", titles)
