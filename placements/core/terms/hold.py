"""The resale hold (NI 45-102): when securities issued on a closing may first trade, and back.

Securities distributed under a prospectus exemption carry a legend for four
months and a day: the first day they may trade is the closing plus four
calendar months plus one day. A release may state that day instead, or say
there is no hold (a listed issuer financing, LIFE). Working back from a
stated day to the closing is not one-to-one: October 28 to 31 plus four
months all land on the last day of February, so all give March 1.
"""

from datetime import date, timedelta

from placements.core.dates import add_months

FOUR_MONTHS = 4
"""NI 45-102's hold, in months; a day is added to it."""

ONE_DAY = timedelta(days=1)


def hold_end(closed: date, months: int | None, until: date | None = None) -> date:
    """The first free day of a hold on securities issued on ``closed``.

    ``until`` states it; ``months`` counts it (closing + months + 1 day);
    with neither there is no hold and the securities trade from the closing.
    """
    if until is not None:
        return until
    if months is not None:
        return add_months(closed, months) + ONE_DAY
    return closed


def latest_closing(first_free_day: date, months: int = FOUR_MONTHS) -> date | None:
    """The latest closing whose hold of ``months`` ends the day before ``first_free_day``.

    None when no closing gives that day: a four-month hold never has June 30
    as its last day, since February, four months before, has no 30th.
    """
    last_held = first_free_day - ONE_DAY
    candidate = add_months(last_held, -months)
    if add_months(candidate, months) != last_held:
        return None
    while add_months(candidate + ONE_DAY, months) == last_held:
        candidate += ONE_DAY
    return candidate
