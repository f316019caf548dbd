"""Every upload of the product: the staff list (.xlsx), the signed scan of a plan (admin),
the signed minutes of a block meeting, the evidence of a nomination and the signed scan
of a proposal.

Each refuses content that is not what its name says, empty files and oversized files
with a Vietnamese message; file names are cleaned (folders, "..", control characters,
right-to-left overrides, very long names) so the stored file stays inside MEDIA_ROOT;
downloads are attachments, only for those who may see the object (404 for others), and
MEDIA_ROOT is never served as such."""

import importlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.utils import timezone
from openpyxl import Workbook

from awards.models import Evidence, Nomination, Proposal, ProposalItem
from awards.services import nominations as nomination_services
from awards.services import proposals as proposal_services
from common import uploads
from emulation import services as plan_services
from emulation.blocks import services as block_services
from emulation.models import Plan
from emulation.views import DOCX
from schools.imports import COLUMNS
from schools.models import Person, SchoolYear, StaffImport
from schools.services import ServiceError
from tests.factories.awards import make_nomination, make_round, person_of
from tests.factories.emulation import make_plan
from tests.security.conftest import messages_of

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<!doctype html><script>alert(1)</script>"
EXE = b"MZ\x90\x00" + b"\x00" * 60
POLYGLOT_ZIP = b"PK\x03\x04" + b"\x00" * 40  # a zip header and nothing an Office file has

# Names an attacker chooses: folders, "..", Windows separators, control characters,
# right-to-left override (reads "…fdp.exe" as "…exe.pdf"), zero-width, very long.
HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/cron.d/x.pdf",
    "a\x01b\x1bc.pdf",
    "hoa-don\u202efdp.exe.pdf",
    "zero\u200bwidth\ufeff.pdf",
    ("rất-dài-" * 60) + ".pdf",
    "....pdf",
    ".pdf",
]


