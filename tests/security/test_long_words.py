"""A word longer than a line stays on the page, in every official document.

The attack: a 10,000-character word in a plan reached x = 47,039 pt on a 595 pt page.
Here that word goes into a plan, a 2,500-character one into a long text of every other
document kind, and 100- to 150-character words into names and short fields (place,
issuer, signer, subject); each PDF is read back with pdfplumber and every character
printed lies within the page."""

import io

import pdfplumber
import pytest

from awards.documents.achievement_reports import AchievementReportDocument, load_nomination
from awards.documents.certificates import CertificateDocument
from awards.documents.decisions import DecisionDocument, load_decision
from awards.documents.nomination_lists import NominationListDocument
from awards.documents.proposals import ProposalDocument, load_proposal
from awards.models import Nomination, Proposal, ProposalItem
from emulation.blocks import services as block_services
from emulation.blocks.documents import CovenantDocument
from emulation.documents import PlanDocument, load_plan
from emulation.models import Plan
from registrations.documents import FormsBundle, GroupDocument, RegistrationDocument
from registrations.models import Status
from schools.models import SchoolYear
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.factories.emulation import make_plan
from tests.factories.registrations import make_campaign, make_group, make_registration

ATTACK = "Đ" + "x" * 9_999  # 10,000 characters, no space: what ran off the plan's page
WORD = "Đ" + "x" * 2_499  # far longer than any line (a line holds some 100 characters)
SHORT = "Ư" + "y" * 149  # a name as long as a name field holds


def off_page(content):
    """(page number, x, character) of every character drawn outside its page."""
    found = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                if char["x0"] < -0.5 or char["x1"] > page.width + 0.5:
                    found.append((number, round(char["x1"]), char["text"]))
    return found


def printed(content, letter):
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return sum(1 for page in pdf.pages for char in page.chars if char["text"] == letter)


@pytest.fixture
def documents(tree):
    teacher = person_of(tree.users["teacher_a1"])
    teacher.full_name = SHORT
    teacher.save()
    plan = make_plan(
        tree.school_a1,
        Plan.Status.PUBLISHED,
        place_name=SHORT[:100],
        governing_body=SHORT,
        issuer_name=SHORT,
        preamble=ATTACK,
        legal_bases=[SHORT],
        sections=[{"level": 1, "heading": SHORT, "body": SHORT}],
        signatures=[{"position": SHORT, "signer_name": SHORT}],
    )
    campaign = make_campaign(tree.school_a1)
    registration = make_registration(campaign, teacher, Status.APPROVED, steps=WORD)
    group = make_group(campaign, teacher, [], Status.APPROVED, concern=WORD, name=SHORT)
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        SHORT,
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    # A free-text target (no unit), so its value may be the long word itself.
    block_services.set_target_items(tree.users["principal_a1"], block, [(SHORT[:100], "")])
    item = block.target_items.get()
    block_services.fill_targets(tree.users["principal_a1"], block, tree.school_a1, {item.pk: SHORT})
    round_ = make_round(tree.office_a, name=SHORT[:200])
    nomination = make_nomination(
        round_,
        teacher,
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
        achievements=WORD,
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=5,
        subject=SHORT,
        body=WORD,
        signer_name=SHORT[:100],
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination, comment=SHORT)
    awarded = make_nomination(
        make_round(tree.school_a1),
        teacher,
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
        achievements=WORD,
    )
    decision = make_decision(tree.school_a1, [awarded], subject=SHORT)
    decision.awardees.update(unit_label=SHORT, award_label=SHORT)
    return {
        "plan": PlanDocument(load_plan(plan.pk)),
        "M1": RegistrationDocument(registration),
        "M2": GroupDocument(group),
        "bundle": FormsBundle(campaign),
        "covenant": CovenantDocument(block),
        "proposal": ProposalDocument(load_proposal(proposal.pk)),
        "list": NominationListDocument(load_proposal(proposal.pk)),
        "report": AchievementReportDocument(load_nomination(nomination.pk)),
        "decision": DecisionDocument(load_decision(decision.pk)),
        "certificates": CertificateDocument(load_decision(decision.pk)),
    }


@pytest.mark.parametrize(
    "name",
    ["plan", "M1", "M2", "bundle", "covenant", "proposal", "list", "report", "decision"]
    + ["certificates"],
)
def test_every_character_is_on_the_page(documents, name):
    content = documents[name].pdf()
    outside = off_page(content)
    assert outside == [], (name, len(outside), outside[:3])
    assert printed(content, "Đ") + printed(content, "Ư") > 0, name  # the texts are there
