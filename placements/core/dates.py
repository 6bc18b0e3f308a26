"""Calendar-month arithmetic, as securities law and warrant certificates count."""

from datetime import date
from functools import lru_cache

LATEST_DERIVED = date(2399, 12, 31)
"""The last day a date worked out from others (a step's end, an expiry) may fall on.

Stated dates run to 2200; months counted from them may add a few centuries at
most, and a later date would leave the calendar (year 9999) or mean nothing.
"""


def months_later(start: date, months: int) -> date | None:
    """:func:`add_months`, or None when the day falls after :data:`LATEST_DERIVED`."""
    if start.year + months // 12 > LATEST_DERIVED.year:
        return None
    day = add_months(start, months)
    return day if day <= LATEST_DERIVED else None


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """How many days the month has (February 29 in a Gregorian leap year)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


@lru_cache(maxsize=1 << 16)
def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clipped to the month's end.

    Oct 31 + 4 months is Feb 28 (or 29): the month, not a count of days, as
    ``dateutil``'s ``relativedelta(months=...)`` counts it (which costs ten times
    as much, and its import). Cached: a large book asks the same few questions
    of many closing dates. A year past 9999 raises ValueError, as date does.
    """
    count = start.month - 1 + months
    year, month = start.year + count // 12, count % 12 + 1
    return date(year, month, min(start.day, month_days(year, month)))
