"""Create the clearly fictional demo landscape; safe to run more than once.

Each app that has demo data provides ``<app>/demo.py`` with ``seed(*, stdout) -> None``;
they run in dependency order, so later apps can build on the cases seeded first.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["cases", "recruitment", "training", "supervision", "research", "accounts"]


class Command(BaseCommand):
    help = "Create (or complete) the demo organisations, initiatives and persona logins."

    def handle(self, *args, **options) -> None:
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
            self.stdout.write(f"  {app}: done")

        from cases.demo import PASSWORD, PERSONAS

        self.stdout.write(self.style.SUCCESS("\nDemo ready. Sign in at http://127.0.0.1:8000/ as:"))
        for email, description in PERSONAS:
            self.stdout.write(f"  {email:<28} {description}")
        self.stdout.write(f"Password for every demo login: {PASSWORD}")
