"""A job kind for the tests: counts steps through ``progress.once`` (each step creates a
uniquely named group, so a step done twice would fail) and can pause at a step until a gate
file exists, for the tests that kill the worker mid-task."""

from __future__ import annotations

import time
from pathlib import Path

from django.apps import AppConfig


def counting_run(job, progress):
    from django.contrib.auth.models import Group

    from jobs.registry import JobOutput

    total = int(job.params.get("steps", 3))
    pause_after = job.params.get("pause_after")
    gate = Path(job.params["gate"]) if job.params.get("gate") else None
    for index in range(total):
        progress.once(
            f"step-{index}",
            lambda index=index: Group.objects.create(name=f"{job.public_id}-{index}"),
        )
        progress.step("Counting", index + 1, total)
        if pause_after is not None and index == pause_after and gate is not None:
            deadline = time.monotonic() + 60
            while not gate.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        if job.params.get("fail_at") == index:
            raise RuntimeError("the counting job broke on purpose")
    return JobOutput(
        filename="count.csv",
        content=f"steps\n{total}\n".encode(),
        content_type="text/csv",
        summary=f"{total} steps counted.",
    )


class SlowJobConfig(AppConfig):
    name = "tests.jobs.slowjob"
    label = "tests_slowjob"

    def ready(self) -> None:
        from jobs.registry import register_job

        register_job("test-counting", counting_run)
