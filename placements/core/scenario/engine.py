"""The projection engine: what each series does on each price path.

The engine works on arrays of series x paths x days. A deterministic price is
one path; a random walk is many, processed in chunks by the same code; a book
of ten thousand tranches is twenty thousand series, also in one array.
Nothing loops over days, paths or series in Python: the engine finds the few
days on which something can happen to each series on each path (a step's
last day, the first day in the money, an acceleration trigger, a scenario
event) and applies these *operations* in date order, one column at a time.

All counts are integers and all prices whole micro-dollars
(:mod:`placements.core.scenario.prices`), so a deterministic projection is exact.
:mod:`placements.core.scenario.counts` turns the outcomes into share counts,
proceeds and dilution on any day.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from placements.core.money import ratio
from placements.core.scenario.ahead import drawn_ahead
from placements.core.scenario.model import (
    Action,
    ExercisePolicy,
    Policy,
    RandomWalk,
    Scenario,
    ScenarioEvent,
)
from placements.core.scenario.policies import POLICY_CODES, PeriodArrays, occasions
from placements.core.scenario.prices import (
    CHECKPOINT,
    DRAWS_BRIDGED,
    DRAWS_DAILY,
    MAX_PRICE_MICROS,
    MICROS,
    BridgedChunk,
    Coarse,
    DrawnPaths,
    PricePaths,
    TradingDays,
    bridged_apart,
    bridged_chunks,
    deterministic_path,
    trading_days,
    walk_chunks,
)
from placements.core.scenario.searches import BEYOND, distinct, first_run_end
from placements.core.terms.ledger import opening_series, replay
from placements.core.terms.series import Series
from placements.core.terms.tranche import free_trading_date

NEVER = BEYOND
"""The day of an operation that does not happen on a path."""

CHUNK = 8192
"""Paths per chunk: large enough to amortise Python, small enough for memory."""

ADD, EXERCISE, CANCEL, EXPIRE, OCCASION = range(5)
EVENT_KINDS = {Action.EXERCISE: EXERCISE, Action.CANCEL: CANCEL, Action.EXPIRE: EXPIRE}


@lru_cache(maxsize=1 << 12)
def ceil_micros(price: Decimal) -> int:
    """The least whole micro-dollar price at or above ``price``."""
    return int((price * MICROS).to_integral_value(rounding=ROUND_CEILING))


class PlannedPeriod(NamedTuple):
    """A price in force, as day offsets from the scenario start.

    Named tuples, as :class:`Plan`: a big book plans tens of thousands, and a tuple is
    made several times faster than a frozen dataclass.
    """

    first: int
    last: int
    price: Decimal
    price_micros: int
    threshold: int


class Plan(NamedTuple):
    """One series, resolved to day offsets and integer prices for the engine."""

    series: Series
    issue: int
    expiry: int
    periods: tuple[PlannedPeriod, ...]
    policy: ExercisePolicy
    events: tuple[ScenarioEvent, ...]
    parent: int | None
    hold_end: int
    tranche: str | None
    acts_from: int = 0
    """The first day offset on which the policy may act: the day after the ledger's last
    entry in the scenario (:attr:`placements.core.scenario.model.Scenario.ledger_horizon`)."""
    vested: tuple[tuple[int, int], ...] = ()
    """A vesting grant's cumulative count vested by each day offset; empty: all of it."""
    exercised: int = 0
    """What the ledger exercised of a vesting grant before the scenario starts."""

    def period_at(self, offset: int) -> int | None:
        for position, period in enumerate(self.periods):
            if period.first <= offset <= period.last:
                return position
        return None


class PeriodGrid:
    """Each plan's periods laid out in a (plans x periods) table, so a figure is set at once.

    A big book has tens of thousands of periods: one assignment, not one per cell.
    Cells past a plan's last period hold the ``fill`` asked for.
    """

    def __init__(self, rows: Sequence[Plan]) -> None:
        self.periods = [period for plan in rows for period in plan.periods]
        lengths = np.fromiter((len(plan.periods) for plan in rows), np.int64, len(rows))
        self.lengths = lengths
        self.shape = (len(rows), int(lengths.max(initial=0)))
        self.row = np.repeat(np.arange(len(rows)), lengths)
        self.column = np.arange(len(self.row)) - np.repeat(np.cumsum(lengths) - lengths, lengths)

    def table(self, values: Sequence[int] | np.ndarray, fill: int) -> np.ndarray:
        """``values``, one per period in plan order, as a (plans x periods) table."""
        table = np.full(self.shape, fill, dtype=np.int64)
        table[self.row, self.column] = values
        return table

    def of(self, name: str, fill: int) -> np.ndarray:
        """The periods' integer field ``name`` as a (plans x periods) table."""
        values = np.fromiter(map(attrgetter(name), self.periods), np.int64, len(self.periods))
        return self.table(values, fill)


