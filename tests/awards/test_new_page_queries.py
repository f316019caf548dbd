"""Every page issue 13 added costs a fixed number of queries, whatever the school holds:
each is opened with a small school, then with 25 more people, their history rows and
registrations, and must cost exactly as many queries both times."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import HistoryImport, Title
from awards.services import history, year_start
from schools.models import Person, SchoolYear
from tests.awards.object_urls.blocks import ranked_block_of_a1
from tests.awards.object_urls.workflow import vote_of_a1
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("catalogue")

PAGES = {
    "collective_history": lambda t, objs: t.school_a1.pk,
    "history_add": lambda t, objs: t.school_a1.pk,
    "history_import_preview": lambda t, objs: objs["import"].pk,
    "title_registration_list": lambda t, objs: t.school_a1.pk,
    "title_registration_add": lambda t, objs: t.school_a1.pk,
    "title_registration_xlsx": lambda t, objs: t.school_a1.pk,
    "covenant_edit": lambda t, objs: t.school_a1.pk,
    "policy_edit": lambda t, objs: t.school_a1.pk,
    "minutes_edit": lambda t, objs: objs["vote"].pk,
    "written_opinion": lambda t, objs: objs["vote"].pk,
    "minutes_docx": lambda t, objs: objs["vote"].pk,
    "block_nomination_create": lambda t, objs: objs["block"].pk,
    "title_registration_pdf": lambda t, objs: t.school_a1.pk,
    "title_registration_docx": lambda t, objs: t.school_a1.pk,
    "title_registration_upload": lambda t, objs: t.school_a1.pk,
    "history_upload": lambda t, objs: t.school_a1.pk,
    "minutes_pdf": lambda t, objs: objs["vote"].pk,
    "person_history": lambda t, objs: objs["principal"].pk,
}


def grow(tree, count):
    user = tree.users["principal_a1"]
    year = SchoolYear.for_date(datetime.date(2024, 3, 1))
    ldtt = Title.objects.get(code="ldtt")
    for _number in range(count):
        person = PersonFactory(organization=tree.school_a1)
        history.add_record(
            user,
            tree.school_a1,
            {
                "person": person,
                "title": ldtt,
                "school_year": year,
                "decision_number": "1/QĐ",
                "decision_date": datetime.date(2024, 6, 1),
                "authority": "Chủ tịch UBND",
            },
        )
        year_start.register(
            user, tree.school_a1, SchoolYear.current(), {"person": person, "title": ldtt}
        )


def count(client, url):
    client.get(url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_new_page_costs_the_same_for_a_bigger_school(tree, client, name):
    objects = {
        "vote": vote_of_a1(tree),
        "principal": Person.objects.get(user=tree.users["principal_a1"]),
        "block": ranked_block_of_a1(tree),
        "import": HistoryImport.objects.create(
            organization=tree.school_a1,
            uploaded_by=tree.users["principal_a1"],
            file_name="a.xlsx",
            content=b"",
            preview={"file_errors": [], "rows": [{"number": 2, "cells": {}, "errors": {}}]},
        ),
    }
    client.force_login(tree.users["principal_a1"])
    url = reverse(name, args=[PAGES[name](tree, objects)])
    small = count(client, url)
    grow(tree, 25)
    assert count(client, url) == small


def test_the_search_and_the_teachers_own_registration_cost_the_same(tree, client):
    client.force_login(tree.users["teacher_a1"])
    grow(tree, 1)  # an empty list costs one query less (nothing to fetch)
    pages = [
        reverse("history_search"),
        reverse("history_template"),
        reverse("title_registration_own", args=[tree.school_a1.pk]),
    ]
    small = [count(client, url) for url in pages]
    grow(tree, 25)
    assert [count(client, url) for url in pages] == small
