"""Every object URL of the product, tried by every role on an object of school A1 (or
office A) and therefore, for every other role, on another school's or office's object:
those answer 404, never 200.

A new URL with an object id must be added to OBJECT_URLS, or
test_every_object_url_is_covered fails."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from emulation.blocks import services as block_services
from emulation.models import Plan
from registrations.models import Status
from schools.issuers import IssuerKind
from schools.models import Person, SchoolYear, StaffImport
from tests.awards.object_urls import collect as collect_award_urls
from tests.factories import PersonFactory
from tests.factories.emulation import make_plan
from tests.factories.registrations import make_campaign, make_group, make_registration, person
from tests.roles import (  # noqa: E402
    ALL,
    MANAGES_A1,
    OFFICE_A,
    SCHOOL_OVERSIGHT_A1,
    SEES_A1,
    STAFF_OF_A1,
)


def published_plan_of_a1(tree):
    plan = make_plan(tree.school_a1, Plan.Status.ISSUED, title="Kế hoạch A1", number=3)
    plan.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"))
    return plan


def union_draft_of_a1(tree):
    """A draft of school A1's Công đoàn: its union chair writes it, besides managers."""
    return make_plan(
        tree.school_a1, title="Kế hoạch của Công đoàn A1", issuer_kind=IssuerKind.UNION
    )


def person_with_account_in_a1(tree):
    return Person.objects.get(user=tree.users["teacher_a1"])


def submitted_m1(tree):
    campaign = make_campaign(tree.school_a1)
    return make_registration(campaign, person(tree.users["teacher_a1"]), Status.SUBMITTED)


def returned_m1(tree):
    campaign = make_campaign(tree.school_a1)
    return make_registration(campaign, person(tree.users["teacher_a1"]), Status.RETURNED)


def submitted_m2(tree):
    """Teacher A1's group of two: a colleague without an account is its member."""
    campaign = make_campaign(tree.school_a1)
    member = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    return make_group(campaign, person(tree.users["teacher_a1"]), [member], status=Status.SUBMITTED)


def returned_m2(tree):
    campaign = make_campaign(tree.school_a1)
    return make_group(campaign, person(tree.users["teacher_a1"]), status=Status.RETURNED)


def campaign_a1(tree):
    return make_campaign(tree.school_a1)


def block_of_a1(tree):
    return block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối A",
        tree.school_a1,
        [tree.school_a1],
    )


def meeting_of_a1(tree):
    block = block_of_a1(tree)
    meeting = block_services.schedule_meeting(
        tree.users["principal_a1"],
        block,
        period_label="Quý I",
        starts_at=timezone.now(),
        place="Trường A1",
        host_school=tree.school_a1,
    )
    meeting.minutes_file.save("bb.pdf", ContentFile(b"%PDF-1.4 minutes"))
    return meeting


def report_due_from_a1(tree):
    block = block_of_a1(tree)
    block_services.create_report_deadlines(
        tree.users["principal_a1"], block, "midyear", timezone.localdate()
    )
    return block.reports.get()


def sent_report_of_a1(tree):
    report = report_due_from_a1(tree)
    report.attachment.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 report"))
    return block_services.submit_report(tree.users["principal_a1"], report, "Nội dung")


# url name -> (object of school A1 or office A, who may open it, method, extra kwargs)
WRITES_UNION_A1 = {"admin", "principal_a1", "chair_a1"}
# The answers to an empty POST of each action on a submitted M1 or M2: a status, or a
# status per role (the others' 302).
REVIEW_ACTION_ANSWERS = {
    "submit": 302,
    "withdraw": 302,
    "forward": 302,
    "return": {"leader_a1": 200},
    "approve": 302,
    "result": 302,
    "extend": 302,
}

