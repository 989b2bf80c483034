"""Reads of the fidelity app: progress, agreement, scores, comparisons and trajectories.

Scores come from consensus ratings only. A site's domain score in a wave is the mean of the
agreed item scores of that domain over the site's interviews; its total is the mean of its
domain scores (each domain counts the same). Agreement statistics use only interviews whose two
ratings are both submitted, so nothing a second rater could use leaks before they submit.
Every function runs a fixed number of queries whatever the number of interviews or sites;
the statistics themselves are computed in Python (``fidelity.statistics``) from one query's
rows, since no database computes a kappa.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from cases.models import Context, ImplementationMilestone, Initiative, Phase
from comparison.disclosure import MEASURES, Figure, State
from comparison.facts import FACTS_BY_KEY
from comparison.models import PeopleYear, PracticeProfile
from comparison.selectors import Shown, shown_people
from fidelity import statistics as stats
from fidelity.models import (
    Consensus,
    ConsensusScore,
    Domain,
    InformantType,
    Instrument,
    Interview,
    Item,
    ItemRating,
    Rating,
    RatingStatus,
    Wave,
)
from peerwork.lib.dates import quarter_label, quarter_start, quarters_between

TOTAL = "total"


def threshold() -> int:
    return int(settings.PEERWORK_SUPPRESSION_THRESHOLD)


# --- Instruments ----------------------------------------------------------------------------


def instruments() -> QuerySet[Instrument]:
    """Every version with its item and wave counts (one query)."""
    return Instrument.objects.annotate(
        item_count=Count("items", distinct=True), wave_count=Count("waves", distinct=True)
    ).order_by("name", "version")


@dataclass
class InstrumentView:
    instrument: Instrument
    domains: list[tuple[Domain, list[Item]]]
    points: list[tuple[int, str]]


def instrument_view(instrument: Instrument) -> InstrumentView:
    """Domains, items with their anchors, and the scale labels (three queries)."""
    items = list(
        instrument.items.select_related("domain")
        .prefetch_related("anchors")
        .order_by("domain__position", "position", "code")
    )
    by_domain: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_domain[item.domain_id].append(item)
    domains = [(domain, by_domain[domain.pk]) for domain in instrument.domains.order_by("position")]
    points = list(instrument.points.order_by("value").values_list("value", "label"))
    return InstrumentView(instrument, domains, points)


# --- Waves and progress -----------------------------------------------------------------------


def waves() -> QuerySet[Wave]:
    """Every wave with its counts of sites, interviews, complete pairs and consensus (one query)."""
    return (
        Wave.objects.select_related("instrument")
        .annotate(
            site_count=Count("sites", distinct=True),
            interview_count=Count("interviews", distinct=True),
            consensus_count=Count("interviews__consensus", distinct=True),
        )
        .order_by("-starts_on", "name")
    )


@dataclass
class InterviewRow:
    interview: Interview
    rating_count: int
    submitted_count: int
    has_consensus: bool
    own_rating: Rating | None

    @property
    def is_pair_complete(self) -> bool:
        return self.submitted_count >= 2

    @property
    def can_start(self) -> bool:
        return self.own_rating is None and self.rating_count < 2 and not self.has_consensus


def wave_interviews(wave: Wave, user: Any) -> list[InterviewRow]:
    """The wave's interviews with their rating progress and the user's own rating (two
    queries). Progress says how many ratings exist and are submitted — never their scores."""
    interviews: list[Any] = list(
        wave.interviews.select_related("initiative", "source")
        .with_progress()
        .annotate(has_consensus=Exists(Consensus.objects.filter(interview=OuterRef("pk"))))
        .order_by("initiative__research_code", "informant_type", "reference")
    )
    own = {
        rating.interview_id: rating
        for rating in Rating.objects.filter(interview__wave=wave, rater=user)
    }
    return [
        InterviewRow(
            interview,
            interview.rating_count,
            interview.submitted_count,
            interview.has_consensus,
            own.get(interview.pk),
        )
        for interview in interviews
    ]


# --- One interview: rating sheet, comparison, consensus ----------------------------------------


@dataclass
class SheetRow:
    item: Item
    anchors: list[tuple[int, str]]
    score: int | None
    note: str


def rating_sheet(rating: Rating) -> list[SheetRow]:
    """The rater's own sheet: every applicable item with its anchors and current score
    (three queries)."""
    interview = rating.interview
    items = list(
        Item.objects.filter(instrument_id=interview.wave.instrument_id)
        .for_informant(interview.informant_type)
        .select_related("domain")
        .prefetch_related("anchors")
        .order_by("domain__position", "position", "code")
    )
    current = {entry.item_id: entry for entry in rating.scores.all()}
    return [
        SheetRow(
            item,
            [(anchor.value, anchor.text) for anchor in item.anchors.all()],
            current[item.pk].score if item.pk in current else None,
            current[item.pk].note if item.pk in current else "",
        )
        for item in items
    ]


@dataclass
class ComparedItem:
    item: Item
    first: int | None
    second: int | None
    first_note: str
    second_note: str
    agreed: int | None  # the consensus score, once recorded
    agreed_note: str = ""

    @property
    def differs(self) -> bool:
        return self.first != self.second


@dataclass
class PairView:
    """Both ratings side by side: only when the viewer may see both (the blind rule)."""

    raters: list[Any]
    items: list[ComparedItem]
    consensus: Consensus | None

    @property
    def disagreements(self) -> list[ComparedItem]:
        return [row for row in self.items if row.differs]


def pair_view(interview: Interview, user: Any) -> PairView | None:
    """The two submitted ratings of ``interview`` side by side, or None while the viewer may
    not see both (fewer than two submitted: the second rater is still blind)."""
    ratings = list(
        Rating.objects.visible_to(user)
        .filter(interview=interview, status=RatingStatus.SUBMITTED)
        .select_related("rater")
        .prefetch_related("scores")
        .order_by("started", "pk")
    )
    if len(ratings) < 2:
        return None
    consensus = (
        Consensus.objects.filter(interview=interview)
        .select_related("recorded_by")
        .prefetch_related("agreed_by", "scores")
        .first()
    )
    agreed = {score.item_id: score for score in consensus.scores.all()} if consensus else {}
    first = {entry.item_id: entry for entry in ratings[0].scores.all()}
    second = {entry.item_id: entry for entry in ratings[1].scores.all()}
    rows = []
    for item in (
        Item.objects.filter(instrument_id=interview.wave.instrument_id)
        .for_informant(interview.informant_type)
        .select_related("domain")
        .order_by("domain__position", "position", "code")
    ):
        one, two = first.get(item.pk), second.get(item.pk)
        settled = agreed.get(item.pk)
        rows.append(
            ComparedItem(
                item,
                one.score if one else None,
                two.score if two else None,
                one.note if one else "",
                two.note if two else "",
                settled.score if settled else None,
                settled.note if settled else "",
            )
        )
    return PairView([rating.rater for rating in ratings], rows, consensus)


# --- Scores ---------------------------------------------------------------------------------


@dataclass
class SiteScore:
    wave_id: int
    initiative_id: int
    research_code: str
    context: str
    domains: dict[str, float]  # domain key → mean agreed score
    interviews: int

    @property
    def total(self) -> float | None:
        if not self.domains:
            return None
        return sum(self.domains.values()) / len(self.domains)


def site_scores(
    *, wave_ids: Iterable[int] | None = None, initiative_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], SiteScore]:
    """``{(wave_id, initiative_id): SiteScore}`` from consensus scores (two queries)."""
    scores = ConsensusScore.objects.all()
    interviews = Interview.objects.filter(consensus__isnull=False)
    if wave_ids is not None:
        scores = scores.filter(consensus__interview__wave_id__in=list(wave_ids))
        interviews = interviews.filter(wave_id__in=list(wave_ids))
    if initiative_ids is not None:
        scores = scores.filter(consensus__interview__initiative_id__in=list(initiative_ids))
        interviews = interviews.filter(initiative_id__in=list(initiative_ids))
    result: dict[tuple[int, int], SiteScore] = {}
    for row in (
        scores.order_by()
        .values(
            "consensus__interview__wave_id",
            "consensus__interview__initiative_id",
            "consensus__interview__initiative__research_code",
            "consensus__interview__initiative__context",
            "item__domain__key",
        )
        .annotate(mean=Avg("score"))
    ):
        key = (row["consensus__interview__wave_id"], row["consensus__interview__initiative_id"])
        site = result.setdefault(
            key,
            SiteScore(
                key[0],
                key[1],
                row["consensus__interview__initiative__research_code"],
                row["consensus__interview__initiative__context"],
                {},
                0,
            ),
        )
        site.domains[row["item__domain__key"]] = float(row["mean"])
    for wave_id, initiative_id, count in (
        interviews.order_by()
        .values("wave_id", "initiative_id")
        .annotate(n=Count("pk"))
        .values_list("wave_id", "initiative_id", "n")
    ):
        if (wave_id, initiative_id) in result:
            result[(wave_id, initiative_id)].interviews = count
    return result


def domains_of(instrument: Instrument) -> list[Domain]:
    return list(instrument.domains.order_by("position"))


# --- Agreement ------------------------------------------------------------------------------


@dataclass
class AgreementRow:
    label: str
    code: str
    pairs: int
    exact: float | None  # share of exact agreement
    linear: stats.Kappa | None
    quadratic: stats.Kappa | None
    icc: stats.ICC | None = None

    @property
    def linear_reading(self) -> str:
        return stats.kappa_reading(self.linear.kappa) if self.linear else ""

    @property
    def quadratic_reading(self) -> str:
        return stats.kappa_reading(self.quadratic.kappa) if self.quadratic else ""

    @property
    def icc_reading(self) -> str:
        return stats.icc_reading(self.icc.icc) if self.icc else ""


@dataclass
class Agreement:
    wave: Wave
    interviews: int  # with both ratings submitted
    items: list[AgreementRow]
    domains: list[AgreementRow]
    total: AgreementRow | None


def _kappa(
    a: Sequence[int], b: Sequence[int], categories: Sequence[int], weights: str
) -> stats.Kappa | None:
    try:
        return stats.weighted_kappa(a, b, categories=categories, weights=weights)  # type: ignore[arg-type]
    except stats.Undefined:
        return None


def _icc(rows: Sequence[Sequence[float]]) -> stats.ICC | None:
    try:
        return stats.icc_2_1(rows)
    except stats.Undefined:
        return None


def _paired_scores(wave: Wave) -> dict[int, dict[int, tuple[int, int]]]:
    """``{interview_id: {item_id: (first rater's score, second's)}}`` for complete pairs
    (one query). The first rater is the one who started first."""
    rows = (
        ItemRating.objects.filter(
            rating__in=Rating.objects.complete_pairs().filter(interview__wave=wave),
            score__isnull=False,
        )
        .order_by("rating__interview_id", "rating__started", "rating_id")
        .values_list("rating__interview_id", "rating_id", "item_id", "score")
    )
    order: dict[int, list[int]] = defaultdict(list)
    scores: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for interview_id, rating_id, item_id, score in rows:
        if score is None:
            continue
        if rating_id not in order[interview_id]:
            order[interview_id].append(rating_id)
        scores[interview_id][item_id][rating_id] = score
    pairs: dict[int, dict[int, tuple[int, int]]] = {}
    for interview_id, by_item in scores.items():
        first, second = order[interview_id][:2] if len(order[interview_id]) >= 2 else (0, 0)
        pairs[interview_id] = {
            item_id: (by_rater[first], by_rater[second])
            for item_id, by_rater in by_item.items()
            if first in by_rater and second in by_rater
        }
    return pairs


def agreement(wave: Wave) -> Agreement:
    """Inter-rater agreement of a wave: per item (weighted kappa), per domain (kappa over the
    domain's item ratings; ICC(2,1) of the two raters' domain means over interviews) and in
    total (ICC(2,1) of the raters' mean scores). Three queries."""
    instrument = wave.instrument
    categories = instrument.scale
    items = list(instrument.items.select_related("domain").order_by("domain__position", "position"))
    pairs = _paired_scores(wave)

    def row(label: str, code: str, item_ids: set[int], *, with_icc: bool) -> AgreementRow:
        a: list[int] = []
        b: list[int] = []
        per_interview: list[list[float]] = []
        for by_item in pairs.values():
            chosen = [by_item[item_id] for item_id in item_ids if item_id in by_item]
            a += [first for first, _second in chosen]
            b += [second for _first, second in chosen]
            if chosen:
                per_interview.append(
                    [
                        sum(first for first, _s in chosen) / len(chosen),
                        sum(second for _f, second in chosen) / len(chosen),
                    ]
                )
        exact = sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a) if a else None
        return AgreementRow(
            label,
            code,
            len(a),
            exact,
            _kappa(a, b, categories, "linear") if a else None,
            _kappa(a, b, categories, "quadratic") if a else None,
            _icc(per_interview) if with_icc and len(per_interview) >= 2 else None,
        )

    item_rows = [row(item.text, item.code, {item.pk}, with_icc=False) for item in items]
    domain_rows = []
    for domain in domains_of(instrument):
        ids = {item.pk for item in items if item.domain_id == domain.pk}
        domain_rows.append(row(domain.name, domain.key, ids, with_icc=True))
    total = (
        row(_("All items"), TOTAL, {item.pk for item in items}, with_icc=True) if items else None
    )
    return Agreement(wave, len(pairs), item_rows, domain_rows, total)


