from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Spreadsheet import")

    def ready(self) -> None:
        from imports.navigation import nav_items
        from peerwork.lib.navigation import register_nav

        register_nav(nav_items)
