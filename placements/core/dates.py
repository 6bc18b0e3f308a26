"""Calendar-month arithmetic, as securities law and warrant certificates count."""

from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=1 << 16)
def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clipped to the month's end.

    Oct 31 + 4 months is Feb 28 (or 29): the month, not a count of days.
    Cached: a large book asks the same few questions of many closing dates,
    and relativedelta is slow.
    """
    return start + relativedelta(months=months)
