from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command

from awards.models import AwardForm
from awards.services import decisions, nominations, proposals
from awards.services.certificates import start_certificates
from awards.tasks import make_certificates
from emulation.archive import write_archive
from emulation.blocks import services as blocks
from emulation.documents import PlanDocument
from registrations.models import Status
from schools.models import SchoolYear
from tests.emulation.test_word import assert_page_numbers_from_page_two, read
from tests.factories.awards import make_round, person_of
from tests.factories.registrations import make_campaign, make_registration


def proposed_and_decided(tree):
    """A nomination of school A1 proposed to office A and awarded by it, with the
    certificates made."""
    round_ = make_round(tree.office_a)
    nomination = nominations.save_nomination(
        tree.users["principal_a1"],
        tree.school_a1,
        round_,
        {
            "person": person_of(tree.users["teacher_a1"]),
            "award_form": AwardForm.objects.get(code="giay-khen-chu-tich-huyen"),
            "achievements": "Dạy giỏi",
        },
    )
    proposal = proposals.create_proposal(tree.users["principal_a1"], tree.school_a1, round_)
    proposals.set_items(tree.users["principal_a1"], proposal, [nomination])
    proposals.send_proposal(tree.users["principal_a1"], proposal)
    proposals.accept_all(tree.users["office_a"], proposal)
    decision = decisions.create_decision(tree.users["office_a"], tree.office_a, round_)
    decisions.set_awardees(tree.users["office_a"], decision, [nomination])
    decisions.record_decision(tree.users["office_a"], decision, signer_name="Phạm Văn Tùng")
    make_certificates.call(start_certificates(tree.users["office_a"], decision).pk)
    return proposal, decision


def test_archive_holds_proposals_decisions_and_certificates(tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    proposed_and_decided(tree)
    out = tmp_path / "archive"
    call_command("export_archive", year=SchoolYear.current().name, out=str(out))
    school = next(out.glob(f"{tree.school_a1.pk:05d}-*"))
    office = next(out.glob(f"{tree.office_a.pk:05d}-*"))
    school_files = sorted(p.name for p in school.iterdir())
    office_files = sorted(p.name for p in office.iterdir())
    assert sum(name.endswith(".pdf") for name in school_files) == 2  # tờ trình, danh sách
    assert sum(name.endswith(".xlsx") for name in school_files) == 2  # list + index
    assert sum(name.endswith(".pdf") for name in office_files) == 2  # quyết định, giấy khen
    assert sum(name.endswith(".docx") for name in school_files) == 2  # tờ trình, danh sách
    assert sum(name.endswith(".docx") for name in office_files) == 1  # quyết định
    assert sum(name.endswith(".xlsx") for name in office_files) == 2
    for folder in (school, office):
        for path in folder.glob("*.pdf"):
            assert path.read_bytes().startswith(b"%PDF-"), path


def test_every_document_pdf_of_the_year_has_its_word_file_beside_it(tree, tmp_path, settings):
    """Plans, covenants, the forms M1/M2, tờ trình, danh sách, quyết định: each PDF has
    a .docx of the same stem; a signed scan and the certificates are only PDFs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    _proposal, decision = proposed_and_decided(tree)
    campaign = make_campaign(tree.school_a1)  # with a published plan of the year
    plan = campaign.plans.get()
    plan.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"))
    make_registration(campaign, person_of(tree.users["teacher_a1"]), Status.APPROVED)
    year = SchoolYear.current()
    block = blocks.create_block(
        tree.users["office_a"], tree.office_a, year, "Khối 1", tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )  # fmt: skip
    blocks.set_target_items(tree.users["principal_a1"], block, [("Tỷ lệ LĐTT", "%")])
    item = block.target_items.get()
    for role, school in [("principal_a1", tree.school_a1), ("principal_a2", tree.school_a2)]:
        blocks.fill_targets(tree.users[role], block, school, {item.pk: "80"})
    blocks.confirm_covenant(tree.users["principal_a2"], block, tree.school_a2)

    written = write_archive(year, tmp_path / "archive")
    names = [name for files in written.values() for name in files]
    pdfs = {Path(name).stem for name in names if name.endswith(".pdf")}
    word = {Path(name).stem for name in names if name.endswith(".docx")}
    certificates = decision.certificate_batches.get().file.name.rsplit("/", 1)[-1]
    scan = PlanDocument(plan).filename("pdf").replace(".pdf", "-ban-ky")
    only_pdf = {Path(certificates).stem, scan}
    assert pdfs - word == only_pdf
    assert word - pdfs == set()
    assert len(word) == 6  # plan, covenant, forms M1/M2, tờ trình, danh sách, quyết định
    for path in (tmp_path / "archive").glob("*/*.docx"):
        assert_page_numbers_from_page_two(read(path.read_bytes()))
