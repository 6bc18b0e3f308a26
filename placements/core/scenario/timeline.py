"""The days a timeline has a row on, besides the days something happens.

Kept apart from the calendar of events, and light, because the command line
offers these choices before it loads anything else.
"""

from datetime import date, timedelta
from enum import StrEnum


class Frequency(StrEnum):
    """How often a timeline has a row, besides the days something happens."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    EVENTS = "events"


def regular_days(start: date, end: date, frequency: Frequency) -> list[date]:
    """The start, the end, and the days between them at ``frequency``.

    Weekly rows fall on Fridays and monthly rows on month ends, where reports
    are read; ``events`` adds no regular rows at all.
    """
    days = {start, end}
    if frequency is Frequency.DAILY:
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    elif frequency is Frequency.WEEKLY:
        friday = start + timedelta(days=(4 - start.weekday()) % 7)
        days.update(friday + timedelta(weeks=n) for n in range((end - friday).days // 7 + 1))
    elif frequency is Frequency.MONTHLY:
        month_end = _month_end(start)
        while month_end <= end:
            days.add(month_end)
            month_end = _month_end(month_end + timedelta(days=1))
    return sorted(day for day in days if start <= day <= end)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
