"""Reads behind the comparison pages, exports and plots — all from practice profiles and the
published people figures, in a fixed number of queries whatever the number of initiatives.

What a view shows is chosen by a ``Selection`` (a quarter or a span of whole quarters, and
filters). Organisation-level facts describe the span's last quarter. People figures come from
the published table of the latest whole calendar year inside the span (``comparison.disclosure``)
and are never recomputed for a selection: filters choose which published figures are shown.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cases.models import Context, Region, RoleFunction, ServiceSetting
from comparison.disclosure import MEASURES, STATE_LABELS, Figure, Kind, Measure, State
from comparison.facts import FACTS, GROUP_LABELS, Fact, FactKind, function_options
from comparison.models import Generation, IdentifiedAccessGrant, PeopleYear, PracticeProfile
from comparison.words import Words, case_row
from peerwork.lib.dates import quarter_end, quarter_label
from recruitment.models import Route

CONTEXT_ORDER = [Context.STATUTORY, Context.VOLUNTARY, Context.PARTNERSHIP]
ALL = "all"
INITIATIVES_PER_PAGE = 20
CASES_PER_PAGE = 50
ENGLAND = "england"


def generation() -> tuple[int, int]:
    """``(closed, open)``: how many writes closed periods and the open quarter have seen (one
    query by key)."""
    return Generation.objects.filter(pk=1).values_list("closed", "open").first() or (0, 0)


def identified_access_key(user) -> tuple:
    """What the researcher's active identified-access grants reveal (one query): the names a
    page may show them, for cache keys, so a grant, a revocation or a rename shows at once."""
    return tuple(
        IdentifiedAccessGrant.objects.active()
        .filter(researcher=user)
        .order_by("initiative_id", "initiative__partners__organisation__name")
        .values_list(
            "initiative_id", "initiative__name", "initiative__partners__organisation__name"
        )
    )


def threshold() -> int:
    return settings.PEERWORK_SUPPRESSION_THRESHOLD


# --- What is on record ---------------------------------------------------------------------


def available_quarters() -> list[dt.date]:
    """Quarters with profiles, oldest first (one query)."""
    return list(
        PracticeProfile.objects.order_by("quarter").values_list("quarter", flat=True).distinct()
    )


def published_years() -> list[int]:
    """Years whose people figures are published, oldest first (one query)."""
    return list(PeopleYear.objects.order_by("year").values_list("year", flat=True).distinct())


def people_year_for(first: dt.date, last: dt.date, years: Iterable[int]) -> int | None:
    """The latest published calendar year wholly inside the span, or None."""
    inside = [
        year
        for year in years
        if dt.date(year, 1, 1) >= first and dt.date(year, 12, 31) <= quarter_end(last)
    ]
    return max(inside) if inside else None


@dataclass(frozen=True)
class Selection:
    first: dt.date
    last: dt.date
    contexts: tuple[str, ...] = ()
    region: str = ""
    setting: str = ""
    people_year: int | None = None
    page: int = 1

    @property
    def narrows(self) -> bool:
        """A filter that picks some initiatives (contexts only pick columns)."""
        return bool(self.region or self.setting)

    @property
    def last_label(self) -> str:
        return quarter_label(self.last)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return quarter_label(self.first)
        return f"{quarter_label(self.first)} – {quarter_label(self.last)}"

    def as_query(self) -> dict[str, object]:
        query: dict[str, object] = {
            "first": quarter_label(self.first).replace(" ", "-"),
            "last": quarter_label(self.last).replace(" ", "-"),
        }
        if self.contexts:
            query["context"] = list(self.contexts)
        if self.region:
            query["region"] = self.region
        if self.setting:
            query["setting"] = self.setting
        return query

    def slug(self) -> str:
        """For file names: the period and the filters."""
        parts = [quarter_label(self.first).replace(" ", "")]
        if self.last != self.first:
            parts.append(quarter_label(self.last).replace(" ", ""))
        parts += list(self.contexts) + [part for part in (self.region, self.setting) if part]
        return "-".join(parts)


# --- Where an initiative is: region and setting, coarsened -----------------------------------


@dataclass(frozen=True)
class Place:
    initiative_id: int
    research_code: str
    context: str
    region: str  # a Region value, or ENGLAND when coarsened
    settings: tuple[str, ...]  # setting slugs; () when coarsened
    is_coarsened: bool


def places(quarter: dt.date, *, k: int | None = None) -> dict[int, Place]:
    """Every profiled initiative's place in ``quarter`` (one query).

    Region and settings are shown only when at least k initiatives share the same context,
    region and settings; otherwise the settings are left out, and the region too unless k
    initiatives share the context and region ("England").
    """
    k = k or threshold()
    rows = list(
        PracticeProfile.objects.filter(quarter=quarter)
        .order_by()
        .values_list("initiative_id", "initiative__research_code", "context", "region", "settings")
    )
    full: dict[tuple, int] = {}
    regional: dict[tuple, int] = {}
    for _pk, _code, context, region, initiative_settings in rows:
        full[(context, region, tuple(initiative_settings))] = (
            full.get((context, region, tuple(initiative_settings)), 0) + 1
        )
        regional[(context, region)] = regional.get((context, region), 0) + 1
    result = {}
    for pk, code, context, region, initiative_settings in rows:
        key = (context, region, tuple(initiative_settings))
        if full[key] >= k:
            place = Place(pk, code, context, region, tuple(initiative_settings), False)
        elif regional[(context, region)] >= k:
            place = Place(pk, code, context, region, (), True)
        else:
            place = Place(pk, code, context, ENGLAND, (), True)
        result[pk] = place
    return result


def region_label(value: str) -> str:
    if value == ENGLAND or not value:
        return _("England")
    return str(dict(Region.choices).get(value, value))


def setting_names() -> dict[str, str]:
    return dict(ServiceSetting.objects.values_list("slug", "name"))


def _ordered(places_: Iterable[Place]) -> list[Place]:
    order = {context: index for index, context in enumerate(CONTEXT_ORDER)}
    return sorted(places_, key=lambda place: (order.get(place.context, 9), place.research_code))


def selected_places(selection: Selection, all_places: dict[int, Place]) -> list[Place]:
    chosen = []
    for place in all_places.values():
        if selection.contexts and place.context not in selection.contexts:
            continue
        if selection.region and place.region != selection.region:
            continue
        if selection.setting and selection.setting not in place.settings:
            continue
        chosen.append(place)
    return _ordered(chosen)


# --- Cells ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One cell as every view shows it: words, the state, and the number behind a plot."""

    text: str
    state: State
    value: float | None = None  # for plots: a share in %, a count, or a median
    n: int | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def shown_people(measure: Measure, figure: Figure | None) -> Shown:
    if figure is None:
        return Shown(str(STATE_LABELS[State.NO_DATA]), State.NO_DATA)
    if figure.state == State.SUPPRESSED:
        return Shown(_("suppressed"), State.SUPPRESSED)
    if figure.state == State.NO_DATA:
        return Shown(_("no data"), State.NO_DATA)
    if figure.state == State.NOT_APPLICABLE:
        return Shown(_("not applicable"), State.NOT_APPLICABLE)
    if measure.kind == Kind.COUNT:
        value = figure.numerator or 0
        text = str(value) if value else _("none")
        if figure.wte is not None and value:
            text += " · " + _("%(wte)s WTE") % {"wte": f"{figure.wte.normalize():f}"}
        return Shown(text, figure.state, float(value), value)
    of = figure.denominator or 0
    if not figure.numerator:
        return Shown(_("none (0 of %(of)s)") % {"of": of}, State.NONE, 0.0, of)
    return Shown(
        f"{_percent(figure.numerator, of)} ({figure.numerator} {_('of')} {of})",
        State.VALUE,
        100 * figure.numerator / of,
        of,
    )


