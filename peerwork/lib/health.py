"""Health endpoints for orchestrators (load balancers, Kubernetes, compose):

- ``/health/live``: the process answers (200), nothing else is checked;
- ``/health/ready``: every database answers a query and every registered check passes (200),
  else 503. The jobs app registers the task worker's heartbeat.

Answered by ``HealthCheckMiddleware``, first in the chain: before the host check (probes come
from addresses, not the site's name), the HTTPS redirect (probes speak plain HTTP inside the
network), sessions and sign-in. The body is JSON and says which check failed, never why in
detail (no hostnames, no errors).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.db import connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("peerwork.health")

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"

# A check returns None when healthy, or a short reason.
Check = Callable[[], "str | None"]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> Check:
    _checks[name] = check
    return check


def _database(alias: str) -> str | None:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: database %s does not answer", alias)
        return "unavailable"
    return None


def readiness() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for alias in connections:
        results[f"database:{alias}"] = _database(alias) or "ok"
    for name, check in sorted(_checks.items()):
        try:
            results[name] = check() or "ok"
        except Exception:
            logger.exception("health: check %s raised", name)
            results[name] = "error"
    return all(value == "ok" for value in results.values()), results


def _json(status: int, body: dict[str, object]) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if request.method in ("GET", "HEAD"):
            if path == LIVE_PATH:
                return _json(200, {"status": "ok"})
            if path == READY_PATH:
                ready, checks = readiness()
                return _json(
                    200 if ready else 503, {"status": "ok" if ready else "fail", "checks": checks}
                )
        return self.get_response(request)
