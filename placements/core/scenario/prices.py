"""Share-price paths: the engine's input, as whole micro-dollars per trading day.

Prices are held as integers of 1/1,000,000 of a currency unit, so a price
written as 0.28 is exactly 280000 and every comparison with an exercise price
or a trigger is exact. A path is a row; its columns are *slots*: the
scenario's first day, then each trading day after it. On a calendar day the
price is the last slot's on or before it (a weekend keeps Friday's close).

Constant prices, dated points and price history give one path; a random walk
gives as many as it asks for, generated in chunks from seeded streams so the
numbers do not depend on the chunk size.

A random walk is drawn one of two ways (the *draws* version a report states):

1. daily (:func:`walk_chunks`): a normal for every path and trading day;
3. bridged (:func:`bridged_chunks`, the default): each path is drawn on a
   coarse grid of slots (the days the policies and the timeline read, and a
   grid no coarser than the shortest acceleration run), and filled in day by
   day, by the exact Brownian bridge, only in the stretches next to a grid
   point where an acceleration run could be, and only until the path has
   had the run every clause looks for (the engine reads the first). Prices
   the engine asks for later (a price on an accelerated expiry) are drawn
   then, by the bridge between the nearest days drawn. Only the days drawn
   are kept; a day never drawn reads as 0: below every trigger, which cannot
   change an answer (see :class:`BridgedChunk`). The joint law of every price drawn is
   exactly the daily walk's; only the stream of draws differs.

Version 2 bridged too, but filled every stretch next to a grid point above a
trigger, after the run as before it; its numbers are no longer drawn.
"""

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np

from placements.core.money import PLACES
from placements.core.scenario.ahead import HELD, drawn_apart, shared_empty
from placements.core.scenario.model import (
    ConstantPrice,
    PriceHistory,
    PriceModel,
    PricePoints,
    RandomWalk,
)
from placements.core.scenario.searches import BEYOND, distinct

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
        """The slot in force on each day offset: the last slot on or before it (-1 before
        the start), looked up, not searched for: engines ask for many."""
        return np.take(self._slot_table, np.clip(offsets, -1, self.days) + 1)

    @cached_property
    def _slot_table(self) -> np.ndarray:
        """The slot in force on each day offset from -1 to ``days``."""
        return np.searchsorted(self.slots, np.arange(-1, self.days + 1), side="right") - 1


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


FIRST_CHUNK = 1024
"""Paths in the first chunk of a walk of several: the engine waits for the first chunk
to be drawn, and for no other, so a small one starts it sooner."""


def chunk_bounds(paths: int, chunk: int) -> list[tuple[int, int]]:
    """Where each chunk of a walk's paths begins and ends: ``chunk`` paths each, but a
    first of :data:`FIRST_CHUNK` when there are several. Every stream is drawn in path
    order, so where chunks begin changes no number."""
    if paths <= chunk:
        return [(0, paths)]
    first = min(FIRST_CHUNK, chunk)
    return [(0, first)] + [(low, min(low + chunk, paths)) for low in range(first, paths, chunk)]


def walk_chunks(walk: RandomWalk, cal: TradingDays, chunk: int) -> Iterator[np.ndarray]:
    """The walk's paths, ``chunk`` rows at a time, from one stream seeded by ``walk.seed``.

    Each step is one trading day: log S rises by (drift - volatility^2 / 2) dt
    + volatility sqrt(dt) Z, with dt = 1 / trading days per year.

    The draws come from the one stream in order, so the numbers are those of
    drawing them all at once; the engine draws each chunk while it works on
    the one before (:func:`~placements.core.scenario.ahead.drawn_ahead`).
    """
    rng = np.random.Generator(np.random.PCG64(walk.seed))
    steps = len(cal.slots) - 1
    dt = 1.0 / walk.trading_days_per_year
    sigma = float(walk.volatility)
    mu = (float(walk.drift) - sigma * sigma / 2.0) * dt
    scale = sigma * math.sqrt(dt)
    log_start = math.log(float(walk.start) * MICROS)
    log_cap = math.log(MAX_PRICE_MICROS)
    start = micros(walk.start)
    # the normals of every chunk in one buffer, only ever read here: a fresh one would
    # cost a page fault for every 512 normals
    normals = np.empty((min(chunk, walk.paths), steps), dtype=np.float64)
    for low, high in chunk_bounds(walk.paths, chunk):
        rows = high - low
        logs = normals[:rows]
        rng.standard_normal(out=logs)
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


DRAWS_DAILY = 1
DRAWS_BRIDGED = 3
"""The versions of a random walk's stream of draws: the same seed gives the same
numbers within a version. Version 1 draws every day; version 3 bridges, and
fills in days only until each clause's run (version 2, retired, filled after it too)."""