def _people_figures(row: PeopleYear | None) -> dict[str, Figure]:
    if row is None:
        return {}
    kinds = {measure.key: measure.kind for measure in MEASURES}
    return {
        key: Figure.from_dict(kinds[key], data) for key, data in row.figures.items() if key in kinds
    }


def shown_fact(fact: Fact, profile, option: str | None = None, *, labels=None) -> Shown:
    """One initiative's fact (or one option of a list fact)."""
    if fact.key in (profile.not_applicable or {}):
        return Shown(_("not applicable"), State.NOT_APPLICABLE)
    value = getattr(profile, fact.key)
    unknown = _("not known") if fact.declared else _("no data")
    if fact.kind == FactKind.FLAG:
        if value is None:
            return Shown(unknown, State.NO_DATA)
        return Shown(_("yes"), State.VALUE, 100.0) if value else Shown(_("no"), State.NONE, 0.0)
    if fact.kind == FactKind.MULTI:
        if value is None:
            return Shown(unknown, State.NO_DATA)
        if option is not None:
            return (
                Shown(_("yes"), State.VALUE, 100.0)
                if option in value
                else Shown(_("no"), State.NONE, 0.0)
            )
        if not value:
            return Shown(_("none"), State.NONE)
        options = list(labels.items()) if labels and fact.key == "functions" else list(fact.options)
        return Shown(", ".join(str(label) for key, label in options if key in value), State.VALUE)
    if fact.kind == FactKind.CHOICE:
        if not value:
            return Shown(unknown, State.NO_DATA)
        text = str(dict(fact.options).get(value, value))
        return Shown(text, State.NONE if value == "none" else State.VALUE)
    if value is None:
        return Shown(unknown, State.NO_DATA)
    number = Decimal(value).normalize()
    return Shown(f"{number:f} {fact.unit}".strip(), State.VALUE, float(value))


