"""Calendar-month arithmetic, as securities law and warrant certificates count."""

from datetime import date

from dateutil.relativedelta import relativedelta


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clipped to the month's end.

    Oct 31 + 4 months is Feb 28 (or 29): the month, not a count of days.
    """
    return start + relativedelta(months=months)
