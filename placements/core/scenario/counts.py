"""Reading a projection: share counts, proceeds and dilution on chosen days.

Every figure is an integer array over (paths x days): counts of shares,
warrants and options, and money in whole cents. One path gives the exact
deterministic figures; many give distributions, by the same arithmetic.

Each figure is a sum of step functions: an exercise adds shares from its
day, an expiry takes warrants away from the day after. The figures are built
by adding each step at the first counted day on or after it and summing down
the days, so the work grows with the number of operations and days, never
with their product. Only the figures that depend on the count outstanding in
a nonlinear way (fully diluted with unit options, the treasury method) need
each series' count on each day, and those are built a block of series at a
time, within a bounded amount of memory.
"""

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

import numpy as np

from placements.core.money import from_cents, observed_rank, ratio, whole
from placements.core.scenario.engine import (
    NEVER,
    Outcomes,
    PeriodGrid,
    Projection,
    distinct_rows,
    times_ratio,
)
from placements.core.scenario.prices import from_micros, micros
from placements.core.scenario.treasury import treasury_numerator, treasury_shares
from placements.core.terms.book import Book
from placements.core.terms.ledger import (
    base_on_latest_basis,
    conversion_schedule_of,
    principal_on,
)
from placements.core.terms.outstanding import basic_shares_on
from placements.core.terms.series import SeriesKind
from placements.core.terms.tranche import free_trading_date, net_proceeds, shares_issued

WARRANT_KINDS = {SeriesKind.WARRANTS, SeriesKind.FINDER_WARRANTS, SeriesKind.DEBENTURE_WARRANTS}
SLICED, SLICES = 64, 256
"""From this many paths, and up to this many (series x columns), steps are added a
slice at a time."""
BLOCK = 1 << 22
"""Most values held at once for per-series counts, or copied to read percentiles: 4M
integers, 32 MB."""


@dataclass(frozen=True)
class Exercise:
    """One exercise on one path."""

    day: date
    series: str
    count: int
    price: Decimal
    proceeds: Decimal


def _fits_int32(values: np.ndarray) -> bool:
    low, high = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    return bool(int(values.min()) >= low and int(values.max()) <= high)


def basis_points(value: np.ndarray, base: int | None) -> np.ndarray | None:
    """value / base - 1 in hundredths of a percent, rounded half-up; None without a base."""
    if not base:
        return None
    excess = (np.asarray(value, dtype=np.int64) - base) * 10_000
    return (2 * excess + base) // (2 * base)


