"""Create the clearly fictional demo landscape; safe to run more than once.

Each app with demo data registers a seeder (``peerwork.lib.demo.register_demo``) in its
``AppConfig.ready()``; they run in the order of ``INSTALLED_APPS``, so later apps build on the
cases seeded first.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cases.demo import PASSWORD, PERSONAS
from peerwork.lib.demo import demo_seeders


class Command(BaseCommand):
    help = "Create (or complete) the demo organisations, initiatives and persona logins."

    def handle(self, *args, **options) -> None:
        for app_label, seed in demo_seeders():
            with transaction.atomic():
                seed(stdout=self.stdout)
            self.stdout.write(f"  {app_label}: done")

        self.stdout.write(self.style.SUCCESS("\nDemo ready. Sign in at http://127.0.0.1:8000/ as:"))
        for email, description in PERSONAS:
            self.stdout.write(f"  {email:<28} {description}")
        self.stdout.write(f"Password for every demo login: {PASSWORD}")
