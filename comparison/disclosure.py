"""Disclosure control for the people figures of the comparison.

A site often has two to five peer workers, so a count of one or two people identifies someone.
Organisation-level practice facts (how an initiative recruits, trains, supervises) are not about
people and are shown as they are. People figures — headcount (with its WTE), starters, leavers,
retention at 6 and 12 months, training completion, supervision on time — are published only as
one table per whole calendar year, protected as a whole, and every view (pages, plots, exports,
the API) shows a projection of that stored table. The rules:

1. **Whole years only.** People figures are computed for calendar years, never for another span,
   so no two views cover nested periods of the same figure.
2. **Fixed populations.** A context's figure always covers every initiative of that context (and
   "all" every initiative); filters choose which published figures are displayed, never what a
   figure counts.
3. **Primary rule.** Every count a figure discloses is 0 or at least k: a count itself; for a
   share, the people it is "of" and both the people who have it and those who do not (so
   "6 of 7 retained" is suppressed: it discloses the one who left).
4. **Complementary rule.** Figures that add up form relations: a context and its initiatives,
   "all" and the contexts. When a relation has hidden figures, what they sum to (the total minus
   the shown parts) must itself pass the primary rule — also after subtracting any one of them,
   since a service manager knows their own initiative's figure; otherwise the smallest shown
   part is hidden too, and so on, down to the total.
5. **From one year to the next.** Headcount at the end of a year is last year's headcount plus
   starters minus leavers, so when exactly one of this year's headcount, starters and leavers
   would be hidden beside a shown headcount for last year, a second is hidden. Retention at 12
   months counts the people who started the year before: it is hidden when their starters figure
   was.

Suppressed figures are stored without their numbers, so nothing hidden can leak from the table.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class State(StrEnum):
    """The five states a figure can be in; each is shown distinctly everywhere."""

    VALUE = "value"
    NONE = "none"  # recorded, and nobody: "0 of 12"
    NO_DATA = "no_data"  # nobody recorded it
    NOT_APPLICABLE = "not_applicable"  # there is nothing to count (e.g. nobody reached 12 months)
    SUPPRESSED = "suppressed"


STATE_LABELS = {
    State.VALUE: _("value"),
    State.NONE: _("none"),
    State.NO_DATA: _("no data"),
    State.NOT_APPLICABLE: _("not applicable"),
    State.SUPPRESSED: _("suppressed"),
}


class Kind(StrEnum):
    COUNT = "count"
    SHARE = "share"


@dataclass(frozen=True)
class Measure:
    key: str
    kind: Kind
    label: str
    description: str
    source: str


MEASURES: tuple[Measure, ...] = (
    Measure(
        "headcount",
        Kind.COUNT,
        _("Peer workers in post"),
        _(
            "People in a peer worker role on the last day of the year, with their whole-time equivalent (contracted hours ÷ 37.5; roles whose hours were not stated are left out of the WTE)."
        ),
        _("Peer workers' start and end dates; each role's terms in force that day."),
    ),
    Measure(
        "starters",
        Kind.COUNT,
        _("Starters"),
        _("People who started in a peer worker role during the year."),
        _("Peer workers' start dates."),
    ),
    Measure(
        "leavers",
        Kind.COUNT,
        _("Leavers"),
        _("People whose peer worker post ended during the year."),
        _("Peer workers' end dates."),
    ),
    Measure(
        "retention_6",
        Kind.SHARE,
        _("Retained at 6 months"),
        _(
            "Of the people whose sixth month in post fell in the year (they started from July of the year before to June), how many were still in post six months after they started."
        ),
        _("Peer workers' start and end dates."),
    ),
    Measure(
        "retention_12",
        Kind.SHARE,
        _("Retained at 12 months"),
        _(
            "Of the people who started the year before, how many were still in post a year after they started."
        ),
        _("Peer workers' start and end dates."),
    ),
    Measure(
        "training",
        Kind.SHARE,
        _("Training completed"),
        _(
            "Of the peer workers in post on the last day of the year whose role requires training, how many had completed every programme it requires."
        ),
        _("Required training of each role; training completions."),
    ),
    Measure(
        "supervision",
        Kind.SHARE,
        _("Supervision on time"),
        _(
            "Of the peer workers in post on the last day of the year with a formal supervision arrangement, how many had none overdue (their last signed session, or the start, plus the expected interval, was not before that day)."
        ),
        _("Supervision arrangements and signed session records."),
    ),
)
MEASURE_KEYS = tuple(measure.key for measure in MEASURES)


@dataclass(frozen=True)
class Figure:
    """One people figure. ``numerator`` is the count (for a count) or the people who have it
    (for a share); ``denominator`` is what a share is "of" (None for a count)."""

    kind: Kind
    state: State
    numerator: int | None = None
    denominator: int | None = None
    wte: Decimal | None = None

    @property
    def is_hidden(self) -> bool:
        return self.state == State.SUPPRESSED

    @property
    def is_counted(self) -> bool:
        """It adds people to a total (zero-valued and missing figures add nothing)."""
        return self.state in (State.VALUE, State.NONE, State.SUPPRESSED)

    def components(self) -> tuple[int, ...]:
        """The counts of people the figure discloses."""
        if not self.is_counted or self.numerator is None:
            return ()
        if self.kind == Kind.COUNT:
            return (self.numerator,)
        assert self.denominator is not None
        return (self.numerator, self.denominator - self.numerator)

    @property
    def weight(self) -> int:
        return (self.denominator if self.kind == Kind.SHARE else self.numerator) or 0

    def hidden(self) -> Figure:
        return Figure(self.kind, State.SUPPRESSED)

    @property
    def share(self) -> float | None:
        if self.kind != Kind.SHARE or self.state not in (State.VALUE, State.NONE):
            return None
        return 100 * (self.numerator or 0) / (self.denominator or 1)

    def as_dict(self) -> dict:
        data: dict = {"state": self.state.value}
        if self.state in (State.VALUE, State.NONE):
            data["n"] = self.numerator
            if self.kind == Kind.SHARE:
                data["of"] = self.denominator
            if self.wte is not None:
                data["wte"] = str(self.wte)
        return data

    @classmethod
    def from_dict(cls, kind: Kind, data: Mapping) -> Figure:
        wte = data.get("wte")
        return cls(
            kind,
            State(data["state"]),
            data.get("n"),
            data.get("of"),
            Decimal(wte) if wte is not None else None,
        )


def passes(counts: Iterable[int], k: int) -> bool:
    """The primary rule: every count is 0 or at least ``k``."""
    return all(count == 0 or count >= k for count in counts)


def count_figure(value: int, *, recorded: bool, wte: Decimal | None = None) -> Figure:
    if not recorded:
        return Figure(Kind.COUNT, State.NO_DATA)
    return Figure(Kind.COUNT, State.VALUE if value else State.NONE, value, None, wte)


def share_figure(numerator: int, denominator: int, *, recorded: bool) -> Figure:
    if not recorded:
        return Figure(Kind.SHARE, State.NO_DATA)
    if not denominator:
        return Figure(Kind.SHARE, State.NOT_APPLICABLE)
    return Figure(Kind.SHARE, State.VALUE if numerator else State.NONE, numerator, denominator)


def add(figures: Sequence[Figure], kind: Kind) -> Figure:
    """A total of figures before suppression (a context of its initiatives)."""
    counted = [figure for figure in figures if figure.is_counted]
    if not counted:
        states = {figure.state for figure in figures}
        if State.NO_DATA in states or not states:
            return Figure(kind, State.NO_DATA)
        return Figure(kind, State.NOT_APPLICABLE)
    numerator = sum(figure.numerator or 0 for figure in counted)
    denominator = sum(figure.denominator or 0 for figure in counted) if kind == Kind.SHARE else None
    wtes = [figure.wte for figure in counted if figure.wte is not None]
    wte = sum(wtes, Decimal(0)) if wtes else None
    if kind == Kind.SHARE and not denominator:
        return Figure(kind, State.NOT_APPLICABLE)
    return Figure(kind, State.VALUE if numerator else State.NONE, numerator, denominator, wte)


Key = Hashable
Table = dict[Key, dict[str, Figure]]  # column → measure → figure


def _hide(table: Table, column: Key, measure: str) -> bool:
    figure = table[column][measure]
    if figure.is_hidden:
        return False
    table[column][measure] = figure.hidden()
    return True


def protect(
    raw: Table,
    *,
    hierarchy: Mapping[Key, Sequence[Key]],
    k: int,
    previous: Mapping[Key, Mapping[str, Figure]] | None = None,
    previous_raw: Mapping[Key, Mapping[str, Figure]] | None = None,
) -> Table:
    """The published table: ``raw`` (unsuppressed figures per column) with rules 3–5 applied.

    ``hierarchy`` maps each total column to its part columns. ``previous`` is last year's
    published table and ``previous_raw`` its figures before suppression (for rule 5).
    """
    table: Table = {column: dict(figures) for column, figures in raw.items()}
    for column in table:
        for measure, figure in table[column].items():
            if figure.is_counted and not passes(figure.components(), k):
                _hide(table, column, measure)
    if previous:
        for column in table:
            starters_before = previous.get(column, {}).get("starters")
            if starters_before is not None and starters_before.is_hidden:
                _hide(table, column, "retention_12")
    changed = True
    while changed:
        changed = False
        for total, parts in hierarchy.items():
            for measure in table[total]:
                changed |= _protect_sum(raw, table, total, parts, measure, k)
        if previous:
            for column in table:
                changed |= _protect_stock_flow(table, previous, column)
    return table


def _protect_sum(
    raw: Table, table: Table, total: Key, parts: Sequence[Key], measure: str, k: int
) -> bool:
    if table[total][measure].is_hidden:
        return False
    hidden = [part for part in parts if table[part][measure].is_hidden]
    if not hidden:
        return False
    remainder = [0, 0]
    for part in hidden:
        for index, count in enumerate(raw[part][measure].components()):
            remainder[index] += count
    if _remainder_safe(remainder, [raw[part][measure].components() for part in hidden], k):
        return False
    shown = sorted(
        (
            part
            for part in parts
            if not table[part][measure].is_hidden and table[part][measure].weight > 0
        ),
        key=lambda part: (raw[part][measure].weight, str(part)),
    )
    if shown:
        return _hide(table, shown[0], measure)
    return _hide(table, total, measure)


def _remainder_safe(remainder: list[int], hidden: list[tuple[int, ...]], k: int) -> bool:
    """The hidden figures of a relation sum to ``remainder``: it must pass the primary rule, and
    so must what is left when any one of them is subtracted, because whoever runs that
    initiative knows its own figure."""
    if not passes(remainder, k):
        return False
    for components in hidden:
        rest = [
            total - (components[i] if i < len(components) else 0)
            for i, total in enumerate(remainder)
        ]
        if not passes(rest, k):
            return False
    return True


def _protect_stock_flow(
    table: Table, previous: Mapping[Key, Mapping[str, Figure]], column: Key
) -> bool:
    before = previous.get(column, {}).get("headcount")
    if before is None or before.is_hidden or not before.is_counted:
        return False
    figures = table[column]
    unknown = [
        measure for measure in ("headcount", "starters", "leavers") if figures[measure].is_hidden
    ]
    if len(unknown) != 1:
        return False
    if unknown[0] == "headcount":
        flows = [m for m in ("starters", "leavers") if figures[m].is_counted]
        if not flows:
            return False
        return _hide(table, column, max(flows, key=lambda m: figures[m].weight))
    return _hide(table, column, "headcount")


def revealed(
    shown: Mapping[tuple[Key, str], Figure],
    raw: Mapping[tuple[Key, str], Figure],
    *,
    hierarchy: Mapping[Key, Sequence[Key]],
    k: int,
) -> list[str]:
    """What an attacker holding ``shown`` figures (any views together) can work out that rules
    3–4 forbid: for each sum relation with a shown total, the hidden remainder's counts, also
    for an attacker who knows one hidden part (their own initiative's figure).

    Used by the tests as an independent check of ``protect``; returns descriptions of leaks.
    """
    leaks = []
    for total, parts in hierarchy.items():
        measures = {measure for (column, measure) in shown if column == total}
        for measure in measures:
            total_figure = shown[(total, measure)]
            if total_figure.is_hidden or not total_figure.is_counted:
                continue
            hidden_parts = [
                part
                for part in parts
                if (part, measure) not in shown or shown[(part, measure)].is_hidden
            ]
            if not hidden_parts:
                continue
            remainder = list(total_figure.components())
            for part in parts:
                if part in hidden_parts:
                    continue
                for index, count in enumerate(shown[(part, measure)].components()):
                    remainder[index] -= count
            truth = [0] * len(remainder)
            for part in hidden_parts:
                for index, count in enumerate(raw[(part, measure)].components()):
                    truth[index] += count
            if remainder != truth:
                leaks.append(f"inconsistent figures for {measure} in {total}")
            elif not passes(remainder, k):
                leaks.append(f"{measure}: {total} minus its shown parts reveals {remainder}")
            else:
                for part in hidden_parts:
                    own = raw[(part, measure)].components()
                    rest = [
                        value - (own[i] if i < len(own) else 0) for i, value in enumerate(remainder)
                    ]
                    if not passes(rest, k):
                        leaks.append(
                            f"{measure}: whoever runs {part} can work out {rest} in {total}"
                        )
    for (column, measure), figure in shown.items():
        if figure.is_counted and not figure.is_hidden and not passes(figure.components(), k):
            leaks.append(f"{measure} of {column} shows a small count {figure.components()}")
    return leaks


def replace_state(figure: Figure, state: State) -> Figure:
    return replace(figure, state=state)
