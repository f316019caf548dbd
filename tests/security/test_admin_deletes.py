"""Deletes in the admin never take with them what the deleting account may not delete.

The oracle is independent of the admin's code: rows that only an administrator may
remove (role assignments, vote records, review and award history, council seats, M2
memberships) are counted before and after every delete a staff account of the demo
can attempt: the delete page of each object it may delete, the "delete selected"
action, and the delete box of every inline row of every change page it may open."""

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from awards.models import (
    AwardEvent,
    Ballot,
    BallotReceipt,
    Candidate,
    Council,
    Evaluation,
    PostingComment,
    Vote,
)
from registrations.models import ReviewEvent, TeacherGroup, Version
from schools.models import Organization, Person, Role, RoleAssignment, SchoolYear, Unit
from tests.factories import user_with_role
from tests.security.admin_forms import form_data

STAFF = ["hieutruong", "phong"]  # a school's and an office's manager (the Sở's: as phong)
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
PER_MODEL = 2  # objects tried per model and account, besides the rows made to be held


def records():
    """Counts of what only an administrator may delete."""
    return {
        "role assignments": RoleAssignment.objects.count(),
        "vote candidates": Candidate.objects.count(),
        "ballots": Ballot.objects.count(),
        "ballot receipts": BallotReceipt.objects.count(),
        "council seats": Council.members.through.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "posting comments": PostingComment.objects.count(),
        "review history": ReviewEvent.objects.count(),
        "versions": Version.objects.count(),
        "M2 members": TeacherGroup.members.through.objects.count(),
        "award history": AwardEvent.objects.exclude(
            proposal__status="draft", decision__isnull=True
        ).count(),
    }


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.fixture
def held(demo):
    """A union group that holds a role and a vote candidate, and a person with a council
    seat and a ballot receipt: the rows the attack removed."""
    school = demo.org("Trường Tiểu học Lai Uyên")
    group = Unit.objects.create(organization=school, kind=Unit.Kind.UNION_GROUP, name="Tổ thử")
    leader = user_with_role(Role.UNION_GROUP_LEADER, school, unit=group, username="tt_thu")
    person = Person.objects.get(user=leader)
    council = Council.objects.filter(school=school).first()
    council.members.add(person)
    vote = Vote.objects.filter(council=council).first()
    Candidate.objects.create(vote=vote, unit=group, title=vote.candidates.first().title)
    BallotReceipt.objects.create(vote=vote, member=person)
    return group, person


def _attempt(client, url, data):
    """Post in a savepoint; the counts of records after the post, then rolled back."""
    with transaction.atomic():
        response = client.post(url, data)
        after = records()
        transaction.set_rollback(True)
    return response, after


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_no_delete_takes_what_the_account_may_not_delete(client, demo, held, model):
    model_admin = admin.site._registry[model]
    opts = model._meta
    before = records()
    for username in STAFF:
        client.force_login(demo.users[username])
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        changelist = client.get(changelist_url)
        if changelist.status_code != 200:
            continue
        request = changelist.wsgi_request
        objects = list(model_admin.get_queryset(request)[:PER_MODEL])
        if model in (Unit, Person):
            objects += list(model_admin.get_queryset(request).filter(pk__in=[o.pk for o in held]))
        for obj in objects:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
            _response, after = _attempt(client, url, {"post": "yes"})
            assert after == before, (username, url)
            _delete_inline_rows(client, model_admin, request, obj, before)
        if objects:  # "delete selected": all of them at once
            _response, after = _attempt(
                client,
                changelist_url,
                {
                    "action": "delete_selected",
                    "post": "yes",
                    "_selected_action": [o.pk for o in objects],
                },
            )
            assert after == before, (username, "delete_selected", objects)


def _delete_inline_rows(client, model_admin, request, obj, before):
    if not model_admin.has_change_permission(request, obj):
        return
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    data = form_data(page.content.decode(), f"{opts.model_name}_form")
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        rows = int(data.get(f"{prefix}-INITIAL_FORMS", ["0"])[0])
        if rows:  # every row at once: any one refused refuses the save
            ticks = {f"{prefix}-{row}-DELETE": ["on"] for row in range(rows)}
            _response, after = _attempt(client, url, {**data, **ticks})
            assert after == before, (request.user.username, url, prefix)


def delete_unit_in_the_school_page(client, user, unit):
    """Tick the unit's delete box in its school's admin page and save, as `user`."""
    client.force_login(user)
    url = reverse("admin:schools_organization_change", args=[unit.organization_id])
    data = form_data(client.get(url).content.decode(), "organization_form")
    row = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("units-") and key.endswith("-id") and value == [str(unit.pk)]
    )
    return client.post(url, {**data, f"units-{row}-DELETE": ["on"]})


def test_deleting_a_union_group_with_a_leader_is_refused_at_the_row(client, demo, held):
    """The attack: a principal deletes a union group in her school's inline list; its
    leader's role went with it and locked a teacher out."""
    group, _person = held
    response = delete_unit_in_the_school_page(client, demo.users["hieutruong"], group)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không xoá được “Tổ thử”" in page and "Phân công vai trò" in page
    assert "Hãy sửa lỗi được nêu bên dưới." in page and "Please correct" not in page
    assert Unit.objects.filter(pk=group.pk).exists()
    assert RoleAssignment.objects.filter(unit=group).count() == 1


def test_a_unit_with_nothing_attached_is_deleted(client, demo):
    """Not over-refused: a unit holding only members (who are then in no group) goes."""
    school = demo.org("Trường Tiểu học Lai Uyên")
    group = Unit.objects.create(organization=school, kind=Unit.Kind.UNION_GROUP, name="Tổ thừa")
    member = Person.objects.filter(organization=school, user__isnull=True).first()
    member.union_group = group
    member.save()
    response = delete_unit_in_the_school_page(client, demo.users["hieutruong"], group)
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=group.pk).exists()
    member.refresh_from_db()
    assert member.union_group is None


def test_the_delete_page_names_what_it_would_take(client, demo, held):
    _group, person = held
    client.force_login(demo.users["hieutruong"])
    url = reverse("admin:schools_person_delete", args=[person.pk])
    page = client.get(url).content.decode()
    assert "không có quyền xoá" in page and "Đã bỏ phiếu" in page
    assert "thành viên" in page and "relationship" not in page
    assert client.post(url, {"post": "yes"}).status_code in (200, 403)
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_administrator_still_deletes_with_everything_it_takes(client, demo, held):
    group, _person = held
    client.force_login(demo.users["admin"])
    url = reverse("admin:schools_unit_delete", args=[group.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Unit.objects.filter(pk=group.pk).exists()
    assert not RoleAssignment.objects.filter(
        unit_id=group.pk, school_year=SchoolYear.current()
    ).exists()
    assert Organization.objects.filter(pk=group.organization_id).exists()
