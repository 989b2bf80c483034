from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonConfig(AppConfig):
    name = "comparison"
    verbose_name = _("Comparison")

    def ready(self) -> None:
        from comparison import dimensions, signals
        from comparison.navigation import comparison_nav, comparison_panel
        from peerwork.lib.navigation import register_nav, register_panel

        # Every app the comparison reads is installed: its dimensions are registered once,
        # here, in display order (cases, then recruitment, training and supervision).
        dimensions.register_all()
        signals.connect()
        register_nav(comparison_nav)
        register_panel(comparison_panel)
