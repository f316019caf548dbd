"""Every relational field of every admin form, tried by every staff account of the demo
with an id from outside its scope.

For each model of the admin and each demo account, the add page and the change page of
an object the account may change are read as served; then, for every relational field
of the model and of its inline models (foreign key, one-to-one, many-to-many; shown as a
select, an autocomplete or a raw id, or not shown at all), the form is posted back with
that field set to an object of another province (or, for accounts, the superuser's).
It is refused: the object keeps its value, or nothing is created with the foreign id.
The same form posted back unchanged is saved, so each refusal is the field's doing.

The autocomplete endpoint never offers the foreign object either."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from awards.models import Council, Decision, Nomination, Proposal, Round, Vote
from emulation.blocks.models import EmulationBlock
from emulation.models import Annex, Campaign, Plan, Theme
from registrations.models import InnovationRegistration, TeacherGroup
from schools import visibility
from schools.models import Organization, Person, Role, SchoolYear, Unit
from tests.factories import OrganizationFactory, UnitFactory, user_with_role
from tests.factories.awards import make_decision, make_nomination, make_round
from tests.factories.emulation import make_plan
from tests.factories.registrations import make_campaign, make_group, make_registration
from tests.security.admin_forms import form_data, has_errors

K = Organization.Kind
STAFF = ["hieutruong", "phong", "so", "giaovien"]  # school, office, Sở; a teacher has none
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.fixture
def foreign(demo):
    """One object of every model with a visibility policy, in another province."""
    ministry = Organization.objects.filter(kind=K.MINISTRY).first()
    dept = OrganizationFactory(name="Sở Ngoài", kind=K.DEPARTMENT, parent=ministry)
    office = OrganizationFactory(name="Phòng Ngoài", kind=K.OFFICE, parent=dept)
    school = OrganizationFactory(name="Trường Ngoài", parent=office)
    group = UnitFactory(organization=school, name="Tổ công đoàn Ngoài")
    teacher = user_with_role(Role.TEACHER, school, unit=group, username="gv_ngoai")
    person = Person.objects.get(user=teacher)
    plan = make_plan(dept, Plan.Status.PUBLISHED, title="Kế hoạch Ngoài")
    campaign = make_campaign(school)
    round_ = make_round(dept, name="Quý Ngoài")
    nomination = make_nomination(round_, person=person, status=Nomination.Status.DRAFT)
    decision = make_decision(dept, [make_nomination(round_, person=person)], recorded=False)
    block = EmulationBlock.objects.create(
        office=office,
        school_year=SchoolYear.current(),
        name="Khối Ngoài",
        leader_school=school,
    )
    council = Council.objects.create(school=school, school_year=SchoolYear.current())
    vote = Vote.objects.create(council=council, name="Bình xét Ngoài", held_on="2026-12-01")
    return {
        # An account of nobody's staff record: a superuser's (what the attack chose).
        get_user_model(): get_user_model().objects.create_superuser("root_ngoai"),
        Organization: school,
        Unit: group,
        Person: person,
        Plan: plan,
        Theme: plan.themes.first(),
        Annex: plan.annexes.first(),
        Campaign: campaign,
        EmulationBlock: block,
        InnovationRegistration: make_registration(campaign, person),
        TeacherGroup: make_group(campaign, person),
        Round: round_,
        Nomination: nomination,
        Proposal: Proposal.objects.create(organization=school, recipient=office, round=round_),
        Decision: decision,
        Council: council,
        Vote: vote,
    }


def out_of_scope(model, foreign, demo):
    """An object no staff account of the demo may put into a field pointing at `model`
    (an account: a superuser's), or None for shared reference data (school years)."""
    if model is SchoolYear:  # the calendar: the same for everyone
        return None
    if visibility.has_policy(model):
        assert foreign.get(model) is not None, f"the foreign fixture needs a {model.__name__}"
        return foreign[model]
    if model is get_user_model():
        return foreign[model]
    obj = model._default_manager.first()
    assert obj is not None, f"no {model.__name__} to try"
    return obj


def relations(model):
    return [
        f
        for f in model._meta.get_fields()
        if getattr(f, "is_relation", False)
        and f.concrete
        and f.editable
        and (f.many_to_one or f.one_to_one or f.many_to_many)
    ]


def _value_of(obj, field):
    obj = type(obj)._default_manager.get(pk=obj.pk)
    if field.many_to_many:
        return set(getattr(obj, field.name).values_list("pk", flat=True))
    return getattr(obj, field.attname)


def _inlines(model_admin, request, obj):
    """(formset prefix, inline model, fk name) of the admin's inlines on this page."""
    found = []
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        found.append((formset.get_default_prefix(), inline.model, formset.fk.name))
    return found


def _post(client, url, data):
    with transaction.atomic():
        response = client.post(url, data)
        saved = response.status_code == 302
        transaction.set_rollback(True)
    return response, saved


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_no_admin_field_takes_an_object_out_of_scope(client, demo, foreign, model):
    model_admin = admin.site._registry[model]
    opts = model._meta
    tried = []
    for username in STAFF:
        user = demo.users[username]
        client.force_login(user)
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if changelist.status_code != 200:
            continue  # no access to this model at all
        request = changelist.wsgi_request
        changeable = [
            o
            for o in model_admin.get_queryset(request)[:50]
            if model_admin.has_change_permission(request, o)
        ]
        if changeable:
            tried += _try_change(client, demo, foreign, model_admin, request, changeable[0])
        if model_admin.has_add_permission(request):
            tried += _try_add(client, demo, foreign, model_admin)
    # The test is not vacuous: models that staff change in the admin were tried.
    if model in {Organization, Unit, Person, Plan, Campaign, Round, EmulationBlock}:
        assert any(kind == "change" for kind, *_rest in tried), model


def _try_change(client, demo, foreign, model_admin, request, obj):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content.decode(), f"{opts.model_name}_form")
    assert data, f"no form on {url}"
    response, saved = _post(client, url, data)
    assert saved, (url, "the unchanged form must save", response.content.decode()[:3000])
    tried = []
    for field in relations(model_admin.model):
        bad = out_of_scope(field.related_model, foreign, demo)
        if bad is None:
            continue
        before = _value_of(obj, field)
        with transaction.atomic():
            response = client.post(url, {**data, field.name: [str(bad.pk)]})
            after = _value_of(obj, field)
            transaction.set_rollback(True)
        changed = bad.pk in after if field.many_to_many else after == bad.pk and before != after
        assert not changed, (request.user.username, url, field.name)
        tried.append(("change", field.name))
    for prefix, inline_model, fk_name in _inlines(model_admin, request, obj):
        rows = int(data.get(f"{prefix}-TOTAL_FORMS", ["0"])[0])
        for field in relations(inline_model):
            bad = out_of_scope(field.related_model, foreign, demo)
            if bad is None or field.name == fk_name or not rows:
                continue
            key = f"{prefix}-0-{field.name}"
            with transaction.atomic():
                client.post(url, {**data, key: [str(bad.pk)]})
                taken = inline_model._default_manager.filter(
                    **{fk_name: obj, field.name: bad}
                ).exists()
                transaction.set_rollback(True)
            assert not taken, (request.user.username, url, key)
            tried.append(("inline", key))
    return tried


