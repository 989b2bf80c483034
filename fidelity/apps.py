from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FidelityConfig(AppConfig):
    name = "fidelity"
    verbose_name = _("Fidelity")

    def ready(self) -> None:
        from fidelity import demo
        from fidelity.navigation import fidelity_nav, fidelity_panel, initiative_links
        from fidelity.selectors import refi_case_variables
        from fidelity.vocabularies import seed_instrument
        from peerwork.lib.case_variables import register_case_variables
        from peerwork.lib.demo import register_demo
        from peerwork.lib.navigation import register_nav, register_panel, register_record_links

        register_nav(fidelity_nav)
        register_panel(fidelity_panel)
        register_record_links("initiative", initiative_links)
        register_demo("fidelity", demo.seed)
        register_case_variables(refi_case_variables)
        post_migrate.connect(seed_instrument, sender=self, dispatch_uid="fidelity_seed_instrument")
