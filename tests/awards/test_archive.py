from django.core.management import call_command

from awards.models import AwardForm
from awards.services import decisions, nominations, proposals
from awards.services.certificates import start_certificates
from awards.tasks import make_certificates
from schools.models import SchoolYear
from tests.awards.conftest import make_round, person_of


def test_archive_holds_proposals_decisions_and_certificates(tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
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

    out = tmp_path / "archive"
    call_command("export_archive", year=SchoolYear.current().name, out=str(out))
    school = next(out.glob(f"{tree.school_a1.pk:05d}-*"))
    office = next(out.glob(f"{tree.office_a.pk:05d}-*"))
    school_files = sorted(p.name for p in school.iterdir())
    office_files = sorted(p.name for p in office.iterdir())
    assert sum(name.endswith(".pdf") for name in school_files) == 2  # tờ trình, danh sách
    assert sum(name.endswith(".xlsx") for name in school_files) == 2  # list + index
    assert sum(name.endswith(".pdf") for name in office_files) == 2  # quyết định, giấy khen
    assert sum(name.endswith(".xlsx") for name in office_files) == 2
    for folder in (school, office):
        for path in folder.glob("*.pdf"):
            assert path.read_bytes().startswith(b"%PDF-"), path
