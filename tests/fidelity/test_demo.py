"""The demo shows a seeded wave with double ratings, a pending blind rating and a consensus
still to agree."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from fidelity.models import Consensus, Interview, Rating, RatingStatus, Wave


@pytest.mark.django_db
def test_seed_demo_rates_two_waves_with_two_researchers(capsys):
    call_command("seed_demo")
    waves = list(Wave.objects.order_by("starts_on"))
    assert [wave.name for wave in waves] == ["Wave 1 (demo)", "Wave 2 (demo)"]
    assert waves[0].published is not None and waves[1].published is None
    raters = set(Rating.objects.values_list("rater__email", flat=True))
    assert raters == {"researcher@demo.peerwork", "researcher2@demo.peerwork"}
    interviews = Interview.objects.count()
    assert interviews >= 12
    assert Consensus.objects.count() < interviews
    single = Interview.objects.filter(ratings__isnull=False).exclude(
        pk__in=Rating.objects.filter(rater__email="researcher2@demo.peerwork").values("interview")
    )
    assert single.exists()
    assert not Rating.objects.filter(status=RatingStatus.DRAFT).exists()
    assert "fidelity: 2 waves" in capsys.readouterr().out
    call_command("seed_demo")  # idempotent
    assert Wave.objects.count() == 2 and Interview.objects.count() == interviews
