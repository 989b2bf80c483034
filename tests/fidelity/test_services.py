"""Instruments and their versions, waves, ratings and consensus: the rules and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fidelity import services
from fidelity.models import (
    Consensus,
    ConsensusScore,
    InformantType,
    Instrument,
    Interview,
    Item,
    ItemRating,
    Rating,
    RatingStatus,
    WaveSite,
)
from fidelity.vocabularies import ILLUSTRATIVE_SLUG
from tests.factories import InitiativeFactory
from tests.fidelity.factories import (
    InterviewFactory,
    ResearcherFactory,
    WaveFactory,
    agree,
    illustrative_instrument,
    items_for,
    rate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def raters():
    return ResearcherFactory(full_name="Rae One"), ResearcherFactory(full_name="Rob Two")


# --- The seeded instrument and versions -------------------------------------------------------


def test_the_seeded_instrument_has_the_four_domains_and_says_its_items_are_illustrative():
    instrument = illustrative_instrument()
    assert instrument.is_illustrative
    assert "ILLUSTRATIVE" in instrument.licence_note
    assert [domain.name for domain in instrument.domains.all()] == [
        "Building trusting relationships based on shared lived experience",
        "Reciprocity and mutuality",
        "Leadership, choice and control",
        "Building strengths and making connections to community",
    ]
    assert all(item.text.startswith("[Illustrative]") for item in instrument.items.all())
    assert instrument.scale == [1, 2, 3, 4]
    assert list(instrument.points.values_list("label", flat=True)) == [
        "Absent",
        "Partly present",
        "Mostly present",
        "Fully present",
    ]


def test_a_version_in_use_cannot_change_and_a_new_version_can(raters):
    instrument = illustrative_instrument()
    wave = WaveFactory(instrument=instrument, name="Wave A")
    header = services.import_columns(instrument)
    rows = [["trust", "Trust", "X1", "An item", "yes", "yes", "no", "a", "b", "c", "d"]]
    with pytest.raises(ValidationError, match="in use by the wave “Wave A”"):
        services.instrument_import_items(instrument=instrument, header=header, rows=rows)
    assert instrument.items.count() == 12

    new = services.instrument_new_version(instrument=instrument, created_by=raters[0])
    assert (new.name, new.version, new.previous) == (instrument.name, 2, instrument)
    assert new.items.count() == 12 and new.domains.count() == 4
    assert services.instrument_import_items(instrument=new, header=header, rows=rows) == 1
    assert list(new.items.values_list("code", flat=True)) == ["X1"]
    assert instrument.items.count() == 12  # the version in use is untouched
    assert wave.instrument == instrument


def test_an_item_file_with_bad_rows_is_refused_whole_with_row_and_column():
    instrument = services.instrument_new_version(
        instrument=illustrative_instrument(), created_by=None
    )
    header = services.import_columns(instrument)
    rows = [
        ["trust", "Trust", "A1", "Fine item", "yes", "no", "no", "", "", "", ""],
        ["trust", "Trust", "A1", "Same code", "yes", "no", "no", "", "", "", ""],
        ["mut", "Mutuality", "B1", "", "maybe", "no", "no", "", "", "", ""],
    ]
    with pytest.raises(ValidationError) as refused:
        services.instrument_import_items(instrument=instrument, header=header, rows=rows)
    messages = refused.value.messages
    assert "Row 3, column “code”: this code is used twice" in messages
    assert "Row 4, column “item”: the item text is empty" in messages
    assert "Row 4, column “peer_worker”: write yes or no" in messages
    assert instrument.items.count() == 12  # nothing applied


def test_an_item_file_without_the_expected_columns_names_them():
    instrument = services.instrument_new_version(
        instrument=illustrative_instrument(), created_by=None
    )
    with pytest.raises(ValidationError, match="missing: supervisor, person_supported"):
        services.instrument_import_items(
            instrument=instrument,
            header=["domain_key", "domain", "code", "item", "peer_worker"],
            rows=[],
        )


def test_a_new_instrument_needs_a_consecutive_scale():
    with pytest.raises(ValidationError, match="consecutive"):
        services.instrument_create(
            name="My index",
            citation="",
            licence_note="",
            scale_labels=[(1, "low"), (3, "high")],
            created_by=None,
        )
    created = services.instrument_create(
        name="My index",
        citation="",
        licence_note="Licensed to the team",
        scale_labels=[(0, "absent"), (1, "some"), (2, "full")],
        created_by=None,
    )
    assert (created.version, created.scale) == (1, [0, 1, 2])
    assert Instrument.objects.filter(name="My index").count() == 1


# --- Waves --------------------------------------------------------------------------------


def test_a_site_cannot_take_part_in_two_waves_that_overlap():
    initiative = InitiativeFactory(research_code="P-31")
    first = WaveFactory(name="Spring", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    second = WaveFactory(name="Summer", starts_on=dt.date(2024, 6, 1), ends_on=dt.date(2024, 9, 30))
    services.wave_site_add(wave=first, initiative=initiative)
    with pytest.raises(ValidationError, match="P-31 already takes part in the wave “Spring”"):
        services.wave_site_add(wave=second, initiative=initiative)
    assert not WaveSite.objects.filter(wave=second).exists()
    # Moving a wave onto another of the same site's waves is refused too.
    third = WaveFactory(name="Autumn", starts_on=dt.date(2024, 10, 1), ends_on=dt.date(2024, 12, 1))
    services.wave_site_add(wave=third, initiative=initiative)
    with pytest.raises(ValidationError, match="may not overlap"):
        services.wave_update(
            wave=third, name="Autumn", starts_on=dt.date(2024, 6, 15), ends_on=dt.date(2024, 12, 1)
        )
    third.refresh_from_db()
    assert third.starts_on == dt.date(2024, 10, 1)


def test_an_interview_outside_the_wave_dates_is_refused():
    wave = WaveFactory(starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 3, 31))
    with pytest.raises(ValidationError, match="The wave runs from 2024-01-01 to 2024-03-31"):
        services.interview_add(
            wave=wave,
            initiative=InitiativeFactory(),
            informant_type=InformantType.SUPERVISOR,
            reference="S-1",
            interviewed_on=dt.date(2024, 5, 1),
            source=None,
            added_by=None,
        )
    assert not Interview.objects.exists()


# --- Ratings -------------------------------------------------------------------------------


def test_a_rating_outside_the_scale_is_refused_and_nothing_saved(raters):
    interview = InterviewFactory()
    rating = services.rating_start(interview=interview, rater=raters[0])
    items = items_for(interview)
    with pytest.raises(ValidationError, match=r"Item T1: 5 is outside the scale 1–4"):
        services.rating_save(
            rating=rating,
            scores={items[0].pk: 5, items[1].pk: 3},
            notes={},
            submit=False,
            expected_version=rating.version,
        )
    assert not ItemRating.objects.exists()


def test_an_item_not_rated_for_the_informant_is_refused(raters):
    interview = InterviewFactory(informant_type=InformantType.PERSON_SUPPORTED)
    # T2 is rated from peer workers' and supervisors' interviews only.
    t2 = Item.objects.get(instrument=interview.wave.instrument, code="T2")
    assert t2 not in items_for(interview)
    rating = services.rating_start(interview=interview, rater=raters[0])
    with pytest.raises(
        ValidationError, match="Item T2 is not rated from an interview with a person supported"
    ):
        services.rating_save(
            rating=rating, scores={t2.pk: 2}, notes={}, submit=False, expected_version=1
        )
    assert not ItemRating.objects.exists()


def test_a_second_rating_by_the_same_researcher_is_refused(raters):
    interview = InterviewFactory()
    services.rating_start(interview=interview, rater=raters[0])
    with pytest.raises(ValidationError, match="a second rating must come from another researcher"):
        services.rating_start(interview=interview, rater=raters[0])
    services.rating_start(interview=interview, rater=raters[1])
    with pytest.raises(ValidationError, match="already has two raters"):
        services.rating_start(interview=interview, rater=ResearcherFactory())
    assert Rating.objects.filter(interview=interview).count() == 2


def test_submitting_needs_every_applicable_item(raters):
    interview = InterviewFactory()
    items = items_for(interview)
    rating = services.rating_start(interview=interview, rater=raters[0])
    with pytest.raises(ValidationError, match="missing: "):
        services.rating_save(
            rating=rating,
            scores={items[0].pk: 3},
            notes={items[0].pk: "Clear examples"},
            submit=True,
            expected_version=rating.version,
        )
    rating.refresh_from_db()
    assert rating.status == RatingStatus.DRAFT
    saved = rate(interview, raters[0], [3] * len(items), notes={"T1": "Clear examples"})
    assert saved.status == RatingStatus.SUBMITTED
    assert saved.scores.get(item__code="T1").note == "Clear examples"


def test_a_submitted_rating_locks_once_both_are_in(raters):
    interview = InterviewFactory()
    n = len(items_for(interview))
    rate(interview, raters[0], [3] * n)
    rate(interview, raters[0], [2] * n)  # the other has not rated yet: still the rater's own
    rate(interview, raters[1], [2] * n)
    with pytest.raises(ValidationError, match="settled in the consensus"):
        rate(interview, raters[0], [4] * n)
    assert set(Rating.objects.get(rater=raters[0]).scores.values_list("score", flat=True)) == {2}


# --- Blind rule ------------------------------------------------------------------------------


def test_the_second_rater_sees_no_other_rating_until_both_are_submitted(raters):
    first, second = raters
    interview = InterviewFactory()
    n = len(items_for(interview))
    rate(interview, first, [3] * n)
    services.rating_start(interview=interview, rater=second)
    assert list(Rating.objects.visible_to(second).values_list("rater", flat=True)) == [second.pk]
    assert list(Rating.objects.visible_to(first).values_list("rater", flat=True)) == [first.pk]
    rate(interview, second, [2] * n, submit=False)
    assert Rating.objects.visible_to(second).count() == 1
    rate(interview, second, [2] * n)
    assert Rating.objects.visible_to(second).count() == 2
    assert Rating.objects.visible_to(first).count() == 2


# --- Consensus ---------------------------------------------------------------------------------


def test_consensus_needs_both_ratings_then_settles_each_disagreement(raters):
    first, second = raters
    interview = InterviewFactory()
    items = items_for(interview)
    rate(interview, first, {item.code: 3 for item in items})
    with pytest.raises(ValidationError, match="Both ratings of .* must be submitted"):
        agree(interview, raters)
    rate(interview, second, {item.code: (2 if item.code == "R1" else 3) for item in items})
    with pytest.raises(ValidationError, match="Item R1: the raters differ"):
        agree(interview, raters)
    consensus = agree(interview, raters, {"R1": 2})
    assert set(consensus.agreed_by.all()) == {first, second}
    assert consensus.recorded_by == first
    scores = dict(ConsensusScore.objects.values_list("item__code", "score"))
    assert scores["R1"] == 2 and scores["T1"] == 3 and len(scores) == len(items)


def test_ratings_cannot_be_edited_after_consensus(raters):
    interview = InterviewFactory()
    n = len(items_for(interview))
    rate(interview, raters[0], [3] * n)
    rate(interview, raters[1], [3] * n)
    agree(interview, raters)
    rating = Rating.objects.get(rater=raters[0])
    with pytest.raises(ValidationError, match="A consensus has been recorded"):
        services.rating_save(
            rating=rating,
            scores={items_for(interview)[0].pk: 1},
            notes={},
            submit=True,
            expected_version=rating.version,
        )
    with pytest.raises(ValidationError, match="A consensus has been recorded"):
        agree(interview, raters)
    assert Consensus.objects.count() == 1
    assert not rating.scores.filter(score=1).exists()


def test_the_seeded_instrument_is_found_by_its_slug():
    assert Instrument.objects.filter(slug=ILLUSTRATIVE_SLUG).count() == 1