# --- Internal consistency and spread ---------------------------------------------------------


@dataclass
class ItemConsistency:
    item: Item
    item_total: float | None
    floor: float | None
    ceiling: float | None

    @property
    def has_floor_effect(self) -> bool:
        return self.floor is not None and self.floor > stats.FLOOR_CEILING_LIMIT

    @property
    def has_ceiling_effect(self) -> bool:
        return self.ceiling is not None and self.ceiling > stats.FLOOR_CEILING_LIMIT


@dataclass
class DomainConsistency:
    domain: Domain
    respondents: int
    alpha: float | None
    items: list[ItemConsistency]
    left_out: list[Item]  # items not rated from every informant type in the wave
    floor: float | None = None  # share of interviews whose domain mean is at the scale's ends
    ceiling: float | None = None

    @property
    def alpha_reading(self) -> str:
        return stats.alpha_reading(self.alpha) if self.alpha is not None else ""


def consistency(wave: Wave) -> list[DomainConsistency]:
    """Cronbach's alpha per domain over the wave's consensus-rated interviews, with corrected
    item-total correlations and floor/ceiling shares (three queries).

    Alpha needs the same items for every interview, so it uses the domain's items that every
    rated interview has a score for; items rated from some informants only are listed as left
    out (their floor and ceiling shares are still shown).
    """
    instrument = wave.instrument
    low, high = instrument.scale_min, instrument.scale_max
    items = list(instrument.items.select_related("domain").order_by("domain__position", "position"))
    matrix: dict[int, dict[int, int]] = defaultdict(dict)
    for interview_id, item_id, score in ConsensusScore.objects.filter(
        consensus__interview__wave=wave
    ).values_list("consensus__interview_id", "item_id", "score"):
        matrix[interview_id][item_id] = score
    result = []
    for domain in domains_of(instrument):
        domain_items = [item for item in items if item.domain_id == domain.pk]
        common = [item for item in domain_items if all(item.pk in row for row in matrix.values())]
        rows = [[row[item.pk] for item in common] for row in matrix.values()]
        try:
            alpha: float | None = stats.cronbach_alpha(rows)
            correlations: list[float | None] = stats.corrected_item_total(rows)
        except stats.Undefined:
            alpha, correlations = None, [None] * len(common)
        by_item = dict(zip([item.pk for item in common], correlations, strict=True))
        entries = []
        for item in domain_items:
            scores = [row[item.pk] for row in matrix.values() if item.pk in row]
            spread = stats.floor_ceiling(scores, minimum=low, maximum=high) if scores else None
            entries.append(
                ItemConsistency(
                    item,
                    by_item.get(item.pk),
                    spread.floor if spread else None,
                    spread.ceiling if spread else None,
                )
            )
        means = [
            sum(row[item.pk] for item in domain_items if item.pk in row)
            / len([item for item in domain_items if item.pk in row])
            for row in matrix.values()
            if any(item.pk in row for item in domain_items)
        ]
        spread = stats.floor_ceiling(means, minimum=low, maximum=high) if means else None
        result.append(
            DomainConsistency(
                domain,
                len(rows) if common else 0,
                alpha,
                entries,
                [item for item in domain_items if item not in common],
                spread.floor if spread else None,
                spread.ceiling if spread else None,
            )
        )
    return result