OBJECT_URLS = {
    "organization_detail": (lambda t: t.school_a1, SEES_A1, "get", {}),
    "people_list": (lambda t: t.school_a1, SEES_A1, "get", {}),
    "people_export": (lambda t: t.school_a1, SEES_A1, "get", {}),
    "person_detail": (
        lambda t: Person.objects.filter(organization=t.school_a1).first(),
        SEES_A1,
        "get",
        {},
    ),
    "staff_upload": (lambda t: t.school_a1, MANAGES_A1, "get", {}),
    # Administrators reset a password of someone without e-mail; for anyone else the
    # page does not exist, as the button (tests/security/test_passwords.py).
    "person_password_reset": (person_with_account_in_a1, {"admin"}, "post", {}),
    "person_password_shown": (person_with_account_in_a1, {"admin"}, "get", {}),
    "staff_import_preview": (
        lambda t: StaffImport.objects.create(
            organization=t.school_a1, file_name="a.xlsx", content=b"x"
        ),
        MANAGES_A1,
        "get",
        {},
    ),
    "plan_detail": (published_plan_of_a1, SEES_A1, "get", {}),
    "plan_pdf": (published_plan_of_a1, SEES_A1, "get", {}),
    "plan_docx": (published_plan_of_a1, SEES_A1, "get", {}),
    "plan_signed_scan": (published_plan_of_a1, SEES_A1, "get", {}),
    "plan_edit": (union_draft_of_a1, WRITES_UNION_A1, "get", {}),
    "plan_autosave": (union_draft_of_a1, WRITES_UNION_A1, "post", {}, 400),  # empty form
    "plan_paste": (union_draft_of_a1, WRITES_UNION_A1, "post", {}),
    "plan_publish": (union_draft_of_a1, WRITES_UNION_A1, "get", {}),
    "registration_create": (campaign_a1, STAFF_OF_A1, "get", {}),
    "group_create": (campaign_a1, STAFF_OF_A1, "get", {}),
    "registration_detail": (submitted_m1, SEES_A1, "get", {}),
    "registration_edit": (returned_m1, {"teacher_a1"}, "get", {}),
    # One URL per action on a form. An empty POST: done or refused and sent back (302);
    # a return without its comment shows the page again with the error at the comment
    # (200) to whoever may return the form (its union group leader), and is refused to
    # the others.
    **{
        f"registration_{action}": (submitted_m1, SEES_A1, "post", {}, answer)
        for action, answer in REVIEW_ACTION_ANSWERS.items()
    },
    "registration_pdf": (submitted_m1, SEES_A1, "get", {}),
    "group_detail": (submitted_m2, SEES_A1, "get", {}),
    "group_edit": (returned_m2, {"teacher_a1"}, "get", {}),
    **{
        f"group_{action}": (submitted_m2, SEES_A1, "post", {}, answer)
        for action, answer in REVIEW_ACTION_ANSWERS.items()
    },
    "group_pdf": (submitted_m2, SEES_A1, "get", {}),
    "participation_school": (campaign_a1, SCHOOL_OVERSIGHT_A1 | {"leader_a1"}, "get", {}),
    "participation_remind": (
        campaign_a1,
        SCHOOL_OVERSIGHT_A1 | {"leader_a1"},
        "post",
        {"unit_pk": lambda t: t.group_a1.pk},
    ),
    "participation_extend": (campaign_a1, SCHOOL_OVERSIGHT_A1 | {"leader_a1"}, "post", {}),
    "participation_office": (lambda t: t.office_a, OFFICE_A, "get", {}),
    "campaign_forms_pdf": (campaign_a1, SCHOOL_OVERSIGHT_A1, "get", {}),
    "campaign_summary_xlsx": (campaign_a1, SCHOOL_OVERSIGHT_A1, "get", {}),
    "office_summary_xlsx": (lambda t: t.office_a, OFFICE_A, "get", {}),
    "block_detail": (block_of_a1, SEES_A1, "get", {}),
    # an empty POST: a form with a required field is shown again with its errors (200);
    # a step whose fields may all be empty is done or refused and sent back (302)
    "block_deadlines": (block_of_a1, SEES_A1, "post", {}),
    "block_target_items": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_fill_targets": (block_of_a1, SEES_A1, "post", {}),
    "block_confirm_covenant": (block_of_a1, SEES_A1, "post", {}),
    "block_meeting_create": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_meeting_record_minutes": (meeting_of_a1, SEES_A1, "post", {}),
    "block_report_deadline": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_report_detail": (sent_report_of_a1, SEES_A1, "get", {}),
    "block_report_file": (sent_report_of_a1, SEES_A1, "get", {}),
    "block_report_submit": (report_due_from_a1, SEES_A1, "post", {}, 200),
    "block_criteria": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_score": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_ranking_close": (block_of_a1, SEES_A1, "post", {}),
    "block_ranking_reopen": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_ranking_approve": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_vote": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_vote_close": (block_of_a1, SEES_A1, "post", {}),
    "block_vote_reopen": (block_of_a1, SEES_A1, "post", {}, 200),
    "block_covenant_pdf": (block_of_a1, SEES_A1, "get", {}),
    "block_covenant_docx": (block_of_a1, SEES_A1, "get", {}),
    "block_meeting_ics": (meeting_of_a1, SEES_A1, "get", {}),
    "block_meeting_minutes": (meeting_of_a1, SEES_A1, "get", {}),
    "block_create": (lambda t: t.office_a, OFFICE_A, "post", {}),
}
OBJECT_URLS.update(collect_award_urls())
ROLES = sorted(ALL)


