"""The dated law around decisions (../shared/AWARDS.md, "Money" and "Who decides"),
loaded by a data migration and by the demo: base salaries, money multiples, authority,
the legal bases a decision cites. Plain data: administrators change it afterwards in
the admin; `load` only creates what is missing."""

import datetime

from .catalogue import CIRCULAR_29, DECREE_98, DECREE_152, LAW_2022

DECREE_73 = "Nghị định 73/2024/NĐ-CP"
DECREE_161 = "Nghị định 161/2026/NĐ-CP"
DECREE_24 = "Nghị định 24/2023/NĐ-CP"
DECREE_129 = "Nghị định 129/2025/NĐ-CP"
DECREE_142 = "Nghị định 142/2025/NĐ-CP"
OLD = ("2024-01-01", "2025-06-30")  # NĐ 98/2023 and the districts
NEW = ("2025-07-01", None)  # NĐ 152/2025, the communes
ALWAYS = ("2024-01-01", None)

# amount (đồng), source, from, to
BASE_SALARIES = [
    (1_800_000, f"{DECREE_24}, Điều 3", "2023-07-01", "2024-06-30"),
    (2_340_000, f"{DECREE_73}, Điều 3", "2024-07-01", "2026-06-30"),
    (2_530_000, f"{DECREE_161}, Điều 3", "2026-07-01", None),
]

# (title code, award form code), recipient, multiple: the same under both decrees.
MULTIPLES = [
    (("cstd-toan-quoc", None), "person", "4.5"),
    (("cstd-tinh", None), "person", "3.0"),
    (("cstdcs", None), "person", "1.0"),
    (("ldtt", None), "person", "0.3"),
    (("ttldxs", None), "collective", "1.5"),
    (("ttldtt", None), "collective", "0.8"),
    (("co-thi-dua-tinh", None), "collective", "8.0"),
    (("co-thi-dua-chinh-phu", None), "collective", "12.0"),
    *[
        ((None, form), recipient, multiple)
        for form in (
            "giay-khen-hieu-truong",
            "giay-khen-chu-tich-huyen",
            "giay-khen-chu-tich-xa",
            "giay-khen-giam-doc-so",
        )
        for recipient, multiple in (("person", "0.3"), ("collective", "0.6"))
    ],
    *[
        ((None, form), recipient, multiple)
        for form in ("bang-khen-chu-tich-tinh", "bang-khen-bo-truong")
        for recipient, multiple in (("person", "1.5"), ("collective", "3.0"))
    ],
    ((None, "ky-niem-chuong"), "person", "0.6"),  # "at most" 0.6: the most is paid
]
MONEY_SOURCES = {OLD: f"{DECREE_98}, Điều 71–75", NEW: f"{DECREE_152}, Điều 50 và 54"}