# --- Organisation-level facts by context -----------------------------------------------------


@dataclass
class Tally:
    """Initiatives of a column with a fact: ``count`` of ``known`` (``initiatives`` in all)."""

    count: int = 0
    known: int = 0
    initiatives: int = 0
    not_applicable: int = 0
    median: float | None = None

    def shown(self, fact: Fact) -> Shown:
        unknown = self.initiatives - self.known - self.not_applicable
        if not self.known:
            if self.initiatives and self.not_applicable == self.initiatives:
                return Shown(_("not applicable"), State.NOT_APPLICABLE, n=0)
            return Shown(_("no data"), State.NO_DATA, n=0)
        note = (
            " · " + (_("%(n)s not known") % {"n": unknown}) if unknown and fact.declared else ""
        ) or (" · " + (_("%(n)s no data") % {"n": unknown}) if unknown else "")
        if fact.kind == FactKind.NUMBER:
            number = Decimal(str(self.median)).normalize()
            return Shown(
                _("median %(value)s %(unit)s") % {"value": f"{number:f}", "unit": fact.unit}
                + f" ({self.known} {_('initiatives')})"
                + note,
                State.VALUE,
                self.median,
                self.known,
            )
        if not self.count:
            return Shown(
                _("none (0 of %(of)s)") % {"of": self.known} + note, State.NONE, 0.0, self.known
            )
        return Shown(
            f"{_percent(self.count, self.known)} ({self.count} {_('of')} {self.known})" + note,
            State.VALUE,
            100 * self.count / self.known,
            self.known,
        )


def _aggregates(functions: Sequence[tuple[str, str]]) -> dict:
    """Counts of initiatives per fact (and option) for one grouped query."""
    aggregates: dict = {"n": Count("pk")}
    for fact in FACTS:
        key = fact.key
        if fact.kind == FactKind.NUMBER:
            continue
        if fact.kind == FactKind.FLAG:
            aggregates[f"{key}__yes"] = Count("pk", filter=Q(**{key: True}))
            aggregates[f"{key}__known"] = Count("pk", filter=Q(**{f"{key}__isnull": False}))
            aggregates[f"{key}__na"] = Count("pk", filter=Q(not_applicable__has_key=key))
            continue
        known = ~Q(**{key: ""}) if fact.kind == FactKind.CHOICE else Q(**{f"{key}__isnull": False})
        aggregates[f"{key}__known"] = Count("pk", filter=known)
        for option, _label in _options(fact, functions):
            condition = (
                Q(**{key: option})
                if fact.kind == FactKind.CHOICE
                else Q(**{f"{key}__has_key": option})
            )
            aggregates[f"{key}__{option}"] = Count("pk", filter=condition)
    return aggregates


