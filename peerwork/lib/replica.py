"""Research reads on a read replica, when one is configured (``DATABASE_REPLICA_URL``).

Views whose reads may lag the primary by a moment (the researchers' comparison, the case
table, exports, API lists) are decorated with ``@reads_from_replica``; background jobs wrap
their reads in ``with replica_reads():``. Inside, ``ReplicaRouter`` sends reads to the
``replica`` alias. Everything else, every write, and every read after a write stays on the
primary:

- within a request or job, the first write pins the rest of it to the primary;
- across requests, ``ReadYourWritesMiddleware`` marks a browser that just wrote (a POST, PUT,
  PATCH or DELETE) with a short-lived cookie, and its next reads go to the primary, so
  someone who saves a declaration and opens the comparison sees their change.

Without ``DATABASE_REPLICA_URL`` (or with ``PEERWORK_REPLICA_ALIAS`` empty) nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "pw_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _Reads:
    pinned: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("peerwork_replica_reads", default=None)


def replica_alias() -> str | None:
    """The replica's alias when one is configured and switched on, else None (settings set
    the alias only with the database it names)."""
    return getattr(settings, "PEERWORK_REPLICA_ALIAS", None) or None


@contextmanager
def replica_reads(*, pinned: bool = False) -> Iterator[None]:
    """Send this block's reads to the replica (until its first write)."""
    token = _reads.set(_Reads(pinned=pinned))
    try:
        yield
    finally:
        _reads.reset(token)


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view decorator: GET and HEAD read from the replica unless the browser just wrote."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pinned = request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES
        with replica_reads(pinned=pinned):
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside ``replica_reads`` go to the replica; everything else to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        state = _reads.get()
        if state is None or state.pinned:
            return DEFAULT_DB_ALIAS
        return replica_alias() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _reads.get()
        if state is not None:
            state.pinned = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return None


class ReadYourWritesMiddleware:
    """After a request that may have written, the browser reads from the primary for
    ``PEERWORK_REPLICA_PIN_SECONDS`` (longer than the replica's usual lag)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_alias():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.PEERWORK_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=not settings.DEBUG,
            )
        return response
