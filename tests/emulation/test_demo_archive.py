"""The year-end archive of the demo's current year (issue 14, done when): a Word file
beside every document PDF, and no document number below 10 without its zero."""

import re

import pdfplumber

from emulation.archive import write_archive
from schools.models import SchoolYear

# Files with no Word twin: signed scans, certificates (the paper itself), workbooks.
NOT_DOCUMENTS = re.compile(r"(-ban-ky\.pdf|^giay-khen.*\.pdf|\.xlsx)$")
UNPADDED = re.compile(r"\bSố:? \d[/-]|(?<![\d/])\d[/-](KH|TTr|QĐ|BB|DS|BC)\b")


def test_demo_archive_holds_word_beside_every_document_and_padded_numbers(
    shared_demo, db, tmp_path
):
    written = write_archive(SchoolYear.current(), tmp_path)
    files = [(folder, name) for folder, names in written.items() for name in names]
    documents = [
        (folder, name)
        for folder, name in files
        if name.endswith(".pdf") and not NOT_DOCUMENTS.search(name)
    ]
    assert len(documents) >= 10  # plans of every issuer, tờ trình, lists, covenant...
    names = set(files)
    assert [d for d in documents if (d[0], d[1][:-4] + ".docx") not in names] == []
    assert [name for _folder, name in files if re.match(r"\d[-_]", name)] == []
    for folder, name in documents:
        with pdfplumber.open(tmp_path / folder / name) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages[:2])
        assert not UNPADDED.search(text), (name, UNPADDED.search(text).group(0))
