"""The comparison's downloads: the same figures as the pages, as tables for CSV and XLSX, with a
data dictionary. Files are written by ``peerwork.lib.exports`` (formula-safe in every column).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from comparison import selectors
from comparison.disclosure import MEASURES, STATE_LABELS, State
from comparison.facts import FACTS, GROUP_LABELS
from comparison.models import PracticeProfile
from comparison.selectors import Matrix, Selection, Shown
from peerwork.lib.dates import quarter_label
from peerwork.lib.exports import Table, csv_response, xlsx_response

__all__ = ["tables_for", "csv_response", "xlsx_response"]


def _state(shown: Shown) -> str:
    return str(shown.state)


def _period_note(selection: Selection) -> str:
    year = selection.people_year
    return _(
        "Practice facts as at %(quarter)s; people figures for %(year)s (published for whole "
        "years only)."
    ) % {
        "quarter": quarter_label(selection.last),
        "year": year if year is not None else _("no whole year in the period"),
    }


MATRIX_HEADER = [
    "column",
    "column_kind",
    "context",
    "section",
    "figure",
    "option",
    "label",
    "state",
    "value",
    "n",
    "text",
]


def matrix_rows(matrix: Matrix) -> list[list]:
    """Long format: one row per column × figure (× option)."""
    rows = []
    for group, fact_rows in matrix.groups:
        for row in fact_rows:
            if row.is_heading:
                continue
            for column, shown in zip(matrix.columns, row.cells, strict=True):
                rows.append(
                    [
                        column.label,
                        "initiative" if column.key.startswith("initiative:") else "context",
                        column.context,
                        group,
                        row.fact.key,
                        row.option or "",
                        row.label,
                        _state(shown),
                        _number(shown.value),
                        shown.n,
                        shown.text,
                    ]
                )
    for people_row in matrix.people:
        for column, shown in zip(matrix.columns, people_row.cells, strict=True):
            rows.append(
                [
                    column.label,
                    "initiative" if column.key.startswith("initiative:") else "context",
                    column.context,
                    _("People, %(year)s") % {"year": matrix.selection.people_year},
                    people_row.measure.key,
                    "",
                    str(people_row.measure.label),
                    _state(shown),
                    _number(shown.value),
                    shown.n,
                    shown.text,
                ]
            )
    return rows


def _number(value: float | None):
    if value is None:
        return None
    return round(value, 1)


def case_table_rows(table: selectors.CaseTable) -> tuple[list[str], list[list]]:
    header = ["research_code", "context", "place", "identified_name"]
    for heading in table.headings:
        header += [heading, f"{heading} (state)"]
    for measure in MEASURES if table.people_headings else ():
        header += [f"{measure.key}", f"{measure.key}_state"]
    rows = []
    for row in table.rows:
        line = [row.research_code, row.context, row.place, row.name]
        for _label, words in row.words:
            line += [words.text, str(words.state)]
        for shown in row.people:
            line += [shown.text, _state(shown)]
        rows.append(line)
    return header, rows


PROFILE_FIELDS = [fact.key for fact in FACTS] + [
    "campaigns",
    "campaigns_interviewed",
    "campaigns_peer_panel",
]


def profile_rows(selection: Selection) -> tuple[list[str], list[list]]:
    """Pseudonymised organisation-level profiles, one row per initiative per quarter of the
    period. People figures are not here: they are published per year only."""
    places = selectors.places(selection.last)
    chosen = {place.initiative_id: place for place in selectors.selected_places(selection, places)}
    profiles = PracticeProfile.objects.filter(
        quarter__gte=selection.first, quarter__lte=selection.last, initiative_id__in=list(chosen)
    ).order_by("initiative__research_code", "quarter")
    header = ["research_code", "quarter", "context", "region", "settings", *PROFILE_FIELDS]
    rows = []
    codes = {pk: place.research_code for pk, place in chosen.items()}
    for profile in profiles:
        place = chosen[profile.initiative_id]
        line = [
            codes[profile.initiative_id],
            quarter_label(profile.quarter),
            profile.context,
            selectors.region_label(place.region),
            ", ".join(place.settings),
        ]
        for name in PROFILE_FIELDS:
            value = getattr(profile, name)
            if isinstance(value, dict):
                value = ", ".join(sorted(value)) if value else "none"
            line.append(value)
        rows.append(line)
    return header, rows


def dictionary_rows() -> tuple[list[str], list[list]]:
    header = ["name", "section", "kind", "declared_or_derived", "label", "meaning", "source"]
    rows = [
        [
            fact.key,
            str(GROUP_LABELS[fact.group]),
            str(fact.kind),
            _("declared") if fact.declared else _("derived"),
            str(fact.label),
            str(fact.description),
            str(fact.source),
        ]
        for fact in FACTS
    ]
    rows += [
        [
            measure.key,
            _("People (per calendar year)"),
            str(measure.kind),
            _("derived"),
            str(measure.label),
            str(measure.description),
            str(measure.source),
        ]
        for measure in MEASURES
    ]
    rows += [
        [
            f"state:{state.value}",
            _("States"),
            "",
            "",
            str(STATE_LABELS[state]),
            str(STATE_MEANINGS[state]),
            "",
        ]
        for state in State
    ]
    return header, rows


STATE_MEANINGS = {
    State.VALUE: _("A figure or fact on record."),
    State.NONE: _("Recorded, and nobody or nothing: 0 of n, or 'no'."),
    State.NO_DATA: _("Nobody recorded it (for declared facts: not known)."),
    State.NOT_APPLICABLE: _("There is nothing to count (for example nobody reached 12 months)."),
    State.SUPPRESSED: _(
        "Hidden: it would disclose fewer than k people, directly or by subtraction."
    ),
}


def tables_for(
    view: str, selection: Selection, user, *, own: Sequence[PracticeProfile] = ()
) -> list[Table]:
    dictionary = Table(_("Dictionary"), *dictionary_rows())
    if view == "dictionary":
        return [dictionary]
    note = Table(_("About"), ["note"], [[_period_note(selection)], [selection.label]])
    if view == "context":
        matrix = selectors.context_matrix(selection, own=own)
        main = Table(_("By context"), MATRIX_HEADER, matrix_rows(matrix))
    elif view == "initiative":
        matrix = selectors.initiative_matrix(
            Selection(**{**selection.__dict__, "page": 1}), user, paginate=False
        )
        main = Table(_("By initiative"), MATRIX_HEADER, matrix_rows(matrix))
    elif view == "case-table":
        table = selectors.case_table(selection, user, paginate=False)
        main = Table(_("Case table"), *case_table_rows(table))
    else:
        main = Table(_("Profiles"), *profile_rows(selection))
    return [main, dictionary, note]
