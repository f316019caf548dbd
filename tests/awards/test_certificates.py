"""Certificates (giấy khen) made in the background: the service that starts a batch, the
task that renders it in chunks, the QR code, the pages that follow and download it, and
the database backend with its worker."""

import io
import re
import signal

import pdfplumber
import pytest
import segno
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from awards import tasks
from awards.documents.certificates import CertificateDocument, verification_url
from awards.documents.decisions import load_decision
from awards.models import AwardEvent, CertificateBatch, Decision, Nomination
from awards.services.certificates import STALE_AFTER, start_certificates
from schools.services import ServiceError
from tests.factories import PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round, person_of

A4_LANDSCAPE = (841.9, 595.3)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Tasks run synchronously when enqueued; files go to a temporary media root."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def decision(tree):
    """A recorded decision of office A: three teachers (Giấy khen), one of them also LĐTT,
    and a union group of school A1 (Giấy khen)."""
    round_ = make_round(tree.office_a)
    people = [
        PersonFactory(organization=tree.school_a1, full_name="Lê Thị Ánh", gender="female"),
        PersonFactory(organization=tree.school_a1, full_name="Nguyễn Văn Bình"),
        person_of(tree.users["teacher_a1"]),
    ]
    accepted = {"status": Nomination.Status.ACCEPTED, "holder": tree.office_a}
    nominations = [make_nomination(round_, person, **accepted) for person in people]
    nominations.append(make_nomination(round_, people[1], title="ldtt", **accepted))
    nominations.append(
        make_nomination(round_, organization=tree.school_a1, unit=tree.group_a1, **accepted)
    )
    return make_decision(tree.office_a, nominations)


def start(user, decision, capture):
    with capture(execute=True):
        return start_certificates(user, decision)


