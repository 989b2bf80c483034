"""Freeze the quarters that have closed and publish the people figures of closed years.

Run daily (e.g. from cron) after midnight: a quarter that ended yesterday is computed as it
stood on its last day and frozen; a year whose last quarter has frozen gets its people figures
published. Safe to run more than once: what is frozen or published stays as it is.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comparison.services import profiles_freeze


class Command(BaseCommand):
    help = "Freeze closed quarters' practice profiles and publish closed years' people figures."

    def handle(self, *args, **options) -> None:
        report = profiles_freeze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Froze {report.profiles} profiles over {report.quarters} quarters; "
                f"published {', '.join(map(str, report.years)) or 'no new year'}."
            )
        )
