"""Erase a person's identifying data on request, keeping anonymous facts."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import PeerWorker
from peerwork.lib.erasure import erase_person, erasers_accept_email


class Command(BaseCommand):
    help = (
        "Erase a person's identifying data (account, names, contacts, text they wrote) from "
        "every app, keeping dates, stages and types. Give their e-mail address and/or their "
        "peer worker records. Use --dry-run first to see what would be erased."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", help="The person's account e-mail address.")
        parser.add_argument(
            "--pseudonym",
            action="append",
            default=[],
            help="A PeerWorker pseudonymous code (repeat for several records).",
        )
        parser.add_argument(
            "--peer-worker",
            action="append",
            default=[],
            dest="peer_worker_ids",
            help="A PeerWorker public id (repeat for several records).",
        )
        parser.add_argument(
            "--actor",
            help="E-mail address of the administrator doing this (recorded in the audit log).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be erased and change nothing."
        )

    def handle(
        self,
        *args,
        email=None,
        pseudonym=(),
        peer_worker_ids=(),
        actor=None,
        dry_run=False,
        **options,
    ) -> None:
        users = get_user_model().objects
        user = None
        if email:
            user = users.filter(email__iexact=email.strip()).first()
            if user is None and not erasers_accept_email():
                raise CommandError(f"No account uses {email}.")
        peer_workers = []
        for code in pseudonym:
            found = PeerWorker.objects.filter(pseudonym=code).first()
            if found is None:
                raise CommandError(f"No peer worker record has the code {code}.")
            peer_workers.append(found)
        for public_id in peer_worker_ids:
            try:
                peer_workers.append(PeerWorker.objects.get(public_id=public_id))
            except (PeerWorker.DoesNotExist, ValueError, ValidationError):
                raise CommandError(f"No peer worker record has the id {public_id}.") from None
        if user is None and not peer_workers and not email:
            raise CommandError("Give --email and/or --pseudonym / --peer-worker.")
        acting = None
        if actor:
            acting = users.filter(email__iexact=actor.strip()).first()
            if acting is None:
                raise CommandError(f"No account uses {actor}.")
        try:
            erased = erase_person(
                user=user,
                email=email.strip() if email else None,
                peer_workers=peer_workers,
                actor=acting,
                stdout=self.stdout,
                dry_run=dry_run,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        heading = "Would erase (dry run, nothing changed):" if dry_run else "Erased:"
        self.stdout.write(heading)
        for line in erased:
            self.stdout.write(f"  - {line}")
