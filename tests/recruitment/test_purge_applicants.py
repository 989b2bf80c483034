"""purge_applicants --older-than DAYS erases names and contacts, keeps the pipeline facts."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recruitment import services
from recruitment.models import IDENTIFYING_FIELDS, Application, Campaign, CampaignStatus, Stage
from tests.recruitment.factories import CampaignFactory, application_at


@pytest.fixture
def campaigns(role_a, manager_a, time_machine_today):
    """Campaigns ended 400 and 100 days ago, and one still open (today is 1 July 2025)."""
    made = {}
    for key, status, ended_days_ago in [
        ("old", CampaignStatus.CLOSED, 400),
        ("recent", CampaignStatus.FILLED, 100),
        ("open", CampaignStatus.OPEN, None),
    ]:
        campaign = CampaignFactory(
            role=role_a,
            title=key,
            opened=dt.date(2024, 1, 8),
            closes_on=dt.date(2024, 2, 5),
            status=CampaignStatus.OPEN,
        )
        application = application_at(
            campaign, Stage.SHORTLISTED, by=manager_a, name=f"{key} person"
        )
        services.application_move(
            application=application,
            to_stage=Stage.WITHDRAWN,
            end_reason="health",
            note=f"{key} person phoned to say",
            by=manager_a,
            loaded_version=application.version,
        )
        Application.objects.filter(pk=application.pk).update(
            adjustments_requested="Quiet room", phone="0113 496 0000"
        )
        if ended_days_ago is not None:
            Campaign.objects.filter(pk=campaign.pk).update(
                status=status, closed_on=time_machine_today - dt.timedelta(days=ended_days_ago)
            )
        made[key] = application
    return made


def test_purge_erases_identifying_fields_of_old_campaigns_only(campaigns):
    out = StringIO()
    call_command("purge_applicants", "--older-than", "365", stdout=out)

    old = Application.objects.get(pk=campaigns["old"].pk)
    assert all(getattr(old, field) == "" for field in IDENTIFYING_FIELDS)
    assert old.erased is not None
    # The anonymous pipeline facts stay.
    assert (old.stage, old.end_reason, old.received) == (
        Stage.WITHDRAWN,
        "health",
        dt.date(2024, 1, 8),
    )
    assert list(old.stage_changes.values_list("to_stage", flat=True)) == [
        Stage.APPLIED,
        Stage.SHORTLISTED,
        Stage.WITHDRAWN,
    ]
    assert set(old.stage_changes.values_list("note", flat=True)) == {""}
    for key in ("recent", "open"):
        kept = Application.objects.get(pk=campaigns[key].pk)
        assert kept.full_name == f"{key} person" and kept.erased is None
    assert "Erased the personal data of 1 application(s) in 1 campaign(s)" in out.getvalue()


def test_purge_with_fewer_days_reaches_more_campaigns_and_is_idempotent(campaigns):
    call_command("purge_applicants", "--older-than", "30", stdout=StringIO())
    assert set(Application.objects.filter(erased__isnull=False).values_list("pk", flat=True)) == {
        campaigns["old"].pk,
        campaigns["recent"].pk,
    }
    out = StringIO()
    call_command("purge_applicants", "--older-than", "30", stdout=out)
    assert "0 application(s)" in out.getvalue()
    assert Application.objects.get(pk=campaigns["open"].pk).full_name == "open person"


def test_purge_refuses_negative_days(campaigns):
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("purge_applicants", "--older-than", "-1", stdout=StringIO())
    assert not Application.objects.filter(erased__isnull=False).exists()


def _log_text() -> str:
    import json

    from auditlog.models import LogEntry

    return "\n".join(
        f"{entry.object_repr} {json.dumps(entry.changes, ensure_ascii=False)} "
        f"{entry.changes_text or ''}"
        for entry in LogEntry.objects.all()
    )


def test_purge_leaves_no_erased_name_or_address_in_the_audit_log(
    role_a, manager_a, time_machine_today
):
    from auditlog.models import LogEntry

    campaign = CampaignFactory(
        role=role_a,
        opened=dt.date(2024, 1, 8),
        closes_on=dt.date(2024, 2, 5),
        status=CampaignStatus.OPEN,
    )
    gone = services.application_create(
        campaign=campaign,
        by=manager_a,
        full_name="Gale Goneapplicant",
        email="gale.gone@example.org",
        phone="07700 900123",
        adjustments_requested="Large print please",
        received=dt.date(2024, 1, 9),
    )
    gone = services.application_move(
        application=gone,
        to_stage=Stage.WITHDRAWN,
        end_reason="health",
        by=manager_a,
        note="Gale Goneapplicant withdrew by e-mail",
        loaded_version=gone.version,
    )
    # Another campaign still open: its applicant's details stay, in the log too.
    kept = services.application_create(
        campaign=CampaignFactory(role=role_a),
        by=manager_a,
        full_name="Kit Keptapplicant",
        email="kit.kept@example.org",
        received=dt.date(2025, 1, 10),
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.CLOSED, closed_on=time_machine_today - dt.timedelta(days=400)
    )
    erased_values = [
        "Gale Goneapplicant",
        "gale.gone@example.org",
        "07700 900123",
        "Large print",
        "withdrew by e-mail",
    ]
    before = _log_text()
    assert all(value in before for value in erased_values)

    call_command("purge_applicants", "--older-than", "365", stdout=StringIO())

    after = _log_text()
    for value in erased_values:
        assert value.lower() not in after.lower(), value
    assert "Kit Keptapplicant" in after and "kit.kept@example.org" in after
    gone.refresh_from_db()
    assert gone.full_name == "" and gone.stage == Stage.WITHDRAWN
    Application.objects.get(pk=kept.pk, full_name="Kit Keptapplicant")
    # The log keeps the fact that the application was erased (one update, saved per record).
    erasure = LogEntry.objects.get_for_object(gone).filter(
        action=LogEntry.Action.UPDATE, changes__has_key="erased"
    )
    assert erasure.count() == 1
    assert erasure.get().object_repr == "Erased applicant"
