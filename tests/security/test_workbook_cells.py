"""Every workbook the product writes holds any text a user can store, over the whole
Unicode range: it opens (as Excel needs: well-formed XML) and shows the text without
only the characters XML 1.0 cannot hold (C0 controls, U+FFFE, U+FFFF).

The attack: U+FFFE in a name gave a 500 on the registrations summary and the people
export (lxml refuses it) and malformed workbooks from the awards exports (written by
hand, which Excel refuses to open). One text is put into the names and texts every
export prints (a teacher's name, the school's name, an M1 item, the round, an awardee);
each export is downloaded through its page, or made as the archive makes it."""

import io
import re
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.models import Awardee, Nomination, ProposalItem, Round
from common.generations.cache import CONTENT, bump, school_scope
from emulation.archive import _index_xlsx
from registrations.models import InnovationRegistration, Status
from schools.models import Organization, Person
from tests.awards.round_data import send
from tests.factories.awards import make_decision, make_nomination, make_round
from tests.factories.registrations import make_campaign, make_registration

# XML 1.0's Char production: what a cell may hold. Everything else is dropped.
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EDGES = ["\ufffe", "\uffff", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ud7ff", "\ue000"]
EDGES += ["\ufffd", "\U00010000", "\U0010ffff", "\u2028", "\u202e", "\ufeff", "=1+2"]

# Any character a database stores: the whole range but lone surrogates (no UTF-8 for
# them) and NUL (PostgreSQL refuses it; every form refuses it).
ANY = st.characters(min_codepoint=1, max_codepoint=0x10FFFF, exclude_categories=("Cs",))
TEXT = st.lists(st.one_of(ANY, st.sampled_from(EDGES)), min_size=1, max_size=30).map("".join)
MARK = "Tên"  # every value starts with it, so a cell holding no XML-able text is rare


def expected(text):
    """What a cell shows: XML's characters, line ends as an XML reader reads them."""
    kept = "".join(ch for ch in text if XML_CHAR.fullmatch(ch))
    return kept.replace("\r\n", "\n").replace("\r", "\n")


def cells(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            found += [
                str(v).replace("\r\n", "\n").replace("\r", "\n") for v in row if v is not None
            ]
    return found


@pytest.fixture
def world(tree, settings, tmp_path):
    """A campaign of school A1 with a submitted M1, a round of office A with a proposal
    sent by school A1 and a recorded decision of office A."""
    settings.MEDIA_ROOT = tmp_path
    teacher = Person.objects.get(user=tree.users["teacher_a1"])
    campaign = make_campaign(tree.school_a1)
    registration = make_registration(campaign, teacher, Status.SUBMITTED)
    round_ = make_round(tree.office_a, deadline_in_days=3, name="Quý IV")
    nomination = make_nomination(round_, teacher, title="ldtt", status=Nomination.Status.SUBMITTED)
    proposal = send(round_, tree.school_a1, [(nomination, ProposalItem.Outcome.ACCEPTED, "")])
    nomination.status = Nomination.Status.ACCEPTED
    nomination.holder = tree.office_a
    nomination.save()
    decision = make_decision(tree.office_a, [nomination])
    return {
        "teacher": teacher,
        "campaign": campaign,
        "registration": registration,
        "round": round_,
        "proposal": proposal,
        "decision": decision,
    }


def put(tree, world, text):
    """`text` into every name and text the exports print, as stored (no form between)."""
    Person.objects.filter(pk=world["teacher"].pk).update(full_name=text)
    Organization.objects.filter(pk=tree.school_a1.pk).update(name=text)
    InnovationRegistration.objects.filter(pk=world["registration"].pk).update(assigned_task=text)
    Round.objects.filter(pk=world["round"].pk).update(name=text)
    Awardee.objects.filter(decision=world["decision"]).update(name=text, unit_label=text)
    # written behind the models' signals: say so, as such code must (common/generations)
    bump(CONTENT, school_scope(tree.school_a1.pk))


EXPORTS = {
    "people": ("principal_a1", lambda t, w: reverse("people_export", args=[t.school_a1.pk])),
    "campaign_summary": (
        "principal_a1",
        lambda t, w: reverse("campaign_summary_xlsx", args=[w["campaign"].pk]),
    ),
    "office_summary": (
        "office_a",
        lambda t, w: reverse("office_summary_xlsx", args=[t.office_a.pk]),
    ),
    "round_report": ("office_a", lambda t, w: reverse("award_round_xlsx", args=[w["round"].pk])),
    "year_report": ("office_a", lambda t, w: reverse("award_year_xlsx")),
    "proposal_list": (
        "principal_a1",
        lambda t, w: reverse("proposal_list_xlsx", args=[w["proposal"].pk]),
    ),
    "decision_list": (
        "office_a",
        lambda t, w: reverse("decision_list_xlsx", args=[w["decision"].pk]),
    ),
}


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_every_export_holds_any_text(client, tree, world, export):
    username, url_of = EXPORTS[export]
    client.force_login(tree.users[username])
    url = url_of(tree, world)

    @settings(max_examples=20, deadline=None, database=None)
    @given(text=TEXT)
    @example(text="\ufffe\uffff")
    @example(text="Lê\ufffeVăn\uffffAn")
    @example(text="x\x0b\x0cy\x1bz")
    def check(text):
        text = MARK + text
        with transaction.atomic():
            put(tree, world, text)
            response = client.get(url)
            transaction.set_rollback(True)
        assert response.status_code == 200, (export, ascii(text))
        found = cells(response.content)
        assert any(expected(text) in cell for cell in found), (export, ascii(text), found[:20])

    check()


@settings(max_examples=60, deadline=None, database=None)
@given(name=TEXT)
@example(name="danh-sach-\ufffe.pdf")
def test_the_archive_index_holds_any_file_name(name):
    name = MARK + name
    found = cells(_index_xlsx([(name, 2048)]))
    assert expected(name) in found


def test_the_awards_writer_never_writes_what_xml_refuses():
    """The hand-written writer of the awards exports: a sheet name and a document title
    with U+FFFF too."""
    from common import xlsx

    book = xlsx.Workbook(title="Báo cáo\uffff")
    book.add_sheet("Quý\ufffe I", [["Lê\ufffeVăn", ("An\uffff", xlsx.BOLD)]])
    content = book.content()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode()
            assert "\ufffe" not in text and "\uffff" not in text, name
    assert cells(content) == ["LêVăn", "An"]
