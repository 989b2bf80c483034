"""Reads of the qualitative corpus: codebook, coding view, framework matrix, indicators.

Counts are computed in the database with conditional aggregates; the number of queries of
each function is fixed (it does not grow with the number of sources or codings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from cases.models import Context, Initiative, LivedExperienceCriterion, PeerWorker, PeerWorkerRole
from qualitative.models import (
    CellSummary,
    Coding,
    Excerpt,
    Source,
    SupervisionOffer,
    Theme,
)
from qualitative.services import SharedSession
from recruitment.selectors import peer_on_panel_by_initiative
from supervision.models import SessionStatus, SupervisionSession
from supervision.selectors import supervision_on_time_by_initiative
from training.selectors import peer_specific_hours_by_initiative

# --- Codebook -------------------------------------------------------------------------


@dataclass
class ThemeNode:
    theme: Theme
    label_path: str
    children: list[ThemeNode] = field(default_factory=list)


def codebook_rows(*, with_counts: bool = False) -> list[ThemeNode]:
    """Every theme in display order (depth-first by position), in one query."""
    themes = Theme.objects.select_related(None)
    if with_counts:
        themes = themes.annotate(coding_count=Count("codings"))
    by_parent: dict[int | None, list[Theme]] = {}
    for theme in themes.order_by("position", "name"):
        by_parent.setdefault(theme.parent_id, []).append(theme)
    rows: list[ThemeNode] = []

    def walk(parent_id: int | None, prefix: str) -> None:
        for theme in by_parent.get(parent_id, []):
            label = f"{prefix}{theme.name}"
            rows.append(ThemeNode(theme, label))
            walk(theme.pk, f"{label} > ")

    walk(None, "")
    return rows


def theme_labels() -> dict[int, str]:
    """``{theme_id: "Parent > Child"}`` for every theme (one query)."""
    return {node.theme.pk: node.label_path for node in codebook_rows()}


def theme_depths() -> list[int]:
    return list(Theme.objects.order_by("depth").values_list("depth", flat=True).distinct())


# --- Sources and coding ---------------------------------------------------------------


def sources_for_corpus(*, project=None, group: str = "", wave: int | None = None) -> QuerySet:
    sources = Source.objects.filtered(group=group, wave=wave).select_related(
        "initiative", "project"
    )
    if project is not None:
        sources = sources.filter(project=project)
    return sources.annotate(excerpt_count=Count("excerpts", distinct=True)).order_by(
        "initiative__research_code", "interviewed_on", "title"
    )


@dataclass(frozen=True)
class Stripe:
    """One coding's stripe, at the start of its passage: a link to the coding."""

    coding_id: str
    colour: int
    theme: str
    label: str


@dataclass(frozen=True)
class Segment:
    text: str
    excerpt_ids: tuple[str, ...]
    # (colour, theme name) of every theme coded on this stretch, for its highlight.
    themes: tuple[tuple[int, str], ...] = ()
    # The codings whose passage starts here (one link each) ...
    stripes: tuple[Stripe, ...] = ()
    # ... and (colour, theme name) of the passages that only continue here (plain stripes).
    continued: tuple[tuple[int, str], ...] = ()


def passage_start(text: str, words: int = 5) -> str:
    """The first ``words`` words of a passage, with an ellipsis when there are more."""
    parts = text.split()
    start = " ".join(parts[:words])
    return f"{start}…" if len(parts) > words else start


def word_count(text: str) -> int:
    return len(text.split())


def coding_label(*, theme: str, passage: str) -> str:
    """The accessible name of a coding's stripe: its theme and the start of its passage."""
    return _("Coding: %(theme)s on ‘%(start)s’") % {
        "theme": theme,
        "start": passage_start(passage),
    }


THEME_COLOURS = 8


def theme_colour(theme_id: int) -> int:
    """A theme's colour (one of ``THEME_COLOURS`` in qualitative.css), stable across pages."""
    return theme_id % THEME_COLOURS


def source_excerpts(source: Source) -> list[Excerpt]:
    """The source's excerpts with codings, themes and coders (two queries); each coding
    carries its theme's ``colour``."""
    excerpts = list(
        source.excerpts.prefetch_related(
            Prefetch(
                "codings",
                queryset=Coding.objects.select_related("theme", "coder").order_by("theme__path"),
            )
        ).order_by("start", "end")
    )
    for excerpt in excerpts:
        for coding in excerpt.codings.all():
            coding.colour = theme_colour(coding.theme_id)
    return excerpts


