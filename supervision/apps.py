from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.navigation import register_nav, register_panel
        from supervision import demo, erasure  # noqa: F401 - erasure registers the supervision eraser
        from supervision.navigation import home_panel, nav_items
        from supervision.vocabularies import seed_topics

        post_migrate.connect(seed_topics, sender=self)
        register_nav(nav_items)
        register_panel(home_panel)
        register_demo("supervision", demo.seed)
        from supervision import audit

        audit.register()