def plans(
    scenario: Scenario, cal: TradingDays, every_series: Sequence[Series] | None = None
) -> list[Plan]:
    """A plan for every series that is outstanding at some time within the scenario.

    ``every_series`` is the projected book's, if already worked out.
    """
    book = scenario.projected_book
    free = {tranche.id: cal.offset(free_trading_date(tranche)) for tranche in book.tranches}
    events: dict[str, list[ScenarioEvent]] = {}
    for event in (*scenario.ledger_events, *scenario.events):
        events.setdefault(event.series, []).append(event)
    result: list[Plan] = []
    index: dict[str, int] = {}
    horizon = scenario.ledger_horizon
    acts_from = 0 if horizon is None else cal.offset(horizon) + 1
    every = opening_series(book) if every_series is None else every_series
    # a vesting grant exercises only what has vested, less what the ledger exercised before
    before = replay(book).exercised if any(s.vesting for s in every) else {}
    # series sharing a schedule (a tranche's warrants and options) share its periods
    resolved: dict[tuple[int, Decimal], tuple[PlannedPeriod, ...]] = {}
    # the same period (days, price, premium) in many schedules, as tranches closing on
    # one day have, is planned once
    planned: dict[tuple[date, date, Decimal, Decimal], PlannedPeriod] = {}
    start = cal.start
    for series in every:
        if series.acceleration is not None and scenario.waives(series.acceleration):
            series = replace(series, acceleration=None)
        issue = (series.issued - start).days if series.issued else -1
        schedule = series.schedule
        expiry = (schedule.expiry - start).days
        if expiry < 0 or issue >= cal.days:
            continue
        policy = scenario.policy_for(series.id)
        key = (id(schedule), policy.premium)
        periods = resolved.get(key)
        if periods is None:
            periods = resolved[key] = tuple(
                _planned(planned, period.first, period.last, period.price, policy.premium, cal)
                for period in schedule.periods
            )
        parent = index.get(series.parent) if series.parent else None
        if series.hold_ends is not None:  # a security's own hold, else its tranche's
            hold_end = cal.offset(series.hold_ends)
        else:
            hold_end = free.get(series.tranche, issue) if series.tranche else issue
        index[series.id] = len(result)
        found = events.get(series.id)
        result.append(
            Plan(
                series,
                issue,
                expiry,
                periods,
                policy,
                tuple(found) if found else (),
                parent,
                hold_end,
                series.tranche,
                acts_from,
                tuple((cal.offset(day), vested) for day, vested in series.vesting)
                if series.vesting
                else (),
                before.get(series.id, 0),
            )
        )
    return result


def _planned(
    planned: dict[tuple[date, date, Decimal, Decimal], PlannedPeriod],
    first: date,
    last: date,
    price: Decimal,
    premium: Decimal,
    cal: TradingDays,
) -> PlannedPeriod:
    """A period in day offsets and micro-dollars, made once for each (days, price, premium)."""
    key = (first, last, price, premium)
    found = planned.get(key)
    if found is None:
        found = planned[key] = PlannedPeriod(
            cal.offset(first),
            cal.offset(last),
            price,
            ceil_micros(price),
            ceil_micros(price * (1 + premium)),
        )
    return found


@dataclass
class Outcome:
    """What happened to one series on each path.

    Each column of the (paths x operations) arrays is one operation, in date
    order along the row: on ``day``, ``exercised`` were exercised at
    ``price_micros`` (paying ``payment_cents``), ``added`` were issued (the
    warrants of finder's units), and ``removed`` were cancelled or expired,
    leaving the count from ``removed_from`` on. What was left at ``expiry``
    is void from the day after.
    """

    day: np.ndarray
    exercised: np.ndarray
    added: np.ndarray
    removed: np.ndarray
    removed_from: np.ndarray
    price_micros: np.ndarray
    payment_cents: np.ndarray
    remaining: np.ndarray
    expiry: np.ndarray
    trigger: np.ndarray

    @property
    def accelerated(self) -> np.ndarray:
        return self.trigger >= 0


OPERATION_FIELDS = ("day", "exercised", "added", "removed", "removed_from", "price_micros")
SERIES_FIELDS = ("remaining", "expiry", "trigger")
FILL = {"day": NEVER, "removed_from": NEVER, "trigger": -1}


