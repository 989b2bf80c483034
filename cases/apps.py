from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cases import demo, signals  # noqa: F401
        from cases.access import managed_organisation_ids, partner_ids
        from cases.models import Initiative, Organisation
        from cases.nav import cases_nav, manager_attention, manager_panel, peer_worker_panel
        from cases.vocabularies import seed_vocabularies
        from peerwork.lib.audit import register_manager_scope, register_owner
        from peerwork.lib.demo import register_demo
        from peerwork.lib.navigation import register_attention, register_nav, register_panel

        post_migrate.connect(seed_vocabularies, sender=self)
        register_demo("cases", demo.seed)
        register_nav(cases_nav)
        register_panel(manager_panel)
        register_panel(peer_worker_panel)
        register_attention(manager_attention)
        # Whose records' histories a service manager may read (peerwork.lib.audit).
        register_owner(Organisation, lambda organisation: {organisation.pk})
        register_owner(Initiative, partner_ids)
        register_manager_scope(managed_organisation_ids)

        import datetime as dt

        from cases.tasks import deactivate_leavers
        from jobs.schedule import register_daily

        register_daily("deactivate_leavers", deactivate_leavers, at=dt.time(2, 30))
