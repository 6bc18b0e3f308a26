"""A binomial lattice for warrants with step-ups to come, and the choice of model per warrant."""

import math
from datetime import date

import numpy as np

from placements.core.terms.schedule import Period, Schedule
from placements.core.value.black_scholes import DAYS_PER_YEAR, black_scholes_call, years_between

DEFAULT_STEPS = 2000
"""Lattice steps: about one per calendar day or finer for a two-year warrant, and
agreement with Black–Scholes to about 1e-3 on a $100 at-the-money call (far
better on a penny share, as the error scales with the price)."""

LARGEST_EXPONENT = 700.0
"""Node prices are capped at e^700 times the spot, short of float overflow; nodes
that far up carry no probability worth counting."""


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
