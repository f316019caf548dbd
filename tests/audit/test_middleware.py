"""The request's actor reaches its audit entries through one receiver connected once:
a request, read or write, connects and disconnects no signal receiver."""

from auditlog.context import set_actor
from django.db.models.signals import pre_save
from django.urls import reverse

from audit.models import LogEntry
from schools.models import Person
from tests.factories import PersonFactory


def test_a_request_connects_and_disconnects_nothing(client, tree, monkeypatch):
    calls = []
    monkeypatch.setattr(pre_save, "connect", lambda *a, **k: calls.append("connect"))
    monkeypatch.setattr(pre_save, "disconnect", lambda *a, **k: calls.append("disconnect"))
    client.force_login(tree.users["principal_a1"])
    assert client.get(reverse("home")).status_code == 200
    assert calls == []


def test_outside_a_request_set_actor_still_names_the_actor(tree):
    with set_actor(tree.users["principal_a1"]):
        person = PersonFactory(organization=tree.school_a1, full_name="Lê Thị Mới")
    entry = LogEntry.objects.get_for_object(person).get()
    assert entry.actor == tree.users["principal_a1"]


def test_without_a_request_or_set_actor_there_is_no_actor(tree):
    person = PersonFactory(organization=tree.school_a1, full_name="Lê Thị Mới")
    assert LogEntry.objects.get_for_object(Person.objects.get(pk=person.pk)).get().actor is None
