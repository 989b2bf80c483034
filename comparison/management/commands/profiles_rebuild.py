"""Rebuild practice profiles from the records.

    python manage.py profiles_rebuild                       # every quarter; refused if any is frozen
    python manage.py profiles_rebuild --force               # recompute frozen quarters too, logging changes
    python manage.py profiles_rebuild --quarter 2025-Q3 --force
    python manage.py profiles_rebuild --initiative P-07

Closed quarters are frozen: they describe the records as they stood at the quarter's end and
change only through this command with ``--force``, which prints (and logs) every change.
"""

from __future__ import annotations

import re
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Initiative
from comparison.services import profiles_rebuild


def _quarter(value: str):
    import datetime as dt

    match = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if not match:
        raise CommandError(f"{value!r} is not a quarter: use the form 2025-Q3.")
    return dt.date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


class Command(BaseCommand):
    help = "Recompute practice profiles (frozen quarters only with --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", action="append", help="A quarter such as 2025-Q3.")
        parser.add_argument("--initiative", action="append", help="A research code such as P-07.")
        parser.add_argument(
            "--force", action="store_true", help="Recompute frozen quarters and log the changes."
        )

    def handle(self, *args, **options) -> None:
        quarters = [_quarter(value) for value in options["quarter"] or []] or None
        initiative_ids = None
        if options["initiative"]:
            codes = options["initiative"]
            found = dict(
                Initiative.objects.filter(research_code__in=codes).values_list(
                    "research_code", "pk"
                )
            )
            missing = sorted(set(codes) - set(found))
            if missing:
                raise CommandError(f"No initiative with the research code {', '.join(missing)}.")
            initiative_ids = list(found.values())
        started = time.perf_counter()
        try:
            report = profiles_rebuild(
                quarters=quarters,
                initiative_ids=initiative_ids,
                force=options["force"],
                progress=lambda label, done, total: self.stdout.write(
                    f"  {label} ({done} of {total})"
                ),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for change in report.changes:
            self.stdout.write(f"  changed: {change}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.profiles} profiles over {report.quarters} quarters in "
                f"{time.perf_counter() - started:.1f} s; {len(report.changes)} changes to frozen "
                f"quarters; people figures published for {', '.join(map(str, report.years)) or 'no year'}."
            )
        )