# --- Comparison by context and by practice ----------------------------------------------------

# Practice-profile facts a comparison can group sites by (organisation-level: shown as they are).
GROUPING_FACTS = (
    "peer_training",
    "formal_supervision",
    "supervisor_lived_experience",
    "peer_line_manager",
    "lived_experience_essential",
    "peer_on_panel",
    "team_prepared",
    "employs_paid",
    "employs_volunteer",
    "terms_changed",
)
TRAJECTORY_FACTS = (
    "employs_paid",
    "employs_sessional",
    "employs_volunteer",
    "part_time",
    "terms_changed",
    "peer_training",
    "formal_supervision",
    "supervisor_lived_experience",
    "peer_line_manager",
    "team_prepared",
)


def grouping_choices() -> list[tuple[str, str]]:
    return [("context", _("Organisational context"))] + [
        (key, str(FACTS_BY_KEY[key].label)) for key in GROUPING_FACTS
    ]


def profiles_at(initiative_ids: Iterable[int], day: dt.date) -> dict[int, PracticeProfile]:
    """Each initiative's practice profile for the quarter holding ``day``, or its latest
    earlier one (one query)."""
    found: dict[int, PracticeProfile] = {}
    for profile in PracticeProfile.objects.filter(
        initiative_id__in=list(initiative_ids), quarter__lte=quarter_start(day)
    ).order_by("initiative_id", "-quarter"):
        found.setdefault(profile.initiative_id, profile)
    return found


