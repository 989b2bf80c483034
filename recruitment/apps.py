from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from peerwork.lib.demo import register_demo
        from peerwork.lib.erasure import register_eraser
        from peerwork.lib.navigation import (
            register_attention,
            register_nav,
            register_panel,
            register_record_links,
        )
        from recruitment import demo
        from recruitment.erasure import erase_applications
        from recruitment.navigation import attention, home_panel, initiative_links, nav, role_links

        register_nav(nav)
        register_panel(home_panel)
        register_attention(attention)
        register_record_links("initiative", initiative_links)
        register_record_links("role", role_links)
        register_demo("recruitment", demo.seed)
        register_eraser(erase_applications)

        import datetime as dt

        from jobs.schedule import register_daily
        from recruitment.tasks import purge_applicants

        register_daily("purge_applicants", purge_applicants, at=dt.time(2, 0))