@dataclass(frozen=True)
class OperationColumns:
    """Where each kind of operation sits among a generation's operation columns.

    In order: ``added`` columns (warrants a parent's unit exercises bring),
    then one per scenario event, then one per exercise period (the policy's
    occasion in it).
    """

    added: int
    events: int
    periods: int

    @property
    def width(self) -> int:
        return self.added + self.events + self.periods

    def event_of(self, column: np.ndarray) -> np.ndarray:
        """The event each column stands for (clipped to a valid index where it is none)."""
        return np.clip(column - self.added, 0, max(self.events - 1, 0))

    def period_of(self, column: np.ndarray) -> np.ndarray:
        """The exercise period each column stands for (clipped likewise)."""
        return np.clip(column - self.added - self.events, 0, max(self.periods - 1, 0))


@dataclass
class Outcomes:
    """Every series' outcome, as (series x paths x operations) and (series x paths) arrays.

    Indexing gives one series' :class:`Outcome`, so the outcomes read as a
    list of series.
    """

    day: np.ndarray
    exercised: np.ndarray
    added: np.ndarray
    removed: np.ndarray
    removed_from: np.ndarray
    price_micros: np.ndarray
    remaining: np.ndarray
    expiry: np.ndarray
    trigger: np.ndarray

    @cached_property
    def payment_cents(self) -> np.ndarray:
        """Each exercise's payment, count x price in force, half-up to the cent."""
        return exact_products(self.exercised, self.price_micros, 5_000) // 10_000

    def __len__(self) -> int:
        return self.day.shape[0]

    def __getitem__(self, index: int) -> Outcome:
        return Outcome(
            **{name: getattr(self, name)[index] for name in OPERATION_FIELDS + SERIES_FIELDS},
            payment_cents=self.payment_cents[index],
        )

    def __iter__(self) -> Iterator[Outcome]:
        return (self[index] for index in range(len(self)))

    def of_paths(self, paths: np.ndarray) -> "Outcomes":
        """The outcomes of the chosen paths only, in the order given."""
        # take, not [:, paths]: many times quicker along the middle of three axes
        return Outcomes(
            **{
                name: np.take(getattr(self, name), paths, axis=1)
                for name in OPERATION_FIELDS + SERIES_FIELDS
            }
        )

    def distinct(self) -> tuple[np.ndarray, np.ndarray]:
        """One path of each distinct outcome, and which of them each path has: (firsts, inverse).

        An outcome is what the engine found on a path that share counts read (every
        series' operations and expiry), so two paths with the same one have the same
        share counts and proceeds on every day. A walk's paths have far fewer outcomes
        than paths.
        """
        paths = self.day.shape[1]
        if not self.day.shape[0]:  # no series: every path alike
            return np.zeros(min(paths, 1), dtype=np.int64), np.zeros(paths, dtype=np.int64)
        # the count left follows from the operations; the trigger day changes no count
        fields = [getattr(self, name) for name in (*OPERATION_FIELDS, "expiry")]
        # grouped by a hash of each path's outcome, kept if every path of a group has the
        # outcome of its first (paths that differ but share a hash are sorted out below);
        # a lane (one column of a series' field) at a time: numpy is slow along short axes
        lanes = [
            lane
            for field in fields
            for series in field.reshape(field.shape[0], paths, -1)
            for lane in series.T
        ]
        hashed = np.zeros(paths, dtype=np.uint64)
        term = np.empty(paths, dtype=np.uint64)
        for lane, weight in zip(lanes, _hash_weights(len(lanes)), strict=True):
            hashed += np.multiply(lane.view(np.uint64), weight, out=term)
        _, firsts, inverse = np.unique(hashed, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        chosen = firsts[inverse]
        if all(np.array_equal(lane[chosen], lane) for lane in lanes):
            return firsts, inverse
        return distinct_rows(np.stack(lanes, axis=1))

    @classmethod
    def empty(cls, series: int, paths: int, operations: int) -> "Outcomes":
        operation = (series, paths, operations)
        return cls(
            **{name: np.full(operation, FILL.get(name, 0), np.int64) for name in OPERATION_FIELDS},
            remaining=np.zeros((series, paths), np.int64),
            expiry=np.zeros((series, paths), np.int64),
            trigger=np.full((series, paths), -1, np.int64),
        )

    @classmethod
    def joined(cls, parts: Sequence["Outcomes"]) -> "Outcomes":
        """Outcomes of successive chunks of paths, as one."""
        if len(parts) == 1:
            return parts[0]
        width = max(part.day.shape[2] for part in parts)

        def stack(name: str) -> np.ndarray:
            arrays = []
            for part in parts:
                array = getattr(part, name)
                if array.ndim == 3 and array.shape[2] < width:
                    padding = (*array.shape[:2], width - array.shape[2])
                    array = np.concatenate([array, np.full(padding, FILL.get(name, 0))], axis=2)
                arrays.append(array)
            return np.concatenate(arrays, axis=1)

        return cls(**{name: stack(name) for name in OPERATION_FIELDS + SERIES_FIELDS})


@lru_cache(maxsize=64)
def _hash_weights(columns: int) -> np.ndarray:
    """Fixed odd multipliers, one per column of an outcome, that hash it (wrapping)."""
    generator = np.random.Generator(np.random.PCG64(columns))
    return generator.integers(0, 2**63, size=columns, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first of each distinct row of a 2-d array, and which of them each row is.

    Each row is sorted as one opaque value, which groups equal rows far quicker
    than ``np.unique(axis=0)``; the order of the groups means nothing.
    """
    rows = np.ascontiguousarray(rows)
    if not rows.shape[1]:
        return np.zeros(min(len(rows), 1), dtype=np.int64), np.zeros(len(rows), dtype=np.int64)
    whole = rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1]))).reshape(-1)
    order = np.argsort(whole, kind="stable")
    ordered = rows[order]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(rows), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


def times_ratio(values: np.ndarray, numerator: object, denominator: object) -> np.ndarray:
    """floor(values x numerator / denominator) as int64; only the product may overflow."""
    product = exact_products(np.asarray(values), np.asarray(numerator))
    return np.asarray(product // np.asarray(denominator)).astype(np.int64)


def exact_products(counts: np.ndarray, prices: np.ndarray, plus: int = 0) -> np.ndarray:
    """counts x prices + plus, exactly: in int64, or Python integers where int64 could overflow."""
    largest = (
        max(int(counts.max(initial=0)), -int(counts.min(initial=0)))
        * max(int(prices.max(initial=0)), -int(prices.min(initial=0)))
        + plus
    )
    if largest < 2**62:
        return counts * prices + plus
    return counts.astype(object) * prices.astype(object) + plus


@dataclass
class Projection:
    """The outcome of every series on every path, and the prices needed to read it."""

    scenario: Scenario
    calendar: TradingDays
    plans: list[Plan]
    outcomes: Outcomes
    paths: int
    checkpoint_offsets: np.ndarray
    checkpoint_prices: np.ndarray
    full_prices: np.ndarray | None = None
    capped: bool = False
    """Whether some price reached :data:`MAX_PRICE_MICROS` (a random walk is held there)."""
    draws: int = 0
    """How a random walk was drawn: :data:`DRAWS_DAILY` or :data:`DRAWS_BRIDGED` (0: no walk)."""

    @classmethod
    def joined(cls, parts: Sequence["Projection"]) -> "Projection":
        """Projections of successive chunks of paths, as one."""
        first = parts[0]
        kept = [part.full_prices for part in parts if part.full_prices is not None]
        return replace(
            first,
            outcomes=Outcomes.joined([part.outcomes for part in parts]),
            paths=sum(part.paths for part in parts),
            checkpoint_prices=np.concatenate([part.checkpoint_prices for part in parts]),
            full_prices=np.concatenate(kept) if kept else None,
            capped=any(part.capped for part in parts),
        )

    def prices_at(self, offsets: np.ndarray) -> np.ndarray:
        """Prices (paths x days) in micros on the given day offsets."""
        if self.full_prices is not None:
            return self.full_prices[:, self.calendar.slot_of(offsets)]
        position = np.searchsorted(self.checkpoint_offsets, offsets)
        assert np.array_equal(self.checkpoint_offsets[position], offsets), "days not projected"
        # taken a row at a time: prices[:, position] lays the copy out column by column
        return np.take(self.checkpoint_prices, position, axis=1)


def project(
    scenario: Scenario,
    checkpoints: Sequence[date] = (),
    chunk: int = CHUNK,
    keep_prices: bool = False,
    series: Sequence[Series] | None = None,
    progress: Callable[[int, int], None] | None = None,
    daily: bool = False,
    grid_days: Sequence[date] = (),
) -> Projection:
    """Project ``scenario`` over all its price paths.

    ``checkpoints`` are the days on which share counts will be read for a
    random walk; a deterministic path, or any with ``keep_prices``, keeps
    every day. ``series`` are the projected book's, if already worked out.
    ``progress(done, total)`` is told the paths done after each chunk, so a
    caller can show progress while the engine prints nothing. A random walk
    is bridged (draws 3) unless ``daily`` asks for every day's normal (draws
    1) or a policy must search every day (``when_in_the_money``).
    ``grid_days`` are days a bridged walk draws on its grid (cheaply) whatever
    the checkpoints: a caller's usual checkpoints, so they cost no bridging.
    """
    parts = list(
        projected_chunks(
            scenario, checkpoints, chunk, keep_prices, series, progress, daily, grid_days
        )
    )
    return Projection.joined(parts)


def projected_chunks(
    scenario: Scenario,
    checkpoints: Sequence[date] = (),
    chunk: int = CHUNK,
    keep_prices: bool = False,
    series: Sequence[Series] | None = None,
    progress: Callable[[int, int], None] | None = None,
    daily: bool = False,
    grid_days: Sequence[date] = (),
) -> Iterator[Projection]:
    """:func:`project`, a chunk of paths at a time, so callers can read each and let it go."""
    model = scenario.price
    cal = trading_days(model, scenario.start, scenario.end)
    series_plans = plans(scenario, cal, series)
    layout = Layout(series_plans, cal)
    offsets = distinct(
        np.array([cal.offset(day) for day in checkpoints] + [cal.days - 1], dtype=np.int64)
    )
    checkpoint_slots = cal.slot_of(offsets)
    walk = model if isinstance(model, RandomWalk) else None
    bridged = walk is not None and not daily and bridgeable(series_plans)
    chunks: Iterator[np.ndarray | BridgedChunk]
    if walk is None:
        chunks = iter([deterministic_path(model, cal)])
    elif bridged:
        days = [cal.offset(day) for day in grid_days if scenario.start <= day <= scenario.end]
        extra = cal.slot_of(np.array(days, dtype=np.int64))
        coarse = layout.coarse(extra)
        # one chunk leaves nothing to draw while the engine works
        drawing = bridged_apart if walk.paths > chunk else bridged_chunks
        chunks = drawing(walk, cal, chunk, coarse)
    else:
        chunks = drawn_ahead(walk_chunks(walk, cal, chunk))
    total = walk.paths if walk is not None else 1
    done = 0
    for drawn in chunks:
        prices = drawn if isinstance(drawn, BridgedChunk) else DrawnPaths(drawn)
        outcomes = layout.outcomes(prices)
        if isinstance(prices, BridgedChunk):
            # the days counts are read on, drawn last so that no answer of the
            # engine (nor the stream it draws) depends on which days are read
            prices.ensure_every(checkpoint_slots, kind=CHECKPOINT)
        kept = None
        if keep_prices or walk is None:
            kept = prices.complete() if isinstance(prices, BridgedChunk) else prices.whole()
        done += prices.paths
        yield Projection(
            scenario=scenario,
            calendar=cal,
            plans=series_plans,
            outcomes=outcomes,
            paths=prices.paths,
            checkpoint_offsets=offsets,
            checkpoint_prices=prices.on_slots(checkpoint_slots),
            full_prices=kept,
            capped=prices.capped,
            draws=0 if walk is None else DRAWS_BRIDGED if bridged else DRAWS_DAILY,
        )
        if progress is not None:
            progress(done, total)


def bridgeable(series_plans: Sequence[Plan]) -> bool:
    """Whether the engine can read every answer off a bridged walk.

    ``when_in_the_money`` looks for the first day in the money, which may
    fall between any two grid days, so it needs every day drawn.
    """
    return all(plan.policy.policy is not Policy.WHEN_IN_THE_MONEY for plan in series_plans)


class Layout:
    """The plans as arrays, split into generations: series, then the warrants of their units.

    Built once per projection; :meth:`outcomes` then works on each chunk of
    price paths.
    """

    def __init__(self, series_plans: list[Plan], cal: TradingDays) -> None:
        self.size = len(series_plans)
        self.calendar = cal
        self.generations = [
            Generation(
                series_plans, [i for i, p in enumerate(series_plans) if p.parent is None], cal
            ),
            Generation(
                series_plans, [i for i, p in enumerate(series_plans) if p.parent is not None], cal
            ),
        ]

    def coarse(self, extra: np.ndarray | None = None) -> Coarse:
        """The grid a bridged walk draws on every path, and where it fills in days.

        The grid holds the first and last slots, each period's last day and
        each expiry (the days policies read), the ``extra`` slots asked for,
        and, with acceleration clauses, enough slots that no gap is wider
        than the shortest run ``length`` any clause needs, so every run holds
        a grid point. It depends on no checkpoint, so the days counts are
        read on change no draw.
        """
        cal = self.calendar
        last = len(cal.slots) - 1
        points = [np.array([0, last], dtype=np.int64)]
        if extra is not None:
            points.append(np.asarray(extra, dtype=np.int64))
        level, low, high, length = MAX_PRICE_MICROS + 1, last + 1, -1, 0
        runs = []
        for generation in self.generations:
            days = np.concatenate([generation.periods.last.reshape(-1), generation.expiry])
            points.append(cal.slot_of(np.clip(days[days >= 0], 0, cal.days - 1)))
            for (trigger, run), members in generation.accelerations.items():
                level = min(level, trigger)
                length = min(length, run) if length else run
                low = min(low, *(member[1] for member in members))
                high = max(high, *(member[2] for member in members))
                # a run from each member's first counted slot: the engine reads them all
                runs.append((trigger, run, tuple(sorted({member[1] for member in members}))))
        grid = read = distinct(np.concatenate(points))
        if length:
            # the fewest days that leave no gap wider than the run: each wide gap
            # between required days is split evenly
            gaps = np.diff(grid)
            splits = [
                grid[i] + (np.arange(1, parts) * gaps[i]) // parts
                for i in np.flatnonzero(gaps > length)
                for parts in [-(-int(gaps[i]) // length)]
            ]
            grid = distinct(np.concatenate([grid, *splits]))
        return Coarse(grid, level, low, high, tuple(runs), read)

    def outcomes(self, prices: PricePaths) -> Outcomes:
        done: Outcomes | None = None
        results = []
        for stream, generation in enumerate(self.generations):
            if generation.rows:
                result = generation.outcomes(prices, done, stream)
                results.append((generation.rows, result))
                done = _placed(results, self.size, prices.paths)
        return done if done is not None else Outcomes.empty(0, prices.paths, 0)


def _placed(results: list[tuple[list[int], Outcomes]], size: int, paths: int) -> Outcomes:
    """Generations' outcomes placed in plan order, in one set of arrays."""
    width = max(result.day.shape[2] for _, result in results)
    placed = Outcomes.empty(size, paths, width)
    for rows, result in results:
        for name in OPERATION_FIELDS:
            getattr(placed, name)[rows, :, : result.day.shape[2]] = getattr(result, name)
        for name in SERIES_FIELDS:
            getattr(placed, name)[rows] = getattr(result, name)
    return placed


class Generation:
    """Series whose operations can be found together: none depends on another's.

    Static arrays (series x periods, series x events) are built once; per chunk
    of paths, :meth:`outcomes` finds and applies the operations.
    """

    def __init__(self, all_plans: list[Plan], rows: list[int], cal: TradingDays) -> None:
        self.rows = rows
        self.plans = [all_plans[row] for row in rows]
        self.calendar = cal
        size = len(rows)
        events = max((len(p.events) for p in self.plans), default=0)
        self.count = np.array([p.series.count for p in self.plans], dtype=np.int64)
        self.issue = np.array([p.issue for p in self.plans], dtype=np.int64)
        self.expiry = np.array([p.expiry for p in self.plans], dtype=np.int64)
        self.policy = np.array([POLICY_CODES[p.policy.policy] for p in self.plans], dtype=np.int64)
        ratios = [ratio(p.policy.fraction) for p in self.plans]
        self.fraction = np.array(ratios, dtype=np.int64).reshape(size, 2)
        grid = PeriodGrid(self.plans)
        first, last = grid.of("first", NEVER), grid.of("last", -1)
        strike, threshold = grid.of("price_micros", 0), grid.of("threshold", NEVER)
        # the policy acts from the issue, and only after what the book's ledger records
        opens = np.maximum(self.issue, [p.acts_from for p in self.plans]).astype(np.int64)
        self.periods = PeriodArrays(opens, first, last, strike, threshold)
        self.event_day = np.full((size, events), NEVER, dtype=np.int64)
        self.event_kind = np.full((size, events), EXERCISE, dtype=np.int64)
        self.event_share = np.ones((size, events, 2), dtype=np.int64)
        self.event_count = np.full((size, events), -1, dtype=np.int64)
        self.event_strike = np.zeros((size, events), dtype=np.int64)
        for row, plan in enumerate(self.plans):
            for column, event in enumerate(plan.events):
                offset = cal.offset(event.day)
                self.event_day[row, column] = offset
                self.event_kind[row, column] = EVENT_KINDS[event.action]
                if event.fraction is not None:
                    self.event_share[row, column] = ratio(event.fraction)
                if event.count is not None:
                    self.event_count[row, column] = event.count
                in_force = plan.period_at(offset)
                if in_force is not None:
                    self.event_strike[row, column] = plan.periods[in_force].price_micros
        self.vesting = self._vesting()
        self.parents = [all_plans[p.parent] if p.parent is not None else None for p in self.plans]
        self.parent_rows = np.array([p.parent if p.parent is not None else -1 for p in self.plans])
        self.accelerations = self._acceleration_groups()

    def _vesting(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Vesting grants' days and cumulative counts (series x dates), and what was exercised.

        None when no series vests, so the engine does no more than before. A series that
        does not vest has everything vested from the start.
        """
        if not any(plan.vested for plan in self.plans):
            return None
        width = max(len(plan.vested) for plan in self.plans)
        days = np.full((len(self.plans), width), NEVER, dtype=np.int64)
        vested = np.zeros((len(self.plans), width), dtype=np.int64)
        for row, plan in enumerate(self.plans):
            if not plan.vested:
                days[row, 0], vested[row, 0] = -(2**40), 2**60
                continue
            for column, (day, count) in enumerate(plan.vested):
                days[row, column], vested[row, column] = day, count
        exercised = np.array([plan.exercised for plan in self.plans], dtype=np.int64)
        return days, vested, exercised

    def _exercisable(self, day: np.ndarray, taken: np.ndarray) -> np.ndarray:
        """What each series may exercise on ``day`` (series x paths): vested, less exercised."""
        assert self.vesting is not None
        days, vested, before = self.vesting
        reached = (days[:, None, :] <= day[:, :, None]).sum(axis=2)
        padded = np.concatenate([np.zeros((len(days), 1), dtype=np.int64), vested], axis=1)
        by_day = np.take_along_axis(padded, reached, axis=1)
        return np.maximum(by_day - before[:, None] - taken, 0)

    def _acceleration_groups(self) -> dict[tuple[int, int], list[tuple[int, int, int, int]]]:
        """Rows by (trigger, trading days): each row's first and last counted slot and notice."""
        cal = self.calendar
        groups: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
        for row, plan in enumerate(self.plans):
            terms = plan.series.acceleration
            if terms is None:
                continue
            # days count only after what the ledger records: a notice it holds is a fact, and
            # one it does not hold was not given
            first = max(plan.issue, 0, plan.acts_from, plan.hold_end if terms.after_hold else 0)
            last = min(plan.expiry, cal.days - 1)
            if first > last:
                continue
            low = int(cal.slot_of(first))
            if cal.slots[low] < first:
                low += 1
            # "exceeds" is one micro-dollar above the trigger; prices are whole micro-dollars
            level = ceil_micros(terms.trigger) + (1 if terms.test == "exceeds" else 0)
            key = (level, terms.trading_days)
            # notice on the last day the stated window allows, then the stated days to expiry
            notice = terms.notice_days + (terms.notice_within_days or 0)
            groups.setdefault(key, []).append((row, low, int(cal.slot_of(last)), notice))
        return groups

    def outcomes(self, prices: PricePaths, done: Outcomes | None, stream: int = 0) -> Outcomes:
        """Find each series' operations on each path of ``prices``, and apply them in order.

        On a bridged walk the price on each accelerated expiry (the one day a
        policy reads that the grid cannot know in advance) is drawn first.
        """
        expiry, trigger = self._accelerated(prices)
        if isinstance(prices, BridgedChunk):
            rows, paths = np.nonzero(trigger >= 0)
            if rows.size:
                days = np.clip(expiry[rows, paths], 0, self.calendar.days - 1)
                prices.ensure(paths, self.calendar.slot_of(days), stream)
        days, kinds, amounts, columns = self._operations(prices, expiry, done)
        days = np.where(days <= expiry[:, :, None], days, NEVER)
        order = np.argsort(days, axis=2, kind="stable")
        in_order = np.take_along_axis(days, order, axis=2)
        return self._apply(in_order, order, kinds, amounts, columns, expiry, trigger)

    def _accelerated(self, prices: PricePaths) -> tuple[np.ndarray, np.ndarray]:
        """Each series' expiry on each path, and the day its acceleration was triggered (or -1).

        A bridged walk found each first run as it drew the paths
        (:attr:`BridgedChunk.run_ends`): a run within a series' days is the
        first from its first day, if that ends by its last.
        """
        cal = self.calendar
        paths = prices.paths
        expiry = np.repeat(self.expiry[:, None], paths, axis=1)
        trigger = np.full(expiry.shape, -1, dtype=np.int64)
        for (level, length), members in self.accelerations.items():
            rows, low, high, notice = (np.array(column) for column in zip(*members, strict=True))
            found = prices.run_ends if isinstance(prices, BridgedChunk) else {}
            keys = [(level, length, first) for first in low.tolist()]
            if all(key in found for key in keys):
                ends = np.stack([found[key] for key in keys])
                ends = np.where(ends <= high[:, None], ends, NEVER)
            else:
                ends = first_run_end(prices.whole(), cal.trading[None, :], level, length, low, high)
            hit = ends < NEVER
            days = np.where(hit, cal.slots[np.minimum(ends, len(cal.slots) - 1)], -1)
            trigger[rows] = days
            expiry[rows] = np.where(
                hit, np.minimum(expiry[rows], days + notice[:, None]), expiry[rows]
            )
        return expiry, trigger

    def _operations(
        self, prices: PricePaths, expiry: np.ndarray, done: Outcomes | None
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], OperationColumns]:
        """Every operation's day (series x paths x operations), kind, amounts and layout.

        Columns are laid out as :class:`OperationColumns` says.
        """
        size, paths = expiry.shape
        day_columns = []
        kind_columns = []
        added = []
        qualifies = []
        added_width = 0
        if done is not None and size:
            parent_days = done.day[self.parent_rows]
            ratios = np.array(
                [
                    ratio(parent.series.warrants_per_exercise) if parent else (0, 1)
                    for parent in self.parents
                ],
                dtype=np.int64,
            )
            count = times_ratio(
                done.exercised[self.parent_rows], ratios[:, 0, None, None], ratios[:, 1, None, None]
            )
            day_columns.append(np.where(count > 0, parent_days, NEVER))
            kind_columns.append(np.full((size, count.shape[2]), ADD))
            added.append(count)
            qualifies.append(np.ones(count.shape, dtype=bool))
            added_width = count.shape[2]
        events = self.event_day.shape[1]
        day_columns.append(np.repeat(self.event_day[:, None, :], paths, axis=1))
        kind_columns.append(self.event_kind)
        added.append(np.zeros((size, paths, events), dtype=np.int64))
        qualifies.append(np.ones((size, paths, events), dtype=bool))
        occasion_days, occasion_ok = occasions(
            self.calendar, self.periods, self.policy, prices, expiry
        )
        day_columns.append(np.where(occasion_ok, occasion_days, NEVER))
        kind_columns.append(np.full(occasion_days.shape[::2], OCCASION))
        added.append(np.zeros(occasion_days.shape, dtype=np.int64))
        qualifies.append(occasion_ok)
        amounts = {
            "added": np.concatenate(added, axis=2),
            "qualifies": np.concatenate(qualifies, axis=2),
        }
        columns = OperationColumns(
            added=added_width,
            events=events,
            periods=occasion_days.shape[2],
        )
        return (
            np.concatenate(day_columns, axis=2),
            np.concatenate(kind_columns, axis=1),
            amounts,
            columns,
        )

    def _apply(
        self,
        days: np.ndarray,
        order: np.ndarray,
        kinds: np.ndarray,
        amounts: dict[str, np.ndarray],
        columns: OperationColumns,
        expiry: np.ndarray,
        trigger: np.ndarray,
    ) -> Outcomes:
        """Apply the operations in date order, one column at a time, on every series and path."""
        size, paths, width = days.shape
        outcome = Outcomes.empty(size, paths, width)
        outcome.day[...] = days
        outcome.expiry[...] = expiry
        outcome.trigger[...] = trigger
        remaining = np.repeat(self.count[:, None], paths, axis=1)
        taken = np.zeros_like(remaining)
        series = np.arange(size)[:, None]
        events = columns.events
        for step in range(width):
            column = order[:, :, step]
            happens = days[:, :, step] < NEVER
            kind = kinds[series, column]
            added = np.take_along_axis(amounts["added"], column[:, :, None], axis=2)[:, :, 0]
            qualifies = np.take_along_axis(amounts["qualifies"], column[:, :, None], axis=2)[
                :, :, 0
            ]
            event = columns.event_of(column)
            period = columns.period_of(column)
            share = np.where(
                (kind == OCCASION)[:, :, None],
                self.fraction[:, None, :],
                self.event_share[series, event] if events else 1,
            )
            by_share = times_ratio(remaining, share[:, :, 0], share[:, :, 1])
            counted = self.event_count[series, event] if events else np.full(kind.shape, -1)
            counted = np.where((kind == EXERCISE) | (kind == CANCEL), counted, -1)
            amount = np.where(counted >= 0, np.minimum(counted, remaining), by_share)
            amount = np.where(kind == EXPIRE, remaining, amount)
            amount = np.where(happens & qualifies & (kind != ADD), amount, 0)
            exercising = (kind == EXERCISE) | (kind == OCCASION)
            if self.vesting is not None:  # unvested options are not exercised
                cap = self._exercisable(days[:, :, step], taken)
                amount = np.where(exercising, np.minimum(amount, cap), amount)
            exercised = np.where(exercising, amount, 0)
            taken += exercised
            removed = np.where((kind == CANCEL) | (kind == EXPIRE), amount, 0)
            strike = np.where(
                kind == OCCASION,
                self.periods.strike[series, period] if self.periods.strike.size else 0,
                self.event_strike[series, event] if events else 0,
            )
            outcome.exercised[:, :, step] = exercised
            outcome.removed[:, :, step] = removed
            outcome.added[:, :, step] = np.where(happens & (kind == ADD), added, 0)
            outcome.price_micros[:, :, step] = np.where(exercised > 0, strike, 0)
            outcome.removed_from[:, :, step] = np.where(
                removed > 0, days[:, :, step] + (kind == EXPIRE), NEVER
            )
            remaining += outcome.added[:, :, step] - exercised - removed
        outcome.remaining[...] = remaining
        return outcome
