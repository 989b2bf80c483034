"""Database constraints written one way across the apps."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def choices_check(
    field: str, choices: type[models.Choices], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """A check that ``field`` holds one of ``choices``' values (or ``""`` when ``blank``).

    Name it ``<app>_<model>_<field>_valid``. The list is written into the migration, so a new
    choice needs a migration (``makemigrations`` says so).
    """
    values = [choice.value for choice in choices]
    if blank:
        values = ["", *values]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)
