from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from peerwork.lib.navigation import register_nav, register_panel
        from recruitment.navigation import home_panel, nav

        register_nav(nav)
        register_panel(home_panel)
