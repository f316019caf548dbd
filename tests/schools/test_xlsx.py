"""common/xlsx.py: the workbook writer behind every export, read back with
openpyxl."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from common import xlsx


def test_xlsx_writer_round_trip():
    book = xlsx.Workbook(title="Thử")
    rows = [
        [("Tiêu đề", xlsx.TITLE)],
        [("STT", xlsx.HEADER), ("Họ tên", xlsx.HEADER)],
        [1, "=1+1", datetime.date(2026, 3, 10), datetime.datetime(2026, 3, 10, 14, 30)],
        [2, "  a < b & c  ", None, "", (Decimal("2340000"), xlsx.MONEY), True],
        [("", xlsx.BOLD), ("Tổng cộng", xlsx.BOLD), (datetime.date(2026, 1, 2), xlsx.BOLD)],
    ]
    book.add_sheet("Danh sách 'A'", rows, widths=[6, 30], frozen_rows=2)
    wb = load_workbook(io.BytesIO(book.content()))
    ws = wb["Danh sách 'A'"]
    assert wb.properties.title == "Thử"
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["B"].width == 30
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert ws["B2"].font.b and ws["B2"].alignment.wrap_text
    assert ws["B3"].value == "=1+1" and ws["B3"].data_type == "s"
    assert ws["C3"].value == datetime.datetime(2026, 3, 10)
    assert ws["C3"].number_format == "DD/MM/YYYY"
    assert ws["D3"].value == datetime.datetime(2026, 3, 10, 14, 30)
    assert ws["D3"].number_format == "DD/MM/YYYY HH:MM"
    assert ws["B4"].value == "  a < b & c  "
    assert ws["C4"].value is None and ws["D4"].value is None
    assert ws["E4"].value == 2340000 and ws["E4"].number_format == "#,##0"
    assert ws["F4"].value is True
    assert ws["B5"].font.b and ws["C5"].font.b and ws["C5"].number_format == "DD/MM/YYYY"


def test_dropdowns_and_text_columns_read_back():
    book = xlsx.Workbook(title="Mẫu")
    book.add_sheet(
        "Danh sách",
        [[("Họ và tên", xlsx.BOLD), ("Ngày sinh", xlsx.BOLD), ("Giới tính", xlsx.BOLD)]],
        widths=[28, 14, 10],
        frozen_rows=1,
        text_columns={2},
        validations=[("C2:C1001", ["Nam", "Nữ & khác"]), ("A2:A9", "'Hướng dẫn'!$B$1:$B$4")],
    )
    ws = load_workbook(io.BytesIO(book.content()))["Danh sách"]
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert rules == {"C2:C1001": '"Nam,Nữ & khác"', "A2:A9": "'Hướng dẫn'!$B$1:$B$4"}
    assert ws.column_dimensions["B"].number_format == "@"
    assert ws.column_dimensions["A"].number_format == "General"
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
