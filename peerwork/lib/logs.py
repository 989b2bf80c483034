"""Structured logs: one JSON object per line, each with the id of the request (or task) that
wrote it, so one request can be followed through the web server, the app and the worker.

``RequestIdMiddleware`` takes the id from an ``X-Request-ID`` header set by the proxy (when
it looks like an id) or makes one, and returns it in the response's ``X-Request-ID``.
``LOG_FORMAT=json`` (the default with DEBUG off) selects ``JsonFormatter``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
request_id: ContextVar[str] = ContextVar("peerwork_request_id", default="-")


@contextmanager
def bound(value: str) -> Iterator[None]:
    """Log with ``value`` as the id inside this block (a task's id in the worker)."""
    token = request_id.set(value)
    try:
        yield
    finally:
        request_id.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        value = incoming if _VALID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = value  # type: ignore[attr-defined]
        with bound(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    # Attributes every LogRecord has; anything else was passed in ``extra`` and is kept.
    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and key not in entry:
                entry[key] = (
                    value if isinstance(value, str | int | float | bool | None) else str(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
