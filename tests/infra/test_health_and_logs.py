"""/health/live and /health/ready for orchestrators; request ids and JSON log lines."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import OperationalError, connections

from jobs.worker import beat
from peerwork.lib.logs import JsonFormatter, RequestIdFilter, bound

pytestmark = pytest.mark.django_db


def test_live_answers_anyone_over_plain_http_from_any_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["peerwork.example.org"]
    response = client.get("/health/live", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_ready_checks_the_database_and_needs_no_worker_when_tasks_run_in_the_request(
    client, settings
):
    settings.PEERWORK_HEALTH_REQUIRES_WORKER = False
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database:default": "ok", "worker": "ok"},
    }


def test_ready_fails_without_a_worker_heartbeat_and_recovers_with_one(client, settings):
    settings.PEERWORK_HEALTH_REQUIRES_WORKER = True
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "no worker heartbeat"
    beat("worker-1")
    assert client.get("/health/ready").status_code == 200


def test_ready_fails_when_the_database_does_not_answer(client, settings, monkeypatch):
    settings.PEERWORK_HEALTH_REQUIRES_WORKER = False

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refused)
        response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "fail", "checks": {"database:default": "unavailable", "worker": "ok"}}
    assert "refused" not in response.content.decode()


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    made = client.get("/accounts/login/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == (
        "edge-1234abcd"
    )
    forged = client.get("/accounts/login/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>" and len(forged) == 32


def test_a_log_line_is_one_json_object_with_the_request_id():
    record = logging.LogRecord(
        "peerwork.jobs", logging.ERROR, __file__, 1, "job %s failed", ("x",), None
    )
    record.task_id = "abc"
    with bound("req-123456789"):
        RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "job x failed"
    assert (line["level"], line["logger"], line["request_id"]) == (
        "ERROR",
        "peerwork.jobs",
        "req-123456789",
    )
    assert line["task_id"] == "abc"