def office_file(kind):
    """A minimal .docx or .xlsx: a zip with the part its kind has."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return out.getvalue()


def multipart(fields, files, boundary="thiduaBOUNDARY"):
    """A multipart body written by hand, so file names reach the server exactly as an
    attacker sends them (the test client would keep only their last part)."""
    chunks = []
    for name, value in fields.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for field, filename, content in files:
        quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def inside(path, root):
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def stored_files(root):
    return [p for p in Path(root).rglob("*") if p.is_file()]


def assert_attachment(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# -- staff list ------------------------------------------------------------------------


def staff_xlsx():
    wb = Workbook()
    wb.active.append([label for _name, label in COLUMNS])
    wb.active.append(["Nguyễn Thị An", "05/09/1985", "Nữ", "Giáo viên", "", "Tổ 1", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (PDF, "Tệp không phải tệp Excel (.xlsx)"),
        (HTML, "Tệp không phải tệp Excel (.xlsx)"),
        (EXE, "Tệp không phải tệp Excel (.xlsx)"),
        (POLYGLOT_ZIP, "tệp Excel"),
        (office_file("docx"), "Không đọc được tệp Excel"),
        (b"", "Tệp tải lên rỗng."),
    ],
    ids=["pdf", "html", "exe", "zip", "docx", "empty"],
)
def test_staff_list_refuses_what_is_not_excel(client, tree, content, message):
    client.force_login(tree.users["principal_a1"])
    url = reverse("staff_upload", args=[tree.school_a1.pk])
    response = client.post(url, {"file": SimpleUploadedFile("nhan-su.xlsx", content)}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    for staff_import in StaffImport.objects.all():  # kept for the preview, never imported
        response = client.post(reverse("staff_import_preview", args=[staff_import.pk]))
        assert "chưa có ai được nhập" in messages_of(client.get(response["Location"]))
    assert not Person.objects.filter(full_name="Nguyễn Thị An").exists()


def test_staff_list_size_limit(client, tree, settings):
    client.force_login(tree.users["principal_a1"])
    url = reverse("staff_upload", args=[tree.school_a1.pk])
    big = staff_xlsx() + b"\x00" * (settings.STAFF_IMPORT_MAX_BYTES)
    response = client.post(url, {"file": SimpleUploadedFile("nhan-su.xlsx", big)})
    assert response.status_code == 200
    assert "Tệp lớn hơn 5 MB" in response.content.decode()
    assert not StaffImport.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_staff_list_names_are_cleaned(client, tree, name):
    client.force_login(tree.users["principal_a1"])
    body, content_type = multipart({}, [("file", name, staff_xlsx())])
    response = client.post(
        reverse("staff_upload", args=[tree.school_a1.pk]), body, content_type=content_type
    )
    assert response.status_code == 302
    staff_import = StaffImport.objects.get()
    assert "/" not in staff_import.file_name and "\\" not in staff_import.file_name
    assert all(c.isprintable() for c in staff_import.file_name), staff_import.file_name
    assert 0 < len(staff_import.file_name) <= 255
    page = client.get(response["Location"]).content.decode()
    assert "Tệp hợp lệ: 1 người sẽ được nhập." in page


# -- plan signed scan (admin) ----------------------------------------------------------


def plan_admin_post(client, plan, scan):
    url = reverse("admin:emulation_plan_change", args=[plan.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "signed_scan"}
    data["issue_date"] = plan.issue_date.strftime("%d/%m/%Y")
    for prefix in [
        "legal_bases",
        "sections",
        "themes",
        "schedule_items",
        "recipients",
        "signatures",
        "annexes",
        "events",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return client.post(url, {**data, "signed_scan": scan}, follow=True)


@pytest.fixture
def published_plan(tree):
    return make_plan(
        tree.school_a1,
        Plan.Status.PUBLISHED,
        number=7,
        symbol="../../../KH-THA1\\..\\x",
        issue_date="2024-01-05",
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (HTML, "Bản ký phải là tệp PDF"),
        (PNG, "Bản ký phải là tệp PDF"),
        (b"", "rỗng"),
    ],
    ids=["html", "png", "empty"],
)
def test_plan_scan_refuses_what_is_not_a_pdf(client, tree, published_plan, media, content, message):
    client.force_login(tree.users["principal_a1"])
    response = plan_admin_post(client, published_plan, SimpleUploadedFile("ban-ky.pdf", content))
    assert message in response.content.decode()
    published_plan.refresh_from_db()
    assert published_plan.status == Plan.Status.PUBLISHED and not published_plan.signed_scan
    assert stored_files(media) == []


def test_plan_scan_size_limit(client, tree, published_plan, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_SIGNED_PDF_BYTES", 1000)
    client.force_login(tree.users["principal_a1"])
    scan = SimpleUploadedFile("ban-ky.pdf", PDF + b"0" * 1000)
    response = plan_admin_post(client, published_plan, scan)
    assert "Bản quét lớn hơn 20 MB" in response.content.decode()
    published_plan.refresh_from_db()
    assert published_plan.status == Plan.Status.PUBLISHED and not published_plan.signed_scan


def test_plan_scan_is_stored_inside_media_and_served_as_attachment(
    client, tree, published_plan, media
):
    client.force_login(tree.users["principal_a1"])
    body_name = "../../../../tmp/evil\u202efdp.exe.pdf"
    response = plan_admin_post(client, published_plan, SimpleUploadedFile(body_name, PDF))
    assert "nội dung đã khóa" in response.content.decode()
    published_plan.refresh_from_db()
    assert inside(published_plan.signed_scan.path, media)
    assert ".." not in re.split(r"[/\\]", published_plan.signed_scan.name)
    url = reverse("plan_signed_scan", args=[published_plan.pk])
    for who in ("teacher_a1", "office_a", "dept_a"):
        client.force_login(tree.users[who])
        response = client.get(url)
        assert_attachment(response, "application/pdf")
        assert b"".join(response.streaming_content) == PDF
    for who in ("principal_b1", "teacher_b1", "office_b", "principal_a2"):
        client.force_login(tree.users[who])
        assert client.get(url).status_code == 404, who


# -- block minutes ---------------------------------------------------------------------


@pytest.fixture
def meeting(tree):
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối 1",
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    return block_services.schedule_meeting(
        tree.users["principal_a1"],
        block,
        period_label="Quý I",
        starts_at=timezone.now(),
        place="Trường A1",
        host_school=tree.school_a1,
    )


def answer_of(client, response):
    """What the user reads after a post: the messages after the redirect of a saved
    form; the messages and the page shown again (errors at the fields) of a refused
    one."""
    if response.status_code == 302:
        return messages_of(client.get(response["Location"]))
    assert response.status_code == 200
    assert messages_of(response)  # the refusal is said at the top of the page
    return messages_of(response) + response.content.decode()


def post_minutes(client, meeting, name, content):
    body, content_type = multipart({"minutes": "Biên bản"}, [("minutes_file", name, content)])
    response = client.post(
        reverse("block_meeting_record_minutes", args=[meeting.pk]),
        body,
        content_type=content_type,
    )
    return answer_of(client, response)


@pytest.mark.parametrize(
    "content, message",
    [
        (HTML, "phải là tệp PDF"),
        (JPEG, "phải là tệp PDF"),
        (office_file("docx"), "phải là tệp PDF"),
        (b"", "rỗng"),
    ],
    ids=["html", "jpeg", "docx", "empty"],
)
def test_minutes_refuse_what_is_not_a_pdf(client, tree, meeting, media, content, message):
    client.force_login(tree.users["principal_a1"])
    assert message in post_minutes(client, meeting, "bien-ban.pdf", content)
    meeting.refresh_from_db()
    assert not meeting.minutes_file and stored_files(media) == []


def test_minutes_size_limit(client, tree, meeting, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_SIGNED_PDF_BYTES", 1000)
    client.force_login(tree.users["principal_a1"])
    text = post_minutes(client, meeting, "bien-ban.pdf", PDF + b"0" * 1000)
    assert "lớn hơn 20 MB" in text
    meeting.refresh_from_db()
    assert not meeting.minutes_file


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_minutes_names_and_download(client, tree, meeting, media, name):
    client.force_login(tree.users["principal_a1"])
    assert "Đã lưu biên bản." in post_minutes(client, meeting, name, PDF)
    meeting.refresh_from_db()
    assert inside(meeting.minutes_file.path, media)
    url = reverse("block_meeting_minutes", args=[meeting.pk])
    for who in ("principal_a1", "principal_a2", "office_a"):
        client.force_login(tree.users[who])
        response = client.get(url)
        assert_attachment(response, "application/pdf")
        assert response.content == PDF
    for who in ("teacher_b1", "office_b", "principal_b1"):
        client.force_login(tree.users[who])
        assert client.get(url).status_code == 404, who


# -- block reports ---------------------------------------------------------------------


def real_docx():
    """A Word file as Word writes it (python-docx), not only the part we look for."""
    from docx import Document

    document = Document()
    document.add_paragraph("Báo cáo sơ kết học kỳ I")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def report(tree, meeting):
    block_services.create_report_deadlines(
        tree.users["principal_a1"], meeting.block, "midyear", timezone.localdate()
    )
    return meeting.block.reports.get(school=tree.school_a1)


def post_report(client, report, name, content):
    body, content_type = multipart({"content": ""}, [("attachment", name, content)])
    response = client.post(
        reverse("block_report_submit", args=[report.pk]), body, content_type=content_type
    )
    return answer_of(client, response)


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("bao-cao.pdf", PDF, "application/pdf"),
        ("bao-cao.docx", "docx", DOCX),
        ("bao-cao.doc", "docx", DOCX),  # the content decides, not the name
    ],
    ids=["pdf", "docx", "docx-misnamed"],
)
def test_block_report_takes_a_pdf_or_a_word_file(
    client, tree, report, media, name, content, content_type
):
    content = real_docx() if content == "docx" else content
    client.force_login(tree.users["principal_a1"])
    assert "Đã nộp báo cáo" in post_report(client, report, name, content)
    report.refresh_from_db()
    assert report.submitted_at is not None
    assert inside(report.attachment.path, media)
    assert report.attachment.name.endswith(".pdf" if content == PDF else ".docx")
    url = reverse("block_report_file", args=[report.pk])
    for who in ("principal_a1", "principal_a2", "office_a"):
        client.force_login(tree.users[who])
        response = client.get(url)
        assert_attachment(response, content_type)
        assert response.content == content
    for who in ("teacher_b1", "office_b", "principal_b1"):
        client.force_login(tree.users[who])
        assert client.get(url).status_code == 404, who


@pytest.mark.parametrize(
    "content, message",
    [
        (HTML, "Tệp báo cáo phải là PDF hoặc Word (.docx)"),
        (JPEG, "Tệp báo cáo phải là PDF hoặc Word (.docx)"),
        (EXE, "Tệp báo cáo phải là PDF hoặc Word (.docx)"),
        (POLYGLOT_ZIP, "Tệp báo cáo phải là PDF hoặc Word (.docx)"),
        (b"", "rỗng"),
    ],
    ids=["html", "jpeg", "exe", "zip", "empty"],
)
def test_block_report_refuses_what_is_not_a_pdf_or_word(
    client, tree, report, media, content, message
):
    client.force_login(tree.users["principal_a1"])
    assert message in post_report(client, report, "bao-cao.pdf", content)
    report.refresh_from_db()
    assert report.submitted_at is None and not report.attachment
    assert stored_files(media) == []


def test_block_report_size_limit(client, tree, report, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", 1000)
    client.force_login(tree.users["principal_a1"])
    assert "lớn hơn 20 MB" in post_report(client, report, "bao-cao.pdf", PDF + b"0" * 1000)
    report.refresh_from_db()
    assert report.submitted_at is None and stored_files(media) == []


# -- evidence --------------------------------------------------------------------------


@pytest.fixture
def nomination(tree):
    return make_nomination(make_round(tree.dept_a), person_of(tree.users["teacher_a1"]))


def post_evidence(client, nomination, files):
    body, content_type = multipart({}, files)
    response = client.post(
        reverse("nomination_evidence", args=[nomination.pk]), body, content_type=content_type
    )
    assert response.status_code == 302
    return messages_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("anh.png", PDF, "thực chất là PDF"),
        ("giay-khen.pdf", PNG, "thực chất là PNG"),
        ("bang-diem.xlsx", office_file("docx"), "thực chất là DOCX"),
        ("bao-cao.docx", POLYGLOT_ZIP, "không phải PDF, JPEG, PNG, DOCX hay XLSX"),
        ("trang.pdf", HTML, "không phải PDF, JPEG, PNG, DOCX hay XLSX"),
        ("chay.pdf", EXE, "không phải PDF, JPEG, PNG, DOCX hay XLSX"),
        ("rong.pdf", b"", "rỗng (0 byte)"),
    ],
    ids=["pdf-as-png", "png-as-pdf", "docx-as-xlsx", "bare-zip", "html", "exe", "empty"],
)
def test_evidence_refuses_content_that_is_not_its_name(
    client, tree, nomination, media, name, content, message
):
    client.force_login(tree.users["principal_a1"])
    assert message in post_evidence(client, nomination, [("files", name, content)])
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_evidence_size_limits(client, tree, nomination, media, monkeypatch):
    client.force_login(tree.users["principal_a1"])
    big = PDF + b"0" * (10 * 1024 * 1024)
    assert "lớn hơn 10 MB" in post_evidence(client, nomination, [("files", "to.pdf", big)])
    assert not Evidence.objects.exists()
    monkeypatch.setattr(nomination_services.files, "MAX_NOMINATION_BYTES", len(PDF) * 2)
    post_evidence(client, nomination, [("files", "a.pdf", PDF), ("files", "b.pdf", PDF)])
    text = post_evidence(client, nomination, [("files", "c.pdf", PDF)])
    assert "tối đa 50 MB minh chứng" in text
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_evidence_names_are_cleaned_and_stay_inside_media(client, tree, nomination, media, name):
    client.force_login(tree.users["principal_a1"])
    assert "Đã thêm minh chứng" in post_evidence(client, nomination, [("files", name, PDF)])
    item = Evidence.objects.get()
    assert inside(item.file.path, media)
    assert "/" not in item.name and "\\" not in item.name and ".." not in item.name
    assert all(c.isprintable() for c in item.name), repr(item.name)
    assert len(item.name) <= 200 and item.name.endswith(".pdf"), item.name
    response = client.get(reverse("evidence_file", args=[item.pk]))
    assert_attachment(response, "application/pdf")
    assert response.content == PDF


@pytest.mark.parametrize("name", HOSTILE_NAMES + ["a\nb\r\n.pdf", "x\x00y.pdf"])
def test_evidence_service_cleans_names_given_by_any_caller(tree, nomination, media, name):
    """The service does not trust the web layer to have cleaned the name."""
    item = nomination_services.add_evidence(
        tree.users["principal_a1"], nomination, ContentFile(PDF, name=name)
    )
    assert inside(item.file.path, media)
    assert "/" not in item.name and "\\" not in item.name
    assert all(c.isprintable() for c in item.name), repr(item.name)
    assert item.name.endswith(".pdf") and len(item.name) <= 200


def test_evidence_is_served_only_to_those_who_see_the_nomination(client, tree, nomination, media):
    nomination.status = Nomination.Status.SUBMITTED
    nomination.holder = tree.office_a
    nomination.save()
    item = Evidence(nomination=nomination, name="a.pdf", kind="pdf", size=len(PDF), sha256="0")
    item.file.save("a.pdf", ContentFile(PDF), save=False)
    item.save()
    url = reverse("evidence_file", args=[item.pk])
    for who in ("principal_a1", "teacher_a1", "office_a", "dept_a", "admin"):
        client.force_login(tree.users[who])
        assert_attachment(client.get(url), "application/pdf")
    for who in ("chair_a1", "leader_a1", "principal_a2", "office_b", "principal_b1"):
        client.force_login(tree.users[who])
        assert client.get(url).status_code == 404, who


# -- proposal signed scan --------------------------------------------------------------


@pytest.fixture
def proposal(tree):
    nomination = make_nomination(
        make_round(tree.dept_a),
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=nomination.round,
        status=Proposal.Status.SENT,
        number=4,
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination)
    return proposal


def post_scan(client, proposal, name, content):
    body, content_type = multipart({}, [("scan", name, content)])
    response = client.post(
        reverse("proposal_scan_upload", args=[proposal.pk]), body, content_type=content_type
    )
    assert response.status_code == 302
    return messages_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "content, message",
    [(HTML, "Bản ký phải là tệp PDF"), (PNG, "Bản ký phải là tệp PDF"), (b"", "rỗng")],
    ids=["html", "png", "empty"],
)
def test_proposal_scan_refuses_what_is_not_a_pdf(client, tree, proposal, media, content, message):
    client.force_login(tree.users["principal_a1"])
    assert message in post_scan(client, proposal, "to-trinh.pdf", content)
    proposal.refresh_from_db()
    assert not proposal.signed_scan and stored_files(media) == []


def test_proposal_scan_size_limit(client, tree, proposal, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_SIGNED_PDF_BYTES", 1000)
    client.force_login(tree.users["principal_a1"])
    assert "lớn hơn 20 MB" in post_scan(client, proposal, "to-trinh.pdf", PDF + b"0" * 1000)
    proposal.refresh_from_db()
    assert not proposal.signed_scan


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_proposal_scan_names_and_download(client, tree, proposal, media, name):
    client.force_login(tree.users["principal_a1"])
    assert "Đã lưu bản ký." in post_scan(client, proposal, name, PDF)
    proposal.refresh_from_db()
    assert inside(proposal.signed_scan.path, media)
    url = reverse("proposal_signed_scan", args=[proposal.pk])
    for who in ("principal_a1", "office_a", "dept_a"):
        client.force_login(tree.users[who])
        response = client.get(url)
        assert_attachment(response, "application/pdf")
        assert response.content == PDF
    for who in ("teacher_a1", "chair_a1", "principal_a2", "office_b", "principal_b1"):
        client.force_login(tree.users[who])
        assert client.get(url).status_code == 404, who


# -- the upload services themselves ----------------------------------------------------


def test_services_refuse_empty_files_with_a_message(tree, meeting, proposal, published_plan):
    empty = ContentFile(b"", name="x.pdf")
    for call in (
        lambda: plan_services.issue_plan(tree.users["principal_a1"], published_plan, empty),
        lambda: block_services.record_minutes(tree.users["principal_a1"], meeting, "", empty),
        lambda: proposal_services.upload_signed_scan(tree.users["principal_a1"], proposal, empty),
    ):
        with pytest.raises(ServiceError, match="rỗng"):
            call()


# -- MEDIA_ROOT itself -----------------------------------------------------------------


def test_media_files_are_never_served_by_path(client, tree, settings, media):
    """Uploaded files are reached only through the views that check who asks, in
    development too: no URL serves MEDIA_ROOT as such."""
    (media / "plans").mkdir()
    (media / "plans" / "1-KH.pdf").write_bytes(PDF)
    client.force_login(tree.users["admin"])
    assert client.get(settings.MEDIA_URL + "plans/1-KH.pdf").status_code == 404
    import config.urls

    settings.DEBUG = True  # `make run` serves with DEBUG on
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(settings.MEDIA_URL + "plans/1-KH.pdf", urlconf=config.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


# -- signed scans are part of the record -------------------------------------------------

SIGNED, OTHER = PDF + b" signed", PDF + b" replaced later"


def test_a_sent_proposals_scan_is_never_replaced(client, tree, proposal, media):
    """The attack: the scan was replaced after the proposal was sent and reviewed, and
    the office above then downloaded the replaced file."""
    client.force_login(tree.users["principal_a1"])
    assert "Đã lưu bản ký." in post_scan(client, proposal, "to-trinh.pdf", SIGNED)
    refused = post_scan(client, proposal, "to-trinh-moi.pdf", OTHER)
    assert "đã được lưu và là một phần của hồ sơ: không thay được" in refused
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("proposal_signed_scan", args=[proposal.pk]))
    assert response.content == SIGNED


def test_a_drafts_scan_may_be_replaced_until_it_is_sent(client, tree, proposal, media):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.DRAFT)
    client.force_login(tree.users["principal_a1"])
    assert "Đã lưu bản ký." in post_scan(client, proposal, "a.pdf", OTHER)
    assert "Đã lưu bản ký." in post_scan(client, proposal, "b.pdf", SIGNED)
    proposal.refresh_from_db()
    with proposal.signed_scan.open("rb") as scan:
        assert scan.read() == SIGNED


def test_an_issued_plans_scan_is_never_replaced(tree, published_plan, media):
    principal = tree.users["principal_a1"]
    plan_services.issue_plan(principal, published_plan, ContentFile(SIGNED, name="kh.pdf"))
    with pytest.raises(ServiceError, match="không thay được"):
        plan_services.issue_plan(principal, published_plan, ContentFile(OTHER, name="kh2.pdf"))
    published_plan.refresh_from_db()
    with published_plan.signed_scan.open("rb") as scan:
        assert scan.read() == SIGNED


def test_signed_minutes_are_never_replaced(client, tree, meeting, media):
    client.force_login(tree.users["principal_a1"])
    assert "Đã lưu biên bản." in post_minutes(client, meeting, "bien-ban.pdf", SIGNED)
    refused = post_minutes(client, meeting, "bien-ban-2.pdf", OTHER)
    assert "Biên bản đã ký đã được lưu" in refused
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("block_meeting_minutes", args=[meeting.pk]))
    assert response.content == SIGNED