def _try_add(client, demo, foreign, model_admin):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    page = client.get(url)
    if page.status_code != 200:
        return []
    data = form_data(page.content.decode(), f"{opts.model_name}_form")
    tried = []
    for field in relations(model_admin.model):
        bad = out_of_scope(field.related_model, foreign, demo)
        if bad is None:
            continue
        lookup = {field.name: bad}
        before = model_admin.model._default_manager.filter(**lookup).count()
        with transaction.atomic():
            client.post(url, {**data, field.name: [str(bad.pk)]})
            after = model_admin.model._default_manager.filter(**lookup).count()
            transaction.set_rollback(True)
        assert after == before, (url, field.name)
        tried.append(("add", field.name))
    return tried


def test_the_refusal_is_at_the_field(client, demo, foreign):
    """A principal who posts another school's union group for a colleague reads why,
    at the field; the account of a staff record is not even a field for her."""
    client.force_login(demo.users["hieutruong"])
    colleague = Person.objects.filter(
        organization__name="Trường Tiểu học Lai Uyên", user__isnull=True
    ).first()
    url = reverse("admin:schools_person_change", args=[colleague.pk])
    data = form_data(client.get(url).content.decode(), "person_form")
    assert "user" not in data
    response = client.post(url, {**data, "union_group": [str(foreign[Unit].pk)]})
    assert response.status_code == 200 and has_errors(response.content.decode())
    assert "union_group" in response.context["adminform"].form.errors
    response = client.post(url, {**data, "user": [str(foreign[get_user_model()].pk)]})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.user_id is None


@pytest.mark.parametrize("username", ["hieutruong", "phong", "so"])
def test_autocomplete_offers_only_what_the_field_takes(client, demo, foreign, username):
    client.force_login(demo.users[username])
    checked = 0
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            field = model._meta.get_field(name)
            bad = out_of_scope(field.related_model, foreign, demo)
            if bad is None:
                continue
            response = client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": name,
                    "term": "",
                },
            )
            if response.status_code != 200:
                continue
            ids = {r["id"] for r in response.json()["results"]}
            assert str(bad.pk) not in ids, (username, model.__name__, name)
            checked += 1
    assert checked