@dataclass
class GroupFigure:
    key: str
    label: str
    sites: int
    domains: dict[str, float | None]  # mean of site scores; None when suppressed
    total_mean: float | None
    total_min: float | None
    total_median: float | None
    total_max: float | None
    state: State

    @property
    def is_suppressed(self) -> bool:
        return self.state == State.SUPPRESSED


@dataclass
class GroupComparison:
    wave: Wave
    grouping: str
    grouping_label: str
    domains: list[Domain]
    groups: list[GroupFigure]
    total: GroupFigure | None
    threshold: int
    sites: list[tuple[SiteScore, str]] = field(default_factory=list)  # (score, group label)


def _group_label(grouping: str, profile: PracticeProfile | None, context: str) -> tuple[str, str]:
    if grouping == "context":
        return context or "", str(dict(Context.choices).get(context, _("Context not known")))
    value = getattr(profile, grouping, None) if profile is not None else None
    if profile is not None and grouping in (profile.not_applicable or {}):
        return "na", _("not applicable")
    if value is None:
        return "unknown", _("not known")
    return ("yes", _("yes")) if value else ("no", _("no"))


def _figure(key: str, label: str, members: list[SiteScore], domains: list[Domain]) -> GroupFigure:
    totals = [site.total for site in members if site.total is not None]
    return GroupFigure(
        key,
        label,
        len(members),
        {
            domain.key: (
                pystats.fmean(values)
                if (values := [s.domains[domain.key] for s in members if domain.key in s.domains])
                else None
            )
            for domain in domains
        },
        pystats.fmean(totals) if totals else None,
        min(totals) if totals else None,
        pystats.median(totals) if totals else None,
        max(totals) if totals else None,
        State.VALUE if members else State.NO_DATA,
    )


