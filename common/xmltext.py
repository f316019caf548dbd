"""Text for the files the product writes that are XML inside: Excel workbooks and Word
documents. One cleaning for all of them.

XML 1.0 holds only tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and
U+10000-U+10FFFF: a C0 control, a lone surrogate, U+FFFE or U+FFFF in a cell makes lxml
(openpyxl, python-docx) raise, or makes a workbook written by hand one that Excel
refuses to open. Such characters never mean anything in a name or a text; they are
dropped. An Excel cell holds at most 32,767 characters."""

import re

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EXCEL_CELL_MAX = 32767


def xml_text(text):
    """`text` as an XML file (a Word document, a workbook) can hold it."""
    text = text or ""
    return NOT_XML.sub("", text) if NOT_XML.search(text) else text


def cell_value(value):
    """A value as every workbook of the product writes it: text cleaned and cut to what
    a cell holds, anything else as it is."""
    if isinstance(value, str):
        return xml_text(value)[:EXCEL_CELL_MAX]
    return value
