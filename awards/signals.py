"""Rounds follow the campaign's schedule: when a plan is published, or a nomination
deadline is added to a published plan, its rounds are made. emulation knows nothing of
this; awards listens."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from emulation.models import Plan, ScheduleItem

from .services.nominations import sync_rounds

PUBLIC = {Plan.Status.PUBLISHED, Plan.Status.ISSUED}


def _sync_later(campaign_id):
    if campaign_id is None:
        return

    def run():
        from emulation.models import Campaign

        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is not None:
            sync_rounds(campaign)

    transaction.on_commit(run)


@receiver(post_save, sender=Plan)
def plan_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.status in PUBLIC:
        _sync_later(instance.campaign_id)


@receiver(post_save, sender=ScheduleItem)
def schedule_item_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.milestone != ScheduleItem.Milestone.NOMINATION or not instance.deadline:
        return
    plan = Plan.objects.filter(pk=instance.plan_id).values("status", "campaign_id").first()
    if plan and plan["status"] in PUBLIC:
        _sync_later(plan["campaign_id"])
