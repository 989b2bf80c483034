"""Optimistic concurrency: refuse a save based on a stale copy instead of overwriting.

Every optimistic-locking write in the project goes through this module: ``save_if_current``
when the service has nothing else to check under the lock; otherwise ``lock_row`` (or
``select_for_update()``), ``check_version`` and ``save_new_version``. Writes go through
``Model.save(update_fields=...)`` (never ``QuerySet.update()``) so the audit log
(django-auditlog, which listens to save signals) records who changed which fields from what
to what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this record while you were editing it. Your changes have not been "
    "saved; they are still in the form below. Reload the page to see the current version, "
    "then make your changes again."
)

_M = TypeVar("_M", bound=models.Model)


class StaleEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def lock_row(instance: _M) -> _M | None:
    """Re-read ``instance``'s row under a row lock (inside the caller's transaction).

    On PostgreSQL this is ``SELECT … FOR UPDATE``; on SQLite the lock is a no-op, but our
    transactions begin IMMEDIATE, so writers are serialised anyway.
    """
    return type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()


def check_version(
    current: models.Model | None,
    *,
    expected_version: int | None,
    stale: Callable[[Any], Exception] | None = None,
) -> None:
    """Raise ``stale(current)`` (default ``StaleEditError``) unless the row the caller re-read
    under a lock (``lock_row`` or ``select_for_update()``) still has ``expected_version``."""
    if (
        expected_version is None
        or current is None
        or cast(Any, current).version != expected_version
    ):
        raise stale(current) if stale is not None else StaleEditError()


def save_new_version(
    record: models.Model, values: Mapping[str, Any] | None = None, *, also: Iterable[str] = ()
) -> None:
    """Set ``values`` on ``record`` (a row the caller locked and checked), bump its ``version``
    and save them, with the ``also`` fields, through ``save(update_fields=...)``: never
    ``QuerySet.update()``, so the audit log records the change."""
    values = dict(values or {})
    for name, value in values.items():
        setattr(record, name, value)
    versioned = cast(Any, record)
    versioned.version += 1
    record.save(update_fields=list(dict.fromkeys([*values, *also, "version"])))


def save_if_current(
    instance: models.Model,
    *,
    expected_version: int | None,
    fields: Iterable[str],
    stale: Callable[[Any], Exception] | None = None,
    condition: Callable[[Any], bool] | None = None,
) -> None:
    """Save ``fields`` of ``instance`` only if the stored ``version`` is ``expected_version``.

    The row is re-read under a lock; if its version differs (or ``condition(stored_row)`` is
    false) nothing is written and ``stale(stored_row)`` is raised (default ``StaleEditError``).
    On success the version is bumped and the change goes through ``save(update_fields=...)``,
    so it is audited.
    """
    with transaction.atomic():
        current = lock_row(instance)
        check_version(current, expected_version=expected_version, stale=stale)
        if condition is not None and not condition(current):
            raise stale(current) if stale is not None else StaleEditError()
        cast(Any, instance).version = expected_version
        save_new_version(instance, also=fields)
