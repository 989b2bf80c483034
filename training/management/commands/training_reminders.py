"""E-mail each service manager the training due or overdue in their organisation."""

from django.core.management.base import BaseCommand

from training.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each service manager what required training is due within 30 days or overdue "
        "in their organisations' initiatives, grouped by initiative. Safe to run more than "
        "once a day: a manager gets at most one reminder per day."
    )

    def handle(self, *args, **options) -> None:
        sent = reminders_send()
        self.stdout.write(f"Training reminders sent: {sent}")