def _options(fact: Fact, functions: Sequence[tuple[str, str]]) -> Sequence[tuple[str, str]]:
    """A list fact's options; role functions come from their vocabulary."""
    return functions if fact.key == "functions" else fact.options


@dataclass
class FactRow:
    fact: Fact
    label: str
    option: str | None
    cells: list[Shown]
    is_heading: bool = False


@dataclass
class PeopleRow:
    measure: Measure
    cells: list[Shown]


@dataclass
class Column:
    key: str  # a context value, ALL, or "initiative:<id>"
    label: str
    detail: str = ""
    initiatives: int | None = None
    context: str = ""
    name: str = ""  # a real name: the manager's own initiative, or an identified-access grant
    is_own: bool = False


@dataclass
class Matrix:
    selection: Selection
    columns: list[Column]
    groups: list[tuple[str, list[FactRow]]]
    people: list[PeopleRow] = field(default_factory=list)
    people_note: str = ""
    threshold: int = 5
    total: int = 0  # initiatives matching (by-initiative view: before paging)
    pages: int = 1

    @property
    def is_empty(self) -> bool:
        return not self.columns

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def _group_rows(
    facts: Sequence[Fact], cells_for, functions: Sequence[tuple[str, str]]
) -> list[tuple[str, list[FactRow]]]:
    groups: dict[str, list[FactRow]] = {}
    for fact in facts:
        rows = groups.setdefault(str(GROUP_LABELS[fact.group]), [])
        if fact.kind in (FactKind.MULTI, FactKind.CHOICE):
            options = _options(fact, functions)
            rows.append(FactRow(fact, str(fact.label), None, [], is_heading=True))
            for option, label in options:
                rows.append(FactRow(fact, str(label), option, cells_for(fact, option)))
        else:
            rows.append(FactRow(fact, str(fact.label), None, cells_for(fact, None)))
    return list(groups.items())


def context_matrix(selection: Selection, *, own: Sequence[PracticeProfile] = ()) -> Matrix:
    """Facts by context for the span's last quarter, and the published people figures.

    ``own`` adds a service manager's own initiatives as identified columns (their own records,
    not suppressed). Queries: the grouped counts, the medians, the role functions, the people
    figures — plus the places when a region or setting filter is set.
    """
    quarter = selection.last
    function_labels = dict(function_options())
    profiles = PracticeProfile.objects.filter(quarter=quarter)
    if selection.contexts:
        profiles = profiles.filter(context__in=selection.contexts)
    if selection.narrows:
        chosen = selected_places(selection, places(quarter))
        profiles = profiles.filter(initiative_id__in=[place.initiative_id for place in chosen])
    rows = {
        row["context"]: row
        for row in profiles.order_by()
        .values("context")
        .annotate(**_aggregates(list(function_labels.items())))
    }
    numbers = [fact for fact in FACTS if fact.kind == FactKind.NUMBER]
    values: dict[str, dict[str, list[float]]] = {}
    for row in profiles.order_by().values_list("context", *(fact.key for fact in numbers)):
        for fact, value in zip(numbers, row[1:], strict=True):
            if value is not None:
                values.setdefault(row[0], {}).setdefault(fact.key, []).append(float(value))
    contexts = [context for context in CONTEXT_ORDER if context in rows]
    keys = [*contexts, ALL] if len(contexts) > 1 else contexts

    def tally(context_key: str, fact: Fact, option: str | None) -> Tally:
        members = contexts if context_key == ALL else [context_key]
        result = Tally()
        for context in members:
            row = rows[context]
            result.initiatives += row["n"]
            if fact.kind == FactKind.NUMBER:
                continue
            result.known += row[f"{fact.key}__known"]
            if fact.kind == FactKind.FLAG:
                result.count += row[f"{fact.key}__yes"]
                result.not_applicable += row[f"{fact.key}__na"]
            else:
                result.count += row[f"{fact.key}__{option}"]
        if fact.kind == FactKind.NUMBER:
            pooled = [v for context in members for v in values.get(context, {}).get(fact.key, [])]
            result.known = len(pooled)
            result.median = statistics.median(pooled) if pooled else None
        return result

    def own_cell(profile, fact: Fact, option: str | None) -> Shown:
        return shown_fact(fact, profile, option, labels=function_labels)

    def cells_for(fact: Fact, option: str | None) -> list[Shown]:
        cells = [own_cell(profile, fact, option) for profile in own]
        return cells + [tally(key, fact, option).shown(fact) for key in keys]

    columns = [
        Column(
            f"initiative:{profile.initiative_id}",
            profile.initiative.research_code,
            _("your initiative"),
            name=profile.initiative.name,
            context=profile.context,
            is_own=True,
        )
        for profile in own
    ]
    context_labels = dict(Context.choices)
    for key in keys:
        count = sum(rows[c]["n"] for c in (contexts if key == ALL else [key]))
        columns.append(
            Column(
                key,
                str(context_labels.get(key, _("All contexts")))
                if key != ALL
                else _("All contexts"),
                initiatives=count,
                context=key,
            )
        )
    matrix = Matrix(
        selection=selection,
        columns=columns,
        groups=_group_rows(FACTS, cells_for, list(function_labels.items())),
        threshold=threshold(),
        total=sum(row["n"] for row in rows.values()),
    )
    _add_context_people(matrix, selection, keys, own)
    return matrix


