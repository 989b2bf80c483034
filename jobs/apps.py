import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from jobs.navigation import jobs_nav
        from jobs.schedule import register_daily
        from jobs.tasks import purge_expired_jobs
        from peerwork.lib.navigation import register_nav

        register_nav(jobs_nav)
        register_daily("purge_expired_jobs", purge_expired_jobs, at=dt.time(3, 0))

        from jobs.worker import worker_health
        from peerwork.lib.health import register_check

        register_check("worker", worker_health)
