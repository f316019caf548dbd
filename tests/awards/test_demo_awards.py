"""What the demo shows of issue 13: the Phòng's and the Sở's rounds pages open on the
live round; the demo's decision pays the money of its date; the first teacher's history
holds both the entered and the decided awards."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.law import LawOn
from awards.models import AwardRecord, Decision


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.mark.parametrize("username", ["phong", "so"])
def test_the_rounds_page_opens_on_the_live_round(client, demo, username):
    client.force_login(demo.users[username])
    response = client.get(reverse("award_rounds"))
    summaries = response.context["summaries"]
    today = timezone.localdate()
    live = [s for s in summaries if s.subject.deadline >= today]
    assert live and summaries[0] is live[0]
    assert summaries[0].subject.deadline == min(s.subject.deadline for s in live)
    assert "Đang mở" in response.content.decode()


def test_the_demo_decision_pays_the_money_of_its_date(demo):
    decision = Decision.objects.filter(status=Decision.Status.RECORDED).get()
    law = LawOn(decision.decision_date)
    awardees = list(decision.awardees.all())
    # Giấy khen to a person: 0.3 × the base in force (2.340.000 in March 2026 → 710.000)
    expected = law.money(None, awardees[0].award_form_id, False)[0]
    assert decision.decision_date.month == 3 and expected == 710_000
    assert [a.amount for a in awardees] == [expected] * len(awardees)
    assert AwardRecord.objects.filter(awardee__decision=decision).count() == len(awardees)


def test_the_demo_history_mixes_entered_and_decided(client, demo):
    client.force_login(demo.users["hieutruong"])
    kept = AwardRecord.objects.filter(source=AwardRecord.Source.ENTERED).first()
    page = client.get(reverse("person_history", args=[kept.person_id])).content.decode()
    assert "Nhập tay" in page and "Quyết định trong hệ thống" in page
