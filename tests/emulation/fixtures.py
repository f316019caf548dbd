"""The demo's documents of each issuer kind (emulation/demo_documents/), written from the
conventions of DESIGN.md, filled in for a school year: the fixtures the editor's tests
paste."""

from pathlib import Path

from emulation.demo import DOCUMENTS_DIR, fill_years

ISSUER_DOCUMENTS = {
    "union": "cong_doan.txt",
    "youth": "doan.txt",
    "pioneers": "lien_doi.txt",
    "party": "chi_bo.txt",
    "joint": "lien_tich.txt",
}
# What each prints: the header's right column, the number line, the signature lines.
EXPECTED = {
    "union": (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 05/KH-CĐCS",
        ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Trần Thị Mỹ Lệ"],
    ),
    "youth": (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "Số: 10-KH/ĐTN",
        ["TM. BAN CHẤP HÀNH", "BÍ THƯ", "Nguyễn Văn Hùng"],
    ),
    "pioneers": (
        "ĐỘI TNTP HỒ CHÍ MINH",
        "Số: 03-KH/LĐ",
        ["TM. BCH LIÊN ĐỘI", "TỔNG PHỤ TRÁCH", "Lê Thị Thu Hà"],
    ),
    "party": (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 07-KH/CB",
        ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Thị Hồng Nhung"],
    ),
    "joint": (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 06/KHLT-THLU",
        ["HIỆU TRƯỞNG", "CHỦ TỊCH", "Trần Thị Mỹ Lệ"],
    ),
}


def document_text(kind, school_year):
    return fill_years(Path(DOCUMENTS_DIR, ISSUER_DOCUMENTS[kind]).read_text("utf-8"), school_year)
