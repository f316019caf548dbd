"""The payload corpus in every official document, Excel export and Word file.

PDFs (plan, forms M1/M2 and their bundle, covenant, proposal, list, achievement report,
decision, certificates): rendering fetches nothing (the fetcher serves only the project's
static files, a trap HTTP server on 127.0.0.1 gets no request), the PDF holds no
JavaScript, no automatic action, no embedded file, and the payloads print as text.
Excel (schools, registrations, awards): a cell starting with = + - @ is text (type "s"),
never a formula, and keeps the user's wording. Word (every document with a PDF): no field
but the page number of the header, no external link, object or macro, the payloads as
text."""

import io
import re
import subprocess
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from awards.documents.achievement_reports import AchievementReportDocument, load_nomination
from awards.documents.certificates import CertificateDocument
from awards.documents.decisions import DecisionDocument, load_decision
from awards.documents.nomination_lists import NominationListDocument
from awards.documents.proposals import ProposalDocument, load_proposal
from awards.models import Nomination, Proposal, ProposalItem
from emulation.blocks import services as block_services
from emulation.blocks.documents import CovenantDocument
from emulation.documents import PlanDocument, load_plan
from emulation.rendering import DOCUMENT_BASE_URL, StaticOnlyFetcher, html_to_pdf
from registrations.documents import FormsBundle, GroupDocument, RegistrationDocument
from registrations.models import Status
from schools.models import SchoolYear
from tests.emulation.test_word import lines
from tests.factories import OrganizationFactory, PersonFactory, UnitFactory
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.factories.registrations import make_campaign, make_group, make_registration
from tests.security.conftest import fit, plan_with
from tests.security.payloads import FORMULAS, MARKUP, STORABLE, Payload, combined, file_form
from tests.security.test_payloads_pages import M1_TEXTS, M2_TEXTS

# -- the trap and the spy ------------------------------------------------------------


