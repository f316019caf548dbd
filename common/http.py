from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content, filename, content_type, inline=False):
    """A download with a Vietnamese file name encoded for every browser (RFC 6266)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    """A workbook to download (every export is written by common/workbooks.py)."""
    return file_response(content, filename, XLSX)
