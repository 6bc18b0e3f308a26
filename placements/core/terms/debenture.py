"""Convertible debentures: the shares their principal converts into, on any day.

Shares on conversion = floor(principal / conversion price in force), rounded
down like every count (design.md §Counts). They count in fully diluted while
the debentures are outstanding (issue to maturity), and in the treasury
method if converted: all of them when the share price is above the conversion
price, since conversion brings no cash.
"""

from datetime import date
from decimal import Decimal

from placements.core.money import whole
from placements.core.terms.book import Debenture
from placements.core.terms.schedule import Schedule, build_schedule


def conversion_shares(debenture: Debenture, price: Decimal) -> int:
    return whole(debenture.principal / price)


def conversion_schedule(debenture: Debenture) -> Schedule:
    return build_schedule(debenture.issued, debenture.conversion.steps, debenture.maturity)


def conversion_price_on(debenture: Debenture, day: date) -> Decimal | None:
    """The conversion price in force on ``day``, or None when not outstanding then."""
    if not debenture.issued <= day <= debenture.maturity:
        return None
    for period in conversion_schedule(debenture).periods:
        if period.first <= day <= period.last:
            return period.price
    return None
