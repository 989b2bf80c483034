"""Deactivate the accounts of peer workers who left a while ago (run daily)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cases.models import Membership, MembershipRole, PeerWorker


def leavers(*, days: int, today: dt.date):
    """Active accounts whose every peer worker post ended more than ``days`` ago.

    Accounts with any other standing (a platform role, staff, or a manager or supervisor
    membership) are left alone: they still need to sign in.
    """
    cutoff = today - dt.timedelta(days=days)
    open_or_recent = PeerWorker.objects.filter(user=OuterRef("pk")).filter(
        Q(ended__isnull=True) | Q(ended__gt=cutoff)
    )
    other_role = Membership.objects.filter(user=OuterRef("pk")).exclude(
        role=MembershipRole.PEER_WORKER
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False, platform_role="")
        .filter(Exists(PeerWorker.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(open_or_recent))
        .exclude(Exists(other_role))
    )


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
        days = settings.PEERWORK_LEAVER_DEACTIVATE_DAYS if days is None else days
        found = list(leavers(days=days, today=timezone.localdate()))
        for user in found:
            if not dry_run:
                user.is_active = False
                user.session_epoch += 1
                user.save(update_fields=["is_active", "session_epoch"])
            self.stdout.write(
                f"{'would deactivate' if dry_run else 'deactivated'} {user.public_id}"
            )
        self.stdout.write(f"{len(found)} leaver accounts {'found' if dry_run else 'deactivated'}.")