def segments(text: str, excerpts: list[Excerpt]) -> list[Segment]:
    """Split ``text`` at every excerpt boundary so coded stretches can be highlighted."""
    cuts = {0, len(text)}
    for excerpt in excerpts:
        cuts.update((excerpt.start, excerpt.end))
    ordered = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    pieces = []
    for begin, finish in zip(ordered, ordered[1:], strict=False):
        covering = [
            excerpt for excerpt in excerpts if excerpt.start <= begin and finish <= excerpt.end
        ]
        themes = {
            coding.theme_id: (theme_colour(coding.theme_id), coding.theme.name)
            for excerpt in covering
            for coding in excerpt.codings.all()
        }
        stripes = tuple(
            Stripe(
                str(coding.public_id),
                theme_colour(coding.theme_id),
                coding.theme.name,
                coding_label(theme=coding.theme.name, passage=text[excerpt.start : excerpt.end]),
            )
            for excerpt in covering
            if excerpt.start == begin
            for coding in excerpt.codings.all()
        )
        starting = {stripe.theme for stripe in stripes}
        continued = {
            coding.theme_id: (theme_colour(coding.theme_id), coding.theme.name)
            for excerpt in covering
            if excerpt.start != begin
            for coding in excerpt.codings.all()
            if coding.theme.name not in starting
        }
        pieces.append(
            Segment(
                text[begin:finish],
                tuple(str(excerpt.public_id) for excerpt in covering),
                tuple(sorted(themes.values())),
                stripes,
                tuple(sorted(continued.values())),
            )
        )
    return pieces


def theme_counts(themes: Sequence[Theme]) -> list[dict[str, object]]:
    """``{"value": public id, "count": codings}`` of ``themes``, for the theme tree's badges
    (one query, none without themes)."""
    if not themes:
        return []
    counted = Theme.objects.filter(pk__in=[theme.pk for theme in themes]).annotate(
        count=Count("codings")
    )
    return [{"value": str(theme.public_id), "count": theme.count} for theme in counted]


# --- Structural indicators (live programme data) --------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str = ""


INDICATORS = [
    Indicator("lived_experience_essential", _("Lived experience essential (share of roles)"), "%"),
    Indicator("current_peer_workers", _("Current peer workers")),
    Indicator("peer_on_panel", _("Peer on interview panel")),
    Indicator("peer_training_hours", _("Peer-specific training hours")),
    Indicator("supervision_on_time", _("Supervision on time"), "%"),
]

SUPPRESSED = "suppressed"


def suppression_threshold() -> int:
    return settings.PEERWORK_SUPPRESSION_THRESHOLD


def _cases_indicators(initiative_ids: list[int]) -> dict[int, dict[str, object]]:
    """Role- and headcount-based indicators from cases (two queries)."""
    values: dict[int, dict[str, object]] = {pk: {} for pk in initiative_ids}
    roles = (
        PeerWorkerRole.objects.filter(initiative_id__in=initiative_ids)
        .values("initiative_id")
        .annotate(
            total=Count("pk"),
            essential=Count(
                "pk", filter=Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL)
            ),
        )
    )
    for row in roles:
        share = round(100 * row["essential"] / row["total"]) if row["total"] else None
        values[row["initiative_id"]]["lived_experience_essential"] = share
    threshold = suppression_threshold()
    workers = (
        PeerWorker.objects.current()
        .filter(role__initiative_id__in=initiative_ids)
        .values("role__initiative_id")
        .annotate(headcount=Count("pk"))
    )
    for row in workers:
        # A headcount is a person-level figure: small numbers identify people.
        headcount = row["headcount"]
        values[row["role__initiative_id"]]["current_peer_workers"] = (
            headcount if headcount >= threshold else SUPPRESSED
        )
    return values


def _peer_on_panel(initiative_ids: list[int]) -> dict[int, tuple[object, int | None]]:
    """Interviewed campaigns with a peer (or service user) on the panel (recruitment; one query)."""
    return {
        initiative_id: (
            _("%(share)s%% (%(n)s of %(total)s campaigns)")
            % {
                "share": round(100 * share.count / share.total),
                "n": share.count,
                "total": share.total,
            },
            None,  # campaigns, not people: nothing to suppress
        )
        for initiative_id, share in peer_on_panel_by_initiative(initiative_ids).items()
    }


def _peer_training_hours(initiative_ids: list[int]) -> dict[int, tuple[object, int | None]]:
    """Mean peer-specific training hours per current peer worker (training; two queries)."""
    return {
        initiative_id: (summary.mean_hours, summary.peer_workers)
        for initiative_id, summary in peer_specific_hours_by_initiative(initiative_ids).items()
    }


def _supervision_on_time(initiative_ids: list[int]) -> dict[int, tuple[object, int | None]]:
    """Share of active supervision arrangements not overdue (supervision; one query)."""
    return {
        initiative_id: (
            None if figures["share"] is None else round(100 * figures["share"]),
            figures["n"],
        )
        for initiative_id, figures in supervision_on_time_by_initiative(
            initiative_ids=initiative_ids
        ).items()
    }


