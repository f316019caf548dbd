"""Every object URL of the product, tried by every role on its own school's object and on
another school's or office's: others answer 404, never 200.

New URLs with an object id must be added to OBJECT_URLS, or test_every_object_url_is_covered
fails."""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from emulation.models import Plan
from schools.models import Person, StaffImport
from tests.emulation.conftest import make_plan


def published_plan_of_a1(tree):
    plan = make_plan(tree.school_a1, Plan.Status.ISSUED, title="Kế hoạch A1", number=3)
    plan.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"))
    return plan


SEE, MANAGE = "see", "manage"

# url name -> (object of school A1 for the tree, who may open it)
OBJECT_URLS = {
    "organization_detail": (lambda t: t.school_a1, SEE),
    "people_list": (lambda t: t.school_a1, SEE),
    "people_export": (lambda t: t.school_a1, SEE),
    "person_detail": (lambda t: Person.objects.filter(organization=t.school_a1).first(), SEE),
    "staff_upload": (lambda t: t.school_a1, MANAGE),
    "plan_detail": (published_plan_of_a1, SEE),
    "plan_pdf": (published_plan_of_a1, SEE),
    "plan_docx": (published_plan_of_a1, SEE),
    "plan_signed_scan": (published_plan_of_a1, SEE),
    "staff_import_preview": (
        lambda t: StaffImport.objects.create(
            organization=t.school_a1, file_name="a.xlsx", content=b"x"
        ),
        MANAGE,
    ),
}

# Who sees school A1's objects, and who manages them.
SEES_A1 = {"admin", "dept_a", "office_a", "principal_a1", "chair_a1", "leader_a1", "teacher_a1"}
MANAGES_A1 = {"admin", "dept_a", "office_a", "principal_a1"}
ROLES = sorted(SEES_A1 | {"principal_a2", "office_b", "principal_b1", "teacher_b1"})


def _object_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is covered by test_admin.py
            yield from _object_url_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and "pk" in entry.pattern.converters:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_object_url_is_covered():
    assert set(_object_url_names()) == set(OBJECT_URLS)


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("role", ROLES)
def test_object_url_answers_by_scope(client, tree, url_name, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_object, level = OBJECT_URLS[url_name]
    obj = make_object(tree)
    client.force_login(tree.users[role])
    response = client.get(reverse(url_name, kwargs={"pk": obj.pk}))
    allowed = MANAGES_A1 if level == MANAGE else SEES_A1
    assert response.status_code == (200 if role in allowed else 404)


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


def test_export_holds_only_the_schools_people(client, tree):
    import io

    from openpyxl import load_workbook

    client.force_login(tree.users["principal_b1"])
    response = client.get(reverse("people_export", kwargs={"pk": tree.school_b1.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert names == set(
        Person.objects.filter(organization=tree.school_b1).values_list("full_name", flat=True)
    )
    assert "Lê Thị Hai" not in names