def _add_context_people(matrix: Matrix, selection: Selection, keys: list[str], own) -> None:
    if selection.people_year is None:
        matrix.people_note = _(
            "People figures are published for whole calendar years only, so that two views "
            "can never be subtracted from each other; this period holds no whole published year."
        )
        return
    if selection.narrows:
        matrix.people_note = _(
            "People figures for a context always cover every initiative in it, so they are not "
            "shown for a region or setting: a figure for a few initiatives could be subtracted "
            "from the whole. Remove those filters, or see each initiative's figures."
        )
        return
    rows = PeopleYear.objects.filter(year=selection.people_year, initiative__isnull=True)
    published = {(row.context or ALL): _people_figures(row) for row in rows}
    own_figures = _own_people(own, selection.people_year)
    for measure in MEASURES:
        cells = [
            shown_people(measure, own_figures.get(p.initiative_id, {}).get(measure.key))
            for p in own
        ]
        cells += [shown_people(measure, published.get(key, {}).get(measure.key)) for key in keys]
        matrix.people.append(PeopleRow(measure, cells))


def _own_people(own: Sequence[PracticeProfile], year: int) -> dict[int, dict[str, Figure]]:
    """A manager's own initiatives' figures for the year, from their profiles, not suppressed."""
    if not own:
        return {}
    from comparison.services import yearly_people  # the same computation as publication

    return yearly_people([profile.initiative_id for profile in own], year)


# --- Initiatives side by side ------------------------------------------------------------


def identified_names(user, initiative_ids: Iterable[int]) -> dict[int, str]:
    """ "Name (partner organisations)" of the initiatives the researcher holds an active
    identified-access grant for (one query)."""
    names: dict[int, tuple[str, list[str]]] = {}
    for initiative_id, name, organisation in (
        IdentifiedAccessGrant.objects.active()
        .filter(researcher=user, initiative_id__in=list(initiative_ids))
        .order_by("initiative_id", "initiative__partners__organisation__name")
        .values_list(
            "initiative_id", "initiative__name", "initiative__partners__organisation__name"
        )
    ):
        entry = names.setdefault(initiative_id, (name, []))
        if organisation and organisation not in entry[1]:
            entry[1].append(organisation)
    return {
        pk: f"{name} ({'; '.join(organisations)})" if organisations else name
        for pk, (name, organisations) in names.items()
    }


def _page(items: list, page: int, size: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size : page * size], page, pages


