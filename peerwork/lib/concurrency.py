"""Optimistic concurrency: refuse a save based on a stale copy instead of overwriting.

Writes go through ``Model.save(update_fields=...)`` (never ``QuerySet.update()``) so the
audit log (django-auditlog, which listens to save signals) records who changed which fields
from what to what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this record while you were editing it. Your changes have not been "
    "saved; they are still in the form below. Reload the page to see the current version, "
    "then make your changes again."
)


class StaleEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def lock_row(instance: models.Model) -> models.Model | None:
    """Re-read ``instance``'s row under a row lock (inside the caller's transaction).

    On PostgreSQL this is ``SELECT … FOR UPDATE``; on SQLite the lock is a no-op, but our
    transactions begin IMMEDIATE, so writers are serialised anyway.
    """
    return type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()


def save_if_current(
    instance: models.Model,
    *,
    expected_version: int | None,
    fields: Iterable[str],
    stale: Callable[[models.Model | None], Exception] | None = None,
    condition: Callable[[models.Model], bool] | None = None,
) -> None:
    """Save ``fields`` of ``instance`` only if the stored ``version`` is ``expected_version``.

    The row is re-read under a lock; if its version differs (or ``condition(stored_row)`` is
    false) nothing is written and ``stale(stored_row)`` is raised (default ``StaleEditError``).
    On success the version is bumped and the change goes through ``save(update_fields=...)``,
    so it is audited.
    """

    def refuse(current: models.Model | None) -> Exception:
        return stale(current) if stale is not None else StaleEditError()

    with transaction.atomic():
        current = lock_row(instance)
        if expected_version is None:
            raise refuse(current)
        if (
            current is None
            or current.version != expected_version
            or (condition is not None and not condition(current))
        ):
            raise refuse(current)
        instance.version = expected_version + 1
        update_fields = list(dict.fromkeys([*fields, "version"]))
        instance.save(update_fields=update_fields)
