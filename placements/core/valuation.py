"""What a warrant or option is worth: Black–Scholes, a lattice for step-ups, and dilution.

Prices, rates and volatilities are floats here: a value is a model output, not
a payment, so it never needs to be exact to the cent. Time is in years of 365
calendar days, counted from the valuation day to the expiry: the exercise
price of a warrant changes on calendar dates, not trading days, and 365 is the
convention of Canadian money markets. Rates are annual and continuously
compounded; volatility is annual (0.8 for 80%).

Three methods, each where it is right:

- A warrant with one price left is a European call. A holder of a call on a
  share that pays no dividend never gains by exercising early (the call is
  worth more alive than its intrinsic value when rates are not negative), so
  Black–Scholes prices it.
- A step-up warrant can be worth exercising on the last day before its price
  rises. It is priced on a binomial lattice whose nodes each carry the price in
  force on their date, with early exercise allowed at every node.
- Exercise issues new shares, which dilutes the share the warrant is on.
  Hull's adjustment (Options, Futures, and Other Derivatives, "Warrants,
  employee stock options and dilution") solves
  ``W = N / (N + M) x C(S + (M / N) x W)`` for the warrant value ``W``, where
  ``C`` is the plain value as a function of the share price, ``N`` the shares
  outstanding and ``M`` the shares the warrants would issue.

Ignored: dividends (juniors pay none), acceleration clauses (an issuer's right
to shorten the term only lowers the value, and depends on the path of closing
prices), the resale hold, and any discount for non-transferable warrants.
"""

import math
from collections.abc import Callable
from datetime import date

import numpy as np

from placements.core.schedule import Period, Schedule

DAYS_PER_YEAR = 365
DEFAULT_STEPS = 2000
"""Lattice steps: about one per calendar day or finer for a two-year warrant, and
agreement with Black–Scholes to about 1e-3 on a $100 at-the-money call (far
better on a penny share, as the error scales with the price)."""

LARGEST_EXPONENT = 700.0
"""Node prices are capped at e^700 times the spot, short of float overflow; nodes
that far up carry no probability worth counting."""


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


def lattice_warrant_value(
    spot: float,
    schedule: Schedule,
    as_of: date,
    rate: float,
    volatility: float,
    steps: int = DEFAULT_STEPS,
) -> float:
    """The value on ``as_of`` of a warrant whose exercise price follows ``schedule``.

    A Cox–Ross–Rubinstein binomial lattice of ``steps`` equal steps from
    ``as_of`` to the expiry. Each node carries the exercise price in force on
    its calendar date, and its value is the larger of exercising there and
    holding on. The moves are centred on the forward price,
    u = e^(r dt + s sqrt(dt)) and d = e^(r dt - s sqrt(dt)), a form of CRR
    whose up-probability stays inside (0, 1) at any volatility and rate, where
    plain CRR fails when s < r sqrt(dt). Each backward step is a few numpy
    operations over all its nodes, so 2,000 steps take some 25 milliseconds.

    With one price left this is an American call that is never exercised early,
    and it converges to Black–Scholes (with an error shrinking as 1/steps).
    A warrant past its expiry is worth nothing.
    """
    periods = schedule.periods_from(as_of)
    if not periods:
        return 0.0
    days = (schedule.expiry - as_of).days
    if days == 0:
        return max(spot - float(periods[0].price), 0.0)
    if volatility == 0:
        return _known_path_value(spot, periods, as_of, rate)
    years = days / DAYS_PER_YEAR
    dt = years / steps
    jump = volatility * math.sqrt(dt)
    up_probability = 1 / (1 + math.exp(jump))  # (e^(r dt) - d) / (u - d), simplified
    strikes = _strike_at_each_step(periods, as_of, days, steps)
    # Node j of step i has seen j up-moves and i - j down-moves: its price is
    # S e^(i r dt) e^((2j - i) jump). The second factor is read from one table
    # of e^(k jump), so no node's price gathers rounding from step to step.
    moves = np.exp(np.clip(jump * np.arange(-steps, steps + 1), None, LARGEST_EXPONENT))
    weight_up = math.exp(-rate * dt) * up_probability
    weight_down = math.exp(-rate * dt) * (1 - up_probability)

    def prices_at(step: int) -> np.ndarray:
        return spot * math.exp(step * rate * dt) * moves[steps - step : steps + step + 1 : 2]

    values = np.maximum(prices_at(steps) - strikes[steps], 0.0)
    for step in range(steps - 1, -1, -1):
        holding = weight_up * values[1:] + weight_down * values[:-1]
        values = np.maximum(holding, prices_at(step) - strikes[step])
    return float(values[0])