class _Trap(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def trap():
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    server = HTTPServer(("127.0.0.1", 0), _Trap)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def trap_payloads(server):
    base = f"http://127.0.0.1:{server.server_port}"
    return [
        Payload("trap_img", f'<img src="{base}/img.png">', markup=True),
        Payload(
            "trap_style",
            f"<style>@import url({base}/import.css); p{{background:url({base}/bg.png)}}</style>",
            markup=True,
        ),
        Payload("trap_link", f'<link rel="stylesheet" href="{base}/link.css">', markup=True),
        Payload("trap_object", f'<object data="{base}/object"></object>', markup=True),
        Payload("trap_inline_style", f"<p style=\"background:url('{base}/inline.png')\">x</p>"),
    ]


@pytest.fixture
def fetches(monkeypatch):
    """Every URL the document fetcher is asked for, and whether it served it."""
    calls = []
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception:
            calls.append((url, False))
            raise
        calls.append((url, True))
        return response

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    return calls


@pytest.fixture
def corpus(trap):
    """Every payload plus the trap's, as one text (one line each) for long fields, and
    the markup payloads alone for short ones."""
    payloads = STORABLE + trap_payloads(trap)
    return {
        "long": combined(payloads),
        "short": combined(MARKUP, " "),
        "payloads": payloads,
    }


# What short fields (100 characters) hold of the markup corpus, and is checked in the
# documents that print only short fields.
SHORT = MARKUP[:3]

# -- checks --------------------------------------------------------------------------

FORBIDDEN_PDF_KEYS = {
    "/JavaScript",
    "/JS",
    "/OpenAction",
    "/AA",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/RichMedia",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/XFA",
}


def pdf_keys_and_uris(content):
    """Every dictionary key of the PDF's object graph, and every /URI value."""
    reader = PdfReader(io.BytesIO(content))
    keys, uris, seen = set(), [], set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                keys.add(str(key))
                if key == "/URI":
                    uris.append(str(value))
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return keys, uris


def flat(text):
    return re.sub(r"\s+", "", text)


def pdf_text(content):
    """The PDF's text in drawing order, without white space, lower case (headings print
    in capitals). Poppler's pdftotext: it reads the astral-plane fallback font too."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return flat(out.stdout.decode()).lower()


def assert_pdf_inert(content, trap, fetches, payloads, name):
    assert content.startswith(b"%PDF-"), name
    assert trap.requests == [], f"{name}: the trap server was asked for {trap.requests}"
    refused = [url for url, served in fetches if not served]
    assert refused == [], f"{name}: documents asked for {refused}"
    for url, _served in fetches:
        assert url.startswith(DOCUMENT_BASE_URL + "static/"), (name, url)
    keys, uris = pdf_keys_and_uris(content)
    assert not keys & FORBIDDEN_PDF_KEYS, (name, keys & FORBIDDEN_PDF_KEYS)
    assert all(uri.startswith(f"{settings.SITE_URL}/verify/") for uri in uris), (name, uris)
    text = pdf_text(content)
    for payload in payloads:
        if payload.markup:
            wanted = flat(payload.text).lower()
            assert wanted in text, f"{name}: {payload.id} is not printed as text"


# -- PDFs ----------------------------------------------------------------------------


def test_the_fetcher_refuses_everything_but_static_files(trap, tmp_path):
    base = f"http://127.0.0.1:{trap.server_port}"
    fetcher = StaticOnlyFetcher()
    secret = tmp_path / "secret.txt"
    secret.write_text("bí mật")
    for url in [
        f"{base}/leak",
        f"http://document.invalid@127.0.0.1:{trap.server_port}/static/css/documents.css",
        "file:///etc/passwd",
        f"file://{secret}",
        "http://document.invalid/media/x.pdf",
        "http://document.invalid/static/../../../../etc/passwd",
        "http://document.invalid/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://document.invalid/static//etc/passwd",
        "http://document.invalid/static/css/../../config/settings.py",
        "https://document.invalid/static/css/documents.css",
        "data:text/plain,hello",
        "ftp://127.0.0.1/x",
    ]:
        with pytest.raises(Exception):  # noqa: B017 - any refusal; WeasyPrint catches it
            fetcher.fetch(url)
    served = fetcher.fetch(DOCUMENT_BASE_URL + "static/fonts/LiberationSerif-Regular.ttf")
    assert served.status == 200
    assert trap.requests == []


def test_raw_html_fetches_nothing_either(trap, fetches):
    """Defence in depth: even markup that escaped escaping could not fetch anything."""
    base = f"http://127.0.0.1:{trap.server_port}"
    html = f"""<html><head><link rel="stylesheet" href="{base}/a.css">
    <style>@import url({base}/b.css); body {{ background: url({base}/c.png) }}
    @font-face {{ font-family: x; src: url({base}/d.ttf) }}</style></head>
    <body style="font-family: x"><img src="{base}/e.png"><img src="file:///etc/passwd">
    <object data="{base}/f"></object><iframe src="{base}/g"></iframe>
    <svg><image href="{base}/h.png"/></svg><script>alert(1)</script></body></html>"""
    content = html_to_pdf(html)
    assert trap.requests == []
    assert {url for url, served in fetches if served} == set()
    keys, _uris = pdf_keys_and_uris(content)
    assert not keys & FORBIDDEN_PDF_KEYS


def render_all(document):
    html = document.html()
    content = document.pdf()
    return html, content


def assert_docx_inert(content, payloads, name):
    """The Word file of a document: no external link, hyperlink, object, embedding,
    ActiveX or macro; one field only, the page number in the header; the payloads with
    markup as text (lower case: headings print in capitals)."""
    parts = zipfile.ZipFile(io.BytesIO(content))
    fields = []
    for part in parts.namelist():
        data = parts.read(part).decode("utf-8", "replace")
        assert 'TargetMode="External"' not in data, (name, part)
        assert "<w:fldSimple" not in data, (name, part)
        assert "<w:hyperlink" not in data and "<w:object" not in data, (name, part)
        assert not part.startswith(("word/embeddings", "word/activeX")), (name, part)
        found = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", data)
        fields += [(part.startswith("word/header"), field) for field in found]
    assert "vbaProject" not in " ".join(parts.namelist()), name
    assert fields == [(True, " PAGE ")], name
    text = flat(" ".join(lines(Document(io.BytesIO(content))))).lower()
    for payload in payloads:
        if payload.markup:
            wanted = flat(file_form(payload.text)).lower()
            assert wanted in text, f"{name}: {payload.id} is not in the Word file as text"


def test_plan_pdf_and_docx(tree, trap, fetches, corpus):
    plan = plan_with(tree.school_a1, corpus["long"])
    document = PlanDocument(load_plan(plan.pk))
    _html, content = render_all(document)
    assert_pdf_inert(content, trap, fetches, corpus["payloads"], "plan")

    docx = document.docx()
    assert_docx_inert(docx, corpus["payloads"], "plan")
    text = flat("\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs))
    for payload in corpus["payloads"]:
        assert flat(file_form(payload.text)) in text or not flat(payload.text), payload.id


def test_registration_forms_pdf_and_docx(tree, trap, fetches, corpus):
    text, short = corpus["long"], corpus["short"]
    campaign = make_campaign(tree.school_a1)
    teacher = person_of(tree.users["teacher_a1"])
    texts = dict.fromkeys(M1_TEXTS, text)
    registration = make_registration(
        campaign,
        teacher,
        Status.APPROVED,
        field_other=fit(short, 300),
        trial_period=fit(short, 300),
        **texts,
    )
    member = PersonFactory(organization=tree.school_a1, full_name=fit(short, 150))
    group = make_group(
        campaign,
        teacher,
        [member],
        Status.APPROVED,
        name=fit(short, 200),
        period=fit(short, 300),
        **dict.fromkeys(M2_TEXTS, text),
    )
    for name, document in [
        ("M1", RegistrationDocument(registration)),
        ("M2", GroupDocument(group)),
        ("bundle", FormsBundle(campaign)),
    ]:
        _html, content = render_all(document)
        assert_pdf_inert(content, trap, fetches, corpus["payloads"], name)
        assert_docx_inert(document.docx(), corpus["payloads"], name)


def test_covenant_pdf_and_docx(tree, trap, fetches, corpus):
    short = corpus["short"]
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        fit(short, 150),
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    block_services.set_target_items(
        tree.users["principal_a1"],
        block,
        [(payload.text, "") for payload in MARKUP] + [("Sáng kiến", fit(short, 50))],
    )
    # Payloads as names and units, and as the values of the free-text targets; the
    # target whose unit is a payload counts, so its value is a number.
    values = {
        item.pk: fit(short, 300) if item.kind == item.Kind.TEXT else "3"
        for item in block.target_items.all()
    }
    block_services.fill_targets(tree.users["principal_a1"], block, tree.school_a1, values)
    _html, content = render_all(CovenantDocument(block))
    assert_pdf_inert(content, trap, fetches, MARKUP, "covenant")
    assert_docx_inert(CovenantDocument(block).docx(), MARKUP, "covenant")


@pytest.fixture
def awards_dossier(tree, corpus):
    """A sent proposal of school A1 with a nomination whose every text is the corpus,
    and a recorded decision of the school on another."""
    text, short = corpus["long"], corpus["short"]
    teacher = person_of(tree.users["teacher_a1"])
    teacher.full_name = fit(short, 150)
    teacher.save()
    round_ = make_round(tree.office_a, name=fit(short, 200))
    nomination = make_nomination(
        round_,
        teacher,
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
        achievements=text,
        duties=text,
        initiatives=text,
        previous_awards=text,
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=5,
        symbol=fit(short, 60),
        subject=fit(short, 300),
        body=text,
        signer_position=fit(short, 100),
        signer_name=fit(short, 100),
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination, comment=text)
    school_round = make_round(tree.school_a1)
    awarded = make_nomination(
        school_round,
        teacher,
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
        achievements=text,
    )
    decision = make_decision(tree.school_a1, [awarded], subject=fit(short, 300))
    decision.signer_name, decision.signer_position = fit(short, 100), fit(short, 100)
    decision.save(update_fields=["signer_name", "signer_position"])
    decision.awardees.update(
        name=fit(short, 300),
        position=fit(short, 200),
        unit_label=fit(short, 300),
        award_label=fit(short, 300),
    )
    return {"proposal": proposal, "nomination": nomination, "decision": decision}


def test_awards_pdfs_and_docx(awards_dossier, trap, fetches, corpus):
    proposal = load_proposal(awards_dossier["proposal"].pk)
    decision = load_decision(awards_dossier["decision"].pk)
    for name, document, payloads in [
        ("proposal", ProposalDocument(proposal), corpus["payloads"]),
        ("list", NominationListDocument(load_proposal(proposal.pk)), SHORT),
        (
            "achievement report",
            AchievementReportDocument(load_nomination(awards_dossier["nomination"].pk)),
            corpus["payloads"],
        ),
        ("decision", DecisionDocument(decision), SHORT),
        ("certificates", CertificateDocument(load_decision(decision.pk)), SHORT),
    ]:
        _html, content = render_all(document)
        assert_pdf_inert(content, trap, fetches, payloads, name)
        if name != "certificates":  # printed on card, never edited: no Word file
            assert_docx_inert(document.docx(), payloads, name)


def test_document_views_answer_pdfs(client, tree, awards_dossier, trap, fetches):
    """The same through the pages that serve the PDFs (what a user downloads)."""
    client.force_login(tree.users["principal_a1"])
    for url in [
        reverse("proposal_document_pdf", args=[awards_dossier["proposal"].pk]),
        reverse("proposal_list_pdf", args=[awards_dossier["proposal"].pk]),
        reverse("nomination_report_pdf", args=[awards_dossier["nomination"].pk]),
        reverse("decision_document_pdf", args=[awards_dossier["decision"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response) if response.streaming else response.content
        assert_pdf_inert(content, trap, fetches, SHORT, url)


# -- Excel ---------------------------------------------------------------------------


def cells(content):
    """(value, data type) of every non-empty cell of every sheet; and the sheets' XML."""
    book = load_workbook(io.BytesIO(content))
    found = [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    parts = zipfile.ZipFile(io.BytesIO(content))
    xml = "".join(
        parts.read(n).decode() for n in parts.namelist() if n.startswith("xl/worksheets/")
    )
    return found, xml


def assert_text_cells(content, payloads, name):
    found, xml = cells(content)
    assert "<f>" not in xml and "<f " not in xml, f"{name}: a formula in the sheet"
    strings = {value for value, data_type in found if data_type == "s"}
    assert not [v for v, t in found if t == "f"], name
    for payload in payloads:
        assert file_form(payload.text) in strings, f"{name}: {payload.id} not kept as text"


def test_people_export(client, tree):
    team = UnitFactory(organization=tree.school_a1, kind="professional_team", name="=1+2")
    for payload in STORABLE:
        PersonFactory(
            organization=tree.school_a1,
            full_name=fit(payload.text, 150),
            email=fit(payload.text, 254) if payload.formula else "",
            team=team,
        )
    client.force_login(tree.users["principal_a1"])
    response = client.get(reverse("people_export", args=[tree.school_a1.pk]))
    assert response.status_code == 200
    assert_text_cells(response.content, FORMULAS, "people")


def test_registration_summaries(client, tree):
    campaign = make_campaign(tree.school_a1)
    for payload in STORABLE:
        author = PersonFactory(organization=tree.school_a1, full_name=fit(payload.text, 150))
        make_registration(
            campaign,
            author,
            Status.SUBMITTED,
            assigned_task=payload.text,
            steps=payload.text,
            trial_period=fit(payload.text, 300),
        )
    for payload in FORMULAS:
        OrganizationFactory(name=payload.text, parent=tree.office_a)
    client.force_login(tree.users["principal_a1"])
    response = client.get(reverse("campaign_summary_xlsx", args=[campaign.pk]))
    assert response.status_code == 200
    assert_text_cells(response.content, FORMULAS, "campaign summary")
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("office_summary_xlsx", args=[tree.office_a.pk]))
    assert response.status_code == 200
    assert_text_cells(response.content, FORMULAS, "office summary")


def test_awards_exports(client, tree):
    round_ = make_round(tree.office_a)
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=3,
    )
    school_round = make_round(tree.school_a1)
    awarded = []
    for payload in STORABLE:
        person = PersonFactory(organization=tree.school_a1, full_name=fit(payload.text, 150))
        nomination = make_nomination(
            round_,
            person,
            status=Nomination.Status.SUBMITTED,
            holder=tree.office_a,
            achievements=payload.text,
        )
        ProposalItem.objects.create(proposal=proposal, nomination=nomination, comment=payload.text)
        awarded.append(
            make_nomination(
                school_round,
                person,
                status=Nomination.Status.ACCEPTED,
                award_form="giay-khen-hieu-truong",
            )
        )
    decision = make_decision(tree.school_a1, awarded)
    client.force_login(tree.users["office_a"])
    for url in [
        reverse("proposal_list_xlsx", args=[proposal.pk]),
        reverse("award_round_xlsx", args=[round_.pk]),
        reverse("award_year_xlsx"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response) if response.streaming else response.content
        payloads = FORMULAS if "year" not in url else []
        assert_text_cells(content, payloads, url)
    response = client.get(reverse("decision_list_xlsx", args=[decision.pk]))
    assert response.status_code == 200
    content = b"".join(response) if response.streaming else response.content
    assert_text_cells(content, FORMULAS, "decision list")