def test_certificates_made_in_the_background(
    client, tree, decision, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(tree.users["office_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decision_certificates", kwargs={"pk": decision.pk}))
    batch = CertificateBatch.objects.get(decision=decision)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificate_batch", kwargs={"pk": batch.pk})
    assert (batch.status, batch.done, batch.total, batch.percent) == ("done", 5, 5, 100)
    assert batch.task_id and batch.finished_at and batch.created_by == tree.users["office_a"]
    event = AwardEvent.objects.get(decision=decision, action="certificates")
    assert (event.actor, event.comment) == (tree.users["office_a"], "5")

    download = client.get(reverse("certificate_batch_download", kwargs={"pk": batch.pk}))
    assert download["Content-Type"] == "application/pdf"
    abbreviation = decision.organization.abbreviation.lower()
    assert download["Content-Disposition"] == (
        f'attachment; filename="giay-khen-12-qd-{abbreviation}.pdf"'
    )
    content = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 5  # one page per awardee
    for page in reader.pages:
        size = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        assert size == A4_LANDSCAPE
        for font in page["/Resources"]["/Font"].values():
            assert str(font.get_object()["/BaseFont"]).split("+")[-1].startswith("Liberation-Serif")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    # Collectives first, then people in Vietnamese name order, as in the annexed list.
    names = ["Tổ công đoàn 1", "Bà Lê Thị Ánh", "Ông Nguyễn Văn Bình", "Ông Nguyễn Văn Bình"]
    names.append("Ông Trần Thị Gv_a1")
    awardees = {a.name: a for a in decision.awardees.all()}
    for page, name in zip(pages, names, strict=True):
        assert page.startswith(
            "ỦY BAN NHÂN DÂN CẤP HUYỆN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do"
        )
        # A Phòng prepares the district chair's Giấy khen: the chair gives it.
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN CẤP HUYỆN" in page
        assert name in page
        assert "Đã có thành tích xuất sắc trong phong trào thi đua" in page
        assert f"Quyết định số {decision.reference}, ngày {decision.decision_date:%d/%m/%Y}" in page
        assert "KT. CHỦ TỊCH" in page and "PHÓ CHỦ TỊCH" in page and "Nguyễn Văn Ký" in page
    assert pages[0].count("GIẤY KHEN") == 1 and "Giáo viên Trường A1" not in pages[0]
    assert "TẶNG GIẤY KHEN Bà Lê Thị Ánh Giáo viên Trường A1" in pages[1]
    titled = [p for p in pages if "GIẤY CHỨNG NHẬN" in p]
    assert len(titled) == 1 and "Đạt danh hiệu “Lao động tiên tiến”" in titled[0]
    assert "TẶNG" not in titled[0]
    printed = {a.name for a in awardees.values() if verification_url(a.token) in " ".join(pages)}
    assert printed == set(awardees)

    status = client.get(reverse("certificate_batch_status", kwargs={"pk": batch.pk})).json()
    assert status == {
        "status": "done",
        "label": "Đã xong",
        "done": 5,
        "total": 5,
        "percent": 100,
        "error": "",
        "finished": True,
        "download_url": reverse("certificate_batch_download", kwargs={"pk": batch.pk}),
    }


def qr_matrix(svg):
    """The modules of a segno SVG path (horizontal strokes of one module, rows at y+.5)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    matrix = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                matrix[int(y)][column] = 1
            x += float(a)
    return matrix


def test_qr_code_holds_the_verification_url(client, decision, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    html = CertificateDocument(load_decision(decision.pk)).html()
    svgs = re.findall(r"<svg.*?</svg>", html)
    assert len(svgs) == 5
    for awardee in decision.awardees.all():
        url = f"https://thidua.example.vn/verify/{awardee.token}/"
        assert verification_url(awardee.token) == url
        expected = [[int(bool(v)) for v in row] for row in segno.make(url, error="m").matrix]
        assert any(qr_matrix(svg) == expected for svg in svgs), awardee.name
        assert url in html
        page = client.get(url.removeprefix("https://thidua.example.vn")).content.decode()
        assert awardee.name in page and "Giấy khen hợp lệ" in page


def test_only_managers_of_a_recorded_decision_start_certificates(tree, decision):
    for role in ("teacher_a1", "principal_b1", "dept_a", "principal_a1"):
        with pytest.raises(PermissionDenied):
            start_certificates(tree.users[role], decision)
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DRAFT)
    with pytest.raises(ServiceError, match="Quyết định chưa ban hành nên chưa in được giấy khen"):
        start_certificates(tree.users["office_a"], decision)
    empty = make_decision(tree.office_a, [], number=13)
    with pytest.raises(ServiceError, match="chưa có ai trong danh sách khen thưởng"):
        start_certificates(tree.users["office_a"], empty)
    assert not CertificateBatch.objects.exists()
    assert not AwardEvent.objects.filter(action="certificates").exists()


def test_refusal_is_shown_on_the_decision(client, tree, decision):
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DRAFT)
    client.force_login(tree.users["office_a"])
    response = client.post(
        reverse("decision_certificates", kwargs={"pk": decision.pk}), follow=True
    )
    assert response.redirect_chain == [
        (reverse("decision_document", kwargs={"pk": decision.pk}), 302)
    ]
    assert "Quyết định chưa ban hành nên chưa in được giấy khen." in response.content.decode()
    # Posted from another page of the site (the decision's page): back to it.
    detail = reverse("decision_detail", kwargs={"pk": decision.pk})
    response = client.post(
        reverse("decision_certificates", kwargs={"pk": decision.pk}),
        HTTP_REFERER=f"http://testserver{detail}",
    )
    assert response["Location"] == f"http://testserver{detail}"
    response = client.post(
        reverse("decision_certificates", kwargs={"pk": decision.pk}),
        HTTP_REFERER="https://evil.example/",
    )
    assert response["Location"] == reverse("decision_document", kwargs={"pk": decision.pk})


def test_a_batch_under_way_is_not_started_twice(
    tree, decision, django_capture_on_commit_callbacks, monkeypatch
):
    user = tree.users["office_a"]
    enqueued = []
    # the batches enqueued after the commit (other callbacks of the commit aside: the
    # generations' occasional pruning)
    monkeypatch.setattr("awards.services.certificates.enqueue", enqueued.append)
    with django_capture_on_commit_callbacks(execute=True):
        first = start_certificates(user, decision)
        assert start_certificates(user, decision) == first
    assert enqueued == [first.pk] and CertificateBatch.objects.count() == 1
    # A batch left queued for long (no worker was running) no longer blocks a new one.
    CertificateBatch.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - STALE_AFTER - timezone.timedelta(minutes=1)
    )
    assert start_certificates(user, decision) != first


def test_progress_is_written_after_every_chunk(
    tree, decision, immediate_tasks, monkeypatch, settings
):
    settings.CERTIFICATE_CHUNK_SIZE = 2
    seen = []
    beat = tasks._beat

    def spy(batch_id, token, **fields):
        if "done" in fields:
            seen.append(fields["done"])
        beat(batch_id, token, **fields)

    monkeypatch.setattr(tasks, "_beat", spy)
    batch = CertificateBatch.objects.create(decision=decision, total=5)
    tasks.make_certificates.call(batch.pk)
    batch.refresh_from_db()
    assert seen == [2, 4, 5]
    assert batch.runs == 1 and batch.heartbeat_at is not None
    assert (batch.status, batch.done) == ("done", 5)
    assert len(PdfReader(batch.file.open("rb")).pages) == 5


def test_a_failure_ends_the_batch_with_a_message(
    client, tree, decision, immediate_tasks, monkeypatch
):
    def broken(self, font_config=None):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(CertificateDocument, "render", broken)
    batch = CertificateBatch.objects.create(decision=decision, total=5)
    assert tasks.make_certificates.call(batch.pk) == "failed"
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.finished_at and not batch.file
    assert batch.error == (
        "Không tạo được giấy khen (RuntimeError). Hãy thử tạo lại; nếu vẫn lỗi, báo quản "
        "trị hệ thống."
    )
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("certificate_batch", kwargs={"pk": batch.pk})).content.decode()
    assert batch.error in page and 'data-finished="1"' in page
    download = reverse("certificate_batch_download", kwargs={"pk": batch.pk})
    assert client.get(download).status_code == 404


def test_batch_page_shows_progress_and_polls(client, tree, decision):
    batch = CertificateBatch.objects.create(
        decision=decision, total=8, done=2, status=CertificateBatch.Status.RUNNING
    )
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("certificate_batch", kwargs={"pk": batch.pk})).content.decode()
    assert 'aria-valuenow="25"' in page and 'style="width: 25%"' in page
    assert "progress-bar-animated" in page and 'data-finished="0"' in page
    status_url = reverse("certificate_batch_status", kwargs={"pk": batch.pk})
    assert f'data-status-url="{status_url}"' in page
    assert '<script src="/static/js/certificate-progress.js"></script>' in page
    assert "cdn" not in page.lower()
    state = client.get(status_url).json()
    assert (state["label"], state["percent"], state["finished"]) == ("Đang tạo", 25, False)
    assert state["download_url"] == ""


def test_database_backend_queues_and_the_worker_runs_it(
    transactional_db,
    catalogue,
    tree,
    decision,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """The worker closes database connections between tasks, as a real process does:
    the test runs outside a wrapping transaction (on PostgreSQL a closed connection would
    end it)."""
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    settings.MEDIA_ROOT = tmp_path
    batch = start(tree.users["office_a"], decision, django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.get(task_path="awards.tasks.make_certificates")
    watcher = DBTaskResult.objects.get(task_path="awards.tasks.watch_certificates")
    assert watcher.run_after > timezone.now()  # one lease later
    assert row.status == "READY" and row.args_kwargs == {"args": [batch.pk], "kwargs": {}}
    batch.refresh_from_db()
    assert (batch.status, batch.task_id) == ("queued", str(row.id))

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    row.refresh_from_db()
    batch.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert (batch.status, batch.done) == ("done", 5)
    assert len(PdfReader(batch.file.open("rb")).pages) == 5


def _silent_for(batch, seconds, runs=1):
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.RUNNING,
        run_token="dead",
        runs=runs,
        done=2,
        heartbeat_at=timezone.now() - timezone.timedelta(seconds=seconds),
    )


def test_a_silent_run_is_resumed_by_the_watcher_and_its_late_writes_are_ignored(
    tree, decision, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_LEASE_SECONDS = 60
    batch = CertificateBatch.objects.create(decision=decision, total=5)
    _silent_for(batch, 30)
    assert tasks.watch(batch.pk) == "watching"  # alive: looked at again
    _silent_for(batch, 61)
    with django_capture_on_commit_callbacks() as queued:
        assert tasks.watch(batch.pk) == "resumed"
    assert len(queued) == 1  # the batch's run, and a new watcher, once committed
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.run_token) == ("queued", 0, "")
    # The dead run, were it only slow, can no longer write.
    with pytest.raises(tasks.Superseded):
        tasks._beat(batch.pk, "dead", done=5)


def test_after_three_runs_the_batch_fails_with_a_message(client, tree, decision, settings):
    settings.CERTIFICATE_LEASE_SECONDS = 60
    batch = CertificateBatch.objects.create(decision=decision, total=5)
    _silent_for(batch, 61, runs=3)
    client.force_login(tree.users["office_a"])
    state = client.get(reverse("certificate_batch_status", kwargs={"pk": batch.pk})).json()
    assert state["finished"] and state["status"] == "failed"
    assert "đã dừng đột ngột 3 lần" in state["error"]


def test_starting_again_resumes_a_batch_whose_worker_died(
    tree, decision, settings, django_capture_on_commit_callbacks
):
    """Before, starting again returned the stuck batch for an hour."""
    settings.CERTIFICATE_LEASE_SECONDS = 60
    user = tree.users["office_a"]
    with django_capture_on_commit_callbacks():
        batch = start_certificates(user, decision)
    _silent_for(batch, 61)
    with django_capture_on_commit_callbacks() as queued:
        assert start_certificates(user, decision) == batch
    assert len(queued) == 1
    batch.refresh_from_db()
    assert batch.status == "queued"
