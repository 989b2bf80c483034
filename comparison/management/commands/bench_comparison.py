"""Benchmark the comparison on a synthetic national landscape in a throwaway database.

    python manage.py bench_comparison                                  # 10 and 2,000 initiatives
    python manage.py bench_comparison --initiatives 2000 --sessions 1000000
    python manage.py bench_comparison --initiatives 10 --initiatives 200 --sessions 100000

The database is created next to the configured one (a temporary SQLite file, or a
``<name>_bench`` PostgreSQL database), migrated, filled with ``comparison.synthetic`` and dropped
at the end; the configured database is never touched. ``--sessions`` is the number of supervision
sessions at the largest size; smaller sizes get the same number per initiative.

For each size it reports: the time to build the landscape; the time to rebuild every practice
profile (``profiles_rebuild``); the server time of the comparison by context, by initiative and
the case table (median of ``--repeat`` requests of a signed-in researcher) and their query
counts; the time of a hand-written SQL aggregate over the profiles and the published people
figures giving the by-context page's figures (median of ``--repeat``; checked against the page's
own figures); the page / SQL ratio; and what one supervision-session save costs to keep the
current profile fresh (``--writes`` saves through ``supervision.services`` with the on-commit
refresh and as many without it; the difference of the medians). It ends with one line::

    RESULT initiatives=N sessions=M page_ms=… sql_ms=… ratio=… queries=… rebuild_s=… write_ms=…
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

DEFAULT_SIZES = [10, 2000]
SESSIONS_PER_INITIATIVE = 500

# The pages timed, as (label, URL name, query).
PAGES = (
    ("by context", "comparison:comparison", {"view": "context"}),
    ("by initiative", "comparison:comparison", {"view": "initiative"}),
    ("case table", "comparison:case-table", {}),
)


@dataclass
class Measurement:
    initiatives: int
    sessions: int
    rows: dict[str, int] = field(default_factory=dict)
    build_s: float = 0.0
    rebuild_s: float = 0.0
    profiles: int = 0
    pages_ms: dict[str, float | None] = field(default_factory=dict)  # served (kept) page
    built_ms: dict[str, float | None] = field(default_factory=dict)  # built from the profiles
    queries: dict[str, int | None] = field(default_factory=dict)  # of a built page
    sql_ms: float = 0.0
    write_ms: float = 0.0  # the larger added cost of the two saves below
    write_with_ms: float = 0.0  # a new draft, with the profile refresh
    write_without_ms: float = 0.0
    create_added_ms: float = 0.0
    sign_with_ms: float = 0.0  # a signature, with the refresh
    sign_without_ms: float = 0.0
    sign_added_ms: float = 0.0
    refresh_ms: float = 0.0  # profiles_refresh of one initiative on its own
    stale_flagged: int = 0  # frozen profiles the timed saves flagged as stale
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    @property
    def page_ms(self) -> float | None:
        return self.pages_ms.get("by context")

    @property
    def ratio(self) -> float | None:
        if self.page_ms is None or not self.sql_ms:
            return None
        return self.page_ms / self.sql_ms


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _index in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _format(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


# --- The hand-written SQL (table, column and option names are constants: no user input) ------------------------------------------------------------------------
#
# The by-context page's figures straight from the tables, without the ORM: per context, and for
# all contexts together, how many initiatives have each organisation-level fact (of how many
# known, and how many for which it does not apply), each option of the list and choice facts,
# the medians of the numbers — from the profiles of the period's last quarter — and the published
# people figures of the period's year.

CONTEXTS = ("statutory", "voluntary", "partnership")
FLAGS = (
    "lived_experience_essential",
    "peer_on_panel",
    "employs_paid",
    "employs_sessional",
    "employs_volunteer",
    "part_time",
    "terms_changed",
    "peer_training",
    "induction_only",
    "training_accredited",
    "training_co_delivered",
    "formal_supervision",
    "supervisor_lived_experience",
    "peer_line_manager",
    "team_prepared",
)
LISTS = {
    "functions": ("one-to-one", "groups", "training", "navigation", "advocacy"),
    "aims": (
        "empowerment",
        "coping",
        "recovery",
        "inclusion",
        "admissions",
        "transition",
        "other",
    ),
    "recruitment_routes": ("open_advert", "targeted", "informal", "internal"),
    "informal_recruitment": ("group_member", "course_completer", "word_of_mouth", "open_advert"),
    "supervision_types": ("peer", "managerial", "clinical", "group"),
    "ongoing_support": (
        "informal_one_to_one",
        "peer_network",
        "team_training",
        "reflective_group",
    ),
}
CHOICES = {"team_preparation": ("training", "briefing", "ongoing", "none")}
NUMBERS = ("training_sessions", "training_hours", "supervision_frequency_days")
ALL = "all"


def _has_key(column: str, key: str) -> str:
    if connection.vendor == "postgresql":
        return f"{column} ? '{key}'"
    return f"json_type({column}, '$.\"{key}\"') IS NOT NULL"


def _aggregates() -> list[tuple[str, str]]:
    """(name, SQL) of every count the page shows; names are ``fact|part``."""
    columns = [("n", "count(*)")]
    for flag in FLAGS:
        columns += [
            (f"{flag}|yes", f"count(*) FILTER (WHERE {flag})"),
            (f"{flag}|known", f"count({flag})"),
            (f"{flag}|na", f"count(*) FILTER (WHERE {_has_key('not_applicable', flag)})"),
        ]
    for key, options in LISTS.items():
        columns.append((f"{key}|known", f"count({key})"))
        columns += [
            (f"{key}|{option}", f"count(*) FILTER (WHERE {_has_key(key, option)})")
            for option in options
        ]
    for key, options in CHOICES.items():
        columns.append((f"{key}|known", f"count(*) FILTER (WHERE {key} <> '')"))
        columns += [
            (f"{key}|{option}", f"count(*) FILTER (WHERE {key} = '{option}')") for option in options
        ]
    columns += [(f"{key}|known", f"count({key})") for key in NUMBERS]
    return columns


PROFILES = "comparison_practiceprofile"
IN_CONTEXTS = "context IN ('statutory', 'voluntary', 'partnership')"
PEOPLE_SQL = (
    "SELECT context, figures FROM comparison_peopleyear WHERE year = %s AND initiative_id IS NULL"
)


def _facts_sql() -> tuple[str, list[str]]:
    aggregates = _aggregates()
    names = [name for name, _sql in aggregates]
    select = ",\n  ".join(sql for _name, sql in aggregates)
    if connection.vendor == "postgresql":
        medians = ",\n  ".join(
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {key})" for key in NUMBERS
        )
        sql = (
            f"SELECT coalesce(context, '{ALL}'),\n  {select},\n  {medians}\n"
            f"FROM {PROFILES}\nWHERE quarter = %s AND {IN_CONTEXTS}\n"
            "GROUP BY GROUPING SETS ((context), ())"
        )
        return sql, [*names, *(f"{key}|median" for key in NUMBERS)]
    # SQLite: no grouping sets and no percentile; the medians come from _median_sql_sqlite.
    sql = (
        f"SELECT context, {select} FROM {PROFILES} WHERE quarter = %s AND {IN_CONTEXTS} "  # noqa: S608
        f"GROUP BY context UNION ALL SELECT '{ALL}', {select} FROM {PROFILES} "
        f"WHERE quarter = %s AND {IN_CONTEXTS}"
    )
    return sql, names


def _median_sql_sqlite(key: str) -> str:
    """The median of a column per context and for all, with window functions (SQLite)."""
    ranked = (
        "SELECT {group} AS g, {key} AS v, "  # noqa: S608
        "row_number() OVER (PARTITION BY {group} ORDER BY {key}) AS r, "
        "count(*) OVER (PARTITION BY {group}) AS c "
        f"FROM {PROFILES} WHERE quarter = %s AND {IN_CONTEXTS} AND {{key}} IS NOT NULL"
    )
    parts = [
        f"SELECT g, avg(v) FROM ({ranked.format(group=group, key=key)}) "  # noqa: S608
        "WHERE r IN ((c + 1) / 2, (c + 2) / 2) GROUP BY g"
        for group in ("context", f"'{ALL}'")
    ]
    return " UNION ALL ".join(parts)


def context_figures(quarter: dt.date, year: int | None) -> dict[str, dict]:
    """``{context or "all": {"fact|part": count, …, "people": {measure: figure dict}}}``."""
    sql, names = _facts_sql()
    figures: dict[str, dict] = {}
    with connection.cursor() as cursor:
        is_postgres = connection.vendor == "postgresql"
        cursor.execute(sql, [quarter] if is_postgres else [quarter, quarter])
        for row in cursor.fetchall():
            figures[row[0]] = dict(zip(names, row[1:], strict=True))
        if not is_postgres:
            for key in NUMBERS:
                cursor.execute(_median_sql_sqlite(key), [quarter, quarter])
                medians = dict(cursor.fetchall())
                for column, values in figures.items():
                    values[f"{key}|median"] = medians.get(column)
        if year is not None:
            cursor.execute(PEOPLE_SQL, [year])
            for context, people in cursor.fetchall():
                column = context or ALL
                if column in figures:
                    figures[column]["people"] = (
                        json.loads(people) if isinstance(people, str) else people
                    )
    return figures


def default_period() -> tuple[dt.date | None, int | None]:
    """What the page shows when opened: the last quarter of the latest published whole year
    and that year, else the latest quarter and no people figures."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(year) FROM comparison_peopleyear")
        year = cursor.fetchone()[0]
        if year is not None:
            return dt.date(year, 10, 1), year
        cursor.execute(f"SELECT max(quarter) FROM {PROFILES}")  # noqa: S608
        quarter = cursor.fetchone()[0]
    if isinstance(quarter, str):
        quarter = dt.date.fromisoformat(quarter)
    return quarter, None


