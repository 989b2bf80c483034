"""Optimistic concurrency: refuse a save based on a stale copy instead of overwriting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this record while you were editing it. Your changes have not been "
    "saved; they are still in the form below. Reload the page to see the current version, "
    "then make your changes again."
)


class StaleEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def save_if_current(instance: models.Model, *, expected_version: int | None, fields: list[str]) -> None:
    """Write ``fields`` of ``instance`` only if the stored ``version`` is ``expected_version``.

    Bumps the version on success; raises ``StaleEditError`` when someone saved in between.
    """
    if expected_version is None:
        raise StaleEditError
    values = {name: getattr(instance, name) for name in fields}
    updated = type(instance)._default_manager.filter(
        pk=instance.pk, version=expected_version
    ).update(version=F("version") + 1, **values)
    if updated != 1:
        raise StaleEditError
    instance.version = expected_version + 1
