from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FidelityConfig(AppConfig):
    name = "fidelity"
    verbose_name = _("Fidelity")

    def ready(self) -> None:
        from fidelity.vocabularies import seed_instrument

        post_migrate.connect(seed_instrument, sender=self, dispatch_uid="fidelity_seed_instrument")
