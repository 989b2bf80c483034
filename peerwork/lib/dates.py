"""Calendar arithmetic shared by the apps: months and quarters."""

from __future__ import annotations

import calendar
import datetime as dt


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
