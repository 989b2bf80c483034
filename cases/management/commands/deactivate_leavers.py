"""Deactivate the accounts of peer workers who left a while ago (run daily; the task worker
runs it as the ``deactivate_leavers`` task)."""

from django.core.management.base import BaseCommand

from cases.services import leavers_deactivate


class Command(BaseCommand):
    help = (
        "Deactivate accounts of peer workers whose posts all ended more than "
        "PEERWORK_LEAVER_DEACTIVATE_DAYS days ago (default 90). Safe to run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Override PEERWORK_LEAVER_DEACTIVATE_DAYS."
        )
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options) -> None:
        found = leavers_deactivate(days=days, dry_run=dry_run)
        for user in found:
            self.stdout.write(
                f"{'would deactivate' if dry_run else 'deactivated'} {user.public_id}"
            )
        self.stdout.write(f"{len(found)} leaver accounts {'found' if dry_run else 'deactivated'}.")
