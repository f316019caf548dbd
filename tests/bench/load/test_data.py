"""The load benchmark's data (bench/load/data.py) on a small province: every account it
hands to the scenario (bench/load/locustfile.py) is logged in, and every page the
scenario opens answers 200 for it, so `make bench-load` measures pages, not errors."""

import io
import json
import re

import pytest
from django.core.management import call_command

from bench.load import data
from registrations.models import InnovationRegistration, Status

ROUND_LINK = re.compile(r'href="/awards/rounds/(\d+)/[?"]')
SELECTED = re.compile(r'name="selected" value="(\d+)"')


@pytest.fixture
def accounts(db, tmp_path, capsys):
    call_command("seed_scale", offices=2, schools=8, staff=12, stdout=io.StringIO())
    out = tmp_path / "accounts.json"
    data.generate(out)
    assert "Dữ liệu tải:" in capsys.readouterr().out
    return json.loads(out.read_text())


def as_account(client, account):
    client.cookies["sessionid"] = account["session"]
    return client


def test_every_account_of_the_scenario_is_logged_in_and_its_pages_answer(client, accounts):
    assert {k: bool(v) for k, v in accounts.items() if k != "password"} == {
        "teachers": True,
        "chairs": True,
        "offices": True,
        "department": True,
        "floor": True,
    }
    teacher = accounts["teachers"][0]
    as_account(client, teacher)
    assert client.get("/").status_code == 200
    form = f"/registrations/campaigns/{teacher['campaign']}/m1/"
    assert client.get(form).status_code == 200

    chair = accounts["chairs"][0]
    as_account(client, chair)
    assert client.get("/").status_code == 200
    assert client.get("/registrations/review/").status_code == 200
    waiting = client.get("/registrations/review/?status=forwarded")
    assert waiting.status_code == 200
    selected = SELECTED.findall(waiting.content.decode())
    assert selected, "the chair has forwarded forms to approve"
    response = client.post(
        "/registrations/review/approve/",
        {"selected": selected[0], "campaign": "", "next": "/registrations/review/"},
    )
    assert response.status_code == 302
    assert InnovationRegistration.objects.get(pk=selected[0]).status == Status.APPROVED

    for office in (accounts["offices"][0], accounts["department"][0]):
        as_account(client, office)
        assert client.get("/").status_code == 200
        rounds = client.get("/awards/rounds/")
        assert rounds.status_code == 200
        links = ROUND_LINK.findall(rounds.content.decode())
        assert links, "the office sees the Sở's rounds"
        assert client.get(f"/awards/rounds/{links[0]}/").status_code == 200
        excel = client.get(f"/awards/rounds/{links[0]}/report.xlsx")
        assert excel.status_code == 200 and excel.content[:2] == b"PK"

    as_account(client, accounts["floor"][0])
    assert client.get("/bench/floor/").status_code == 200
