"""The seeded instrument: the four domains of the peer support fidelity index with an
*illustrative* item set (run on ``post_migrate``; idempotent).

The domains are those of the published index (Gillard et al. 2021, built on the principles of
peer support, Gillard et al. 2017). The published items are not reproduced: every item below was
written for peerwork to show how an instrument works, and the instrument says so on every page
(``Instrument.is_illustrative``). Research teams enter or import their licensed item texts as
an instrument of their own.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

ILLUSTRATIVE_SLUG = "peer-support-fidelity-illustrative"
ILLUSTRATIVE_NAME = "Peer support fidelity (illustrative items)"
CITATION = (
    "Domains from: Gillard S, et al. Developing a fidelity index for peer support in mental "
    "health services. Soc Psychiatry Psychiatr Epidemiol 2021;56(10). Principles: Gillard S, "
    "et al. Ment Health Soc Incl 2017;21(3)."
)
LICENCE_NOTE = (
    "ILLUSTRATIVE ITEMS ONLY. The published index's item texts are not reproduced here; these "
    "items were written for peerwork to demonstrate rating, agreement and scoring. Enter or "
    "import your licensed item texts as a new instrument before rating real interviews."
)
SCALE = [
    (1, "Absent"),
    (2, "Partly present"),
    (3, "Mostly present"),
    (4, "Fully present"),
]

PW, SUP, PS = "peer_worker", "supervisor", "person_supported"
ALL = (PW, SUP, PS)

# (key, name, [(code, text, informant types), ...])
DOMAINS: list[tuple[str, str, list[tuple[str, str, tuple[str, ...]]]]] = [
    (
        "trust",
        "Building trusting relationships based on shared lived experience",
        [
            (
                "T1",
                "[Illustrative] The peer worker draws on their own lived experience when it helps the person supported.",
                ALL,
            ),
            (
                "T2",
                "[Illustrative] The peer worker decides for themselves what to share about their experience, and when.",
                (PW, SUP),
            ),
            (
                "T3",
                "[Illustrative] Time is made for the relationship itself, not only for tasks.",
                ALL,
            ),
        ],
    ),
    (
        "reciprocity",
        "Reciprocity and mutuality",
        [
            (
                "R1",
                "[Illustrative] The relationship is described as two-way: both people learn from it.",
                ALL,
            ),
            (
                "R2",
                "[Illustrative] Power is shared: the peer worker avoids acting as an expert over the person.",
                ALL,
            ),
            (
                "R3",
                "[Illustrative] The peer worker is not asked to take on clinical or monitoring tasks.",
                (PW, SUP),
            ),
        ],
    ),
    (
        "leadership",
        "Leadership, choice and control",
        [
            (
                "L1",
                "[Illustrative] The person supported chooses the goals and the pace of the work.",
                ALL,
            ),
            (
                "L2",
                "[Illustrative] Peer workers shape how the peer role is developed in the service.",
                (PW, SUP),
            ),
            (
                "L3",
                "[Illustrative] Contact is flexible about place and time, as the person prefers.",
                (PW, PS),
            ),
        ],
    ),
    (
        "community",
        "Building strengths and making connections to community",
        [
            (
                "C1",
                "[Illustrative] The work starts from the person's strengths rather than their problems.",
                ALL,
            ),
            (
                "C2",
                "[Illustrative] The peer worker helps the person connect with groups and activities beyond services.",
                ALL,
            ),
            (
                "C3",
                "[Illustrative] The peer worker knows local community resources and how to reach them.",
                (PW, SUP),
            ),
        ],
    ),
]

ANCHORS = {
    1: "Not described, or described as absent.",
    2: "Described occasionally or only in part.",
    3: "Described as usual practice, with some exceptions.",
    4: "Described consistently, with concrete examples.",
}


def seed_instrument(**kwargs: Any) -> None:
    """Create the illustrative instrument (version 1) if it does not exist yet."""
    from fidelity.models import Anchor, Domain, Instrument, Item, ScalePoint

    if Instrument.objects.filter(slug=ILLUSTRATIVE_SLUG).exists():
        return
    with transaction.atomic():
        instrument = Instrument.objects.create(
            name=ILLUSTRATIVE_NAME,
            slug=ILLUSTRATIVE_SLUG,
            citation=CITATION,
            licence_note=LICENCE_NOTE,
            is_illustrative=True,
            scale_min=SCALE[0][0],
            scale_max=SCALE[-1][0],
        )
        for value, label in SCALE:
            ScalePoint.objects.create(instrument=instrument, value=value, label=label)
        for domain_position, (key, name, items) in enumerate(DOMAINS):
            domain = Domain.objects.create(
                instrument=instrument, key=key, name=name, position=domain_position
            )
            for position, (code, text, informants) in enumerate(items):
                item = Item.objects.create(
                    instrument=instrument,
                    domain=domain,
                    code=code,
                    text=text,
                    position=position,
                    for_peer_worker=PW in informants,
                    for_supervisor=SUP in informants,
                    for_person_supported=PS in informants,
                )
                for value, text_of_anchor in ANCHORS.items():
                    Anchor.objects.create(item=item, value=value, text=text_of_anchor)