def _hidden(figure: GroupFigure) -> GroupFigure:
    return GroupFigure(
        figure.key,
        figure.label,
        figure.sites,
        dict.fromkeys(figure.domains),
        None,
        None,
        None,
        None,
        State.SUPPRESSED,
    )


def protect_groups(
    groups: list[GroupFigure], total: GroupFigure | None, k: int
) -> tuple[list[GroupFigure], GroupFigure | None]:
    """Small-number suppression of group figures (means over sites).

    A group of fewer than ``k`` sites is hidden. Since the total's mean and the shown groups'
    means and sizes give the hidden groups' combined mean, the hidden groups must together
    hold at least ``k`` sites: otherwise the smallest shown group is hidden too, and failing
    that the total.
    """
    shown = [figure if figure.sites >= k else _hidden(figure) for figure in groups]
    while total is not None and not total.is_suppressed:
        hidden_sites = sum(figure.sites for figure in shown if figure.is_suppressed)
        if hidden_sites == 0 or hidden_sites >= k:
            break
        candidates = sorted(
            (f for f in shown if not f.is_suppressed and f.sites > 0),
            key=lambda f: (f.sites, f.key),
        )
        if candidates:
            index = shown.index(candidates[0])
            shown[index] = _hidden(shown[index])
        else:
            total = _hidden(total)
    if total is not None and total.sites < k:
        total = _hidden(total)
    return shown, total


