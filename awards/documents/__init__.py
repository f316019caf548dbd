"""Official documents of awards, laid out after Nghị định 30/2020 (templates/documents/
awards/), one module per document:

- proposals.py: the tờ trình (NĐ 152/2025 Mẫu số 01) with its list annexed;
- nomination_lists.py: that list alone;
- achievement_reports.py: the báo cáo thành tích of one nomination;
- decisions.py: the quyết định with its annexed list of awardees and their money;
- certificates.py: the giấy khen, one landscape page per awardee with a QR code that
  opens the public verification page;
- common.py: what they share (heads, signatures, numbers, the rows of the lists).

Each document builds its context once (OfficialDocument.html caches it); the PDF comes
from the same HTML through WeasyPrint. Vietnamese numbers and money in words are in
common/numerals.py, dates and document numbers in common/vietnamese.py."""
