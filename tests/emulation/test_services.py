import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation import services
from emulation.models import Plan, PlanEvent
from schools.services import ServiceError
from tests.factories.emulation import make_plan


def test_publish_numbers_per_organisation_and_year(tree, plans):
    principal = tree.users["principal_a1"]
    first = services.publish_plan(principal, plans["a1_draft"])
    assert first.status == Plan.Status.PUBLISHED
    assert first.number == 1 and first.symbol == f"KH-{tree.school_a1.abbreviation}"
    assert first.reference == f"01/KH-{tree.school_a1.abbreviation}"
    second = services.publish_plan(
        principal, make_plan(tree.school_a1, title="Thứ hai"), datetime.date(2024, 4, 2)
    )
    assert second.issue_date == datetime.date(2024, 4, 2)
    assert second.number == 2
    assert [e.action for e in PlanEvent.objects.filter(plan=first)] == ["publish"]
    with pytest.raises(ServiceError, match="đã được công bố"):
        services.publish_plan(principal, first)


def test_only_the_issuing_organisation_publishes(tree, plans):
    for key in ["teacher_a1", "chair_a1", "principal_a2", "office_a", "principal_b1"]:
        with pytest.raises(PermissionDenied):
            services.publish_plan(tree.users[key], plans["a1_draft"])


def test_derive_copies_structure_and_adds_the_parent_as_legal_basis(tree, plans):
    derived = services.derive_plan(tree.users["principal_a1"], plans["dept_a"], tree.school_a1)
    assert derived.status == Plan.Status.DRAFT and derived.parent_plan == plans["dept_a"]
    assert derived.organization == tree.school_a1
    bases = [b.text for b in derived.legal_bases.all()]
    assert bases[0] == "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
    assert bases[-1] == (
        "Căn cứ Kế hoạch số 12/KH-SGDĐT ngày 05 tháng 01 năm 2024 của Sở A về kế hoạch của Sở A;"
    )
    assert [s.heading for s in derived.sections.all()] == [
        s.heading for s in plans["dept_a"].sections.all()
    ]
    assert derived.campaign.parent == plans["dept_a"].campaign
    assert derived.themes.get().awards.count() == 1


def test_derive_refuses_drafts_and_non_ancestors(tree, plans):
    with pytest.raises(PermissionDenied):  # B1's plan is not visible to A1
        services.derive_plan(tree.users["principal_a1"], plans["b1"], tree.school_a1)
    draft = make_plan(tree.dept_a, title="Nháp của Sở")
    with pytest.raises(PermissionDenied):  # drafts stay in the Sở
        services.derive_plan(tree.users["principal_a1"], draft, tree.school_a1)
    with pytest.raises(PermissionDenied):  # a teacher manages no organisation
        services.derive_plan(tree.users["teacher_a1"], plans["dept_a"], tree.school_a1)


def test_copy_to_next_year_moves_dates(tree, plans):
    copy = services.copy_to_next_year(tree.users["principal_a1"], plans["a1_draft"])
    assert copy.school_year.name == "2024-2025"
    assert copy.title == "Bản nháp của trường A1"
    deadlines = list(copy.schedule_items.values_list("deadline", flat=True))
    assert deadlines == [datetime.date(2024, 10, 30), datetime.date(2025, 3, 10)]
    assert copy.signatures.get().signer_name == "Nguyễn Thị Bang"
    assert copy.number is None and copy.status == Plan.Status.DRAFT


def test_issue_locks_the_plan(tree, plans, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    principal = tree.users["principal_a1"]
    plan = services.publish_plan(principal, plans["a1_draft"])
    with pytest.raises(ServiceError, match="phải là tệp PDF"):
        services.issue_plan(principal, plan, SimpleUploadedFile("scan.pdf", b"GIF89a..."))
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%signed\n", content_type="application/pdf")
    issued = services.issue_plan(principal, plan, scan)
    assert issued.status == Plan.Status.ISSUED and issued.signed_scan.read().startswith(b"%PDF")
    issued.title = "Sửa sau khi ban hành"
    with pytest.raises(ServiceError, match="đã ban hành nên không sửa được"):
        services.save_plan(principal, issued)
    assert Plan.objects.get(pk=plan.pk).title == "Bản nháp của trường A1"


def test_issue_needs_a_published_plan(tree, plans):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n")
    with pytest.raises(ServiceError, match="đã công bố"):
        services.issue_plan(tree.users["principal_a1"], plans["a1_draft"], scan)


def test_registration_deadline_is_read_from_the_schedule(tree, plans):
    assert services.registration_deadline(plans["a1_draft"]) == datetime.date(2023, 10, 30)


def test_save_plan_checks_the_organisation(tree, plans):
    plan = Plan(organization=tree.school_b1, school_year=plans["b1"].school_year, title="X")
    with pytest.raises(PermissionDenied):
        services.save_plan(tree.users["principal_a1"], plan)


def test_a_plan_entered_after_the_fact_keeps_its_number_and_date_but_not_a_taken_one(tree):
    """A plan of 2020 keeps "Số: 04/…" and its date when published; a second plan with
    the same number in the same year of the register is refused, at the service and at
    the admin form's field."""
    principal = tree.users["principal_a1"]
    old = make_plan(tree.school_a1, title="Kế hoạch năm 2020", number=4, issue_date="2020-10-05")
    published = services.publish_plan(principal, old)
    assert (published.number, published.issue_date) == (4, datetime.date(2020, 10, 5))
    assert published.reference.startswith("04/")
    twin = make_plan(tree.school_a1, title="Trùng số", number=4, issue_date="2020-11-20")
    with pytest.raises(ServiceError, match="Số 04/KH-.* năm 2020 đã dùng cho “Kế hoạch năm 2020”"):
        services.publish_plan(principal, twin)
    twin.refresh_from_db()
    assert twin.status == Plan.Status.DRAFT
    next_year = make_plan(tree.school_a1, title="Năm sau", number=4, issue_date="2021-02-01")
    assert services.publish_plan(principal, next_year).number == 4

    from emulation.admin import PlanAdminForm

    form = PlanAdminForm(
        data={
            "organization": tree.school_a1.pk,
            "school_year": twin.school_year_id,
            "doc_type": twin.doc_type,
            "number": 4,
            "symbol": twin.symbol,
            "issue_date": "2020-12-01",
            "title": "Một kế hoạch khác",
        },
        instance=Plan(),
    )
    assert not form.is_valid()
    assert "đã dùng cho “Kế hoạch năm 2020”" in form.errors["number"][0]