def group_comparison(wave: Wave, grouping: str) -> GroupComparison:
    """Site scores of the wave grouped by context or by a practice fact, with the spread of
    the totals and small-number suppression (four queries)."""
    if grouping != "context" and grouping not in GROUPING_FACTS:
        raise ValueError(f"Unknown grouping {grouping!r}")
    domains = domains_of(wave.instrument)
    scores = [score for (wave_id, _i), score in site_scores(wave_ids=[wave.pk]).items()]
    profiles = profiles_at([score.initiative_id for score in scores], wave.ends_on)
    members: dict[str, list[SiteScore]] = defaultdict(list)
    labels: dict[str, str] = {}
    placed = []
    for score in sorted(scores, key=lambda s: s.research_code):
        profile = profiles.get(score.initiative_id)
        context = profile.context if profile is not None and profile.context else score.context
        key, label = _group_label(grouping, profile, context)
        members[key].append(score)
        labels[key] = label
        placed.append((score, label))
    order = [*Context.values, ""] if grouping == "context" else ["yes", "no", "unknown", "na"]
    groups = [_figure(key, labels[key], members[key], domains) for key in order if key in members]
    total = _figure("all", _("All sites"), scores, domains) if scores else None
    k = threshold()
    groups, total = protect_groups(groups, total, k)
    grouping_label = dict(grouping_choices())[grouping]
    return GroupComparison(wave, grouping, grouping_label, domains, groups, total, k, placed)


# --- Trajectories across waves ------------------------------------------------------------------


@dataclass
class WavePoint:
    wave: Wave
    score: SiteScore | None


@dataclass
class FactCell:
    label: str
    state: State


@dataclass
class Trajectory:
    initiative: Initiative
    points: list[WavePoint]
    quarters: list[dt.date]
    facts: list[tuple[str, list[FactCell]]]  # fact label → one cell per quarter
    people: list[tuple[int, Shown]]  # (year, published headcount)
    milestones: list[tuple[dt.date, str]]

    @property
    def change(self) -> float | None:
        """Total score at the last rated wave minus at the first (None with fewer than two)."""
        rated = [
            point.score.total
            for point in self.points
            if point.score and point.score.total is not None
        ]
        if len(rated) < 2:
            return None
        return rated[-1] - rated[0]

    @property
    def quarter_labels(self) -> list[str]:
        return [quarter_label(quarter) for quarter in self.quarters]


def _fact_cell(profile: PracticeProfile | None, key: str) -> FactCell:
    if profile is None:
        return FactCell(_("no profile"), State.NO_DATA)
    if key in (profile.not_applicable or {}):
        return FactCell(_("not applicable"), State.NOT_APPLICABLE)
    value = getattr(profile, key)
    if value is None:
        return FactCell(
            _("not known") if FACTS_BY_KEY[key].declared else _("no data"), State.NO_DATA
        )
    return FactCell(_("yes"), State.VALUE) if value else FactCell(_("no"), State.NONE)


def milestone_label(milestone: ImplementationMilestone) -> str:
    """A milestone's vocabulary name; a manager's own wording is not shown to researchers
    (it may name people), only its phase."""
    if milestone.milestone_type_id is not None and milestone.milestone_type is not None:
        return milestone.milestone_type.name
    return _("Own milestone (%(phase)s)") % {"phase": dict(Phase.choices).get(milestone.phase, "")}