def check_against_page(figures: dict[str, dict], quarter: dt.date, year: int | None) -> None:
    """Refuse to time SQL that does not give the page's figures, cell by cell."""
    from comparison import selectors
    from comparison.disclosure import MEASURES, Figure
    from comparison.facts import FactKind

    first = dt.date(year, 1, 1) if year is not None else quarter
    matrix = selectors.context_matrix(
        selectors.Selection(first=first, last=quarter, people_year=year)
    )
    keys = [column.key for column in matrix.columns]
    if set(keys) - set(figures):
        raise CommandError(f"The SQL has no figures for {sorted(set(keys) - set(figures))}.")
    mismatches = []
    for _group, rows in matrix.groups:
        for row in rows:
            if row.is_heading:
                continue
            fact = row.fact
            for key, cell in zip(keys, row.cells, strict=True):
                counts = figures[key]
                tally = selectors.Tally(initiatives=counts["n"])
                if fact.kind == FactKind.NUMBER:
                    tally.known = counts[f"{fact.key}|known"]
                    median = counts[f"{fact.key}|median"]
                    tally.median = None if median is None else float(median)
                else:
                    tally.known = counts[f"{fact.key}|known"]
                    part = "yes" if fact.kind == FactKind.FLAG else row.option
                    tally.count = counts[f"{fact.key}|{part}"]
                    if fact.kind == FactKind.FLAG:
                        tally.not_applicable = counts[f"{fact.key}|na"]
                expected = tally.shown(fact)
                if expected != cell:
                    mismatches.append(f"{key} {fact.key} {row.option or ''}: {expected} ≠ {cell}")
    kinds = {measure.key: measure for measure in MEASURES}
    for people_row in matrix.people:
        measure = people_row.measure
        for key, cell in zip(keys, people_row.cells, strict=True):
            data = figures[key].get("people", {}).get(measure.key)
            figure = None if data is None else Figure.from_dict(kinds[measure.key].kind, data)
            expected = selectors.shown_people(measure, figure)
            if expected != cell:
                mismatches.append(f"{key} {measure.key}: {expected} ≠ {cell}")
    if mismatches:
        raise CommandError(
            "The hand-written SQL does not give the page's figures:\n  "
            + "\n  ".join(mismatches[:10])
        )


