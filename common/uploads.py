"""Signed documents uploaded as scans: the signed and stamped plan, proposal (tờ trình)
and meeting minutes. One check of the file, and one rule: once the document it signs
has left its author (issued, sent, reviewed) or the signed copy is the record (minutes),
the scan is part of the record and is never replaced; the level above downloads what
was signed."""

import io
import zipfile

from django.utils.translation import gettext as _

from .errors import ServiceError

PDF_MAGIC = b"%PDF-"
MAX_SIGNED_PDF_BYTES = 20 * 1024 * 1024


def check_signed_pdf(upload, what=None):
    """Refuse, with a Vietnamese message, what is not a signed scan we keep: an empty
    file, a file that is not a PDF (read from its content), a file over 20 MB."""
    what = what or _("Bản ký")
    if not upload.size:
        raise ServiceError(
            _("Tệp %(what)s rỗng (0 byte); hãy chọn lại tệp PDF.") % {"what": what.lower()}
        )
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        upload.seek(0)
        raise ServiceError(
            _("%(what)s phải là tệp PDF (bản quét văn bản đã ký, đóng dấu).") % {"what": what}
        )
    upload.seek(0)
    if upload.size > MAX_SIGNED_PDF_BYTES:
        raise ServiceError(_("Bản quét lớn hơn 20 MB; hãy quét ở độ phân giải thấp hơn."))


def refuse_replacing(field_file, what=None):
    """A signed scan already kept is not replaced."""
    if field_file:
        raise ServiceError(
            _(
                "%(what)s đã được lưu và là một phần của hồ sơ: không thay được. Nếu bản "
                "đã lưu sai, hãy báo quản trị hệ thống."
            )
            % {"what": what or _("Bản ký")}
        )


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# An Office file is a zip holding its content types and its main part.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MAGIC = {PDF_MAGIC: "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}


def _office_kind(content):
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in OFFICE_PARTS.items() if part in names), None)


def file_kind(content):
    """What a file really is, read from its bytes (and, for Office files, its zip
    directory), never from its name: "pdf", "jpeg", "png", "docx", "xlsx" or None. The
    one check of every upload the product keeps."""
    for magic, kind in MAGIC.items():
        if content.startswith(magic):
            return kind
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def _read(upload):
    content = upload.read()
    upload.seek(0)
    return content


def document_extension(upload):
    """ ".pdf" or ".docx" read from the file's content, or None when it is neither."""
    kind = file_kind(_read(upload))
    return f".{kind}" if kind in ("pdf", "docx") else None


def check_document(upload, what):
    """A report sent as a file: PDF or Word (.docx), not empty, at most 20 MB. Returns
    the extension to store it under."""
    if not upload.size:
        raise ServiceError(_("Tệp %(what)s rỗng (0 byte); hãy chọn lại tệp.") % {"what": what})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ServiceError(_("Tệp %(what)s lớn hơn 20 MB.") % {"what": what})
    extension = document_extension(upload)
    if extension is None:
        raise ServiceError(
            _("Tệp %(what)s phải là PDF hoặc Word (.docx); tệp đã chọn không phải.")
            % {"what": what}
        )
    return extension