def trajectories(initiative_ids: Sequence[int] | None = None) -> list[Trajectory]:
    """Each rated site's scores wave by wave, its practice facts quarter by quarter, its
    published yearly headcount and its achieved milestones (six queries).

    People figures per initiative are never shown per quarter: only the comparison's
    published whole-year figures (``PeopleYear``), with their suppression.
    """
    all_waves = list(Wave.objects.select_related("instrument").order_by("starts_on", "name"))
    scores = site_scores(initiative_ids=initiative_ids)
    site_ids = sorted({initiative_id for (_w, initiative_id) in scores})
    sites = {
        initiative.pk: initiative
        for initiative in Initiative.objects.filter(pk__in=site_ids).only(
            "pk", "public_id", "research_code", "context"
        )
    }
    if not sites:
        return []
    waves_by_site: dict[int, list[Wave]] = defaultdict(list)
    for wave_id, initiative_id in scores:
        waves_by_site[initiative_id].append(next(w for w in all_waves if w.pk == wave_id))
    first_day = min(w.starts_on for w in all_waves)
    last_day = max(w.ends_on for w in all_waves)
    quarters = quarters_between(first_day, last_day)
    profiles: dict[tuple[int, dt.date], PracticeProfile] = {
        (profile.initiative_id, profile.quarter): profile
        for profile in PracticeProfile.objects.filter(
            initiative_id__in=site_ids, quarter__in=quarters
        )
    }
    headcount = next(measure for measure in MEASURES if measure.key == "headcount")
    people: dict[int, list[tuple[int, Shown]]] = defaultdict(list)
    for row in PeopleYear.objects.filter(
        initiative_id__in=site_ids, year__gte=first_day.year, year__lte=last_day.year
    ).order_by("year"):
        data = row.figures.get("headcount")
        figure = Figure.from_dict(headcount.kind, data) if data else None
        if row.initiative_id is not None:
            people[row.initiative_id].append((row.year, shown_people(headcount, figure)))
    milestones: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for milestone in (
        ImplementationMilestone.objects.filter(initiative_id__in=site_ids, achieved__isnull=False)
        .select_related("milestone_type")
        .order_by("achieved", "pk")
    ):
        assert milestone.achieved is not None
        milestones[milestone.initiative_id].append((milestone.achieved, milestone_label(milestone)))
    result = []
    for initiative_id in sorted(site_ids, key=lambda pk: sites[pk].research_code):
        site_waves = sorted(set(waves_by_site[initiative_id]), key=lambda w: w.starts_on)
        points = [WavePoint(wave, scores.get((wave.pk, initiative_id))) for wave in site_waves]
        facts = [
            (
                str(FACTS_BY_KEY[key].label),
                [_fact_cell(profiles.get((initiative_id, quarter)), key) for quarter in quarters],
            )
            for key in TRAJECTORY_FACTS
        ]
        result.append(
            Trajectory(
                sites[initiative_id],
                points,
                quarters,
                facts,
                people.get(initiative_id, []),
                milestones.get(initiative_id, []),
            )
        )
    return result


@dataclass
class ErosionRow:
    label: str
    fell: tuple[int, int]  # (sites with the fact, sites where it is known) among sites that fell
    held: tuple[int, int]


@dataclass
class Erosion:
    drop: float
    fell: list[Trajectory]
    held: list[Trajectory]
    rows: list[ErosionRow]
    fell_mean_change: float | None
    held_mean_change: float | None
    threshold: int

    @property
    def fell_suppressed(self) -> bool:
        return 0 < len(self.fell) < self.threshold

    @property
    def held_suppressed(self) -> bool:
        return 0 < len(self.held) < self.threshold


def erosion(found: Sequence[Trajectory], *, drop: float) -> Erosion:
    """The erosion question: sites whose total fell by at least ``drop`` scale points from
    their first to their last rated wave, against sites whose fidelity held, compared on the
    practice facts of their last rated wave's final quarter (no extra query)."""
    fell = [t for t in found if t.change is not None and t.change <= -drop]
    held = [t for t in found if t.change is not None and t.change > -drop]

    def tally(group: list[Trajectory], index: int) -> tuple[int, int]:
        with_fact = known = 0
        for trajectory in group:
            last_wave = [p for p in trajectory.points if p.score][-1].wave
            position = trajectory.quarters.index(quarter_start(last_wave.ends_on))
            cell = trajectory.facts[index][1][position]
            if cell.state in (State.VALUE, State.NONE):
                known += 1
                with_fact += cell.state == State.VALUE
        return with_fact, known

    rows = [
        ErosionRow(label, tally(fell, index), tally(held, index))
        for index, (label, _cells) in enumerate(found[0].facts if found else [])
    ]

    def mean_change(group: list[Trajectory]) -> float | None:
        changes = [t.change for t in group if t.change is not None]
        return pystats.fmean(changes) if changes else None

    return Erosion(drop, fell, held, rows, mean_change(fell), mean_change(held), threshold())


