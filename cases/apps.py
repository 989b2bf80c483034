from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cases import demo, nav, signals  # noqa: F401
        from cases.vocabularies import seed_vocabularies
        from peerwork.lib.demo import register_demo

        post_migrate.connect(seed_vocabularies, sender=self)
        register_demo("cases", demo.seed)
