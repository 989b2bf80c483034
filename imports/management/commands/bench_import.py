"""Time a spreadsheet import of training completions in a throwaway database.

    python manage.py bench_import                # 10,000 completions
    python manage.py bench_import --rows 2000

The database is created next to the configured one (a temporary SQLite file, or a
``<name>_bench`` PostgreSQL database), migrated, given one organisation with a manager, an
initiative, a role, a peer worker for every ten rows and ten programmes, and dropped at the
end; the configured database is never touched. The file is a CSV of ``--rows`` completions
(a third with a certificate), read, checked for the preview and written exactly as an upload
through the import page is. It reports each phase and ends with one line::

    RESULT rows=N seconds=S

where S is the whole import: reading, the preview's check and the all-or-nothing write.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings


class Command(BaseCommand):
    help = "Time importing N training completions from a spreadsheet (throwaway database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=10_000, help="Completions in the file.")

    def handle(self, *args, **options) -> None:
        self.verbosity = options["verbosity"]
        rows = options["rows"]
        if rows < 1 or rows > 100_000:
            raise CommandError("--rows must be between 1 and 100,000.")
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
            with override_settings(
                PEERWORK_IMPORT_MAX_ROWS=max(rows, 10_000),
                PEERWORK_IMPORT_MAX_BYTES=64 * 1024 * 1024,
                PEERWORK_IMPORT_BACKGROUND_ROWS=rows,  # timed in this process, not a thread
            ):
                seconds = self._measure(rows)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
        self.stdout.write(f"RESULT rows={rows} seconds={seconds:.1f}")

    def _measure(self, rows: int) -> float:
        from accounts.models import User
        from cases.models import (
            Employment,
            Initiative,
            InitiativePartner,
            LivedExperienceCriterion,
            Membership,
            MembershipRole,
            Organisation,
            OrganisationKind,
            PartnerPart,
            PayBand,
            PeerWorker,
            PeerWorkerRole,
            Region,
            Sector,
        )
        from imports.kinds import KINDS
        from imports.models import ImportStatus
        from imports.services import import_check, import_confirm, import_start
        from peerwork.lib.exports import csv_text
        from training.models import Audience, Category, Enrolment, TrainingProgramme

        organisation = Organisation.objects.create(
            name="Bench NHS Trust",
            sector=Sector.STATUTORY,
            kind=OrganisationKind.NHS_TRUST,
            region=Region.LONDON,
        )
        manager = User.objects.create(email="bench.manager@example.org", full_name="Bench Manager")
        Membership.objects.create(
            user=manager, organisation=organisation, role=MembershipRole.SERVICE_MANAGER
        )
        initiative = Initiative.objects.create(name="Bench peers", research_code="P-900")
        InitiativePartner.objects.create(
            initiative=initiative, organisation=organisation, part=PartnerPart.LEAD
        )
        role = PeerWorkerRole.objects.create(
            initiative=initiative,
            title="Peer support worker",
            employer=organisation,
            lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL,
            employment=Employment.PAID,
            pay_band=PayBand.BAND_4,
        )
        workers = max(1, rows // 10)
        PeerWorker.objects.bulk_create(
            PeerWorker(
                role=role,
                full_name=f"Bench worker {n}",
                pseudonym=f"P-900-W{n:05d}",
                started=dt.date(2020, 1, 1),
            )
            for n in range(workers)
        )
        programmes = [
            TrainingProgramme.objects.create(
                organisation=organisation,
                title=f"Programme {n}",
                provider_name="Bench Training",
                audience=Audience.PEER_WORKERS,
                category=Category.PEER_SPECIFIC,
                total_hours=6,
                has_certificate=True,
                certificate_valid_months=24,
            )
            for n in range(10)
        ]
        first_day = dt.date(2021, 1, 4)
        lines = []
        for n in range(rows):
            worker, programme = divmod(n, 10)
            day = first_day + dt.timedelta(days=(n * 7) % 900)
            with_certificate = n % 3 == 0
            lines.append(
                [
                    f"P-900-W{worker % workers:05d}",
                    programmes[programme].title,
                    day.strftime("%d/%m/%Y") if n % 2 else day.isoformat(),
                    day.isoformat() if with_certificate else "",
                    "",
                    f"C-{n}" if with_certificate else "",
                ]
            )
        content = csv_text(KINDS["training-completions"].column_names, lines).encode()
        self.stdout.write(f"{rows} completions, {workers} peer workers, {len(content):,} bytes")

        started = time.perf_counter()
        job = import_start(
            owner=manager, kind="training-completions", file_name="bench.csv", content=content
        )
        read_s = time.perf_counter() - started
        import_check(job=job)
        check_s = time.perf_counter() - started - read_s
        if job.refused_count:
            raise CommandError(f"{job.refused_count} rows were refused: {job.results[:3]}")
        with CaptureQueriesContext(connection) as queries:
            import_confirm(job=job)
        total_s = time.perf_counter() - started
        write_s = total_s - read_s - check_s
        if job.status != ImportStatus.DONE:
            raise CommandError(f"The import did not finish: {job.message}")
        written = Enrolment.objects.filter(completed_on__isnull=False).count()
        if written != rows:
            raise CommandError(f"{written} completions written, {rows} expected.")
        self.stdout.write(
            f"read {read_s:.1f} s, preview check {check_s:.1f} s, write {write_s:.1f} s "
            f"({job.created_count} new, {len(queries)} queries)"
        )
        if self.verbosity > 1:
            shapes = Counter(query["sql"][:60] for query in queries.captured_queries)
            for shape, count in shapes.most_common(12):
                self.stdout.write(f"{count:7d}  {shape}")
        return total_s