def _place_detail(place: Place, names: dict[str, str]) -> str:
    parts = [str(dict(Context.choices).get(place.context, "")), region_label(place.region)]
    if place.settings:
        parts.append(", ".join(names.get(slug, slug) for slug in place.settings))
    return " · ".join(part for part in parts if part)


def initiative_matrix(selection: Selection, user, *, paginate: bool = True) -> Matrix:
    """Facts and published people figures of one page of initiatives, side by side."""
    quarter = selection.last
    chosen = selected_places(selection, places(quarter))
    if paginate:
        page_places, page, pages = _page(chosen, selection.page, INITIATIVES_PER_PAGE)
    else:
        page_places, page, pages = chosen, 1, 1
    ids = [place.initiative_id for place in page_places]
    profiles = {
        profile.initiative_id: profile
        for profile in PracticeProfile.objects.filter(quarter=quarter, initiative_id__in=ids)
    }
    names = identified_names(user, ids)
    setting_labels = setting_names()
    function_labels = dict(function_options())
    columns = [
        Column(
            f"initiative:{place.initiative_id}",
            place.research_code,
            _place_detail(place, setting_labels),
            context=place.context,
            name=names.get(place.initiative_id, ""),
        )
        for place in page_places
    ]

    def cells_for(fact: Fact, option: str | None) -> list[Shown]:
        return [
            shown_fact(fact, profiles[place.initiative_id], option, labels=function_labels)
            for place in page_places
        ]

    matrix = Matrix(
        selection=selection,
        columns=columns,
        groups=_group_rows(FACTS, cells_for, list(function_labels.items())),
        threshold=threshold(),
        total=len(chosen),
        pages=pages,
    )
    matrix.selection = Selection(**{**selection.__dict__, "page": page})
    if selection.people_year is None:
        matrix.people_note = _(
            "People figures are published for whole calendar years only; this period holds no "
            "whole published year."
        )
        return matrix
    published = {
        row.initiative_id: _people_figures(row)
        for row in PeopleYear.objects.filter(year=selection.people_year, initiative_id__in=ids)
    }
    for measure in MEASURES:
        matrix.people.append(
            PeopleRow(
                measure,
                [
                    shown_people(measure, published.get(place.initiative_id, {}).get(measure.key))
                    for place in page_places
                ],
            )
        )
    return matrix


# --- The case table ------------------------------------------------------------------------


@dataclass
class CaseRow:
    initiative_id: int
    research_code: str
    context: str
    place: str
    name: str
    words: list[tuple[str, Words]]
    people: list[Shown]


@dataclass
class CaseTable:
    selection: Selection
    headings: list[str]
    rows: list[CaseRow]
    people_headings: list[str]
    people_note: str
    total: int
    pages: int
    threshold: int

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def case_table(selection: Selection, user, *, paginate: bool = True) -> CaseTable:
    """One row per initiative, the study's columns in words, people figures beside them."""
    quarter = selection.last
    chosen = selected_places(selection, places(quarter))
    if paginate:
        page_places, page, pages = _page(chosen, selection.page, CASES_PER_PAGE)
    else:
        page_places, page, pages = chosen, 1, 1
    ids = [place.initiative_id for place in page_places]
    profiles = {
        profile.initiative_id: profile
        for profile in PracticeProfile.objects.filter(quarter=quarter, initiative_id__in=ids)
    }
    names = identified_names(user, ids)
    setting_labels = setting_names()
    function_labels = dict(function_options())
    published: dict[int, dict[str, Figure]] = {}
    note = ""
    if selection.people_year is not None:
        published = {
            row.initiative_id: _people_figures(row)
            for row in PeopleYear.objects.filter(year=selection.people_year, initiative_id__in=ids)
        }
    else:
        note = _(
            "People figures are published for whole calendar years only; this period holds no "
            "whole published year."
        )
    rows = []
    for place in page_places:
        profile = profiles[place.initiative_id]
        profile.function_names = function_labels
        rows.append(
            CaseRow(
                initiative_id=place.initiative_id,
                research_code=place.research_code,
                context=str(dict(Context.choices).get(place.context, "")),
                place=_place_detail(place, setting_labels),
                name=names.get(place.initiative_id, ""),
                words=case_row(profile),
                people=[
                    shown_people(measure, published.get(place.initiative_id, {}).get(measure.key))
                    for measure in MEASURES
                ]
                if selection.people_year is not None
                else [],
            )
        )
    headings = [str(label) for label in GROUP_LABELS.values()]
    return CaseTable(
        selection=Selection(**{**selection.__dict__, "page": page}),
        headings=headings,
        rows=rows,
        people_headings=[str(measure.label) for measure in MEASURES]
        if selection.people_year is not None
        else [],
        people_note=note,
        total=len(chosen),
        pages=pages,
        threshold=threshold(),
    )


