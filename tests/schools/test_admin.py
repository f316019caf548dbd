import pytest
from django.urls import reverse

from schools.models import Organization, Person


@pytest.mark.parametrize("model,label", [(Organization, "name"), (Person, "full_name")])
def test_admin_changelist_is_scoped(client, tree, model, label):
    client.force_login(tree.users["office_b"])
    url = reverse(f"admin:schools_{model._meta.model_name}_changelist")
    page = client.get(url).content.decode()
    a_side = model.objects.filter(
        **(
            {"path__startswith": tree.dept_a.path}
            if model is Organization
            else {"organization__path__startswith": tree.dept_a.path}
        )
    )
    assert a_side.exists()
    for value in a_side.values_list(label, flat=True):
        assert value not in page


def test_admin_change_page_of_another_office_is_404(client, tree):
    client.force_login(tree.users["office_b"])
    person = Person.objects.filter(organization=tree.school_a1).first()
    for view in ["change", "delete", "history"]:
        url = reverse(f"admin:schools_person_{view}", args=[person.pk])
        assert client.get(url).status_code == 404, view
    own = Person.objects.filter(organization=tree.school_b1).first()
    assert client.get(reverse("admin:schools_person_change", args=[own.pk])).status_code == 200


def test_teachers_have_no_admin(client, tree):
    client.force_login(tree.users["teacher_a1"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_admin_foreign_key_choices_are_scoped(client, tree):
    client.force_login(tree.users["principal_b1"])
    page = client.get(reverse("admin:schools_person_add")).content.decode()
    # autocomplete widgets load choices by AJAX: ask the autocomplete endpoint
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "schools", "model_name": "person", "field_name": "organization", "term": ""},
    )
    assert response.status_code == 200
    names = {r["text"] for r in response.json()["results"]}
    assert names == {"Trường B1"}
    assert "Trường A1" not in page
