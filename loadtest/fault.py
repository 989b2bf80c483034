"""Fault test load: the mixed traffic of loadtest/mixed.py, with every failure timed.

Run by scripts/fault_test.py (`make fault-test`), which restarts PostgreSQL under this load and
needs to know which failures fell into the outage. Each failed request is written as a JSON
line ``{"at": <unix time>, "name": ..., "error": ...}`` to FAULT_LOCUST_LOG; at the end one line
``{"requests": N, "failures": N}``.
"""

from __future__ import annotations

import json
import os
import time

from locust import events
from mixed import Manager, PeerWorker, Researcher, Supervisor

__all__ = ["Manager", "PeerWorker", "Researcher", "Supervisor"]

_log = open(os.environ["FAULT_LOCUST_LOG"], "a", buffering=1)  # noqa: SIM115 (open for the run)


@events.request.add_listener
def _record_failure(request_type, name, exception=None, **kwargs) -> None:
    if exception is not None:
        _log.write(
            json.dumps(
                {"at": time.time(), "name": f"{request_type} {name}", "error": str(exception)}
            )
            + "\n"
        )


@events.quitting.add_listener
def _record_totals(environment, **kwargs) -> None:
    total = environment.stats.total
    _log.write(json.dumps({"requests": total.num_requests, "failures": total.num_failures}) + "\n")
    _log.close()