# Indicators read from the apps that own the figures. Each returns
# ``{initiative_id: (value, number of people the value describes or None)}``.
LIVE_INDICATORS = [
    ("peer_on_panel", _peer_on_panel),
    ("peer_training_hours", _peer_training_hours),
    ("supervision_on_time", _supervision_on_time),
]


def _presentable(value):
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        value = round(value, 1)
    return value


def structural_indicators(initiative_ids: list[int]) -> dict[int, dict[str, object]]:
    """Live programme figures per initiative; person-level figures from fewer people than
    ``PEERWORK_SUPPRESSION_THRESHOLD`` are replaced by ``SUPPRESSED``."""
    values = _cases_indicators(initiative_ids)
    threshold = suppression_threshold()
    for key, reader in LIVE_INDICATORS:
        for initiative_id, (value, people) in reader(initiative_ids).items():
            if initiative_id not in values:
                continue
            if people is not None and people < threshold:
                value = SUPPRESSED
            values[initiative_id][key] = _presentable(value)
    return values


# --- The framework matrix -------------------------------------------------------------


@dataclass
class Cell:
    theme: Theme
    excerpt_count: int = 0
    source_count: int = 0
    sources: list[tuple[str, str]] = field(default_factory=list)
    summary: CellSummary | None = None


@dataclass
class MatrixRow:
    initiative: Initiative
    cells: list[Cell]
    indicators: list[tuple[Indicator, object]]


@dataclass
class MatrixGroup:
    context: str
    label: str
    rows: list[MatrixRow]


@dataclass
class Matrix:
    level: int
    columns: list[ThemeNode]
    groups: list[MatrixGroup]
    indicators: list[Indicator]


def coding_scope(*, group: str = "", wave: int | None = None) -> QuerySet:
    codings = Coding.objects.all()
    if group:
        codings = codings.filter(excerpt__source__interviewee_group=group)
    if wave is not None:
        codings = codings.filter(excerpt__source__wave=wave)
    return codings


def framework_matrix(*, level: int = 1, group: str = "", wave: int | None = None) -> Matrix:
    """Initiatives (by context) × themes at ``level`` of the codebook.

    Queries: themes (1), initiatives (1), cell counts (1), cell sources (1), summaries (1),
    cases indicators (2), and the live indicators (4: recruitment 1, training 2, supervision 1).
    """
    columns = [node for node in codebook_rows() if node.theme.depth == level]
    # Contexts in the study's order: statutory, voluntary, partnership (then not yet known).
    context_order = Case(
        *[When(context=context, then=Value(index)) for index, context in enumerate(Context.values)],
        default=Value(len(Context.values)),
    )
    initiatives = list(Initiative.objects.order_by(context_order, "research_code"))
    initiative_ids = [initiative.pk for initiative in initiatives]
    scope = coding_scope(group=group, wave=wave)

    counts: dict[int, dict] = {}
    if columns:
        aggregates = {}
        for index, node in enumerate(columns):
            in_column = Q(theme__path__startswith=node.theme.path)
            aggregates[f"e{index}"] = Count("excerpt", filter=in_column, distinct=True)
            aggregates[f"s{index}"] = Count("excerpt__source", filter=in_column, distinct=True)
        for row in scope.values("excerpt__source__initiative_id").annotate(**aggregates):
            counts[row["excerpt__source__initiative_id"]] = row

    # Which sources feed each cell: distinct (initiative, theme path, source) triples.
    cell_sources: dict[tuple[int, int], dict[str, str]] = {}
    source_rows = (
        scope.values_list(
            "excerpt__source__initiative_id",
            "theme__path",
            "excerpt__source__public_id",
            "excerpt__source__title",
        )
        .distinct()
        .order_by("excerpt__source__title")
    )
    column_paths = [(index, node.theme.path) for index, node in enumerate(columns)]
    for initiative_id, theme_path, source_public_id, title in source_rows:
        for index, path in column_paths:
            if theme_path.startswith(path):
                cell_sources.setdefault((initiative_id, index), {})[str(source_public_id)] = title

    summaries = {
        (summary.initiative_id, summary.theme_id): summary
        for summary in CellSummary.objects.filter(theme__depth=level)
    }
    indicator_values = structural_indicators(initiative_ids)

    groups: dict[str, MatrixGroup] = {}
    context_labels = dict(Context.choices)
    for initiative in initiatives:
        row_counts = counts.get(initiative.pk, {})
        cells = []
        for index, node in enumerate(columns):
            cells.append(
                Cell(
                    theme=node.theme,
                    excerpt_count=row_counts.get(f"e{index}", 0),
                    source_count=row_counts.get(f"s{index}", 0),
                    sources=sorted(
                        cell_sources.get((initiative.pk, index), {}).items(), key=lambda p: p[1]
                    ),
                    summary=summaries.get((initiative.pk, node.theme.pk)),
                )
            )
        indicators = [
            (indicator, indicator_values[initiative.pk].get(indicator.key))
            for indicator in INDICATORS
        ]
        context = initiative.context or ""
        group_entry = groups.setdefault(
            context,
            MatrixGroup(context, str(context_labels.get(context, _("Context not known"))), []),
        )
        group_entry.rows.append(MatrixRow(initiative, cells, indicators))
    return Matrix(level, columns, list(groups.values()), INDICATORS)