@dataclass(frozen=True)
class Coarse:
    """Where a bridged walk draws every path, and where it goes day by day.

    ``grid`` is ascending slots, the first and last included. A stretch
    between two grid points is filled in day by day on a path when either end
    is at or above ``level`` (micro-dollars) and lies from slot ``low`` to
    ``high``, or comes within reach of the price cap; but not once the path
    has had every one of ``runs``.

    Each of ``runs`` is (level, length, firsts): a run of ``length`` trading
    slots at or above ``level``, from each slot of ``firsts`` on (the first
    counted slots of a clause's series). Once a path has had one from the
    latest, every search of that clause has found its first run, on days
    drawn, so later days change no answer. No gap of the grid is wider than
    any ``length``.

    ``read`` are the grid slots whose prices the engine reads (the rest are
    there to split wide gaps), ascending: those are worked out as the grid is drawn.
    """

    grid: np.ndarray
    level: int
    low: int
    high: int
    runs: tuple[tuple[int, int, tuple[int, ...]], ...] = ()
    read: np.ndarray | None = None


class Streams:
    """Generators named by keys, each spawned from the walk's seed, kept across chunks.

    A chunk draws from a stream in path order, so the draws a path gets do not
    depend on where the chunks of paths begin.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.generators: dict[tuple[int, ...], np.random.Generator] = {}

    def __call__(self, *key: int) -> np.random.Generator:
        if key not in self.generators:
            sequence = np.random.SeedSequence(self.seed, spawn_key=key)
            self.generators[key] = np.random.Generator(np.random.PCG64(sequence))
        return self.generators[key]


GRID, FILL, ENSURE, COMPLETE, CHECKPOINT = range(5)
"""The first key of each stream a bridged walk draws from."""


@dataclass(frozen=True)
class GridSlots:
    """A bridged walk's grid among the slots: what each slot is to it, worked out once."""

    slots: np.ndarray
    """The grid's slots, ascending."""
    width: int
    """How many slots there are."""
    position: np.ndarray
    """Each slot's place on the grid, -1 off it."""
    stretch: np.ndarray
    """The stretch each slot lies in: the last grid point on or before it (the last
    stretch for the last slot)."""

    @classmethod
    def of(cls, grid: np.ndarray, width: int) -> "GridSlots":
        position = np.full(width, -1, dtype=np.int64)
        position[grid] = np.arange(len(grid))
        every = np.arange(width)
        stretch = np.searchsorted(grid, every, side="right") - 1
        return cls(grid, width, position, np.clip(stretch, 0, max(len(grid) - 2, 0)))