TITLE_SHAPES = ("district", "commune", "department")
# (title or form code, is title), shape, decider, (from, to), source
AUTHORITY = [
    # LĐTT, CSTĐCS, TTLĐTT: the shape comes from the tree, the citation from the date
    # (AWARDS.md). A school under a Phòng GDĐT proposes through it to the district chair
    # (the demo keeps that shape in every year); under a commune office, to the commune
    # chair, who holds the power since 07/2025 only; the Giám đốc Sở for its own schools.
    *[
        ((code, True), "district", "office", period, f"{LAW_2022}, Điều 80 khoản 2; {decree}")
        for code in ("ldtt", "cstdcs", "ttldtt")
        for period, decree in ((OLD, DECREE_98), (NEW, DECREE_152))
    ],
    *[
        (
            (code, True),
            "commune",
            "commune",
            NEW,
            f"{LAW_2022}, Điều 80 khoản 3; {DECREE_129}, Điều 59",
        )
        for code in ("ldtt", "cstdcs", "ttldtt")
    ],
    *[
        ((code, True), "department", "department", ALWAYS, f"{LAW_2022}, Điều 80 khoản 1")
        for code in ("ldtt", "cstdcs", "ttldtt")
    ],
    # Above the school's and the local level: the province, the ministry, the government.
    *[
        ((code, True), shape, "province", ALWAYS, f"{LAW_2022}, Điều 79")
        for code in ("ttldxs", "cstd-tinh", "co-thi-dua-tinh")
        for shape in TITLE_SHAPES
    ],
    *[
        ((code, True), shape, "government", ALWAYS, f"{LAW_2022}, Điều 77")
        for code in ("cstd-toan-quoc", "co-thi-dua-chinh-phu")
        for shape in TITLE_SHAPES
    ],
    # Giấy khen: the principal to the school's own staff and collectives; the local chair
    # of the school's shape; the Giám đốc Sở to any school of the province.
    *[
        (("giay-khen-hieu-truong", False), shape, "school", ALWAYS, f"{CIRCULAR_29}, Điều 11")
        for shape in TITLE_SHAPES
    ],
    *[
        ((f"giay-khen-chu-tich-{level}", False), shape, decider, ALWAYS, f"{LAW_2022}, {clause}")
        for level, shape, decider, clause in (
            ("huyen", "district", "office", "Điều 80 khoản 2"),
            ("xa", "commune", "commune", "Điều 80 khoản 3"),
        )
    ],
    *[
        (
            ("giay-khen-giam-doc-so", False),
            shape,
            "department",
            ALWAYS,
            f"{LAW_2022}, Điều 80 khoản 1",
        )
        for shape in TITLE_SHAPES
    ],
    *[
        (("bang-khen-chu-tich-tinh", False), shape, "province", ALWAYS, f"{LAW_2022}, Điều 79")
        for shape in TITLE_SHAPES
    ],
    *[
        (
            (code, False),
            shape,
            "ministry",
            ALWAYS,
            f"{LAW_2022}, Điều 78; {CIRCULAR_29}, Điều 8, 12",
        )
        for code in ("bang-khen-bo-truong", "ky-niem-chuong")
        for shape in TITLE_SHAPES
    ],
]

# text, order, from, to
DECISION_BASES = [
    (f"Căn cứ {LAW_2022} ngày 15 tháng 6 năm 2022;", 0, *ALWAYS),
    (
        f"Căn cứ {DECREE_98} ngày 26 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
        "hành một số điều của Luật Thi đua, khen thưởng;",
        1,
        *OLD,
    ),
    (
        f"Căn cứ {DECREE_152} của Chính phủ quy định chi tiết thi hành một số điều của Luật "
        "Thi đua, khen thưởng;",
        1,
        *NEW,
    ),
    (
        f"Căn cứ {CIRCULAR_29} của Bộ trưởng Bộ Giáo dục và Đào tạo hướng dẫn công tác thi "
        "đua, khen thưởng ngành Giáo dục;",
        2,
        *ALWAYS,
    ),
]


def _day(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def load(apps):
    """Create what is missing (with the historical models of a migration, or the real
    ones: pass django.apps.apps)."""
    model = apps.get_model
    Title, AwardForm = model("awards", "Title"), model("awards", "AwardForm")
    titles = {t.code: t for t in Title.objects.all()}
    forms = {f.code: f for f in AwardForm.objects.all()}
    for amount, source, start, end in BASE_SALARIES:
        model("awards", "BaseSalary").objects.get_or_create(
            effective_from=_day(start),
            defaults={"amount": amount, "legal_source": source, "effective_to": _day(end)},
        )
    Money = model("awards", "AwardMoney")
    for (title, form), recipient, multiple in MULTIPLES:
        for period, source in MONEY_SOURCES.items():
            Money.objects.get_or_create(
                title=titles.get(title),
                award_form=forms.get(form),
                recipient=recipient,
                effective_from=_day(period[0]),
                defaults={
                    "multiple": multiple,
                    "legal_source": source,
                    "effective_to": _day(period[1]),
                },
            )
    Authority = model("awards", "Authority")
    for (code, is_title), shape, decider, (start, end), source in AUTHORITY:
        Authority.objects.get_or_create(
            title=titles.get(code) if is_title else None,
            award_form=None if is_title else forms.get(code),
            shape=shape,
            decider=decider,
            effective_from=_day(start),
            defaults={"effective_to": _day(end), "legal_source": source},
        )
    Basis = model("awards", "DecisionBasis")
    for text, order, start, end in DECISION_BASES:
        Basis.objects.get_or_create(
            text=text,
            defaults={
                "order": order,
                "legal_source": text.removeprefix("Căn cứ ").rstrip(";"),
                "effective_from": _day(start),
                "effective_to": _day(end),
            },
        )
