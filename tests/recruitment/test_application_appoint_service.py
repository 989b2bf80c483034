"""Appointing: one atomic action that appoints, creates the peer worker and fills the campaign."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.models import PeerWorker
from recruitment import services
from recruitment.models import Application, Campaign, CampaignStatus, Stage, StageChange
from tests.factories import PeerWorkerFactory
from tests.recruitment.factories import application_at, appoint


def test_appoint_creates_the_peer_worker_in_the_role(campaign_a, manager_a, role_a):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="Robin Newstart")

    peer_worker = services.application_appoint(
        application=application,
        by=manager_a,
        loaded_version=application.version,
        started=dt.date(2025, 3, 3),
    )

    application.refresh_from_db()
    assert application.stage == Stage.APPOINTED
    assert application.peer_worker == peer_worker
    assert peer_worker.role == role_a
    assert peer_worker.full_name == "Robin Newstart"
    assert peer_worker.started == dt.date(2025, 3, 3)
    assert peer_worker.pseudonym == "P-01-W01"
    last = application.stage_changes.order_by("-pk").first()
    assert (last.from_stage, last.to_stage, last.changed_by) == (
        Stage.CHECKS,
        Stage.APPOINTED,
        manager_a,
    )


def test_appointing_the_last_vacancy_fills_the_campaign(campaign_a, manager_a):
    campaign_a.vacancies = 2
    campaign_a.save()
    first = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="First Person")
    second = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="Second Person")

    appoint(first, by=manager_a)
    campaign_a.refresh_from_db()
    assert campaign_a.status == CampaignStatus.OPEN

    appoint(second, by=manager_a)
    campaign_a.refresh_from_db()
    assert campaign_a.status == CampaignStatus.FILLED
    assert campaign_a.closed_on is not None


def test_pseudonyms_stay_unique_next_to_existing_peer_workers(campaign_a, manager_a, role_a):
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W01")
    PeerWorkerFactory(role=role_a, pseudonym="P-01-W07")
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)

    peer_worker = appoint(application, by=manager_a)

    assert peer_worker.pseudonym == "P-01-W08"


def test_appointing_the_same_application_twice_is_refused(campaign_a, manager_a):
    campaign_a.vacancies = 3
    campaign_a.save()
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    loaded = application.version
    appoint(application, by=manager_a)

    with pytest.raises(ValidationError, match="already been appointed"):
        services.application_appoint(
            application=application,
            by=manager_a,
            loaded_version=loaded,
            started=dt.date(2025, 3, 3),
        )
    assert PeerWorker.objects.filter(application__isnull=False).count() == 1


def test_more_appointments_than_vacancies_are_refused(campaign_a, manager_a):
    first = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="First Person")
    second = application_at(campaign_a, Stage.CHECKS, by=manager_a, name="Second Person")
    appoint(first, by=manager_a)
    workers_before = PeerWorker.objects.count()

    with pytest.raises(ValidationError, match="more appointments than vacancies"):
        appoint(second, by=manager_a)

    second.refresh_from_db()
    assert second.stage == Stage.CHECKS
    assert PeerWorker.objects.count() == workers_before


def test_only_an_application_at_checks_can_be_appointed(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)

    with pytest.raises(ValidationError, match="Only an application at 'Pre-employment checks'"):
        appoint(application, by=manager_a)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert not PeerWorker.objects.exists()


def test_start_date_before_the_campaign_opened_is_refused(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    with pytest.raises(ValidationError) as refused:
        services.application_appoint(
            application=application,
            by=manager_a,
            loaded_version=application.version,
            started=campaign_a.opened - dt.timedelta(days=1),
        )
    assert "started" in refused.value.message_dict
    assert not PeerWorker.objects.exists()


def test_a_failure_half_way_leaves_everything_as_it_was(campaign_a, manager_a, monkeypatch):
    """The last step (filling the campaign) fails after the stage change, the history entry
    and the peer worker were written: all of them must be rolled back."""
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    before = {
        "stage": application.stage,
        "version": application.version,
        "changes": StageChange.objects.count(),
        "workers": PeerWorker.objects.count(),
        "campaign": Campaign.objects.values_list("status", "closed_on", "version").get(
            pk=campaign_a.pk
        ),
    }
    reached = []

    def fail_after_the_peer_worker_exists(campaign, *, appointed):
        reached.append(PeerWorker.objects.count())
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_campaign_fill_if_complete", fail_after_the_peer_worker_exists)

    with pytest.raises(RuntimeError):
        appoint(application, by=manager_a)

    assert reached == [before["workers"] + 1]  # the failure really came half-way
    application = Application.objects.get(pk=application.pk)
    assert application.stage == before["stage"]
    assert application.version == before["version"]
    assert application.peer_worker is None
    assert StageChange.objects.count() == before["changes"]
    assert PeerWorker.objects.count() == before["workers"]
    assert (
        Campaign.objects.values_list("status", "closed_on", "version").get(pk=campaign_a.pk)
        == before["campaign"]
    )


def test_appointing_in_a_cancelled_campaign_is_refused(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    Campaign.objects.filter(pk=campaign_a.pk).update(
        status=CampaignStatus.CANCELLED, closed_on=campaign_a.opened
    )
    with pytest.raises(ValidationError, match="cancelled"):
        appoint(application, by=manager_a)
    assert not PeerWorker.objects.exists()
