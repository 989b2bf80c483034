from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.navigation import (
            register_attention,
            register_nav,
            register_panel,
            register_record_links,
        )
        from recruitment import demo, erasure  # noqa: F401 - erasure registers the recruitment eraser
        from recruitment.navigation import attention, home_panel, initiative_links, nav, role_links

        register_nav(nav)
        register_panel(home_panel)
        register_attention(attention)
        register_record_links("initiative", initiative_links)
        register_record_links("role", role_links)
        register_demo("recruitment", demo.seed)
