"""Reset a user's two-factor sign-in (lost phone and recovery codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from peerwork.lib.two_factor import two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove every two-factor device (authenticator app, recovery codes) of a user and end "
        "their sessions. They enrol again at their next sign-in. Check who is asking first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The user's e-mail address.")

    def handle(self, *args, email: str, **options) -> None:
        try:
            user = get_user_model().objects.get(email__iexact=email.strip())
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account uses {email}.") from None
        removed = two_factor_reset(user=user)
        self.stdout.write(
            f"{user.email}: {removed} two-factor devices removed and every session ended."
        )
