import datetime

from emulation.models import Plan, ScheduleItem
from emulation.services import publish_plan
from tests.factories.emulation import make_plan


def test_rounds_come_from_the_published_plans_nomination_deadlines(
    tree, django_capture_on_commit_callbacks
):
    plan = make_plan(tree.dept_a, Plan.Status.DRAFT, title="Kế hoạch điển hình tiên tiến")
    for quarter, day in (
        ("Quý I", datetime.date(2027, 3, 10)),
        ("Quý II", datetime.date(2027, 6, 10)),
    ):
        ScheduleItem.objects.create(
            plan=plan,
            period_label=quarter,
            activity="Gửi hồ sơ điển hình tiên tiến",
            deadline=day,
            milestone=ScheduleItem.Milestone.NOMINATION,
        )
    assert not plan.campaign.rounds.exists()  # a draft makes no rounds
    with django_capture_on_commit_callbacks(execute=True):
        publish_plan(tree.users["dept_a"], plan, datetime.date(2026, 9, 15))
    rounds = list(plan.campaign.rounds.values_list("name", "deadline"))
    # the small seed plan has one quarterly deadline of its own (10/3/2024)
    assert rounds == [
        ("Quý I năm 2024", datetime.date(2024, 3, 10)),
        ("Quý I", datetime.date(2027, 3, 10)),
        ("Quý II", datetime.date(2027, 6, 10)),
    ]
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        ScheduleItem.objects.create(
            plan=plan,
            period_label="Quý III",
            activity="Gửi hồ sơ",
            deadline=datetime.date(2027, 9, 10),
            milestone=ScheduleItem.Milestone.NOMINATION,
        )
    assert plan.campaign.rounds.count() == 4
