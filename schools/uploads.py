"""Signed documents uploaded as scans: the signed and stamped plan, proposal (tờ trình)
and meeting minutes. One check of the file, and one rule: once the document it signs
has left its author (issued, sent, reviewed) or the signed copy is the record (minutes),
the scan is part of the record and is never replaced; the level above downloads what
was signed."""

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
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ServiceError(
            _("%(what)s phải là tệp PDF (bản quét văn bản đã ký, đóng dấu).") % {"what": what}
        )
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


DOCX_PART = "word/document.xml"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def document_extension(upload):
    """ ".pdf" or ".docx" read from the file's content (a Word file is a zip holding
    word/document.xml), or None when it is neither."""
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            names = set()
        finally:
            upload.seek(0)
        if DOCX_PART in names:
            return ".docx"
    return None


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
