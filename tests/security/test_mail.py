"""E-mails: headers a mail server accepts whatever users typed, and a mail that cannot
leave never turns a saved change into an error page.

The attack: a newline in a vote's name gave a 500 with the SMTP backend, after the vote
was saved, and no invitation went out. Here Django's own SMTP backend runs, talking to a
recorder in place of a server (so every message is built as for a real one), or to a
port where nothing listens (the mail server down)."""

import email
import socket

import pytest
from django.core.mail.backends import smtp
from django.urls import reverse

from awards.models import Title, Vote
from awards.services import council as council_services
from common import mail
from schools.models import SchoolYear
from tests.factories import PersonFactory
from tests.factories.awards import person_of
from tests.security.payloads import PAYLOADS

SENT = []


class _Recorder:
    """An SMTP connection after login: what Django hands to the server."""

    def sendmail(self, from_addr, to_addrs, message):
        SENT.append(message)
        return {}

    def quit(self):
        pass

    def close(self):
        pass


class RecordingBackend(smtp.EmailBackend):
    """Django's SMTP backend, its connection a recorder."""

    def open(self):
        if self.connection is None:
            self.connection = _Recorder()
            return True
        return False


@pytest.fixture
def recorded(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()
    return SENT


@pytest.fixture
def server_down(settings):
    """The real SMTP backend, pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


@pytest.fixture
def council(tree, catalogue):
    members = [person_of(tree.users[u]) for u in ("chair_a1", "teacher_a1", "leader_a1")]
    members.append(PersonFactory(organization=tree.school_a1, email="nam@example.vn"))
    for member in members:
        member.email = member.email or f"{member.pk}@example.vn"
        member.save()
    return council_services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(tree.users["principal_a1"]),
        members,
    )


def open_vote(client, tree, name):
    teacher = person_of(tree.users["teacher_a1"])
    ldtt = Title.objects.get(code="ldtt")
    client.force_login(tree.users["principal_a1"])
    return client.post(
        reverse("vote_create"),
        {"candidates": [f"{ldtt.pk}-p{teacher.pk}"], "name": name, "held_on": "20/11/2026"},
        follow=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_newline_in_a_votes_name_sends_one_line_subjects(client, tree, council, recorded):
    response = open_vote(client, tree, "Bình xét\r\nBcc: ke-gian@example.com\nquý IV")
    assert response.status_code == 200
    vote = Vote.objects.get()
    assert "Bcc" in vote.name  # saved as typed; only the header is cleaned
    assert len(recorded) == 4  # every member with an address is invited
    for raw in recorded:
        message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
        assert message["Bcc"] is None
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        assert subject == "Mời bỏ phiếu bình xét: Bình xét Bcc: ke-gian@example.com quý IV"


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_down_keeps_the_vote_and_says_so(client, tree, council, server_down):
    response = open_vote(client, tree, "Bình xét cuối năm")
    assert response.status_code == 200
    assert Vote.objects.filter(name="Bình xét cuối năm").exists()
    page = response.content.decode()
    assert "Thao tác đã được lưu, nhưng chưa gửi được 4 thư thông báo" in page


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if p.id != "long_unicode"], ids=lambda p: p.id
)
def test_every_payload_in_a_subject_leaves_as_one_header(
    payload, recorded, db, django_capture_on_commit_callbacks
):
    """Single-line fields (names, a vote's name, a symbol) reach subjects: whatever they
    hold, the message goes out with one Subject line and no header of the payload's."""
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_after_commit(
            [(f"Tờ trình: {payload.text}", f"Nội dung\n{payload.text}", "a@example.vn")]
        )
    assert len(recorded) == 1
    raw = recorded[0] if isinstance(recorded[0], bytes) else recorded[0].encode()
    message = email.message_from_bytes(raw)
    names = message.keys()
    assert names.count("Subject") == 1 and "X-Injected" not in names, names
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "\n" not in subject and "\r" not in subject


def test_subjects_and_addresses_are_cleaned():
    assert mail.header_text("Bình\r\nBcc: x\u2028y\x00z") == "Bình Bcc: x y z"
    assert mail.header_text("a" * 500) == "a" * 200
    assert mail._clean_address("a@b.vn\nBcc: c@d.vn") == ""
    assert mail._clean_address(" a@b.vn ") == "a@b.vn"
