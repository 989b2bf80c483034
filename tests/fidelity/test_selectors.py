"""Scores, agreement, grouping with suppression, and trajectories, checked against figures
worked out independently from the stored ratings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone
from statsmodels.stats.inter_rater import cohens_kappa

from comparison.disclosure import State
from comparison.models import PracticeProfile
from fidelity import selectors
from fidelity.models import ConsensusScore, InformantType, ItemRating, Rating
from fidelity.selectors import GroupFigure, protect_groups
from tests.fidelity.factories import InterviewFactory, WaveFactory, agree, items_for, rate

pytestmark = pytest.mark.django_db


def _figure(key: str, sites: int) -> GroupFigure:
    return GroupFigure(key, key, sites, {"trust": 3.0}, 3.0, 2.0, 3.0, 4.0, State.VALUE)


def test_a_group_below_k_is_suppressed_and_so_is_the_next_smallest_when_the_total_shows():
    groups, total = protect_groups(
        [_figure("statutory", 6), _figure("voluntary", 2), _figure("partnership", 5)],
        _figure("all", 13),
        5,
    )
    assert [figure.is_suppressed for figure in groups] == [False, True, True]
    assert groups[1].domains == {"trust": None} and groups[1].total_mean is None
    assert not total.is_suppressed  # the hidden groups hold 7 sites together: at least k


def test_the_total_is_hidden_when_nothing_else_can_protect_a_small_group():
    groups, total = protect_groups([_figure("statutory", 2)], _figure("all", 2), 5)
    assert groups[0].is_suppressed and total.is_suppressed


def test_site_scores_are_domain_means_of_consensus_scores(rated_wave):
    site = rated_wave["sites"][0]
    scores = selectors.site_scores(wave_ids=[rated_wave["wave"].pk])
    score = scores[(rated_wave["wave"].pk, site.pk)]
    for key in ("trust", "reciprocity", "leadership", "community"):
        values = list(
            ConsensusScore.objects.filter(
                consensus__interview__initiative=site, item__domain__key=key
            ).values_list("score", flat=True)
        )
        assert score.domains[key] == pytest.approx(sum(values) / len(values))
    assert score.total == pytest.approx(sum(score.domains.values()) / 4)
    assert score.interviews == 3  # the pending interview has no consensus


def test_item_agreement_matches_statsmodels_on_the_stored_pairs(
    rated_wave, researcher, second_researcher
):
    wave = rated_wave["wave"]
    result = selectors.agreement(wave)
    assert result.interviews == 9
    row = next(row for row in result.items if row.code == "T1")
    first = dict(
        ItemRating.objects.filter(
            rating__rater=researcher,
            item__code="T1",
            rating__interview__in=rated_wave["interviews"],
        ).values_list("rating__interview_id", "score")
    )
    second = dict(
        ItemRating.objects.filter(rating__rater=second_researcher, item__code="T1").values_list(
            "rating__interview_id", "score"
        )
    )
    table = np.zeros((4, 4))
    for interview_id, score in second.items():
        table[first[interview_id] - 1, score - 1] += 1
    expected = cohens_kappa(table, wt="linear")
    assert row.pairs == 9
    assert row.linear.kappa == pytest.approx(expected.kappa)
    assert row.linear.ci.low == pytest.approx(expected.kappa_low)
    assert row.exact == pytest.approx(np.trace(table) / 9)


def test_no_agreement_is_computed_from_an_interview_with_one_rating(rated_wave):
    pending = rated_wave["pending"]
    assert Rating.objects.filter(interview=pending).count() == 1
    assert selectors.agreement(rated_wave["wave"]).interviews == 9


def _profile(initiative, quarter: dt.date, **facts) -> PracticeProfile:
    return PracticeProfile.objects.create(
        initiative=initiative,
        quarter=quarter,
        as_of=quarter,
        computed=timezone.now(),
        status="active",
        context=initiative.context,
        **facts,
    )


def test_sites_are_grouped_by_their_practice_at_the_end_of_the_wave(rated_wave, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 1
    first, second, third = rated_wave["sites"]
    _profile(first, dt.date(2024, 1, 1), peer_training=True)
    _profile(second, dt.date(2023, 10, 1), peer_training=False)  # the latest before the wave
    comparison = selectors.group_comparison(rated_wave["wave"], "peer_training")
    by_key = {figure.key: figure for figure in comparison.groups}
    assert (by_key["yes"].sites, by_key["no"].sites, by_key["unknown"].sites) == (1, 1, 1)
    scores = selectors.site_scores(wave_ids=[rated_wave["wave"].pk])
    assert by_key["yes"].total_mean == pytest.approx(
        scores[(rated_wave["wave"].pk, first.pk)].total
    )
    assert comparison.total.sites == 3


def test_trajectories_follow_each_site_across_waves_and_split_fell_from_held(
    rated_wave, researcher, second_researcher, initiative_a
):
    later = WaveFactory(name="Wave 2", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 3, 31))
    _profile(initiative_a, dt.date(2025, 1, 1), peer_training=False, formal_supervision=True)
    for informant in (InformantType.PEER_WORKER, InformantType.SUPERVISOR):
        interview = InterviewFactory(wave=later, initiative=initiative_a, informant_type=informant)
        n = len(items_for(interview))
        rate(interview, researcher, [1] * n)
        rate(interview, second_researcher, [1] * n)
        agree(interview, [researcher, second_researcher])
    found = {t.initiative.research_code: t for t in selectors.trajectories()}
    p01 = found["P-01"]
    assert [point.wave.name for point in p01.points] == ["Wave 1", "Wave 2"]
    assert p01.points[1].score.total == pytest.approx(1.0)
    assert p01.change == pytest.approx(1.0 - p01.points[0].score.total)
    assert found["P-02"].change is None  # one wave only
    erosion = selectors.erosion(list(found.values()), drop=0.5)
    assert [t.initiative.research_code for t in erosion.fell] == ["P-01"]
    assert erosion.held == []
    training = next(row for row in erosion.rows if row.label == "Peer-specific training course")
    assert training.fell == (0, 1)
    supervision = next(row for row in erosion.rows if row.label == "Regular formal supervision")
    assert supervision.fell == (1, 1)
    quarter = p01.quarters.index(dt.date(2025, 1, 1))
    facts = dict(p01.facts)
    assert facts["Regular formal supervision"][quarter].label == "yes"
