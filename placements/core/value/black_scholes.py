"""Black–Scholes: a warrant with one price left is a European call on a share with no dividend.

Time is in years of 365 calendar days from the valuation day to the expiry.
"""

import math
from datetime import date

DAYS_PER_YEAR = 365


def years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end``, as calendar days / 365."""
    return (end - start).days / DAYS_PER_YEAR


def normal_cdf(x: float) -> float:
    """The standard normal distribution function, through ``erfc`` (exact in the tails)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def black_scholes_call(
    spot: float, strike: float, years: float, rate: float, volatility: float
) -> float:
    """The Black–Scholes value of a European call on a share paying no dividend.

    At expiry (``years`` 0) or with no volatility the share's path is known, so
    the value is the discounted payoff, max(S - K e^(-rT), 0), with no division
    by zero.
    """
    if years <= 0:
        return max(spot - strike, 0.0)
    discounted_strike = strike * math.exp(-rate * years)
    spread = volatility * math.sqrt(years)
    if spread == 0 or strike <= 0:
        return max(spot - discounted_strike, 0.0)
    d1 = (math.log(spot / strike) + (rate + volatility * volatility / 2) * years) / spread
    d2 = d1 - spread
    return spot * normal_cdf(d1) - discounted_strike * normal_cdf(d2)
