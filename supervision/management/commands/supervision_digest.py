from django.core.management.base import BaseCommand

from supervision.digest import send_digests


class Command(BaseCommand):
    help = "E-mail supervisors their overdue supervisees and pending sign-offs, and peer workers their overdue actions (once a day)."

    def handle(self, *args, **options) -> None:
        sent = send_digests()
        self.stdout.write(f"Sent {sent} supervision digest e-mail(s).")
