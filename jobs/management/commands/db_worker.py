"""``manage.py db_worker``: django-tasks' database worker, plus a heartbeat (read by
/health/ready), recovery of tasks left running by a worker that died, the daily schedule
(``jobs.schedule``), and patience when the database goes away for a while (a restart, a
failover): the worker waits and polls again instead of exiting. Options are django-tasks' own,
and ``--no-schedule``."""

from __future__ import annotations

import logging
import os
import time
from argparse import ArgumentParser
from typing import Any

from django.db import connections
from django.db.utils import OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from jobs.worker import Maintenance

logger = logging.getLogger("peerwork.jobs")

# Seconds between attempts while the database does not answer.
RECONNECT_SECONDS = 1.0


class Worker(db_worker.Worker):
    def __init__(self, *, schedule: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.maintenance = Maintenance(self.worker_id, schedule=schedule)

    def run(self) -> None:
        self.maintenance.start()
        try:
            while True:
                try:
                    super().run()
                except OperationalError:
                    # django-tasks lets an unavailable database end the worker.
                    if not self.running:
                        raise
                    logger.warning("database unavailable; the worker polls again shortly")
                    connections.close_all()
                    time.sleep(RECONNECT_SECONDS)
                else:
                    return
        finally:
            self.maintenance.stop()


class Command(db_worker.Command):
    help = (
        "Run a database task worker, with a heartbeat, recovery of tasks whose worker died, "
        "and the daily schedule."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not enqueue the daily tasks (another worker or cron does).",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        schedule: bool = True,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        worker = Worker(
            schedule=schedule,
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
