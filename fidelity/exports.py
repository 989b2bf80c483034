"""Ratings and scores as tables for CSV, XLSX and JSON, with a data dictionary.

Written only through ``peerwork.lib.exports``. The ratings a user receives are exactly those
``Rating.objects.visible_to`` lets them see (their own, and both ratings of interviews whose
two ratings are submitted), plus recorded consensus scores: an export never shows a second
rater the first rating early. Sites appear by research code, raters by a pseudonymous code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from fidelity.models import (
    ConsensusScore,
    InformantType,
    Item,
    ItemRating,
    Rating,
    RatingStatus,
    Wave,
)
from fidelity.selectors import domains_of, site_scores
from peerwork.lib.exports import Table

LONG_COLUMNS = [
    "wave",
    "site",
    "context",
    "interview",
    "informant",
    "rater",
    "rater_position",
    "domain",
    "item",
    "score",
    "note",
    "submitted",
]

DICTIONARY_HEADER = ["column", "meaning", "values"]


def rater_code(user_public_id: Any) -> str:
    """A stable pseudonymous code for a researcher (the same in every export)."""
    return f"R-{str(user_public_id).replace('-', '')[:8]}"


def _long_rows(wave: Wave, user: Any) -> list[list[Any]]:
    informants = dict(InformantType.choices)
    rows: list[list[Any]] = []
    positions: dict[int, dict[int, int]] = {}
    ratings = (
        Rating.objects.visible_to(user)
        .filter(interview__wave=wave, status=RatingStatus.SUBMITTED)
        .order_by("interview_id", "started", "pk")
        .values_list("pk", "interview_id")
    )
    for rating_id, interview_id in ratings:
        order = positions.setdefault(interview_id, {})
        order[rating_id] = len(order) + 1
    visible = [rating_id for order in positions.values() for rating_id in order]
    for entry in (
        ItemRating.objects.filter(rating_id__in=visible)
        .select_related("rating__interview__initiative", "rating__rater", "item__domain")
        .order_by(
            "rating__interview__initiative__research_code",
            "rating__interview__reference",
            "rating__started",
            "item__domain__position",
            "item__position",
        )
    ):
        interview = entry.rating.interview
        rows.append(
            [
                wave.name,
                interview.initiative.research_code,
                interview.initiative.get_context_display(),
                interview.reference,
                informants.get(interview.informant_type, interview.informant_type),
                rater_code(entry.rating.rater.public_id),
                positions[interview.pk][entry.rating_id],
                entry.item.domain.key,
                entry.item.code,
                entry.score,
                entry.note,
                entry.rating.submitted.date() if entry.rating.submitted else None,
            ]
        )
    for score in (
        ConsensusScore.objects.filter(consensus__interview__wave=wave)
        .select_related("consensus__interview__initiative", "item__domain", "consensus")
        .order_by(
            "consensus__interview__initiative__research_code",
            "consensus__interview__reference",
            "item__domain__position",
            "item__position",
        )
    ):
        interview = score.consensus.interview
        rows.append(
            [
                wave.name,
                interview.initiative.research_code,
                interview.initiative.get_context_display(),
                interview.reference,
                informants.get(interview.informant_type, interview.informant_type),
                "consensus",
                0,
                score.item.domain.key,
                score.item.code,
                score.score,
                score.note,
                score.consensus.recorded.date(),
            ]
        )
    return rows


def long_table(wave: Wave, user: Any) -> Table:
    """One row per item × interview × rater (consensus rows have rater ``consensus``)."""
    return Table(_("Ratings (long)"), LONG_COLUMNS, _long_rows(wave, user))


def wide_table(wave: Wave, user: Any) -> Table:
    """One row per interview × rater, one column per item."""
    items: Sequence[Item] = list(
        wave.instrument.items.select_related("domain").order_by("domain__position", "position")
    )
    header = ["wave", "site", "context", "interview", "informant", "rater", "rater_position"]
    header += [item.code for item in items]
    index = {item.code: position for position, item in enumerate(items)}
    grouped: dict[tuple[str, str, str], list[Any]] = {}
    for row in _long_rows(wave, user):
        key = (row[1], row[3], row[5])
        if key not in grouped:
            grouped[key] = row[:7] + [None] * len(items)
        grouped[key][7 + index[row[8]]] = row[9]
    return Table(_("Ratings (wide)"), header, list(grouped.values()))


def scores_table(wave: Wave) -> Table:
    """Each site's consensus domain scores and total in the wave."""
    domains = domains_of(wave.instrument)
    header = ["wave", "site", "context", "interviews", *(d.key for d in domains), "total"]
    rows = []
    for score in sorted(site_scores(wave_ids=[wave.pk]).values(), key=lambda s: s.research_code):
        rows.append(
            [
                wave.name,
                score.research_code,
                score.context,
                score.interviews,
                *(
                    round(score.domains[d.key], 3) if d.key in score.domains else None
                    for d in domains
                ),
                round(score.total, 3) if score.total is not None else None,
            ]
        )
    return Table(_("Site scores"), header, rows)


def dictionary_table(wave: Wave) -> Table:
    """What every column of the ratings and scores files means."""
    instrument = wave.instrument
    scale = ", ".join(
        f"{value} = {label}" for value, label in instrument.points.values_list("value", "label")
    )
    rows: list[list[Any]] = [
        ["wave", _("The data-collection round."), wave.name],
        ["site", _("The initiative's pseudonymous research code."), "P-nn"],
        [
            "context",
            _("Organisational context of the initiative."),
            "statutory, voluntary, partnership",
        ],
        ["interview", _("Pseudonymous reference of the rated interview."), ""],
        [
            "informant",
            _("Who was interviewed."),
            ", ".join(str(label) for _v, label in InformantType.choices),
        ],
        [
            "rater",
            _("Pseudonymous code of the researcher who rated; 'consensus' for the agreed score."),
            "R-xxxxxxxx, consensus",
        ],
        [
            "rater_position",
            _(
                "1 for the first rater of the interview, 2 for the second (blind), 0 for the consensus."
            ),
            "0, 1, 2",
        ],
        ["domain", _("Domain key of the item."), ", ".join(d.key for d in domains_of(instrument))],
        ["item", _("Item code."), ""],
        ["score", _("The score given (%(instrument)s).") % {"instrument": str(instrument)}, scale],
        ["note", _("The rater's note on the item."), ""],
        ["submitted", _("Date the rating was submitted or the consensus recorded."), "YYYY-MM-DD"],
        ["interviews", _("Interviews with a consensus rating at the site in the wave."), ""],
        ["total", _("Mean of the site's domain scores (each domain counts the same)."), scale],
    ]
    for domain in domains_of(instrument):
        rows.append(
            [
                domain.key,
                _("Site score: mean agreed item score of the domain “%(name)s”.")
                % {"name": domain.name},
                scale,
            ]
        )
    for item in instrument.items.select_related("domain").order_by("domain__position", "position"):
        rows.append([item.code, item.text, ", ".join(item.informant_types)])
    if instrument.is_illustrative:
        rows.append(
            ["note", _("The item texts are illustrative, not the published instrument."), ""]
        )
    return Table(_("Data dictionary"), DICTIONARY_HEADER, rows)


def json_rows(table: Table) -> list[dict[str, Any]]:
    """A table as a list of objects for the JSON format."""
    header = [str(name) for name in table.header]

    def plain(value: Any) -> Any:
        if value is None or isinstance(value, bool | int | float):
            return value
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)

    return [
        {name: plain(value) for name, value in zip(header, row, strict=True)} for row in table.rows
    ]
