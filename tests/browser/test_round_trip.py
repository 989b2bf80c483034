"""In Chromium: opening an edit form and saving it without changes keeps every date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import ImplementationMilestone, Initiative, PeerWorker
from tests.factories import ImplementationMilestoneFactory

pytestmark = pytest.mark.browser


def _save_unchanged(page, url: str) -> None:
    page.goto(url)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url != url, "the form was re-displayed instead of saved"


def test_saving_edit_forms_unchanged_keeps_every_date(
    page, live_server, login, manager_a, initiative_a, peer_worker_a
):
    Initiative.objects.filter(pk=initiative_a.pk).update(started=dt.date(2026, 9, 1))
    milestone = ImplementationMilestoneFactory(
        initiative=initiative_a, planned=dt.date(2026, 9, 1), achieved=dt.date(2026, 9, 14)
    )
    PeerWorker.objects.filter(pk=peer_worker_a.pk).update(
        started=dt.date(2025, 1, 6), ended=dt.date(2026, 3, 31), leaving_reason="other_job"
    )
    login(page, live_server, manager_a)

    for name, record in (
        ("cases:initiative-update", initiative_a),
        ("cases:milestone-update", milestone),
        ("cases:peer-worker-update", peer_worker_a),
    ):
        url = f"{live_server.url}{reverse(name, args=[record.public_id])}"
        page.goto(url)
        # The browser's own date fields show the stored dates (they read ISO values only).
        for field in page.locator("main input[type=date]").all():
            if field.get_attribute("value"):
                assert field.input_value() == field.get_attribute("value")
        _save_unchanged(page, url)

    assert Initiative.objects.get(pk=initiative_a.pk).started == dt.date(2026, 9, 1)
    milestone = ImplementationMilestone.objects.get(pk=milestone.pk)
    assert (milestone.planned, milestone.achieved) == (dt.date(2026, 9, 1), dt.date(2026, 9, 14))
    peer_worker = PeerWorker.objects.get(pk=peer_worker_a.pk)
    assert (peer_worker.started, peer_worker.ended) == (dt.date(2025, 1, 6), dt.date(2026, 3, 31))