@dataclass(frozen=True)
class DrawnPaths:
    """Paths drawn on every slot (a deterministic path, a daily walk), read as the engine
    reads a bridged chunk."""

    prices: np.ndarray
    """Paths x slots, in micros."""

    @property
    def paths(self) -> int:
        return int(self.prices.shape[0])

    @property
    def capped(self) -> bool:
        return int(self.prices.max(initial=0)) >= MAX_PRICE_MICROS

    def at(self, path: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """The prices on (``path``, ``slot``), broadcast together."""
        return self.prices[path, slot]

    def on_slots(self, slots: np.ndarray) -> np.ndarray:
        """Every path's prices on ``slots``: paths x slots, a row per path."""
        return np.take(self.prices, slots, axis=1)

    def whole(self) -> np.ndarray:
        """Every path on every slot."""
        return self.prices


class BridgedChunk:
    """A chunk of bridged paths, drawn on the grid, in the stretches filled in, and on
    the days :meth:`ensure` drew; a day not drawn reads as 0.

    Its arrays are the walk's buffers, valid until the next chunk is drawn. A
    price drawn is at least 1, so 0 is also how the chunk tells a day not drawn.
    Only the days drawn are kept (the grid's, each filled stretch's, and the
    few :meth:`ensure` drew), not a paths x slots array of mostly zeros.

    Why 0 is safe: the engine reads prices on grid days, on days it asks for
    with :meth:`ensure`, and in searches for the first run of ``length``
    trading days at or above a trigger. Any such run holds a grid point (the
    grid is no coarser than ``length``), and every stretch next to a grid
    point at or above the trigger is drawn until the path has had a run of
    every clause (:class:`Coarse`), so every day of a first run, and the
    day before and after it, is drawn: a day left at 0 lies between two grid
    points below the trigger, in a stretch too short to hold a run, or after
    the first runs, where no search looks.
    """

    def __init__(
        self,
        grid: GridSlots,
        on_grid: np.ndarray,
        at_grid: np.ndarray,
        filled: np.ndarray,
        filled_prices: np.ndarray,
        scale: float,
        streams: Streams,
        run_ends: dict[tuple[int, int, int], np.ndarray] | None = None,
        capped: bool = False,
        ready: np.ndarray | None = None,
    ) -> None:
        self.capped = capped
        """Whether a price drawn reached :data:`MAX_PRICE_MICROS` (and was held there)."""
        self.run_ends = run_ends or {}
        """By (level, length, first): the slot ending each path's first run of ``length``
        trading slots at or above ``level`` from slot ``first`` on (BEYOND if none),
        as found while the paths were filled in; what a search of the prices finds."""
        self.grid = grid
        self.on_grid = on_grid
        """Log prices on the grid (paths x grid)..."""
        self.at_grid = at_grid
        """...and the prices, a column (a grid day) worked out when first read: the
        exponential is the costliest step, and many grid days are read only as
        above a trigger or not (:func:`_at_or_above`)."""
        self.ready = np.zeros(on_grid.shape[1], dtype=bool)
        """Which columns of ``at_grid`` are worked out: the first (the start) and ``ready``."""
        self.ready[0] = True
        if ready is not None:
            self.ready[ready] = True
        self.filled = filled
        """Where each filled stretch's days start in ``filled_prices`` (stretches x paths),
        -1 where the stretch was not filled..."""
        self.filled_prices = filled_prices
        """...and their prices, a stretch's paths one after the other, in path order."""
        self.logged = np.zeros(0, dtype=np.int64)
        """The days drawn by :meth:`ensure`, as path x slots + slot, ascending..."""
        self.logs = np.zeros(0, dtype=np.float64)
        """...their log prices..."""
        self.drawn = np.zeros(0, dtype=np.int64)
        """...and their prices: few, so kept apart."""
        self.scale = scale
        self.streams = streams

    @property
    def paths(self) -> int:
        return int(self.on_grid.shape[0])

    def at(self, path: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """The prices on (``path``, ``slot``), broadcast together; 0 on days not drawn."""
        path, slot = np.asarray(path, np.int64), np.asarray(slot, np.int64)
        position = self.grid.position[slot]
        column = np.maximum(position, 0)
        self._work_out(column)
        # one flat index: indexing with a pair of arrays is several times slower
        row = self.at_grid.shape[1]
        found = np.take(self.at_grid.reshape(-1), path * row + column)
        off = position < 0
        if off.any():
            path, slot, off = np.broadcast_arrays(path, slot, off)
            found[off] = self._off_grid(path[off], slot[off])
        return found

    def on_slots(self, slots: np.ndarray) -> np.ndarray:
        """Every path's prices on ``slots``: paths x slots, 0 on days not drawn."""
        slots = np.asarray(slots, np.int64)
        position = self.grid.position[slots]
        columns = np.maximum(position, 0)
        self._work_out(columns)
        # a column at a time: indexing with a paths x slots pair of arrays is far slower
        found = np.take(self.at_grid, columns, axis=1)
        every = np.arange(self.paths)
        for column in np.flatnonzero(position < 0).tolist():
            found[:, column] = self._off_grid(every, np.full(self.paths, slots[column]))
        return found

    def whole(self) -> np.ndarray:
        """Every path on every slot, 0 on the days not drawn: a new array."""
        grid = self.grid
        prices = np.zeros((self.paths, grid.width), dtype=np.int64)
        self._work_out(np.arange(len(grid.slots)))
        prices[:, grid.slots] = self.at_grid
        for stretch in range(len(self.filled)):
            paths = np.flatnonzero(self.filled[stretch] >= 0)
            if paths.size:
                left, right = int(grid.slots[stretch]), int(grid.slots[stretch + 1])
                first = int(self.filled[stretch, paths[0]])
                block = self.filled_prices[first : first + paths.size * (right - left - 1)]
                prices[paths, left + 1 : right] = block.reshape(paths.size, -1)
        prices.reshape(-1)[self.logged] = self.drawn
        return prices

    def ensure(
        self, paths: np.ndarray, slots: np.ndarray, stream: int = 0, kind: int = ENSURE
    ) -> None:
        """Draw the prices on (``paths``, ``slots``) not drawn yet, by the bridge.

        Each is drawn given the nearest drawn days on either side, which by
        the Markov property is its exact law given everything drawn. Two days
        between the same drawn neighbours are drawn in turn, the later given
        the earlier. ``stream`` names the caller's stream of draws.
        """
        width = self.grid.width
        paths, slots = np.asarray(paths, np.int64), np.asarray(slots, np.int64)
        off_grid = self.grid.position[slots] < 0  # grid days are drawn: a lookup in a short row
        paths, slots = paths[off_grid], slots[off_grid]
        missing = self._off_grid(paths, slots) == 0  # drawn prices are 1 or more
        wanted = paths[missing] * width + slots[missing]
        # in path order, each day once (a sort: numpy's unique hashes, slowly, at this size)
        wanted.sort()
        if wanted.size:
            wanted = wanted[np.concatenate([[True], wanted[1:] != wanted[:-1]])]
        turn = 0
        while wanted.size:
            path, slot = np.divmod(wanted, width)
            left, right = self._neighbours(path, slot)
            # one day per gap between drawn days in each turn; the rest wait for the next
            gap = path * width + left
            first = np.ones(gap.size, dtype=bool)
            first[1:] = gap[1:] != gap[:-1]
            self._bridge(path[first], slot[first], left[first], right[first], (kind, stream, turn))
            wanted = wanted[~first]
            turn += 1

    def ensure_every(self, slots: np.ndarray, kind: int) -> None:
        """:meth:`ensure` on every path's ``slots`` (those off the grid: the rest are drawn)."""
        slots = np.asarray(slots, np.int64)
        slots = slots[self.grid.position[slots] < 0]
        if slots.size:
            every = np.arange(self.paths)
            self.ensure(np.repeat(every, len(slots)), np.tile(slots, len(every)), kind=kind)

    def complete(self) -> np.ndarray:
        """Every day of every path, the days not drawn drawn now: the daily walk's law.

        Each run of days not drawn lies between two drawn days (grid days or
        days drawn by :meth:`ensure`) and is bridged between them. A new
        array, as the chunk's are reused for the next chunk.
        """
        prices = self.whole()
        width = self.grid.width
        drawn = np.flatnonzero(prices.reshape(-1))
        path, slot = np.divmod(drawn, width)
        following = np.flatnonzero((np.diff(drawn) > 1) & (path[1:] == path[:-1]))
        p, left, right = path[following], slot[following], slot[following + 1]
        lengths = right - left - 1
        for length in distinct(lengths).tolist():
            chosen = np.flatnonzero(lengths == length)
            z = self.streams(COMPLETE, length).standard_normal((chosen.size, length))
            start = self._log(p[chosen], left[chosen])
            end = self._log(p[chosen], right[chosen])
            values = _to_micros(_bridged(start, end, z, self.scale), LOG_CAP)
            columns = left[chosen][:, None] + np.arange(1, length + 1)
            # no log is read again: every day left is drawn now
            prices[p[chosen][:, None], columns] = values
            self.capped = self.capped or int(values.max(initial=0)) >= MAX_PRICE_MICROS
        return prices

    def _work_out(self, columns: np.ndarray) -> None:
        """Work out the prices of the grid's ``columns`` not worked out yet."""
        missing = columns[~self.ready[columns]]
        if missing.size:
            missing = distinct(missing)
            logs = np.take(self.on_grid, missing, axis=1)
            self.at_grid[:, missing] = _to_micros(logs, LOG_CAP, logs)
            self.ready[missing] = True

    def _off_grid(self, path: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """The prices on days off the grid: in a filled stretch, drawn by :meth:`ensure`, or 0."""
        grid = self.grid
        stretch = grid.stretch[slot]
        start = np.take(self.filled.reshape(-1), stretch * self.paths + path)
        inside = start >= 0
        found = np.zeros(path.size, dtype=np.int64)
        found[inside] = self.filled_prices[
            start[inside] + slot[inside] - grid.slots[stretch[inside]] - 1
        ]
        if self.logged.size:
            rest = np.flatnonzero(~inside)
            days = path[rest] * grid.width + slot[rest]
            index = np.minimum(np.searchsorted(self.logged, days), self.logged.size - 1)
            hit = self.logged[index] == days
            found[rest[hit]] = self.drawn[index[hit]]
        return found

    def _bridge(
        self,
        path: np.ndarray,
        slot: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
        key: tuple[int, ...],
    ) -> None:
        span = (right - left).astype(np.float64)
        before = (slot - left).astype(np.float64)
        low, high = self._log(path, left), self._log(path, right)
        mean = low + (high - low) * (before / span)
        spread = self.scale * np.sqrt(before * (span - before) / span)
        values = mean + spread * self.streams(*key).standard_normal(path.size)
        self._set(path, slot, values)

    def _neighbours(self, path: np.ndarray, slot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nearest drawn days before and after days not drawn.

        Such a day lies in a stretch not filled in, so its neighbours are the
        stretch's grid days, unless :meth:`ensure` drew days between them.
        """
        grid, width = self.grid.slots, self.grid.width
        position = np.searchsorted(grid, slot, side="right")
        left, right = grid[position - 1], grid[position]
        if self.logged.size:
            row = path * width
            after = np.searchsorted(self.logged, row + slot)
            # the day before is not drawn, so the one found before it is the nearest
            found = self.logged[np.maximum(after - 1, 0)] - row
            left = np.where((after > 0) & (found > left), found, left)
            found = self.logged[np.minimum(after, self.logged.size - 1)] - row
            right = np.where((after < self.logged.size) & (found < right), found, right)
        return left, right

    def _log(self, path: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """The log price of drawn days: on the grid, or drawn by :meth:`ensure`."""
        position = self.grid.position[slot]
        found = self.on_grid[path, np.maximum(position, 0)]
        off = np.flatnonzero(position < 0)
        if off.size:
            days = path[off] * self.grid.width + slot[off]
            found[off] = self.logs[np.searchsorted(self.logged, days)]
        return found

    def _set(self, path: np.ndarray, slot: np.ndarray, values: np.ndarray) -> None:
        """Draw (path, slot) at the log prices ``values``, keeping them with the days drawn."""
        days = np.concatenate([self.logged, path * self.grid.width + slot])
        order = np.argsort(days, kind="stable")
        drawn = _to_micros(values, LOG_CAP)
        self.logged = days[order]
        self.logs = np.concatenate([self.logs, values])[order]
        self.drawn = np.concatenate([self.drawn, drawn])[order]
        self.capped = self.capped or int(drawn.max(initial=0)) >= MAX_PRICE_MICROS


PricePaths = DrawnPaths | BridgedChunk
"""Price paths as the engine reads them: drawn on every slot, or bridged."""


def _bridged(start: np.ndarray, end: np.ndarray, z: np.ndarray, scale: float) -> np.ndarray:
    """The days strictly between ``start`` and ``end`` (log prices), drawn in turn.

    With n days left to the end, the next log price is normal with mean
    x + (end - x) / n and variance scale^2 (n - 1) / n, the exact Brownian
    bridge; ``z`` (paths x days) holds the normals. Drawing in turn is the
    bridge's covariance factored (Cholesky, in day order), so the days come
    out of one product with the factor rather than a pass per day.
    """
    weights, factor = _bridge_factor(z.shape[1])
    values = z @ factor
    values *= scale
    values += start[:, None]
    values += (end - start)[:, None] * weights
    return values


@lru_cache(maxsize=64)
def _bridge_factor(length: int) -> tuple[np.ndarray, np.ndarray]:
    """A bridge over ``length`` days between two known ones: where each day's mean lies
    between them, and the transposed Cholesky factor of the days' covariance (per unit
    variance a day): i (n - j) / n for days i <= j, with n = length + 1."""
    n = length + 1
    day = np.arange(1, n, dtype=np.float64)
    covariance = np.minimum.outer(day, day) * (n - np.maximum.outer(day, day)) / n
    return day / n, np.linalg.cholesky(covariance).T.copy()


def _to_micros(
    logs: np.ndarray,
    log_cap: float,
    scratch: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Log prices in micros to whole micro-dollars, held at the cap, at least 1.

    ``scratch`` (floats the shape of ``logs``, which it may be) is worked in,
    and ``out`` (integers) written, if given: fresh arrays cost page faults.
    """
    values = np.minimum(logs, log_cap, out=scratch)
    np.exp(values, out=values)
    np.rint(values, out=values)
    np.maximum(values, 1, out=values)
    if out is None:
        return values.astype(np.int64)
    np.copyto(out, values, casting="unsafe")
    return out


LOG_CAP = math.log(MAX_PRICE_MICROS)
LOG_HAIR = 1e-9
"""Logs this close to a level's edge are turned into prices before they are
compared (:func:`_at_or_above`): exp and log err by a few parts in 10^16."""


def _at_or_above(logs: np.ndarray, level: int, first: int) -> np.ndarray:
    """Whether each price of ``logs`` (paths x grid, as :func:`_to_micros` makes them; the
    first column is ``first`` micro-dollars) is at least ``level``, read off the logs.

    A whole price is at least ``level`` when its log is at least that of
    level - 1/2, the edge at which it rounds up to ``level``; the few logs
    within :data:`LOG_HAIR` of the edge, where rounding could decide, are
    turned into prices and compared, so the answer is the prices' own.
    """
    if level <= 1 or level > MAX_PRICE_MICROS:  # every price is at least 1, and at most the cap
        above = np.full(logs.shape, level <= 1)
    else:
        edge = math.log(level - 0.5)
        above = logs >= edge - LOG_HAIR
        # two comparisons rather than a distance: the logs between them are few or none
        near = above & (logs <= edge + LOG_HAIR)
        if near.any():
            where = np.flatnonzero(near)
            above.reshape(-1)[where] = _to_micros(logs.reshape(-1)[where], LOG_CAP) >= level
    above[:, 0] = first >= level
    return above


CAP_MARGIN = 12.0
"""Stretches next to a grid point within this many daily deviations (times the
root of the grid's widest gap) of the price cap are drawn day by day, so the
note that prices were held at the cap misses a day only at odds far below any
that matter (the bridge would have to climb 12 deviations)."""


class Drawn(NamedTuple):
    """What drawing a chunk of bridged paths tells beyond its buffers: small, so it can be
    sent from the process that drew it (:func:`~placements.core.scenario.ahead.drawn_apart`)."""

    number: int
    """The chunk's place among the walk's: its buffers are the set ``number % HELD``."""
    rows: int
    kept: int
    """How many filled days' prices the chunk keeps."""
    capped: bool
    ends: dict[tuple[int, int, int], np.ndarray]
    """By (level, length, first): the slot ending each path's first run
    (:attr:`BridgedChunk.run_ends`)."""


Allocate = Callable[[tuple[int, ...], type], np.ndarray]
"""Makes an empty array of a shape and type: ``np.empty``, or one in memory shared
with a drawing process."""


class Bridge:
    """A walk drawn on a grid and bridged (draws 3): what every chunk of its paths shares.

    On the grid, log S rises by (drift - volatility^2 / 2) dt k + volatility
    sqrt(dt k) Z over k trading days. Inside a filled stretch from a to b
    each day is drawn in turn, given the day before and b: with n days left
    to b, the next log price is normal with mean x + (x_b - x) / n and
    variance volatility^2 dt (n - 1) / n, the exact Brownian bridge. The
    stretches are filled in date order, each from its own stream in path
    order, so that a path stops being filled once it has had its runs.

    :meth:`draws` fills the buffers a chunk at a time and says what it drew;
    :meth:`chunk` makes the engine's view of a chunk from that. The two may
    run in different threads or processes: the buffers the chunk reads are
    made by ``allocate``, and :class:`Streams` keys drawn from by each are
    apart (GRID and FILL here, the rest by :class:`BridgedChunk`).
    """

    def __init__(
        self,
        walk: RandomWalk,
        cal: TradingDays,
        chunk: int,
        coarse: Coarse,
        allocate: Allocate = np.empty,
    ) -> None:
        self.walk, self.cal, self.chunk_size, self.coarse = walk, cal, chunk, coarse
        dt = 1.0 / walk.trading_days_per_year
        sigma = float(walk.volatility)
        self.mu = (float(walk.drift) - sigma * sigma / 2.0) * dt
        self.scale = sigma * math.sqrt(dt)
        grid = coarse.grid
        self.slots = GridSlots.of(grid, len(cal.slots))
        # the read slots are grid slots, both ascending (np.isin would import numpy.ma)
        self.read = (
            np.arange(len(grid)) if coarse.read is None else np.searchsorted(grid, coarse.read)
        )
        self.bounds = chunk_bounds(walk.paths, chunk)
        # the same HELD sets of buffers in turn for every chunk: fresh ones would cost
        # page faults, and a chunk's caller may hold it while the next is drawn
        most = min(chunk, walk.paths)
        self.buffers = [
            (
                allocate((most, len(grid)), np.float64),  # log prices on the grid
                allocate((most, len(grid)), np.int64),  # and prices
                allocate((max(len(grid) - 1, 0) * most,), np.int64),  # where stretches start
                # room for every day off the grid; only the pages filled are ever touched
                allocate((most * (len(cal.slots) - len(grid)),), np.int64),
            )
            for _ in range(min(HELD, len(self.bounds)))
        ]

    def chunks(self) -> Iterator["BridgedChunk"]:
        """The walk's paths, a chunk at a time, drawn here."""
        streams = Streams(self.walk.seed)
        for drawn in self.draws(streams):
            yield self.chunk(drawn, streams)

    def chunk(self, drawn: Drawn, streams: Streams) -> "BridgedChunk":
        """The chunk :meth:`draws` said it drew: views of its set of buffers."""
        logs, grid_micros, starts, kept_prices = self.buffers[drawn.number % len(self.buffers)]
        rows = drawn.rows
        gaps = len(self.slots.slots) - 1
        return BridgedChunk(
            self.slots,
            logs[:rows],
            grid_micros[:rows],
            starts[: gaps * rows].reshape(gaps, rows),
            kept_prices[: drawn.kept],
            self.scale,
            streams,
            drawn.ends,
            drawn.capped,
            self.read,
        )

    def draws(self, streams: Streams) -> Iterator[Drawn]:
        """Draw each chunk of paths into its set of buffers, in turn, from ``streams``."""
        walk, cal, coarse, chunk, scale = (
            self.walk,
            self.cal,
            self.coarse,
            self.chunk_size,
            self.scale,
        )
        log_start = math.log(float(walk.start) * MICROS)
        start = micros(walk.start)
        grid, read = coarse.grid, self.read
        gaps = np.diff(grid)
        steps = gaps.astype(np.float64)
        rise, spread = self.mu * steps, scale * np.sqrt(steps)
        near_cap = LOG_CAP - CAP_MARGIN * scale * math.sqrt(float(gaps.max(initial=1)))
        counted = (grid >= coarse.low) & (grid <= coarse.high)
        widest = int(gaps.max(initial=0))
        # a run ending in a stretch no wider than it holds the stretch's left grid
        # point, or the whole stretch; on a wider grid paths are filled to the end
        runs = [
            _RunWatch(level, length, firsts, cal)
            for level, length, firsts in coarse.runs
            if widest <= length
        ]
        if len(runs) < len(coarse.runs):
            runs = []
        # the grid's shocks are only ever read here
        shocks = np.empty((min(chunk, walk.paths), max(len(grid) - 1, 0)), dtype=np.float64)
        for number, (low, high) in enumerate(self.bounds):
            logs, grid_micros, starts, kept_prices = self.buffers[number % len(self.buffers)]
            rows = high - low
            on_grid = logs[:rows]
            on_grid[:, 0] = log_start
            if len(grid) > 1:
                shock = shocks[:rows]
                streams(GRID).standard_normal(out=shock)
                shock *= spread
                shock += rise
                shock[:, 0] += log_start
                np.add.accumulate(shock, axis=1, out=on_grid[:, 1:])
            at_grid = grid_micros[:rows]
            if read.size:
                logs_read = np.take(on_grid, read, axis=1)
                at_grid[:, read] = _to_micros(logs_read, LOG_CAP, logs_read)
            at_grid[:, 0] = start
            capping = on_grid >= near_cap
            # only a log near the cap can be a price at the cap
            near = _to_micros(on_grid[:, 1:][capping[:, 1:]], LOG_CAP)
            capped = start >= MAX_PRICE_MICROS or int(near.max(initial=0)) >= MAX_PRICE_MICROS
            # (grid x paths) from here on: rows in date order, each row whole; each level
            # is compared once, for the stretches to fill and for the runs watched
            above = {
                level: np.ascontiguousarray(_at_or_above(on_grid, level, start).T)
                for level in {coarse.level, *(watch.level for watch in runs)}
            }
            marked = above[coarse.level] & counted[:, None]
            wanted = marked[:-1] | marked[1:]
            forced = None
            if capping.any():
                forced = np.ascontiguousarray((capping[:, :-1] | capping[:, 1:]).T)
            for watch in runs:
                watch.begin(above[watch.level], grid)
            filled = starts[: len(gaps) * rows].reshape(len(gaps), rows)
            filled.fill(-1)
            kept = 0
            for stretch in range(len(gaps)):
                left, right = int(grid[stretch]), int(grid[stretch + 1])
                length = right - left - 1
                fill = wanted[stretch]
                if runs:
                    done = runs[0].had
                    for watch in runs[1:]:
                        done = done & watch.had
                    fill = fill & ~done
                if forced is not None:
                    fill |= forced[stretch]
                path = np.flatnonzero(fill) if length else np.zeros(0, dtype=np.int64)
                block = None
                if path.size:
                    z = streams(FILL, stretch).standard_normal((path.size, length))
                    z = _bridged(on_grid[path, stretch], on_grid[path, stretch + 1], z, scale)
                    block = kept_prices[kept : kept + z.size].reshape(z.shape)
                    _to_micros(z, LOG_CAP, z, block)
                    capped = capped or int(block.max()) >= MAX_PRICE_MICROS
                    # the filled days' logs are never read again: a day the engine asks
                    # for later lies in a stretch not filled, between grid days
                    filled[stretch, path] = kept + np.arange(path.size) * length
                    kept += block.size
                for watch in runs:
                    watch.step(stretch, left, right, path, block)
            ends = {key: end for watch in runs for key, end in watch.ends().items()}
            yield Drawn(number, rows, kept, capped, ends)


def bridged_chunks(
    walk: RandomWalk, cal: TradingDays, chunk: int, coarse: Coarse
) -> Iterator["BridgedChunk"]:
    """The walk's paths, ``chunk`` at a time, drawn on ``coarse`` and bridged (:class:`Bridge`)."""
    return Bridge(walk, cal, chunk, coarse).chunks()


def bridged_apart(
    walk: RandomWalk, cal: TradingDays, chunk: int, coarse: Coarse
) -> Iterator["BridgedChunk"]:
    """:func:`bridged_chunks`, each chunk drawn while the caller works on the one before, in
    another process where it may (:func:`~placements.core.scenario.ahead.drawn_apart`)."""
    bridge = Bridge(walk, cal, chunk, coarse, allocate=shared_empty)
    streams = Streams(walk.seed)  # the chunks' own keys: the drawing's are its own
    return drawn_apart(bridge.draws(Streams(walk.seed)), lambda drawn: bridge.chunk(drawn, streams))


class _RunWatch:
    """Where each path first has a run of ``length`` trading slots at or above ``level``.

    Read a stretch at a time, in date order, counting the run from the
    earliest of ``firsts`` on; a run from a later first f is the same run,
    counted from f, so it has the length at the first slot t at least
    f + length - 1 at which the run from the earliest has it (a slot not
    trading between f and t would have ended that run after f). Where a
    stretch was not filled its days count as below the level: it lies
    between grid points below the level, too short to hold a run, or after
    the path has had its runs from every first, where no search looks. A
    stretch is no wider than ``length``, so a run ending in it holds its
    left grid point or the whole stretch.
    """

    def __init__(self, level: int, length: int, firsts: tuple[int, ...], cal: TradingDays) -> None:
        self.level = level
        self.length = length
        self.firsts = firsts
        self.counts = cal.trading & (np.arange(len(cal.slots)) >= min(firsts))
        """Which slots count: trading days, from the earliest first on."""
        self.soonest = np.array(firsts, dtype=np.int64)[:, None] + (length - 1)
        """The first slot at which a run from each first can have the length (firsts x 1)."""
        self.run = np.zeros(0, dtype=np.int64)
        self.found = np.zeros((len(firsts), 0), dtype=bool)
        self.end = np.zeros((len(firsts), 0), dtype=np.int64)
        self.above = np.zeros((0, 0), dtype=bool)
        """Which grid points count and are at or above the level: (grid x paths)."""

    @property
    def had(self) -> np.ndarray:
        """Whether each path has had a run from every first."""
        return np.asarray(self.found.all(axis=0))

    def ends(self) -> dict[tuple[int, int, int], np.ndarray]:
        """The slot ending each path's first run from each first (BEYOND where none)."""
        return {
            (self.level, self.length, first): self.end[position]
            for position, first in enumerate(self.firsts)
        }

    def begin(self, above: np.ndarray, grid: np.ndarray) -> None:
        """A chunk's paths: whether each is at or above the level on each grid slot
        (grid x paths, as :func:`_at_or_above` finds it, transposed)."""
        self.above = above & self.counts[grid][:, None]
        self.run = self.above[0].astype(np.int64)
        self.found = (self.run >= self.length)[None, :] & (int(grid[0]) >= self.soonest)
        self.end = np.where(self.found, int(grid[0]), BEYOND)

    def step(
        self, stretch: int, left: int, right: int, path: np.ndarray, block: np.ndarray | None
    ) -> None:
        """Read the stretch from grid slot ``left`` to ``right``: ``block`` its days on ``path``."""
        right_above = self.above[stretch + 1]
        if right - left == 1:  # no days between: the run goes on, or stops, at the right
            self.run = np.where(right_above, self.run + 1, 0)
            long = np.flatnonzero(self.run >= self.length)
            self._reached(long, np.full((1, len(long)), right))
            return
        run = np.zeros_like(self.run)
        if block is not None:
            days = np.concatenate(
                [block >= self.level, right_above[path, None], np.zeros((len(path), 1), bool)],
                axis=1,
            )
            width = days.shape[1] - 1
            counts = self.counts[left + 1 : right + 1]
            if not counts.all():
                days[:, :width] &= counts
            # days above from the stretch's start (the closing False stops a full one),
            # and up to its end
            leading = np.argmin(days, axis=1)
            full = leading == width
            before = self.run[path]
            run[path] = np.where(full, before + width, np.argmin(days[:, width - 1 :: -1], axis=1))
            # the paths whose run has the length in the leading days, and from which slot
            long = np.flatnonzero(before + leading >= self.length)
            if long.size:
                reached = left + np.maximum(self.length - before[long], 1)
                last = left + leading[long]
                self._reached(path[long], reached[None, :], last[None, :])
        self.run = run

    def _reached(
        self, paths: np.ndarray, reached: np.ndarray, last: np.ndarray | None = None
    ) -> None:
        """Runs of the length on ``paths`` from slot ``reached`` (up to ``last``, or just
        there): the first, from each first not yet had, ends at its soonest slot among them."""
        if not paths.size:
            return
        at = np.maximum(reached, self.soonest)
        new = ~self.found[:, paths] & (at <= (reached if last is None else last))
        firsts, chosen = np.nonzero(new)
        self.end[firsts, paths[chosen]] = at[firsts, chosen]
        self.found[firsts, paths[chosen]] = True


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