def cell_excerpts(
    *, initiative: Initiative, theme: Theme, group: str = "", wave: int | None = None
) -> list[Excerpt]:
    """Excerpts of one matrix cell with their text, source and codings (two queries)."""
    coded = coding_scope(group=group, wave=wave).filter(
        excerpt__source__initiative=initiative, theme__path__startswith=theme.path
    )
    return list(
        Excerpt.objects.filter(pk__in=coded.values("excerpt_id"))
        .select_related("source")
        .annotate(passage=Substr("source__text", F("start") + 1, F("end") - F("start")))
        .defer("source__text")
        .prefetch_related(
            Prefetch("codings", queryset=Coding.objects.select_related("theme", "coder"))
        )
        .order_by("source__title", "start")
    )


# --- Exports --------------------------------------------------------------------------


def coding_export_rows(*, group: str = "", wave: int | None = None) -> list[dict]:
    """One row per coding, with the passage cut in the database (two queries)."""
    labels = theme_labels()
    codings = (
        coding_scope(group=group, wave=wave)
        .select_related("excerpt__source__initiative", "coder", "theme")
        .annotate(
            passage=Substr(
                "excerpt__source__text",
                F("excerpt__start") + 1,
                F("excerpt__end") - F("excerpt__start"),
            )
        )
        .defer("excerpt__source__text")
        .order_by(
            "excerpt__source__initiative__research_code", "excerpt__source__title", "excerpt__start"
        )
    )
    group_labels = dict(Source._meta.get_field("interviewee_group").choices)
    context_labels = dict(Context.choices)
    rows = []
    for coding in codings:
        source = coding.excerpt.source
        rows.append(
            {
                "initiative": source.initiative.research_code,
                "context": str(context_labels.get(source.initiative.context, "")),
                "theme": labels.get(coding.theme_id, coding.theme.name),
                "source": source.title,
                "interviewee_group": str(group_labels.get(source.interviewee_group, "")),
                "wave": source.wave or "",
                "date": source.interviewed_on.isoformat() if source.interviewed_on else "",
                "start": coding.excerpt.start,
                "end": coding.excerpt.end,
                "text": coding.passage,
                "coder": coding.coder.full_name,
                "memo": coding.memo,
            }
        )
    return rows


EXPORT_COLUMNS = [
    ("initiative", _("Initiative code")),
    ("context", _("Context")),
    ("theme", _("Theme path")),
    ("source", _("Source")),
    ("interviewee_group", _("Interviewee group")),
    ("wave", _("Wave")),
    ("date", _("Date")),
    ("start", _("Start")),
    ("end", _("End")),
    ("text", _("Text")),
    ("coder", _("Coder")),
    ("memo", _("Memo")),
]


# --- Consent bridge: what supervision lets research read ------------------------------


def shared_sessions_for(peer_worker: PeerWorker) -> list[SharedSession]:
    """The worker's own signed sessions that have a shared summary, newest first.

    Only ``public_id``, the date, ``shared_summary`` and the supervisor's name (so that it can
    be replaced) are read: private reflections are never loaded, so they cannot be offered.
    Only records both parties signed count: their shared summary is final and agreed.
    """
    sessions = (
        SupervisionSession.objects.filter(
            arrangement__peer_worker=peer_worker, status=SessionStatus.SIGNED
        )
        .exclude(shared_summary="")
        .order_by("-held_on", "-created")
    )
    return [
        SharedSession(
            row["public_id"],
            row["held_on"],
            row["shared_summary"],
            ((row["arrangement__supervisor__full_name"], str(_("[supervisor]"))),),
        )
        for row in sessions.values(
            "public_id", "held_on", "shared_summary", "arrangement__supervisor__full_name"
        )
    ]


def shared_session_for(peer_worker: PeerWorker, public_id) -> SharedSession | None:
    """One of the worker's own sessions (None if it is not theirs or does not exist)."""
    for session in shared_sessions_for(peer_worker):
        if str(session.public_id) == str(public_id):
            return session
    return None


def offers_for(user) -> QuerySet:
    return (
        SupervisionOffer.objects.for_user(user)
        .select_related("source", "peer_worker")
        # Active offers first on every database (NULL ordering differs otherwise).
        .order_by(F("withdrawn").asc(nulls_first=True), "-offered")
    )
