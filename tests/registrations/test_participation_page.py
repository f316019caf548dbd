"""The participation pages: progress bars with their figures as text and an accessible
value, reminders that ask first (data-confirm) and say who an e-mail cannot reach, and
a printable list of those people."""

import re

from django.urls import reverse

from registrations.models import Status
from schools.models import Person
from tests.factories.registrations import make_registration, person


def test_school_page_bars_confirmation_and_the_list_without_email(client, tree, campaign_a1):
    from django.contrib.auth import get_user_model

    # Nobody of the school has an address but the union chair (on her account).
    Person.objects.filter(organization=tree.school_a1).update(email="")
    get_user_model().objects.filter(person__organization=tree.school_a1).update(email="")
    get_user_model().objects.filter(pk=tree.users["chair_a1"].pk).update(email="ct@example.vn")
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["chair_a1"])
    response = client.get(reverse("participation_school", kwargs={"pk": campaign_a1.pk}))
    page = response.content.decode()
    total = response.context["total"]

    bars = re.findall(r'<div class="progress[^"]*" role="progressbar"[^>]*>', page)
    assert len(bars) == 1 + len(response.context["rows"])  # the school, then each group
    assert 'aria-valuemin="0"' in bars[0] and 'aria-valuemax="100"' in bars[0]
    assert f'aria-valuetext="{total.registered}/{total.total} người' in bars[0]
    assert f"{total.registered}/{total.total} (" in page  # the figures as text too
    assert re.search(r'style="width: \d+(\.\d+)?%"', page)  # a CSS number, not "33,3"

    without_email = [
        p
        for row in response.context["rows"]
        for p in row.missing
        if not p.email and not (p.user_id and p.user.email)
    ]
    assert without_email
    listed = response.context["no_email"]
    assert [p for _unit, p in listed] == without_email
    section = page[page.index('data-testid="no-email"') :]
    for someone in without_email:
        assert someone.full_name in section
    assert "data-print" in section and "js/print-button.js" in page

    remind = re.search(
        r'<form method="post" action="[^"]*/remind/[^"]*" data-confirm="([^"]+)"', page
    )
    assert remind, "the reminder asks before sending"
    assert "chưa có thư điện tử sẽ không nhận được" in remind.group(1)


def test_office_page_bars(client, tree, campaign_a1):
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("participation_office", kwargs={"pk": tree.office_a.pk}))
    page = response.content.decode()
    bars = re.findall(r'role="progressbar"', page)
    assert len(bars) == 1 + len(response.context["rows"])
    assert "1/4 (25,0%)" in page  # school A1: one of four, in Vietnamese notation
