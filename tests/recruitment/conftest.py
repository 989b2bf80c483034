from __future__ import annotations

import pytest

from tests.recruitment.factories import CampaignFactory, SelectionCriterionFactory


@pytest.fixture
def campaign_a(role_a, manager_a):
    """An open campaign for role_a (1 vacancy) with two selection criteria."""
    campaign = CampaignFactory(role=role_a, title="Ward peers 2025", created_by=manager_a)
    SelectionCriterionFactory(campaign=campaign, name="Uses lived experience", position=0)
    SelectionCriterionFactory(campaign=campaign, name="Listens well", position=1)
    return campaign


@pytest.fixture
def time_machine_today(time_machine):
    """Freeze the clock at 1 July 2025, noon in London; returns that date."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    time_machine.move_to(
        dt.datetime(2025, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )
    return dt.date(2025, 7, 1)
