"""A proposal's whole dossier as one .zip (issue 13, item 11): tờ trình, list (PDF and
Excel), the council's minutes, each báo cáo thành tích and the evidence."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from awards.documents.proposals import load_proposal
from awards.dossier import build_dossier
from awards.models import Title
from awards.services import council, minutes, nominations, proposals
from schools.models import SchoolYear
from tests.factories.awards import make_round, person_of

pytestmark = pytest.mark.usefixtures("catalogue")


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_dossier_holds_every_part(tree, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = tree.users
    principal = users["principal_a1"]
    teacher = person_of(users["teacher_a1"])
    board = council.set_council(
        principal,
        tree.school_a1,
        SchoolYear.current(),
        person_of(principal),
        [person_of(users[u]) for u in ("chair_a1", "teacher_a1")],
    )
    ldtt = Title.objects.get(code="ldtt")
    council.save_evaluation(principal, teacher, SchoolYear.current(), {"rating": "good"})
    vote = council.open_vote(
        principal, board, "Bình xét cuối năm", datetime.date(2026, 11, 20), [(ldtt, teacher)]
    )
    for user in ("principal_a1", "chair_a1", "teacher_a1"):
        council.cast_ballot(users[user], vote, {c.pk: True for c in vote.candidates.all()})
    council.close_vote(principal, vote)
    minutes.save_minutes(
        principal,
        vote,
        {
            "place": "Phòng họp",
            "started_at": datetime.time(14),
            "secretary": person_of(users["chair_a1"]),
        },
    )
    round_ = make_round(tree.school_a1)
    nomination = nominations.save_nomination(
        principal,
        tree.school_a1,
        round_,
        {"person": teacher, "title": ldtt, "achievements": "Dạy giỏi."},
    )
    nominations.add_evidence(
        principal, nomination, SimpleUploadedFile("giay-chung-nhan.pdf", pdf_bytes())
    )
    proposal = proposals.create_proposal(principal, tree.school_a1, round_)
    proposals.set_items(principal, proposal, [nomination])
    proposals.send_proposal(principal, proposal)

    # last year's council passed the same title for him: not this dossier's minutes
    old = council.set_council(
        principal,
        tree.school_a1,
        SchoolYear.for_date(datetime.date(2025, 3, 1)),
        person_of(principal),
        [person_of(users[u]) for u in ("chair_a1", "teacher_a1")],
    )
    before = council.open_vote(
        principal, old, "Năm trước", datetime.date(2025, 5, 20), [(ldtt, teacher)]
    )
    for user in ("principal_a1", "chair_a1", "teacher_a1"):
        council.cast_ballot(users[user], before, {c.pk: True for c in before.candidates.all()})
    council.close_vote(principal, before)

    content = build_dossier(load_proposal(proposal.pk))
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    prefixes = [name.split("-")[0].split("/")[0] for name in names]
    assert prefixes == sorted(prefixes)
    assert any(n.startswith("01-to-trinh") and n.endswith(".pdf") for n in names)
    assert any(n.startswith("02-") and n.endswith(".xlsx") for n in names)
    assert [n for n in names if n.startswith("03-bien-ban/")] == [
        "03-bien-ban/bien-ban-binh-xet-cuoi-nam-20-11-2026.pdf"
    ]
    assert len([n for n in names if n.startswith("04-bao-cao-thanh-tich/")]) == 1
    assert [n for n in names if n.startswith("05-minh-chung/")][0].endswith(
        "/01-giay-chung-nhan.pdf"
    )
    for name in names:
        if name.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(archive.read(name))).pages) >= 1, name
    minutes_text = (
        PdfReader(io.BytesIO(archive.read(names[[n.startswith("03-") for n in names].index(True)])))
        .pages[0]
        .extract_text()
    )
    assert "BIÊN BẢN" in minutes_text and "Phòng họp" in minutes_text

    client.force_login(principal)
    response = client.get(reverse("proposal_dossier", args=[proposal.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="ho-so-')
