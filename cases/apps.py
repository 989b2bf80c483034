from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cases import nav, signals  # noqa: F401
        from cases.vocabularies import seed_vocabularies

        post_migrate.connect(seed_vocabularies, sender=self)
