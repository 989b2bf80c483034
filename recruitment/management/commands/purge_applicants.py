"""Erase applicants' names and contacts from campaigns that ended long enough ago."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from recruitment.models import IDENTIFYING_FIELDS
from recruitment.services import applications_erase


class Command(BaseCommand):
    help = (
        "Blank the identifying fields ({}) of applications in campaigns closed, filled or "
        "cancelled more than DAYS days ago. Stages, dates, reasons, scores and the stage "
        "history are kept for the anonymous figures.".format(", ".join(IDENTIFYING_FIELDS))
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            dest="days",
            type=int,
            required=True,
            metavar="DAYS",
            help="Erase applications in campaigns that ended more than DAYS days ago.",
        )

    def handle(self, *args, days: int, **options) -> None:
        try:
            erased = applications_erase(older_than_days=days)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(
            f"Erased the personal data of {erased['applications']} application(s) in "
            f"{erased['campaigns']} campaign(s) that ended more than {days} days ago "
            f"(fields: {', '.join(IDENTIFYING_FIELDS)}; {erased['notes']} stage note(s) blanked)."
        )