# --- Site managers: their own site's published scores ------------------------------------------


def published_scores_for(
    initiative: Initiative,
) -> list[tuple[Wave, SiteScore | None, list[Domain]]]:
    """The site's consensus scores in every wave published to site managers (three queries)."""
    published = list(
        Wave.objects.filter(published__isnull=False, sites__initiative=initiative)
        .select_related("instrument")
        .prefetch_related("instrument__domains")
        .order_by("starts_on")
    )
    scores = site_scores(wave_ids=[w.pk for w in published], initiative_ids=[initiative.pk])
    return [
        (wave, scores.get((wave.pk, initiative.pk)), list(wave.instrument.domains.all()))
        for wave in published
    ]


def informant_label(value: str) -> str:
    return str(dict(InformantType.choices).get(value, value))


def any_published_for(initiative_ids: Iterable[int]) -> bool:
    return Wave.objects.filter(
        published__isnull=False, sites__initiative_id__in=list(initiative_ids)
    ).exists()


def rating_counts(user: Any) -> dict[str, int]:
    """For the home panel: the researcher's drafts and the interviews awaiting consensus."""
    return Rating.objects.filter(rater=user).aggregate(
        drafts=Count("pk", filter=Q(status=RatingStatus.DRAFT)),
        submitted=Count("pk", filter=Q(status=RatingStatus.SUBMITTED)),
    )


# --- Beside the framework matrix ------------------------------------------------------------


def latest_site_scores() -> dict[int, tuple[Wave, SiteScore]]:
    """Each site's scores in its latest wave with a consensus (three queries)."""
    scores = site_scores()
    found_waves = {wave.pk: wave for wave in Wave.objects.filter(pk__in={w for (w, _i) in scores})}
    latest: dict[int, tuple[Wave, SiteScore]] = {}
    for (wave_id, initiative_id), score in scores.items():
        wave = found_waves[wave_id]
        if initiative_id not in latest or latest[initiative_id][0].starts_on < wave.starts_on:
            latest[initiative_id] = (wave, score)
    return latest


def latest_domains() -> list[Domain]:
    """The domains of the latest wave's instrument (one query)."""
    wave = Wave.objects.order_by("-starts_on").first()
    return domains_of(wave.instrument) if wave is not None else []


# --- REFI-QDA case variables (registered by FidelityConfig.ready()) ---------------------------


def refi_case_variables(
    initiative_ids: Sequence[int],
) -> tuple[list[tuple[str, str, str]], dict[int, dict[str, object]]]:
    """Each case's consensus domain scores and total from its latest rated wave, as REFI-QDA
    case variables ``fidelity_<domain key>``, ``fidelity_total`` and ``fidelity_wave``."""
    latest = {pk: entry for pk, entry in latest_site_scores().items() if pk in set(initiative_ids)}
    domains = latest_domains()
    keys = [domain.key for domain in domains]
    for _wave, score in latest.values():
        keys += [key for key in score.domains if key not in keys]
    names = {domain.key: domain.name for domain in domains}
    variables = [("fidelity_wave", "Fidelity: wave", "Text")]
    variables += [(f"fidelity_{key}", f"Fidelity: {names.get(key, key)}", "Float") for key in keys]
    variables.append(("fidelity_total", "Fidelity: total", "Float"))
    values: dict[int, dict[str, object]] = {}
    for initiative_id, (wave, score) in latest.items():
        entry: dict[str, object] = {"fidelity_wave": wave.name}
        entry.update({f"fidelity_{key}": round(value, 3) for key, value in score.domains.items()})
        if score.total is not None:
            entry["fidelity_total"] = round(score.total, 3)
        values[initiative_id] = entry
    return variables, values
