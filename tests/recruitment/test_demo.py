"""The recruitment demo: every campaign state, every stage, histories, interviews, appointments."""

from __future__ import annotations

from cases import demo as cases_demo
from recruitment import demo
from recruitment.models import Application, Campaign, CampaignStatus, Interview, Stage, StageChange


def test_demo_covers_every_state_and_is_idempotent(db):
    cases_demo.seed()
    demo.seed()

    assert set(Campaign.objects.values_list("status", flat=True)) == set(CampaignStatus.values)
    assert set(Application.objects.values_list("stage", flat=True)) == set(Stage.values)
    appointed = Application.objects.filter(stage=Stage.APPOINTED)
    assert appointed.exists()
    assert all(application.peer_worker is not None for application in appointed)
    assert Interview.objects.filter(panel__perspective="peer_worker").exists()
    # Every application's history starts when it was received and ends at its stage.
    for application in Application.objects.all():
        changes = list(application.stage_changes.order_by("changed_at", "pk"))
        assert changes[0].from_stage == "" and changes[-1].to_stage == application.stage

    counts = (Campaign.objects.count(), Application.objects.count(), StageChange.objects.count())
    demo.seed()
    assert (
        Campaign.objects.count(),
        Application.objects.count(),
        StageChange.objects.count(),
    ) == counts
