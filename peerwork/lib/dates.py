"""Calendar arithmetic shared by the apps: months and quarters."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of the month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def earliest_completion_reaching(target: dt.date, months: int) -> dt.date:
    """The earliest date ``c`` with ``add_months(c, months) >= target``.

    ``add_months`` never decreases as ``c`` grows, so "``months`` after ``c`` is before
    ``target``" is exactly "``c`` is before this date" — which lets the database compare plain
    dates.
    """
    candidate = add_months(target, -months)
    one_day = dt.timedelta(days=1)
    while add_months(candidate - one_day, months) >= target:
        candidate -= one_day
    while add_months(candidate, months) < target:
        candidate += one_day
    return candidate


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding ``day``."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(quarter: dt.date) -> dt.date:
    """The last day of the quarter starting on (or holding) ``quarter``."""
    return add_months(quarter_start(quarter), 3) - dt.timedelta(days=1)


def quarters_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every quarter from the one holding ``first`` to the one holding ``last``."""
    quarters = []
    current = quarter_start(first)
    while current <= last:
        quarters.append(current)
        current = add_months(current, 3)
    return quarters


def quarter_label(quarter: dt.date) -> str:
    """``2025 Q3``."""
    return f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"


def not_ended_by(on: dt.date, prefix: str = "") -> Q:
    """Records whose ``ended`` date is empty or not before ``on`` (``prefix`` names the
    relation to follow, e.g. ``"peer_worker"``): current ones and those yet to start."""
    field = f"{prefix}__ended" if prefix else "ended"
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": on})


def active_on(on: dt.date, prefix: str = "") -> Q:
    """Records in effect on ``on``: started by then and not ended before (see ``not_ended_by``).

    Querysets use it as ``.current(on)`` / ``.active(on)``; annotations and related records
    (``Count(..., filter=active_on(today, "peer_workers"))``) use it directly.
    """
    field = f"{prefix}__started" if prefix else "started"
    return Q(**{f"{field}__lte": on}) & not_ended_by(on, prefix)