class Command(BaseCommand):
    help = "Time the comparison, its SQL, profile rebuilds and writes on a synthetic landscape."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives",
            type=int,
            action="append",
            metavar="N",
            help="Number of initiatives (repeatable; default 10 and 2,000).",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            metavar="M",
            help="Supervision sessions at the largest size (default 500 per initiative).",
        )
        parser.add_argument("--repeat", type=int, default=5, help="Requests per measurement.")
        parser.add_argument(
            "--writes", type=int, default=15, help="Session saves with and without the refresh."
        )
        parser.add_argument("--seed", type=int, default=7, help="Seed of the landscape.")

    def handle(self, *args, **options) -> None:
        from comparison.synthetic import MAX_INITIATIVES

        sizes = sorted(set(options["initiatives"] or DEFAULT_SIZES))
        if any(size < 1 or size > MAX_INITIATIVES for size in sizes):
            raise CommandError(f"Sizes must be between 1 and {MAX_INITIATIVES} initiatives.")
        sessions = options["sessions"]
        if sessions is None:
            sessions = SESSIONS_PER_INITIATIVE * sizes[-1]
        if sessions < 0:
            raise CommandError("The number of sessions cannot be negative.")
        repeat = max(1, options["repeat"])
        writes = max(1, options["writes"])
        old_name = connection.settings_dict["NAME"]
        test_settings = connection.settings_dict.setdefault("TEST", {})
        temporary = None
        if connection.vendor == "sqlite":
            handle, temporary = tempfile.mkstemp(prefix="peerwork-bench-", suffix=".sqlite3")
            os.close(handle)
            test_settings["NAME"] = temporary
        else:
            test_settings["NAME"] = f"{old_name}_bench"
        self.stdout.write(f"Creating a throwaway {connection.vendor} database ...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            # The benchmark signs its researcher in directly: it times the page, not sign-in,
            # so the second factor and the idle timeout are off for this throwaway database.
            with override_settings(
                ALLOWED_HOSTS=["testserver"],
                DEBUG=False,
                PEERWORK_REQUIRE_2FA=False,
                PEERWORK_IDLE_TIMEOUT_MINUTES=0,
                PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS=0,
            ):
                results = [
                    self._measure(size, round(sessions * size / sizes[-1]), options, repeat, writes)
                    for size in sizes
                ]
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
        self._report(results)

    # --- One size --------------------------------------------------------------------------

    def _measure(self, size: int, sessions: int, options, repeat: int, writes: int) -> Measurement:
        from comparison.models import PracticeProfile
        from comparison.services import profiles_rebuild
        from comparison.synthetic import build_landscape

        result = Measurement(initiatives=size, sessions=sessions)
        result.load = (os.getloadavg()[0], 0.0)
        self.stdout.write(f"\n{size} initiatives, {sessions} supervision sessions")
        started = time.perf_counter()
        build_landscape(size, sessions=sessions, seed=options["seed"])
        result.build_s = time.perf_counter() - started
        self._analyze()
        result.rows = self._rows()
        self.stdout.write(
            f"  built in {result.build_s:.1f} s: "
            + ", ".join(f"{count:,} {name}" for name, count in result.rows.items())
        )

        # A full rebuild from nothing: the landscape may have grown since the last one.
        self._clear_profiles()
        started = time.perf_counter()
        report = profiles_rebuild()
        result.rebuild_s = time.perf_counter() - started
        result.profiles = PracticeProfile.objects.count()
        self._analyze()
        self.stdout.write(
            f"  rebuilt {report.profiles:,} profiles ({report.quarters} quarters, people "
            f"figures of {len(report.years)} years) in {result.rebuild_s:.1f} s"
        )

        client = self._researcher_client()
        for label, name, query in PAGES:
            (
                result.pages_ms[label],
                result.built_ms[label],
                result.queries[label],
            ) = self._time_page(client, name, query, repeat)
            self.stdout.write(
                f"  {label}: {_format(result.pages_ms[label])} ms served, "
                f"{_format(result.built_ms[label])} ms when built (after a write), "
                f"{result.queries[label] if result.queries[label] is not None else 'n/a'} queries"
            )

        result.sql_ms = self._time_sql(repeat)
        self.stdout.write(f"  hand-written SQL: {result.sql_ms:.1f} ms")

        self._time_writes(result, writes)
        self.stdout.write(
            f"  new session (draft): {result.write_with_ms:.1f} ms with the profile refresh, "
            f"{result.write_without_ms:.1f} ms without (+{result.create_added_ms:.1f} ms)\n"
            f"  signature: {result.sign_with_ms:.1f} ms with the profile refresh, "
            f"{result.sign_without_ms:.1f} ms without (+{result.sign_added_ms:.1f} ms)\n"
            f"  one initiative's refresh on its own: {result.refresh_ms:.1f} ms; frozen "
            f"profiles flagged stale by the timed saves: {result.stale_flagged}"
        )
        result.load = (result.load[0], os.getloadavg()[0])
        return result

    def _analyze(self) -> None:
        # Bulk-loaded and rebuilt tables have no planner statistics yet; autovacuum would soon
        # gather them on a live database, so do it now rather than time plans made blind.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _rows(self) -> dict[str, int]:
        from cases.models import Initiative, PeerWorker
        from recruitment.models import Application
        from supervision.models import SupervisionSession
        from training.models import Enrolment

        return {
            "initiatives": Initiative.objects.count(),
            "peer workers": PeerWorker.objects.count(),
            "applications": Application.objects.count(),
            "enrolments": Enrolment.objects.count(),
            "supervision sessions": SupervisionSession.objects.count(),
        }

    def _clear_profiles(self) -> None:
        from comparison.models import PeopleYear, PracticeProfile

        with connection.cursor() as cursor:
            for model in (PeopleYear, PracticeProfile):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608

    def _researcher_client(self) -> Client:
        from accounts.models import PlatformRole, User

        researcher = User.objects.filter(email="bench-researcher@example.invalid").first()
        if researcher is None:
            researcher = User.objects.create_user(
                "bench-researcher@example.invalid",
                None,
                full_name="Bench Researcher",
                platform_role=PlatformRole.RESEARCHER,
            )
        client = Client()
        client.force_login(researcher)
        return client

    def _time_page(
        self, client: Client, name: str, query: dict, repeat: int
    ) -> tuple[float | None, float | None, int | None]:
        """``(served ms, built ms, queries)``: the median server time of the page as served
        (kept under the write generation, as a researcher gets it until the next write), of
        the page built from the profiles (as after a write), and the queries of a built page."""
        from django.core.cache import cache

        try:
            url = reverse(name)
        except NoReverseMatch:
            return None, None, None

        def get():
            response = client.get(url, query)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            return response

        def built() -> float:
            cache.clear()  # as after a write: the kept page is retired
            started = time.perf_counter()
            get()
            return time.perf_counter() - started

        get()  # warm caches (templates, vocabularies) before timing
        built_ms = statistics.median(built() for _index in range(repeat)) * 1000
        served_ms = _median_ms(get, repeat)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get()
        return served_ms, built_ms, len(queries)

    def _time_sql(self, repeat: int) -> float:
        quarter, year = default_period()
        if quarter is None:
            return 0.0
        check_against_page(context_figures(quarter, year), quarter, year)
        return _median_ms(lambda: context_figures(quarter, year), repeat)

    def _time_writes(self, result: Measurement, count: int) -> None:
        """Time supervision-session saves with the profile refresh and without it.

        Two saves: a new draft (``session_create``: nothing a profile reads, so nothing may be
        refreshed) and a signature (``session_sign``, which also moves the arrangement's next
        due date and changes who is on time: the profile must follow). Each sample
        saves once with the refresh and once without, in alternating order so that a change of
        load hurts both sides alike; ``write_ms`` is the larger of the two added costs.
        """
        from comparison import signals
        from comparison.models import PracticeProfile
        from comparison.services import profiles_refresh
        from peerwork.lib.dates import quarter_start
        from supervision.models import (
            SessionMode,
            SupervisionArrangement,
            SupervisionSession,
        )
        from supervision.services import session_create, session_sign, session_submit

        today = timezone.localdate()
        active = list(
            SupervisionArrangement.objects.active(today)
            .filter(peer_worker__user__isnull=False)
            .select_related("peer_worker__user", "peer_worker__role", "supervisor")
            .order_by("pk")
        )
        if not active:
            raise CommandError("The landscape has no active supervision arrangement to time.")
        step = max(1, len(active) // count)
        chosen = [active[(index * step) % len(active)] for index in range(count)]

        @contextlib.contextmanager
        def without_refresh():
            models = (SupervisionSession, SupervisionArrangement)
            for model in models:
                uid = f"profile-save-{model.__name__}"
                if not post_save.disconnect(sender=model, dispatch_uid=uid):
                    raise CommandError(f"No profile refresh is connected to {model.__name__}.")
            try:
                yield
            finally:
                post_save.connect(
                    signals._session_changed,
                    sender=SupervisionSession,
                    dispatch_uid="profile-save-SupervisionSession",
                )
                post_save.connect(
                    signals._changed,
                    sender=SupervisionArrangement,
                    dispatch_uid="profile-save-SupervisionArrangement",
                )

        def draft(arrangement) -> SupervisionSession:
            return session_create(
                actor=arrangement.supervisor,
                arrangement=arrangement,
                held_on=today,
                duration_minutes=60,
                mode=SessionMode.IN_PERSON,
            )

        def timed(action, *, refreshed: bool) -> float:
            with contextlib.nullcontext() if refreshed else without_refresh():
                started = time.perf_counter()
                action()
                return time.perf_counter() - started

        def computed(initiative_id: int):
            return (
                PracticeProfile.objects.filter(initiative_id=initiative_id, quarter=quarter)
                .values_list("computed", flat=True)
                .first()
            )

        quarter = quarter_start(today)
        stale_before = PracticeProfile.objects.filter(is_stale=True).count()
        samples: dict[str, list[float]] = {
            key: [] for key in ("create+", "create-", "sign+", "sign-")
        }
        for index, arrangement in enumerate(chosen):
            initiative_id = arrangement.peer_worker.role.initiative_id
            worker = arrangement.peer_worker.user
            order = (True, False) if index % 2 == 0 else (False, True)
            for refreshed in order:
                before = computed(initiative_id)
                samples["create+" if refreshed else "create-"].append(
                    timed(lambda a=arrangement: draft(a), refreshed=refreshed)
                )
                if refreshed and computed(initiative_id) != before:
                    raise CommandError("A draft session refreshed the profile it cannot change.")
            for refreshed in order:
                with without_refresh():
                    record = session_submit(
                        actor=arrangement.supervisor, session=draft(arrangement)
                    )
                before = computed(initiative_id)
                samples["sign+" if refreshed else "sign-"].append(
                    timed(
                        lambda r=record, w=worker: session_sign(actor=w, session=r),
                        refreshed=refreshed,
                    )
                )
                if refreshed and computed(initiative_id) == before:
                    raise CommandError("A signature did not refresh the current profile.")
        median = {key: statistics.median(values) * 1000 for key, values in samples.items()}
        result.create_added_ms = median["create+"] - median["create-"]
        result.sign_added_ms = median["sign+"] - median["sign-"]
        result.write_with_ms, result.write_without_ms = median["create+"], median["create-"]
        result.sign_with_ms, result.sign_without_ms = median["sign+"], median["sign-"]
        result.write_ms = max(result.create_added_ms, result.sign_added_ms)
        result.stale_flagged = PracticeProfile.objects.filter(is_stale=True).count() - stale_before
        refreshes = []
        for arrangement in chosen:
            started = time.perf_counter()
            profiles_refresh(
                initiative_ids=[arrangement.peer_worker.role.initiative_id], today=today
            )
            refreshes.append(time.perf_counter() - started)
        result.refresh_ms = statistics.median(refreshes) * 1000

    # --- The report --------------------------------------------------------------------------

    def _report(self, results: list[Measurement]) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{connection.vendor}, {os.cpu_count()} CPU cores (shared), load average "
            + ", ".join(f"{r.load[0]:.1f}→{r.load[1]:.1f}" for r in results)
        )
        header = (
            f"{'initiatives':>11} {'sessions':>9} {'build s':>8} {'rebuild s':>9} | "
            f"{'context ms':>10} {'initiative ms':>13} {'cases ms':>8} {'queries':>11} | "
            f"{'SQL ms':>7} {'ratio':>6} | {'write ms':>8} {'with':>6} {'without':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            queries = "/".join(
                "-" if r.queries[label] is None else str(r.queries[label]) for label, *_ in PAGES
            )
            self.stdout.write(
                f"{r.initiatives:>11} {r.sessions:>9} {r.build_s:>8.1f} {r.rebuild_s:>9.1f} | "
                f"{_format(r.pages_ms['by context']):>10} "
                f"{_format(r.pages_ms['by initiative']):>13} "
                f"{_format(r.pages_ms['case table']):>8} {queries:>11} | "
                f"{r.sql_ms:>7.1f} {_format(r.ratio, 2):>6} | {r.write_ms:>8.1f} "
                f"{r.write_with_ms:>6.1f} {r.write_without_ms:>7.1f}"
            )
        for r in results:
            self.stdout.write(
                f"{r.initiatives} initiatives, pages built from the profiles (after a write): "
                f"by context {_format(r.built_ms.get('by context'))} ms, by initiative "
                f"{_format(r.built_ms.get('by initiative'))} ms, case table "
                f"{_format(r.built_ms.get('case table'))} ms"
            )
        self.stdout.write(
            "context / initiative / cases: median server time of the comparison by context, by "
            "initiative and the case table as served (rendering included; kept until a write "
            "changes what they show); queries: per page built, in that "
            "order; SQL: the hand-written aggregate giving the by-context figures; write: what "
            "keeping the current profile fresh adds to one supervision-session save."
        )
        if len(results) > 1:
            counts = {r.initiatives: r.queries for r in results}
            same = all(queries == results[0].queries for queries in counts.values())
            self.stdout.write(
                "Queries per page at "
                + " and ".join(
                    f"{size} initiatives: "
                    + "/".join("-" if q is None else str(q) for q in queries.values())
                    for size, queries in counts.items()
                )
                + (" — the same." if same else " — NOT the same.")
            )
        last = results[-1]
        self.stdout.write(
            f"RESULT initiatives={last.initiatives} sessions={last.sessions} "
            f"page_ms={_format(last.page_ms)} sql_ms={last.sql_ms:.1f} "
            f"ratio={_format(last.ratio, 2)} queries={last.queries['by context']} "
            f"rebuild_s={last.rebuild_s:.1f} write_ms={last.write_ms:.1f}"
        )