@dataclass
class Counts:
    """Share counts and money at the end of each of ``days``, each array (paths x days)."""

    days: list[date]
    offsets: np.ndarray
    price_micros: np.ndarray
    basic: np.ndarray
    restricted: np.ndarray
    warrants: np.ndarray
    options: np.ndarray
    fully_diluted: np.ndarray
    tsm_diluted: np.ndarray
    exercise_cents: np.ndarray
    exercised_shares: np.ndarray
    placement_net: list[Decimal]
    base: int | None
    basic_start: int = 0
    """Basic shares as the first day begins, before its closings and exercises (every path)."""
    convertible: np.ndarray | None = None
    """Shares the convertible debentures outstanding would convert into (in fully diluted)."""
    histograms: "DayHistograms | None" = None
    """A walk of many paths keeps these figures only as each day's counts of each
    value (their arrays are then empty): see :class:`DayHistograms`."""
    outcome: np.ndarray | None = None
    """Counts by outcome (see :func:`counts`): the row of each path in every figure
    but ``price_micros`` and ``tsm_diluted``, which have a row per path."""

    @property
    def paths(self) -> int:
        return int(self.price_micros.shape[0])

    def percentiles(
        self, name: str, percents: Sequence[int], of_array: Callable[..., np.ndarray]
    ) -> np.ndarray:
        """(percents x days) observed percentiles of figure ``name`` across the paths.

        ``of_array(values, percents)`` takes them from a (paths x days) array;
        figures kept as histograms are read off those, to the same values.
        """
        if self.histograms is not None and name in self.histograms.figures:
            return self.histograms.percentiles(name, percents)
        values = self.free_trading if name == "free_trading" else getattr(self, name)
        if self.histograms is None:
            return np.asarray(of_array(values, percents))
        # a walk of many paths: a block of days at a time, so no copy of the whole is made
        days = max(1, BLOCK // max(len(values), 1))
        parts = [
            np.asarray(of_array(values[:, day : day + days], percents))
            for day in range(0, values.shape[1], days)
        ]
        return np.concatenate(parts, axis=1) if parts else np.zeros((len(percents), 0), np.int64)

    def dilution_percentiles(
        self, percents: Sequence[int], of_array: Callable[..., np.ndarray]
    ) -> np.ndarray | None:
        """Percentiles of dilution vs base: those of fully diluted, as dilution is monotone."""
        if not self.base:
            return None
        return basis_points(self.percentiles("fully_diluted", percents, of_array), self.base)

    @property
    def free_trading(self) -> np.ndarray:
        return self.basic - self.restricted

    PER_DAY = (
        "price_micros",
        "basic",
        "restricted",
        "warrants",
        "options",
        "fully_diluted",
        "tsm_diluted",
        "exercise_cents",
        "exercised_shares",
        "convertible",
    )

    def narrowed(self) -> "Counts":
        """The same counts, each (paths x days) array in int32 where its values fit.

        Exact by construction (each array is checked), and half the memory
        for the many paths of a random walk; sums and products of them are
        formed in int64 (see :func:`basis_points`).
        """
        fields: dict[str, Any] = {}
        for name in self.PER_DAY:
            values = getattr(self, name)
            if values is not None and values.size and _fits_int32(values):
                fields[name] = values.astype(np.int32)
        if self.convertible is not None and not self.convertible.any():
            fields["convertible"] = None  # no debentures: nothing to keep
        return replace(self, **fields)

    @classmethod
    def joined(cls, parts: Sequence["Counts"]) -> "Counts":
        """Counts of successive chunks of paths, as one."""
        fields: dict[str, Any] = {}
        for name in cls.PER_DAY:
            arrays = [getattr(part, name) for part in parts]
            if all(array is None for array in arrays):
                fields[name] = None
                continue
            # a chunk may have left out an array of zeros (see narrowed)
            fields[name] = np.concatenate(
                [
                    np.zeros(part.price_micros.shape, np.int32) if array is None else array
                    for part, array in zip(parts, arrays, strict=True)
                ]
            )
        return replace(parts[0], **fields)

    def dilution_basis_points(self) -> np.ndarray | None:
        """Fully diluted over the base count, less one, in hundredths of a percent."""
        return basis_points(self.fully_diluted, self.base)


class Steps:
    """Sums of steps on the counted days, in buckets: add steps, read running totals.

    A step adds a value to one bucket of one path from a day on. Totals are
    (buckets x paths x days): each day's sum of the steps on or before it.
    """

    def __init__(self, offsets: np.ndarray, paths: int, buckets: int = 1) -> None:
        self.offsets = offsets
        self.paths = paths
        self.total = np.zeros((buckets, len(offsets) + 1, paths), dtype=np.int64)
        # the counted day each day offset falls on, looked up rather than searched for
        self.first = int(offsets[0]) if len(offsets) else 0
        self.last = int(offsets[-1]) if len(offsets) else 0
        self.position = np.searchsorted(offsets, np.arange(self.first, self.last + 2))

    def add(self, days: np.ndarray, values: np.ndarray, bucket: np.ndarray | int = 0) -> None:
        """Add ``values`` from ``days`` on, each (series x paths x any), into ``bucket``.

        ``bucket`` is one for all, or one per series and column (series x any).
        Only the values that change something are written.
        """
        index = self.position[np.clip(days, self.first, self.last + 1) - self.first]
        values = np.broadcast_to(np.asarray(values, dtype=np.int64), index.shape)
        size, paths, columns = index.shape
        if paths == self.paths >= SLICED and size * columns <= SLICES:
            # many paths, few series: one (series, column) at a time touches each
            # path once, so a plain indexed add is exact and far quicker than add.at
            flat = self.total.reshape(-1)
            lanes = np.arange(paths)
            buckets = np.broadcast_to(bucket, (size, columns))
            for one in range(size):
                for place in range(columns):
                    value = values[one, :, place]
                    if value.any():
                        start = int(buckets[one, place]) * self.total.shape[1]
                        flat[(start + index[one, :, place]) * paths + lanes] += value
            return
        series, path, column = np.nonzero(values)
        first: np.ndarray | int
        if np.ndim(bucket):
            shape = (values.shape[0], values.shape[2])
            first = np.broadcast_to(bucket, shape)[series, column] * self.total.shape[1]
        else:
            first = int(bucket) * self.total.shape[1]
        where = (first + index[series, path, column]) * self.paths + path
        np.add.at(self.total.reshape(-1), where, values[series, path, column])

    def totals(self) -> np.ndarray:
        """(buckets x paths x days); read once, as the sums are made in place."""
        running = self.total[:, :-1]
        if self.paths >= 64:
            # numpy's cumsum down an outer axis strides through memory; adding
            # whole rows of paths, day after day, reads them in order
            for day in range(1, running.shape[1]):
                running[:, day] += running[:, day - 1]
        else:
            np.cumsum(running, axis=1, out=running)
        return running.transpose(0, 2, 1)


class DayHistograms:
    """Figures of a walk's paths kept as their distinct rows of values and the paths of each.

    Share counts and proceeds take few values (each a sum over which series
    were exercised when), so a million paths have a few thousand distinct rows
    of them, kept chunk by chunk, and each day's observed percentiles are
    exactly those of the paths' values. Which path held which row is not kept:
    no report needs it (free trading is kept as a figure of its own, and
    dilution follows fully diluted).
    """

    figures = (
        "basic",
        "restricted",
        "free_trading",
        "warrants",
        "options",
        "fully_diluted",
        "exercise_cents",
    )

    def __init__(self, days: int) -> None:
        self.days = days
        self.rows = np.zeros((0, len(self.figures) * days), dtype=np.int64)
        """Each distinct row: every figure's values on every day, side by side."""
        self.paths = np.zeros(0, dtype=np.int64)
        """How many paths have each row."""

    def add(self, at: Counts) -> None:
        """Count a chunk's paths under their rows (the rows of its outcomes, if by outcome)."""
        rows = np.concatenate(
            [
                (at.free_trading if name == "free_trading" else getattr(at, name)).astype(
                    np.int64, copy=False
                )
                for name in self.figures
            ],
            axis=1,
        )
        if at.outcome is None:
            paths = np.ones(len(rows), dtype=np.int64)
        else:
            paths = np.bincount(at.outcome, minlength=len(rows)).astype(np.int64)
        rows, paths = np.concatenate([self.rows, rows]), np.concatenate([self.paths, paths])
        firsts, inverse = distinct_rows(rows)
        self.rows = rows[firsts]
        self.paths = np.zeros(len(firsts), dtype=np.int64)
        np.add.at(self.paths, inverse, paths)

    def percentiles(self, name: str, percents: Sequence[int]) -> np.ndarray:
        """(percents x days): the value at rank ceil(n p / 100) of each day, as observed."""
        column = self.figures.index(name) * self.days
        values = self.rows[:, column : column + self.days]
        order = np.argsort(values, axis=0, kind="stable")
        ordered = np.take_along_axis(values, order, axis=0)
        running = np.cumsum(self.paths[order], axis=0)
        size = int(self.paths.sum())
        found = np.zeros((len(percents), self.days), dtype=np.int64)
        every = np.arange(self.days)
        for position, percent in enumerate(percents):
            rank = observed_rank(size, percent)
            # the first value whose paths, with those of the values below, pass the rank
            found[position] = ordered[(running <= rank).sum(axis=0), every]
        return found


class PathColumns:
    """The figures a walk keeps per path and day (price, treasury method), filled chunk by chunk.

    Held as int32 while every value fits (a chunk that does not fit widens
    the array to int64), in arrays made once, so no join doubles them. Each
    is laid out a day to a row and handed out transposed, (paths x days) as
    every count is: a day's percentiles then read one contiguous row.
    """

    names = ("price_micros", "tsm_diluted")

    def __init__(self, paths: int, days: int) -> None:
        self.by_day = {name: np.empty((days, paths), dtype=np.int32) for name in self.names}
        self.filled = 0

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """Each figure, (paths x days)."""
        return {name: array.T for name, array in self.by_day.items()}

    def add(self, at: Counts) -> None:
        rows = at.paths
        for name in self.names:
            values = getattr(at, name)
            if self.by_day[name].dtype == np.int32 and not _fits_int32(values):
                self.by_day[name] = self.by_day[name].astype(np.int64)
            self.by_day[name][:, self.filled : self.filled + rows] = values.T
        self.filled += rows

    @staticmethod
    def emptied(at: Counts) -> dict[str, Any]:
        """Every per-day array of ``at`` left empty: the walk keeps them elsewhere."""
        empty: dict[str, Any] = {name: at.basic[:0] for name in Counts.PER_DAY}
        return {**empty, "convertible": None, "outcome": None}


def counts(
    projection: Projection,
    days: Sequence[date],
    price_micros: int | None = None,
    by_outcome: bool = False,
) -> Counts:
    """Share counts, exercise proceeds and dilution at the end of each of ``days``.

    The treasury method uses the projected price, or ``price_micros`` if given.
    ``by_outcome``: paths with the same outcome (:meth:`Outcomes.distinct`) have
    the same share counts and proceeds, so those are worked out once for each
    outcome, a row each, and :attr:`Counts.outcome` says each path's row; only
    the price and the treasury method, which meet each path's own prices, stay
    a row per path.
    """
    cal = projection.calendar
    book = projection.scenario.projected_book
    offsets = np.array([cal.offset(day) for day in days], dtype=np.int64)
    prices = projection.prices_at(offsets)
    if price_micros is not None:
        prices = np.full_like(prices, price_micros)
    inverse: np.ndarray | None = None
    if by_outcome:
        firsts, inverse = projection.outcomes.distinct()
        outcomes = projection.outcomes.of_paths(firsts)
        projection = replace(projection, outcomes=outcomes, paths=len(firsts))
    paths = projection.paths
    outcomes = projection.outcomes
    series = SeriesArrays(projection)

    exercised = Steps(offsets, paths)
    cents = Steps(offsets, paths)
    restricted = Steps(offsets, paths)
    on_exercise = outcomes.exercised * series.shares[:, None, None]
    exercised.add(outcomes.day, on_exercise)
    cents.add(outcomes.day, outcomes.payment_cents.astype(np.int64))
    held = series.free[:, None, None] > outcomes.day
    restricted.add(outcomes.day, np.where(held, on_exercise, 0))
    leaves_hold = np.maximum(outcomes.day, series.free[:, None, None])
    restricted.add(leaves_hold, np.where(held, -on_exercise, 0))
    held_at_closing = Steps(offsets, 1)
    closed = np.array([[[cal.offset(t.closed) for t in book.tranches]]], dtype=np.int64)
    free = np.array([[[cal.offset(free_trading_date(t)) for t in book.tranches]]], dtype=np.int64)
    shares = np.array([[[shares_issued(t) for t in book.tranches]]], dtype=np.int64)
    held_at_closing.add(closed, shares)
    held_at_closing.add(free, -shares)

    shares_on_exercise = exercised.totals()[0]
    start = projection.scenario.start
    # the day before the start with the days counted, so the book's closings are sorted once
    before_start, *on_days = basic_shares_on(book, [start - timedelta(days=1), *days])
    basic = np.array(on_days, dtype=np.int64)[None, :] + shares_on_exercise
    warrants, options, potential, held_by_price = series.counted(offsets)
    convertible, converted = debenture_shares(book, days, prices)
    basic_of_path = basic if inverse is None else basic[inverse]
    numerator = treasury_numerator(
        held_by_price, series.bucket_shares, series.bucket_strike, prices, inverse
    )
    tsm_diluted = treasury_shares(numerator, prices)
    tsm_diluted += basic_of_path
    tsm_diluted += converted
    return Counts(
        days=list(days),
        offsets=offsets,
        price_micros=prices,
        basic=basic,
        restricted=restricted.totals()[0] + held_at_closing.totals()[0],
        warrants=warrants,
        options=options,
        # what the debentures convert into depends on the day only, the same on every path
        fully_diluted=basic + potential + convertible[: len(basic)],
        tsm_diluted=tsm_diluted,
        exercise_cents=cents.totals()[0],
        exercised_shares=shares_on_exercise,
        placement_net=_placement_net(book.tranches, days),
        base=base_on_latest_basis(book),
        basic_start=before_start,
        convertible=convertible[: len(basic)],
        outcome=inverse,
    )


def debenture_shares(
    book: Book, days: Sequence[date], prices: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Shares on converting the debentures outstanding each day, and those in the money.

    Fully diluted counts floor(principal / conversion price in force) for each
    debenture from issue through maturity; the treasury method counts them if
    converted, when the share price is above the conversion price (conversion
    brings no cash, so all the shares count). A book without debentures gets
    zeros, one row read as every path's (a walk's many paths need no arrays).
    """
    if not book.debentures:
        none = np.broadcast_to(np.zeros((1, prices.shape[1]), dtype=np.int64), prices.shape)
        return none, none
    every = np.zeros(prices.shape, dtype=np.int64)
    in_money = np.zeros(prices.shape, dtype=np.int64)
    ordinals = np.array([day.toordinal() for day in days], dtype=np.int64)
    for debenture in book.debentures:
        # the principal the ledger's conversions leave on each day
        left = principal_on(book, debenture.id, days)
        # its conversion prices as the ledger's consolidations and splits leave them
        for period in conversion_schedule_of(book, debenture.id).periods:
            if period.first is None:
                continue
            inside = (ordinals >= period.first.toordinal()) & (ordinals <= period.last.toordinal())
            shares = np.array([whole(p / period.price) for p in left], dtype=np.int64)[None, :]
            every += np.where(inside[None, :], shares, 0)
            above = prices > micros(period.price)
            in_money += np.where(inside[None, :] & above, shares, 0)
    return every, in_money


def _placement_net(tranches: Sequence, days: Sequence[date]) -> list[Decimal]:
    """Net proceeds of the tranches closed on or before each day."""
    closings = sorted((t.closed, net_proceeds(t)) for t in tranches)
    dates = [closed for closed, _ in closings]
    running = list(accumulate((net for _, net in closings), initial=Decimal("0.00")))
    return [running[bisect_right(dates, day)] for day in days]


class SeriesArrays:
    """What the counts need of every series, as arrays over the series."""

    def __init__(self, projection: Projection) -> None:
        plans = projection.plans
        self.projection = projection
        self.shares = np.array([p.series.shares_per_exercise for p in plans], dtype=np.int64)
        ratios = [ratio(p.series.warrants_per_exercise) for p in plans]
        self.unit_warrants = np.array(ratios, dtype=np.int64).reshape(len(plans), 2)
        self.warrant = np.array([p.series.kind in WARRANT_KINDS for p in plans], dtype=bool)
        # a plan's hold end is its own, else its tranche's (the day its shares trade freely)
        self.free = np.array(
            [p.hold_end if p.series.hold_ends is not None or p.tranche else -1 for p in plans],
            dtype=np.int64,
        )
        self.issue = np.array([max(p.issue, 0) for p in plans], dtype=np.int64)
        self.count = np.array([p.series.count for p in plans], dtype=np.int64)
        index = {p.series.id: row for row, p in enumerate(plans)}
        self.child = np.array(
            [index.get(child, -1) if (child := p.series.child) else -1 for p in plans],
            dtype=np.int64,
        )
        self.unit_warrants_until = unit_warrants_until(projection, self.child)
        grid = PeriodGrid(plans)
        self.first, self.last = grid.of("first", NEVER), grid.of("last", -1)
        # a bucket per exercise price and shares per exercise, numbered as first met
        buckets: dict[tuple[int, int], int] = {}
        keys = zip(
            [period.price_micros for period in grid.periods],
            np.repeat(self.shares, grid.lengths).tolist(),
            strict=True,
        )
        self.bucket = grid.table([buckets.setdefault(key, len(buckets)) for key in keys], 0)
        self.bucket_strike = np.array([strike for strike, _ in buckets], dtype=np.int64)
        self.bucket_shares = np.array([shares for _, shares in buckets], dtype=np.int64)

    def changes(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each day the count outstanding changes, and by how much: (rows x paths x changes).

        In order: the issue, one change per operation (on its day, or from the
        day a removal takes effect), and what is left voided after expiry.
        """
        outcomes: Outcomes = self.projection.outcomes
        paths = self.projection.paths
        removal = outcomes.removed[rows] > 0
        days = np.concatenate(
            [
                np.repeat(self.issue[rows][:, None, None], paths, axis=1),
                np.where(removal, outcomes.removed_from[rows], outcomes.day[rows]),
                outcomes.expiry[rows][:, :, None] + 1,
            ],
            axis=2,
        )
        change = np.concatenate(
            [
                np.repeat(self.count[rows][:, None, None], paths, axis=1),
                outcomes.added[rows] - outcomes.exercised[rows] - outcomes.removed[rows],
                -outcomes.remaining[rows][:, :, None],
            ],
            axis=2,
        )
        return days, change

    def outstanding(self, rows: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """How many of each series are outstanding at the end of each day: (rows x paths x days)."""
        days, change = self.changes(rows)
        steps = Steps(offsets, self.projection.paths, len(rows))
        steps.add(days, change, np.arange(len(rows))[:, None])
        return steps.totals()

    def counted(self, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Warrants, options and potential shares (paths x days), and the counts by price.

        A series' potential shares are its count times the shares each brings,
        plus the warrants units would bring. The counts outstanding are also
        kept by exercise price and shares per exercise (buckets x paths x
        days, a bucket per :attr:`bucket_strike`), so that only the buckets
        meet the prices in the treasury method, not every series.
        """
        paths = self.projection.paths
        rows = np.arange(len(self.count))
        days, change = self.changes(rows)
        by_kind = Steps(offsets, paths, 2)
        by_kind.add(days, change, np.where(self.warrant, 0, 1)[:, None])
        potential = Steps(offsets, paths)
        potential.add(days, change * self.shares[:, None, None])
        held = Steps(offsets, paths, len(self.bucket_strike))
        self._bucket(held, rows, days, change)
        units = np.flatnonzero(self.unit_warrants[:, 0] > 0)
        if units.size:
            # warrants a unit brings are whole: floor(count x fraction) changes with each change
            ratio = self.unit_warrants[units]
            left = np.cumsum(change[units], axis=2)
            unit_warrants = times_ratio(left, ratio[:, 0, None, None], ratio[:, 1, None, None])
            unit_change = np.diff(unit_warrants, axis=2, prepend=0)
            # ...and count only while they could be exercised (the rule of on_exercise):
            # changes after the unit warrants' expiry are void, the rest drop out after it
            until = self.unit_warrants_until[units][:, :, None]
            live = days[units] <= until
            unit_days = np.concatenate(
                [np.where(live, days[units], NEVER), np.where(live, until + 1, NEVER)], axis=2
            )
            unit_change = np.where(live, unit_change, 0)
            unit_change = np.concatenate([unit_change, -unit_change], axis=2)
            potential.add(unit_days, unit_change)
            children = self.child[units]
            has = children >= 0
            self._bucket(held, children[has], unit_days[has], unit_change[has])
        kinds = by_kind.totals()
        return kinds[0], kinds[1], potential.totals()[0], held.totals()

    def _bucket(self, held: Steps, rows: np.ndarray, days: np.ndarray, change: np.ndarray) -> None:
        """Add each change to the bucket of each period it falls in, until the period ends."""
        for column in range(self.first.shape[1]):
            first = self.first[rows, column][:, None, None]
            last = self.last[rows, column][:, None, None]
            start = np.maximum(days, first)
            inside = start <= last
            bucket = self.bucket[rows, column][:, None]
            held.add(np.where(inside, start, NEVER), np.where(inside, change, 0), bucket)
            held.add(np.where(inside, last + 1, NEVER), np.where(inside, -change, 0), bucket)


def unit_warrants_until(projection: Projection, children: np.ndarray) -> np.ndarray:
    """The last day (series x paths) on which each series' exercises bring a live warrant.

    That is the expiry, as accelerated on each path, of the unit warrants
    (``children``' rows, -1 for none); -1 for a series with no units, or whose
    unit warrants expired before the scenario.
    """
    expiry = projection.outcomes.expiry
    if not len(children):
        return np.zeros((0, projection.paths), dtype=np.int64)
    return np.where(children[:, None] >= 0, expiry[np.maximum(children, 0)], -1)


def unit_warrant_price(
    projection: Projection, row: int, day: date, path: int = 0
) -> Decimal | None:
    """The price in force on ``day`` of the warrants that exercising ``row`` into units brings.

    None when the series brings none, or they can no longer be exercised on ``day``.
    """
    plans = projection.plans
    child = plans[row].series.child
    rows = [index for index, plan in enumerate(plans) if plan.series.id == child]
    if not rows:
        return None
    expiry = projection.calendar.day(int(projection.outcomes.expiry[rows[0], path]))
    if day > expiry:
        return None
    return plans[rows[0]].series.schedule.price_on(day)


def outstanding_on(projection: Projection, day: date) -> np.ndarray:
    """Each series' count outstanding at the end of ``day``: (series x paths)."""
    offsets = np.array([projection.calendar.offset(day)], dtype=np.int64)
    rows = np.arange(len(projection.plans))
    return SeriesArrays(projection).outstanding(rows, offsets)[:, :, 0]


def exercises(projection: Projection, path: int = 0) -> list[Exercise]:
    """Every exercise on one path, in date order."""
    cal = projection.calendar
    outcomes = projection.outcomes
    rows, steps = np.nonzero(outcomes.exercised[:, path, :] > 0)
    # read as Python lists at once, and each day and price made once: a book of thousands
    # of tranches has as many exercises, on few distinct days and prices
    offsets = outcomes.day[rows, path, steps].tolist()
    days = {offset: cal.day(offset) for offset in set(offsets)}
    micro_prices = outcomes.price_micros[rows, path, steps].tolist()
    prices = {price: from_micros(price) for price in set(micro_prices)}
    plans = projection.plans
    found = [
        Exercise(
            day=days[offset],
            series=plans[row].series.id,
            count=count,
            price=prices[price],
            proceeds=from_cents(paid),
        )
        for row, offset, count, price, paid in zip(
            rows.tolist(),
            offsets,
            outcomes.exercised[rows, path, steps].tolist(),
            micro_prices,
            outcomes.payment_cents[rows, path, steps].tolist(),
            strict=True,
        )
    ]
    return sorted(found, key=lambda exercise: exercise.day)


@dataclass
class Summary:
    """The figures of a whole projection, one value per path."""

    exercise_cents: np.ndarray
    shares_on_exercise: np.ndarray
    basic_start: int
    basic_end: np.ndarray
    fully_diluted_end: np.ndarray
    tsm_diluted_end: np.ndarray
    peak_fully_diluted: np.ndarray
    peak_day: list[date]
    placement_net_end: Decimal
    base: int | None
    exercised: dict[str, np.ndarray]
    accelerated: dict[str, np.ndarray]

    @classmethod
    def joined(cls, parts: Sequence["Summary"]) -> "Summary":
        """Summaries of successive chunks of paths, as one."""
        first = parts[0]

        def stacked(name: str) -> np.ndarray:
            return np.concatenate([getattr(part, name) for part in parts])

        def by_series(name: str) -> dict[str, np.ndarray]:
            return {
                key: np.concatenate([getattr(part, name)[key] for part in parts])
                for key in getattr(first, name)
            }

        return replace(
            first,
            exercise_cents=stacked("exercise_cents"),
            shares_on_exercise=stacked("shares_on_exercise"),
            basic_end=stacked("basic_end"),
            fully_diluted_end=stacked("fully_diluted_end"),
            tsm_diluted_end=stacked("tsm_diluted_end"),
            peak_fully_diluted=stacked("peak_fully_diluted"),
            exercised=by_series("exercised"),
            accelerated=by_series("accelerated"),
        )

    @property
    def cash_cents(self) -> np.ndarray:
        """Net placement proceeds to the end plus exercise proceeds, in cents."""
        return self.exercise_cents + int(self.placement_net_end * 100)

    def peak_dilution_basis_points(self) -> np.ndarray | None:
        return basis_points(self.peak_fully_diluted, self.base)


def summarise(projection: Projection, at: Counts) -> Summary:
    """Totals at the end, and the peak of fully diluted over the counted days.

    The figures are copies, not views of the counts, so a chunk's counts can
    be let go. Fully diluted only rises when a tranche closes, so counting on every
    closing day (as reports do) finds its true peak. Basic at the start is
    the count before anything happens on the first day (closings, exercises),
    the same on every path.
    """
    peak = np.argmax(at.fully_diluted, axis=1)
    peak_fully_diluted = at.fully_diluted[np.arange(len(peak)), peak]
    outcomes = projection.outcomes
    exercised = outcomes.exercised.sum(axis=2)
    ids = [plan.series.id for plan in projection.plans]

    def of_paths(values: np.ndarray) -> np.ndarray:
        """A figure of each row as a copy, a value per path (counts by outcome have a row each)."""
        return values.copy() if at.outcome is None else values[at.outcome]

    return Summary(
        exercise_cents=of_paths(at.exercise_cents[:, -1]),
        shares_on_exercise=of_paths(at.exercised_shares[:, -1]),
        basic_start=at.basic_start,
        basic_end=of_paths(at.basic[:, -1]),
        fully_diluted_end=of_paths(at.fully_diluted[:, -1]),
        tsm_diluted_end=at.tsm_diluted[:, -1].copy(),
        peak_fully_diluted=of_paths(peak_fully_diluted),
        peak_day=[at.days[int(index)] for index in of_paths(peak)[:1]],
        placement_net_end=at.placement_net[-1],
        base=at.base,
        exercised=dict(zip(ids, exercised, strict=True)),
        accelerated=dict(zip(ids, outcomes.trigger >= 0, strict=True)),
    )
