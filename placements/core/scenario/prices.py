"""Share-price paths: the engine's input, as whole micro-dollars per trading day.

Prices are held as integers of 1/1,000,000 of a currency unit, so a price
written as 0.28 is exactly 280000 and every comparison with an exercise price
or a trigger is exact. A path is a row; its columns are *slots*: the
scenario's first day, then each trading day after it. On a calendar day the
price is the last slot's on or before it (a weekend keeps Friday's close).

Constant prices, dated points and price history give one path; a random walk
gives as many as it asks for, generated in chunks from one seeded stream so
the numbers do not depend on the chunk size.
"""

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from placements.core.money import PLACES
from placements.core.scenario.model import (
    ConstantPrice,
    PriceHistory,
    PriceModel,
    PricePoints,
    RandomWalk,
)

MICROS = 1_000_000
SATURDAY = 5
MAX_PRICE_MICROS = 10**12
"""The highest price the engine takes ($1,000,000, the loader's bound on any price).

A random walk that would climb past it is held at it (and the run's notes say
so): far below int64, so counts x prices stay exact (see tests/test_robust.py)."""


def micros(price: Decimal) -> int:
    """A price in whole micro-dollars, half-up past the sixth decimal."""
    return int((price * MICROS).to_integral_value(rounding=ROUND_HALF_UP))


def from_micros(value: int) -> Decimal:
    return Decimal(int(value)) / MICROS


@dataclass(frozen=True)
class TradingDays:
    """The scenario's days and the slots at which prices are set.

    ``slots`` holds day offsets from ``start`` (slot 0 is always offset 0);
    ``trading`` says which slots are trading days, which acceleration counts.
    """

    start: date
    days: int
    slots: np.ndarray
    trading: np.ndarray

    def offset(self, day: date) -> int:
        return (day - self.start).days

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=int(offset))

    def slot_of(self, offsets: np.ndarray | int) -> np.ndarray:
        """The slot in force on each day offset: the last slot on or before it."""
        return np.searchsorted(self.slots, offsets, side="right") - 1


def trading_days(model: PriceModel, start: date, end: date) -> TradingDays:
    """Weekdays are the trading days of made-up prices; a history's rows are its own."""
    days = (end - start).days + 1
    if isinstance(model, PriceHistory):
        offsets = [(day - start).days for day, _ in model.closes if start <= day <= end]
        on_start = bool(offsets) and offsets[0] == 0
        slots = [0, *(offset for offset in offsets if offset > 0)]
        trading = [on_start] + [True] * (len(slots) - 1)
    else:
        slots = [0] + [
            offset
            for offset in range(1, days)
            if (start + timedelta(days=offset)).weekday() < SATURDAY
        ]
        trading = [start.weekday() < SATURDAY] + [True] * (len(slots) - 1)
    return TradingDays(start, days, np.array(slots, dtype=np.int64), np.array(trading, dtype=bool))


def deterministic_path(model: PriceModel, cal: TradingDays) -> np.ndarray:
    """The one path (as a 1 x slots array) of a constant, dated points or history."""
    if isinstance(model, ConstantPrice):
        row = np.full(len(cal.slots), micros(model.price), dtype=np.int64)
    elif isinstance(model, PricePoints):
        row = _points_row(model, cal)
    elif isinstance(model, PriceHistory):
        row = _history_row(model, cal)
    else:
        raise TypeError(f"{type(model).__name__} is not a deterministic price")
    return row.reshape(1, -1)


def _points_row(model: PricePoints, cal: TradingDays) -> np.ndarray:
    """Each point's price until the next, or a straight line between them.

    Interpolated prices are rounded half-up to the finest tick the points are
    written in (the cent at least), as a quote would be.
    """
    days = np.array([cal.offset(day) for day, _ in model.points], dtype=np.int64)
    # the loader refuses finer prices; the tick is never below a micro-dollar
    places = min(PLACES, max(2, *(_places(price) for _, price in model.points)))
    tick = MICROS // 10**places
    prices = np.array([micros(price) // tick for _, price in model.points], dtype=np.int64)
    index = np.clip(np.searchsorted(days, cal.slots, side="right") - 1, 0, len(days) - 1)
    row = prices[index]
    if model.interpolate and len(days) > 1:
        following = np.clip(index + 1, 0, len(days) - 1)
        d0, d1 = days[index], days[following]
        p0, p1 = row, prices[following]
        between = (following != index) & (cal.slots > d0)
        span = np.where(between, d1 - d0, 1)
        step = (p1 - p0) * (cal.slots - d0)
        # half-up division of signed integers: floor((2 * step + span) / (2 * span))
        row = np.where(between, p0 + (2 * step + span) // (2 * span), row)
    return row * tick


def _places(price: Decimal) -> int:
    exponent = price.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _history_row(model: PriceHistory, cal: TradingDays) -> np.ndarray:
    days = np.array([cal.offset(day) for day, _ in model.closes], dtype=np.int64)
    prices = np.array([micros(close) for _, close in model.closes], dtype=np.int64)
    index = np.searchsorted(days, cal.slots, side="right") - 1
    return prices[np.clip(index, 0, len(days) - 1)]


def walk_chunks(walk: RandomWalk, cal: TradingDays, chunk: int) -> Iterator[np.ndarray]:
    """The walk's paths, ``chunk`` rows at a time, from one stream seeded by ``walk.seed``.

    Each step is one trading day: log S rises by (drift - volatility^2 / 2) dt
    + volatility sqrt(dt) Z, with dt = 1 / trading days per year.

    Drawing the normals is the largest single cost of a run, so a second
    thread draws the next chunk's while the caller works on this one (numpy
    releases the GIL for both). The draws still come from the one stream in
    order, so the numbers are those of drawing them all at once.
    """
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.Generator(np.random.PCG64(walk.seed))
    steps = len(cal.slots) - 1
    dt = 1.0 / walk.trading_days_per_year
    sigma = float(walk.volatility)
    mu = (float(walk.drift) - sigma * sigma / 2.0) * dt
    scale = sigma * math.sqrt(dt)
    log_start = math.log(float(walk.start) * MICROS)
    log_cap = math.log(MAX_PRICE_MICROS)
    start = micros(walk.start)
    sizes = [min(chunk, walk.paths - first) for first in range(0, walk.paths, chunk)]
    with ThreadPoolExecutor(max_workers=1) as drawer:
        ahead = drawer.submit(rng.standard_normal, (sizes[0], steps))
        for position, rows in enumerate(sizes):
            logs = ahead.result()
            if position + 1 < len(sizes):
                ahead = drawer.submit(rng.standard_normal, (sizes[position + 1], steps))
            prices = np.empty((rows, steps + 1), dtype=np.int64)
            prices[:, 0] = start
            if steps:
                # log prices in micros, in place: the start's log plus the running sum of shocks
                logs *= scale
                logs += mu
                logs[:, 0] += log_start
                np.add.accumulate(logs, axis=1, out=logs)
                np.minimum(logs, log_cap, out=logs)
                np.exp(logs, out=logs)
                np.rint(logs, out=prices[:, 1:], casting="unsafe")
                np.maximum(prices, 1, out=prices)
            yield prices


def estimated_volatility(
    closes: Sequence[tuple[date, Decimal]], trading_days_per_year: int
) -> Decimal:
    """Annual volatility from daily closes: the sample deviation of log returns, annualised."""
    values = np.array([float(close) for _, close in closes])
    returns = np.diff(np.log(values))
    if len(returns) < 2:
        return Decimal(0)
    annual = float(np.std(returns, ddof=1)) * math.sqrt(trading_days_per_year)
    return Decimal(repr(round(annual, 6)))
