"""Benchmark the comparison on a synthetic landscape in a throwaway database.

    python manage.py bench_comparison                      # 10, 100 and 1,000 initiatives
    python manage.py bench_comparison --initiatives 500 --initiatives 2000 --repeat 3

The database is created next to the configured one (a temporary SQLite file, or a
``<name>_bench`` PostgreSQL database), migrated, filled with ``comparison.synthetic``
and dropped at the end; the configured database is never touched. For each size it prints the
server time of the comparison page (median of ``--repeat`` requests, both views), its query
count, and the time the raw SQL behind the figures takes on its own.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

DEFAULT_SIZES = [10, 100, 1000]


class _SqlRecorder(list):
    """An execute wrapper that keeps every (sql, params) it sees."""

    def __call__(self, execute, sql, params, many, context):
        self.append((sql, params))
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Time the comparison page and its SQL on synthetic landscapes in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives",
            type=int,
            action="append",
            metavar="N",
            help="Number of initiatives (repeatable; default 10, 100 and 1000).",
        )
        parser.add_argument("--repeat", type=int, default=5, help="Requests per measurement.")

    def handle(self, *args, **options) -> None:
        sizes = sorted(set(options["initiatives"] or DEFAULT_SIZES))
        if any(size < 1 or size > 8999 for size in sizes):
            self.stderr.write("Sizes must be between 1 and 8999 initiatives.")
            return
        repeat = max(1, options["repeat"])
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
                self._run(sizes, repeat, verbose=options["verbosity"] >= 2)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)

    def _run(self, sizes: list[int], repeat: int, *, verbose: bool = False) -> None:
        from accounts.models import PlatformRole, User
        from cases.models import PeerWorker, PeerWorkerRole
        from comparison.filters import ComparisonFilters
        from comparison.synthetic import build_landscape
        from comparison.tables import build_comparison

        researcher = User.objects.create_user(
            "bench-researcher@example.invalid",
            "not-used-bench-password",
            full_name="Bench Researcher",
            platform_role=PlatformRole.RESEARCHER,
        )
        client = Client()
        client.force_login(researcher)
        url = reverse("comparison:comparison")
        header = (
            f"{'initiatives':>11} {'roles':>6} {'workers':>7} | {'by context ms':>13} "
            f"{'by initiative ms':>16} {'queries':>7} | {'raw SQL ms':>10} {'SQL queries':>11}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for size in sizes:
            build_landscape(size)
            if connection.vendor == "postgresql":
                # Fresh bulk inserts have no planner statistics yet; autovacuum would soon
                # gather them on a live database, so do it now rather than time bad plans.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            client.get(url)  # warm caches (templates, vocabularies) before timing

            timings = {}
            for view in ("context", "initiative"):
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(url, {"view": view})
                    samples.append(time.perf_counter() - started)
                    assert response.status_code == 200, response.status_code
                timings[view] = statistics.median(samples) * 1000
            with CaptureQueriesContext(connection) as page_queries:
                client.get(url, {"view": "context"})

            statements = _SqlRecorder()
            with connection.execute_wrapper(statements):
                build_comparison(researcher, ComparisonFilters())
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    for sql, params in statements:
                        cursor.execute(sql, params)
                        cursor.fetchall()
                samples.append(time.perf_counter() - started)
            raw_ms = statistics.median(samples) * 1000
            slowest = []
            if verbose:
                with connection.cursor() as cursor:
                    for sql, params in statements:
                        started = time.perf_counter()
                        cursor.execute(sql, params)
                        cursor.fetchall()
                        slowest.append(
                            ((time.perf_counter() - started) * 1000, " ".join(sql.split())[:110])
                        )

            self.stdout.write(
                f"{size:>11} {PeerWorkerRole.objects.count():>6} {PeerWorker.objects.count():>7} | "
                f"{timings['context']:>13.1f} {timings['initiative']:>16.1f} {len(page_queries):>7} | "
                f"{raw_ms:>10.1f} {len(statements):>11}"
            )
            for milliseconds, sql in sorted(slowest, reverse=True)[:5]:
                self.stdout.write(f"    {milliseconds:8.1f} ms  {sql}")
        self.stdout.write(
            "by context / by initiative: median server time of the comparison page (rendering "
            "included); queries: per page; raw SQL: the figure queries alone, re-run on the cursor."
        )
