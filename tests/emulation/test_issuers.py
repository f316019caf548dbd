"""Issuers (issue 14, item 2): each kind prints its own header, motto, number form and
signature and keeps its own register; a joint plan prints both issuers."""

import datetime
import io

import pdfplumber
import pytest

from emulation import editing, services
from emulation.documents import PlanDocument, load_plan
from schools.issuers import IssuerKind, header_lines, number_line, reference
from schools.models import SchoolYear
from schools.services import ServiceError
from tests.emulation.fixtures import EXPECTED, document_text
from tests.factories.emulation import make_plan

DATES = {
    "union": "ngày 08 tháng 9",
    "youth": "ngày 02 tháng 11",
    "pioneers": "ngày 05 tháng 10",
    "party": "ngày 06 tháng 9",
    "joint": "ngày 09 tháng 9",
}


def pdf_lines(content):
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return [line.strip() for line in text.splitlines()]


def test_number_forms_of_each_issuer():
    assert number_line(IssuerKind.STATE, 5, "KH-THLU") == "Số: 05/KH-THLU"
    assert number_line(IssuerKind.UNION, 12, "KH-CĐCS") == "Số: 12/KH-CĐCS"
    assert number_line(IssuerKind.YOUTH, 10, "KH/ĐTN") == "Số: 10-KH/ĐTN"
    assert number_line(IssuerKind.PIONEERS, 3, "KH/LĐ") == "Số: 03-KH/LĐ"
    assert number_line(IssuerKind.PARTY, 7, "KH/CB") == "Số 07-KH/CB"
    assert number_line(IssuerKind.YOUTH, None, "KH/ĐTN") == "Số: " + "\u00a0" * 6 + "-KH/ĐTN"
    assert reference(IssuerKind.PARTY, 7, "KH/CB") == "07-KH/CB"


def test_header_names_break_between_names_never_inside_one():
    assert header_lines("CĐCS TRƯỜNG TIỂU HỌC LAI UYÊN") == ["CĐCS", "TRƯỜNG TIỂU HỌC LAI UYÊN"]
    assert header_lines("TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ NGUYỄN VĂN TRỖI") == [
        "TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ",
        "NGUYỄN VĂN TRỖI",
    ]
    assert header_lines("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÀU BÀNG") == [
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "HUYỆN BÀU BÀNG",
    ]
    assert header_lines("TRƯỜNG THCS LAI UYÊN") == ["TRƯỜNG THCS LAI UYÊN"]
    # The author's own break wins.
    assert header_lines("BCH ĐOÀN TRƯỜNG THPT|NGUYỄN HUỆ") == ["BCH ĐOÀN TRƯỜNG THPT", "NGUYỄN HUỆ"]


def test_each_issuer_keeps_its_own_register(tree):
    principal = tree.users["principal_a1"]
    day = datetime.date(2024, 3, 1)
    school = services.publish_plan(principal, make_plan(tree.school_a1, title="Nhà trường"), day)
    union = services.publish_plan(
        principal,
        make_plan(tree.school_a1, title="Công đoàn", issuer_kind=IssuerKind.UNION),
        day,
    )
    youth = services.publish_plan(
        principal, make_plan(tree.school_a1, title="Đoàn", issuer_kind=IssuerKind.YOUTH), day
    )
    assert [school.number, union.number, youth.number] == [1, 1, 1]
    assert union.reference == "01/KH-CĐCS" and youth.reference == "01-KH/ĐTN"
    # Number 1 of the union's register is taken; the school's and the Đoàn's are theirs.
    twin = make_plan(
        tree.school_a1,
        title="Trùng",
        issuer_kind=IssuerKind.UNION,
        number=1,
        issue_date="2024-05-01",
    )
    with pytest.raises(ServiceError, match="Số 01/KH-CĐCS năm 2024 đã dùng cho “Công đoàn”"):
        services.publish_plan(principal, twin)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_issuer_prints_its_conventions(tree, kind):
    """A fixture document of each issuer kind, pasted, published and printed: motto,
    number form, signature form, padded date, parts in order."""
    principal = tree.users["principal_a1"]
    year = SchoolYear.current()
    plan = editing.create_draft(principal, tree.school_a1)
    plan = editing.paste_document(principal, plan, document_text(kind, year))
    services.publish_plan(principal, plan)
    motto, number, signature = EXPECTED[kind]
    lines = pdf_lines(PlanDocument(load_plan(plan.pk)).pdf())
    text = "\n".join(lines)
    assert motto in text
    assert any(line.startswith(number) for line in lines) or f" {number}" in text
    positions = [text.index(part) for part in signature]
    assert positions == sorted(positions)
    headings = [line for line in lines if line[:4] in ("I. M", "II. ", "III.")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III"]
    assert f"Lai Uyên, {DATES[kind]} năm {year.start_date.year}" in text  # day padded
    if kind == "joint":
        assert "HIỆU TRƯỞNG" in text and "Nguyễn Thị Hồng Nhung" in text
        assert "CĐCS" in text and "TRƯỜNG A1" not in text  # both issuers as pasted
        assert plan.signatures.count() == 2
