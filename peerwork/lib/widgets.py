"""The project's date and time inputs.

A browser's native date field (``<input type="date">``) reads and submits ISO values only
(``2026-09-01``). Django renders a date with the active locale's format (``01/09/2026`` in
en-GB) unless the widget names a format, and the browser then shows an empty field and submits
it empty: saving an edit form unchanged would erase its dates. Every form in the project uses
these widgets, so every date and time round-trips.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    """A native date picker that renders ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class TimeInput(forms.TimeInput):
    """A native time picker that renders ``HH:MM``."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_TIME)


class YesNoNotKnownSelect(forms.NullBooleanSelect):
    """Yes / No / Not known for a nullable boolean: "not known" is not the same as "no"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