# --- One initiative's card (its managers) -----------------------------------------------------


@dataclass
class ProfileCard:
    profile: PracticeProfile
    quarter_label: str
    is_saved: bool  # False: computed for the page, not yet stored (no write has happened)
    row: list[tuple[str, Words]]
    prompts: list[str]
    conflicts: list[str]
    people: list[tuple[str, str]]


CONFLICT_TEXTS = {
    "formal_supervision": _(
        "Records show %(records)s active supervision arrangement(s), but the declaration says "
        "there is no formal supervision. Correct the declaration, or end the arrangements."
    ),
    "team_preparation": _(
        "Colleagues completed team-preparation training, but the declaration says teams were "
        "not prepared."
    ),
    "recruitment": _(
        "A recruitment campaign on record used the route “%(records)s”, which the declared "
        "ways of recruiting do not include."
    ),
}


def profile_card(initiative) -> ProfileCard:
    """The initiative's current-quarter profile in words, what is missing and what conflicts.

    The stored profile is used when there is one; otherwise it is computed for the page.
    """
    from django.utils import timezone

    from comparison.profiles import derive
    from peerwork.lib.dates import quarter_start

    today = timezone.localdate()
    quarter = quarter_start(today)
    profile = PracticeProfile.objects.filter(initiative=initiative, quarter=quarter).first()
    is_saved = profile is not None
    if profile is None:
        values = derive(quarter=quarter, as_of=today, initiative_ids=[initiative.pk])
        profile = PracticeProfile(
            initiative=initiative, quarter=quarter, computed=timezone.now(), **values[initiative.pk]
        )
    profile.function_names = dict(function_options())
    row = case_row(profile)
    prompts = [words.prompt for _label, words in row if words.prompt]
    route_labels = dict(Route.choices)
    conflicts = []
    for conflict in profile.conflicts or []:
        text = CONFLICT_TEXTS.get(conflict["fact"])
        if text:
            records = conflict.get("records")
            if conflict["fact"] == "recruitment":
                records = route_labels.get(records, records)
            conflicts.append(text % {"records": records})
    people = [
        (_("Peer workers in post"), str(profile.headcount)),
        (
            _("Whole-time equivalent"),
            f"{profile.wte}" if profile.wte is not None else _("not known"),
        ),
        (_("Started this quarter"), str(profile.starters)),
        (_("Left this quarter"), str(profile.leavers)),
        (
            _("Training completed"),
            f"{profile.training_completed} {_('of')} {profile.training_required}"
            if profile.training_required
            else _("no required training"),
        ),
        (
            _("Supervision on time"),
            f"{profile.supervision_on_time} {_('of')} {profile.supervision_people}"
            if profile.supervision_people
            else _("no supervision arrangements"),
        ),
    ]
    return ProfileCard(
        profile=profile,
        quarter_label=quarter_label(quarter),
        is_saved=is_saved,
        row=row,
        prompts=prompts,
        conflicts=conflicts,
        people=people,
    )


def initiative_functions(initiative) -> list[tuple[str, str]]:
    """The role functions of the initiative's roles, as (slug, name) (one query)."""
    return list(
        RoleFunction.objects.filter(roles__initiative=initiative)
        .distinct()
        .order_by("position", "name")
        .values_list("slug", "name")
    )
