from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")

    def ready(self) -> None:
        # Each part of research registers its own navigation and home panels.
        for module in ("research.nav_comparison", "research.nav_qualitative"):
            try:
                import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
