from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonConfig(AppConfig):
    name = "comparison"
    verbose_name = _("Comparison")

    def ready(self) -> None:
        from comparison import demo, signals
        from comparison.navigation import comparison_nav, comparison_panel, initiative_links
        from peerwork.lib.demo import register_demo
        from peerwork.lib.navigation import register_nav, register_panel, register_record_links

        # Profiles follow every write to a record they read (cases, recruitment, training,
        # supervision, declarations).
        signals.connect()
        register_nav(comparison_nav)
        register_panel(comparison_panel)
        register_record_links("initiative", initiative_links)
        register_demo("comparison", demo.seed)

        from comparison import jobs
        from jobs.registry import register_job

        register_job(jobs.EXPORT_KIND, jobs.export_run)
        register_job(jobs.REBUILD_KIND, jobs.rebuild_run)