def expected_answer(url_name, role):
    """What `role` gets from the URL on the matrix's object: 404 if they do not see it,
    else the URL's answer (one for all, or one per role), by default 302 to a POST and
    200 to a GET."""
    _make, allowed, method, _extra, *answer = OBJECT_URLS[url_name]
    if role not in allowed:
        return 404
    default = 302 if method == "post" else 200
    ok = answer[0] if answer else default
    return ok.get(role, default) if isinstance(ok, dict) else ok


def _object_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is covered by tests/schools/test_admin.py
            yield from _object_url_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and "pk" in entry.pattern.converters:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_object_url_is_covered():
    assert set(_object_url_names()) == set(OBJECT_URLS)


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_object_url_answers_by_scope(client, tree, url_name, settings, tmp_path):
    """Every role tries the URL on the same object, each in a savepoint rolled back
    afterwards, so each finds the object as it was made (a POST of one role changes
    nothing for the next)."""
    settings.MEDIA_ROOT = tmp_path
    make_object, allowed, method, extra, *answer = OBJECT_URLS[url_name]
    obj = make_object(tree)
    url = reverse(url_name, kwargs={"pk": obj.pk, **{k: v(tree) for k, v in extra.items()}})
    answers = {}
    for role in ROLES:
        with transaction.atomic():
            client.force_login(tree.users[role])
            response = client.post(url) if method == "post" else client.get(url)
            answers[role] = response.status_code
            transaction.set_rollback(True)
    assert answers == {role: expected_answer(url_name, role) for role in ROLES}


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("organization_detail", kwargs={"pk": tree.school_a1.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_lists_hold_nothing_of_other_offices(client, tree):
    client.force_login(tree.users["office_b"])
    page = client.get(reverse("organization_list")).content.decode()
    assert "Trường B1" in page
    for name in ["Trường A1", "Trường A2", "Phòng A", "Sở A"]:
        assert name not in page
    search = client.get(reverse("organization_list"), {"q": "Trường A"}).content.decode()
    assert "Trường A1" not in search


def test_drafts_stay_in_their_organisation(client, tree):
    draft = make_plan(tree.school_a1, title="Nháp A1")
    for role, status in [
        ("teacher_a1", 200),
        ("principal_a1", 200),
        ("office_a", 404),
        ("dept_a", 404),
        ("principal_a2", 404),
    ]:
        client.force_login(tree.users[role])
        response = client.get(reverse("plan_detail", kwargs={"pk": draft.pk}))
        assert response.status_code == status, role


def test_published_plans_flow_down_not_sideways(client, tree):
    plan = make_plan(tree.dept_a, Plan.Status.PUBLISHED, title="Kế hoạch Sở A")
    for role, status in [
        ("teacher_a1", 200),
        ("principal_a2", 200),
        ("office_a", 200),
        ("teacher_b1", 404),
        ("office_b", 404),
    ]:
        client.force_login(tree.users[role])
        assert client.get(reverse("plan_detail", kwargs={"pk": plan.pk})).status_code == status
        listed = client.get(reverse("plan_list")).content.decode()
        assert ("Kế hoạch Sở A" in listed) == (status == 200), role


def test_draft_registrations_are_the_authors_alone(client, tree):
    campaign = make_campaign(tree.school_a1)
    draft = make_registration(campaign, person(tree.users["teacher_a1"]))
    for role, status in [
        ("teacher_a1", 200),
        ("leader_a1", 404),
        ("chair_a1", 404),
        ("principal_a1", 404),
        ("office_a", 404),
    ]:
        client.force_login(tree.users[role])
        response = client.get(reverse("registration_detail", kwargs={"pk": draft.pk}))
        assert response.status_code == status, role


def test_export_holds_only_the_schools_people(client, tree):
    from openpyxl import load_workbook

    client.force_login(tree.users["principal_b1"])
    response = client.get(reverse("people_export", kwargs={"pk": tree.school_b1.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert names == set(
        Person.objects.filter(organization=tree.school_b1).values_list("full_name", flat=True)
    )
    assert "Lê Thị Hai" not in names