def _strike_at_each_step(
    periods: tuple[Period, ...], as_of: date, days: int, steps: int
) -> np.ndarray:
    """The exercise price in force at each step's date, steps counted from ``as_of``.

    Time 0 is the close of ``as_of``, so a node a part of a day past the close
    of day k falls on day k + 1: the day is rounded up. The last node at a
    price is then at or before the close of the price's last day, never after.
    """
    day_of_step = -((np.arange(steps + 1) * -days) // steps)
    last_days = np.array([(period.last - as_of).days for period in periods])
    prices = np.array([float(period.price) for period in periods])
    return prices[np.searchsorted(last_days, day_of_step, side="left")]


def _known_path_value(spot: float, periods: tuple[Period, ...], as_of: date, rate: float) -> float:
    """The value with no volatility: the share grows at the rate, so exercise is a choice of day.

    Discounted to ``as_of``, exercising on day t pays S - K(t) e^(-rt); within a
    period that is largest on its first or its last day (the last, unless the
    rate is negative), so only those need comparing.
    """
    best = 0.0
    for period in periods:
        for day in (max(period.first, as_of), period.last):
            discounted_strike = float(period.price) * math.exp(-rate * years_between(as_of, day))
            best = max(best, spot - discounted_strike)
    return best


def warrant_value(
    spot: float,
    schedule: Schedule,
    as_of: date,
    rate: float,
    volatility: float,
    steps: int = DEFAULT_STEPS,
) -> float:
    """The plain value of one warrant on ``as_of``: Black–Scholes or the lattice.

    With one price left (no step-up to come) the warrant is a European call;
    with step-ups to come it goes on the lattice. Past expiry it is worth nothing.
    """
    periods = schedule.periods_from(as_of)
    if not periods:
        return 0.0
    if len(periods) == 1:
        years = years_between(as_of, schedule.expiry)
        return black_scholes_call(spot, float(periods[0].price), years, rate, volatility)
    return lattice_warrant_value(spot, schedule, as_of, rate, volatility, steps)


def dilution_adjusted(
    plain_value: Callable[[float], float],
    spot: float,
    shares: int,
    new_shares: int,
    shares_per_warrant: int = 1,
) -> float:
    """Hull's dilution-adjusted warrant value: W = N/(N+M) x C(S + (M/N) W).

    ``plain_value`` is C, the value of one warrant as a function of the share
    price; ``shares`` is N, the shares outstanding; ``new_shares`` is M, what
    exercising every warrant of the series would issue. The share price S is
    taken to already know that the warrants are outstanding, so the equity per
    share is S + (M/N) W, and exercise shares it with M new shares. A warrant
    for k shares (``shares_per_warrant``) counts M/k warrants, so the equity
    per share is S + (M/(kN)) W.

    The right-hand side grows with W at a slope of at most M/(N+M) < 1 (a
    call's delta is at most k), so there is one solution, between 0 and C(S);
    it is found by regula falsi with the Illinois modification, which keeps
    bisection's bracket and takes a handful of evaluations of C (each maybe a
    whole lattice). With M = 0 it is the plain value, and it tends to it as
    M/N tends to 0.
    """
    plain = plain_value(spot)
    if new_shares == 0 or plain == 0:
        return plain
    if shares <= 0:
        raise ValueError(f"shares outstanding must be positive (got {shares})")
    share_of_value = shares / (shares + new_shares)
    value_per_share = new_shares / (shares_per_warrant * shares)

    def excess(warrant: float) -> float:
        return warrant - share_of_value * plain_value(spot + value_per_share * warrant)

    return root_in_bracket(excess, 0.0, plain)


def root_in_bracket(
    function: Callable[[float], float],
    low: float,
    high: float,
    tolerance: float = 1e-12,
    most_evaluations: int = 100,
) -> float:
    """The root of an increasing ``function`` between ``low`` and ``high``.

    Regula falsi with the Illinois modification: the secant through the ends of
    the bracket, halving the weight of an end that has stayed put twice, so
    both ends close in. Stops when the function is within ``tolerance`` of 0
    or the bracket within ``tolerance`` of a point (both relative to the
    larger of 1 and the root's size). An end where the function is already
    not below (low) or above (high) zero is returned as it is.
    """
    f_low, f_high = function(low), function(high)
    if f_low >= 0:
        return low
    if f_high <= 0:
        return high
    kept = 0
    for _ in range(most_evaluations):
        middle = (low * f_high - high * f_low) / (f_high - f_low)
        f_middle = function(middle)
        scale = tolerance * max(1.0, abs(middle))
        if abs(f_middle) <= scale or high - low <= scale:
            return middle
        if f_middle < 0:
            low, f_low = middle, f_middle
            if kept == -1:
                f_high /= 2
            kept = -1
        else:
            high, f_high = middle, f_middle
            if kept == 1:
                f_low /= 2
            kept = 1
    return (low + high) / 2
