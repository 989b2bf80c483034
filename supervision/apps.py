from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.erasure import register_eraser
        from peerwork.lib.navigation import register_attention, register_nav, register_panel
        from supervision import demo
        from supervision.erasure import erase_supervision_text
        from supervision.navigation import attention, home_panel, nav_items
        from supervision.vocabularies import seed_topics

        post_migrate.connect(seed_topics, sender=self)
        register_nav(nav_items)
        register_panel(home_panel)
        register_attention(attention)
        register_demo("supervision", demo.seed)
        register_eraser(erase_supervision_text)

        import datetime as dt

        from jobs.schedule import register_daily
        from supervision.tasks import supervision_digest

        register_daily("supervision_digest", supervision_digest, at=dt.time(6, 30))

        from supervision import audit

        audit.register()
