"""The projection engine: what each series does on each price path.

The engine works on arrays of paths x days. A deterministic price is one path;
a random walk is many, processed in chunks by the same code. Nothing loops
over days or paths in Python: for each series the engine finds the few days
on which something can happen (a step's last day, the first day in the money,
an acceleration trigger, a scenario event) as arrays over paths, then applies
them in date order, one column of such *operations* at a time.

All counts are integers and all prices whole micro-dollars
(:mod:`placements.core.prices`), so a deterministic projection is exact.
:mod:`placements.core.projection` turns the outcomes into share counts,
proceeds and dilution on any day.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

import numpy as np

from placements.core.book import Acceleration
from placements.core.prices import MICROS, Calendar, calendar, deterministic_path, walk_chunks
from placements.core.scenario import (
    Action,
    ExercisePolicy,
    Policy,
    RandomWalk,
    Scenario,
    ScenarioEvent,
)
from placements.core.series import Series, book_series
from placements.core.tranche import free_trading_date

NEVER = np.iinfo(np.int64).max // 4
"""The day of an operation that does not happen on a path."""

CHUNK = 8192
"""Paths per chunk: large enough to amortise Python, small enough for memory."""

_ADD, _EXERCISE, _CANCEL, _EXPIRE, _OCCASION = range(5)


def ceil_micros(price: Decimal) -> int:
    """The least whole micro-dollar price at or above ``price``."""
    return int((price * MICROS).to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Period:
    """A price in force, as day offsets from the scenario start."""

    first: int
    last: int
    price: Decimal
    price_micros: int
    threshold: int


@dataclass(frozen=True)
class Plan:
    """One series, resolved to day offsets and integer prices for the engine."""

    series: Series
    issue: int
    expiry: int
    periods: tuple[Period, ...]
    policy: ExercisePolicy
    events: tuple[ScenarioEvent, ...]
    parent: int | None
    hold_end: int
    tranche: str | None

    def period_at(self, offset: int) -> int | None:
        for position, period in enumerate(self.periods):
            if period.first <= offset <= period.last:
                return position
        return None


def plans(scenario: Scenario, cal: Calendar) -> list[Plan]:
    """A plan for every series that is outstanding at some time within the scenario."""
    book = scenario.projected_book
    free = {tranche.id: cal.offset(free_trading_date(tranche)) for tranche in book.tranches}
    result: list[Plan] = []
    index: dict[str, int] = {}
    for series in book_series(book):
        issue = cal.offset(series.issued) if series.issued else -1
        expiry = cal.offset(series.expiry)
        if expiry < 0 or issue >= cal.days:
            continue
        policy = scenario.policy_for(series.id)
        premium = 1 + policy.premium
        periods = tuple(
            Period(
                cal.offset(period.first),
                cal.offset(period.last),
                period.price,
                ceil_micros(period.price),
                ceil_micros(period.price * premium),
            )
            for period in series.schedule.periods
        )
        parent = index.get(series.parent) if series.parent else None
        events = tuple(event for event in scenario.events if event.series == series.id)
        hold_end = free.get(series.tranche, issue) if series.tranche else issue
        index[series.id] = len(result)
        result.append(
            Plan(series, issue, expiry, periods, policy, events, parent, hold_end, series.tranche)
        )
    return result


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


def _join(outcomes: Sequence[Outcome]) -> Outcome:
    """Outcomes of successive chunks of paths, as one."""
    if len(outcomes) == 1:
        return outcomes[0]
    width = max(outcome.day.shape[1] for outcome in outcomes)

    def stack(name: str, fill: int) -> np.ndarray:
        parts = []
        for outcome in outcomes:
            array = getattr(outcome, name)
            if array.ndim == 2 and array.shape[1] < width:
                pad = np.full((array.shape[0], width - array.shape[1]), fill, dtype=array.dtype)
                array = np.concatenate([array, pad], axis=1)
            parts.append(array)
        return np.concatenate(parts)

    return Outcome(
        day=stack("day", NEVER),
        exercised=stack("exercised", 0),
        added=stack("added", 0),
        removed=stack("removed", 0),
        removed_from=stack("removed_from", NEVER),
        price_micros=stack("price_micros", 0),
        payment_cents=stack("payment_cents", 0),
        remaining=stack("remaining", 0),
        expiry=stack("expiry", 0),
        trigger=stack("trigger", -1),
    )


@dataclass
class Projection:
    """The outcome of every series on every path, and the prices needed to read it."""

    scenario: Scenario
    calendar: Calendar
    plans: list[Plan]
    outcomes: list[Outcome]
    paths: int
    checkpoint_offsets: np.ndarray
    checkpoint_prices: np.ndarray
    full_prices: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)

    def prices_at(self, offsets: np.ndarray) -> np.ndarray:
        """Prices (paths x days) in micros on the given day offsets."""
        if self.full_prices is not None:
            return self.full_prices[:, self.calendar.slot_of(offsets)]
        position = np.searchsorted(self.checkpoint_offsets, offsets)
        assert np.array_equal(self.checkpoint_offsets[position], offsets), "days not projected"
        return self.checkpoint_prices[:, position]


def project(
    scenario: Scenario,
    checkpoints: Sequence[date] = (),
    paths: int | None = None,
    seed: int | None = None,
    chunk: int = CHUNK,
    keep_prices: bool = False,
) -> Projection:
    """Project ``scenario`` over all its price paths.

    ``checkpoints`` are the days on which share counts will be read for a
    random walk; a deterministic path, or any with ``keep_prices``, keeps
    every day. ``paths`` and ``seed`` override a random walk's own.
    """
    model = scenario.price
    if isinstance(model, RandomWalk):
        model = RandomWalk(
            model.start,
            model.volatility,
            model.drift,
            paths if paths is not None else model.paths,
            seed if seed is not None else model.seed,
            model.trading_days_per_year,
            model.history,
        )
    cal = calendar(model, scenario.start, scenario.end)
    series_plans = plans(scenario, cal)
    offsets = np.unique(
        np.array([cal.offset(day) for day in checkpoints] + [cal.days - 1], dtype=np.int64)
    )
    checkpoint_slots = cal.slot_of(offsets)
    chunks = (
        walk_chunks(model, cal, chunk)
        if isinstance(model, RandomWalk)
        else iter([deterministic_path(model, cal)])
    )
    per_series: list[list[Outcome]] = [[] for _ in series_plans]
    gathered = []
    kept = []
    for prices in chunks:
        outcomes: list[Outcome] = []
        triggers: dict[tuple, np.ndarray] = {}
        for plan in series_plans:
            parent = None
            if plan.parent is not None:
                parent = (series_plans[plan.parent], outcomes[plan.parent])
            outcomes.append(_outcome(plan, prices, cal, parent, triggers))
        for position, outcome in enumerate(outcomes):
            per_series[position].append(outcome)
        gathered.append(prices[:, checkpoint_slots])
        if keep_prices or not isinstance(model, RandomWalk):
            kept.append(prices)
    return Projection(
        scenario=scenario,
        calendar=cal,
        plans=series_plans,
        outcomes=[_join(parts) for parts in per_series],
        paths=sum(part.shape[0] for part in gathered),
        checkpoint_offsets=offsets,
        checkpoint_prices=np.concatenate(gathered),
        full_prices=np.concatenate(kept) if kept else None,
    )


def _outcome(
    plan: Plan,
    prices: np.ndarray,
    cal: Calendar,
    parent: tuple[Plan, Outcome] | None,
    triggers: dict[tuple, np.ndarray],
) -> Outcome:
    """Find the days things happen to one series, then apply them in date order."""
    count = prices.shape[0]
    expiry, trigger = _acceleration(plan, prices, cal, triggers)
    columns: list[tuple[int, np.ndarray, dict]] = []
    if parent is not None:
        parent_plan, parent_outcome = parent
        numerator, denominator = parent_plan.series.warrants_per_exercise.as_integer_ratio()
        for position in range(parent_outcome.day.shape[1]):
            added = parent_outcome.exercised[:, position] * numerator // denominator
            day = np.where(added > 0, parent_outcome.day[:, position], NEVER)
            columns.append((_ADD, day, {"added": added}))
    for event in plan.events:
        offset = cal.offset(event.day)
        kind = {Action.EXERCISE: _EXERCISE, Action.CANCEL: _CANCEL, Action.EXPIRE: _EXPIRE}[
            event.action
        ]
        columns.append((kind, np.full(count, offset, dtype=np.int64), {"event": event}))
    for position, (day, qualifies) in enumerate(_occasions(plan, prices, cal, expiry)):
        columns.append((_OCCASION, np.where(qualifies, day, NEVER), {"period": position}))

    width = len(columns)
    days = (
        np.stack([day for _, day, _ in columns], axis=1)
        if columns
        else np.empty((count, 0), np.int64)
    )
    days = np.where(days <= expiry[:, None], days, NEVER)
    order = np.argsort(days, axis=1, kind="stable")
    remaining = np.full(count, plan.series.count, dtype=np.int64)
    outcome = Outcome(
        day=np.take_along_axis(days, order, axis=1),
        exercised=np.zeros((count, width), np.int64),
        added=np.zeros((count, width), np.int64),
        removed=np.zeros((count, width), np.int64),
        removed_from=np.full((count, width), NEVER, np.int64),
        price_micros=np.zeros((count, width), np.int64),
        payment_cents=np.zeros((count, width), np.int64),
        remaining=remaining,
        expiry=expiry,
        trigger=trigger,
    )
    fraction = plan.policy.fraction.as_integer_ratio()
    for step in range(width):
        column = order[:, step]
        day = outcome.day[:, step]
        happens = day < NEVER
        for kind_position, (kind, _, detail) in enumerate(columns):
            here = happens & (column == kind_position)
            if not here.any():
                continue
            _apply(plan, outcome, step, here, kind, detail, fraction, remaining, day)
    outcome.remaining = remaining
    outcome.payment_cents = exact_products(outcome.exercised, outcome.price_micros, 5_000) // 10_000
    return outcome


def _apply(
    plan: Plan,
    outcome: Outcome,
    step: int,
    here: np.ndarray,
    kind: int,
    detail: dict,
    fraction: tuple[int, int],
    remaining: np.ndarray,
    day: np.ndarray,
) -> None:
    """Apply one kind of operation, on the paths ``here``, as operation ``step``."""
    if kind == _ADD:
        added = detail["added"][here]
        outcome.added[here, step] = added
        remaining[here] += added
        return
    if kind == _OCCASION:
        numerator, denominator = fraction
        amount = remaining[here] * numerator // denominator
        period = plan.periods[detail["period"]]
        outcome.exercised[here, step] = amount
        outcome.price_micros[here, step] = period.price_micros
        remaining[here] -= amount
        return
    event: ScenarioEvent = detail["event"]
    if kind == _EXPIRE:
        amount = remaining[here]
    elif event.count is not None:
        amount = np.minimum(remaining[here], event.count)
    elif event.fraction is not None:
        numerator, denominator = event.fraction.as_integer_ratio()
        amount = remaining[here] * numerator // denominator
    else:
        amount = remaining[here]
    if kind == _EXERCISE:
        position = plan.period_at(int(day[here][0]))
        assert position is not None, "events are checked to fall within the schedule"
        outcome.exercised[here, step] = amount
        outcome.price_micros[here, step] = plan.periods[position].price_micros
    else:
        outcome.removed[here, step] = amount
        outcome.removed_from[here, step] = day[here] + (1 if kind == _EXPIRE else 0)
    remaining[here] -= amount


def exact_products(counts: np.ndarray, prices: np.ndarray, plus: int = 0) -> np.ndarray:
    """counts x prices + plus, exactly: in int64, or Python integers where int64 could overflow."""
    largest = int(np.abs(counts).max(initial=0)) * int(np.abs(prices).max(initial=0)) + plus
    if largest < 2**62:
        return counts * prices + plus
    return counts.astype(object) * prices.astype(object) + plus


def _acceleration(
    plan: Plan, prices: np.ndarray, cal: Calendar, triggers: dict[tuple, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Each path's expiry, moved earlier where the acceleration trigger is met.

    The trigger is met on the last of ``trading_days`` consecutive trading days
    closing at or above it, counting only days the series is outstanding (and
    after the hold, if the terms say so). Expiry becomes that day plus the
    notice days, if that is earlier. Series on the same terms over the same
    days (a tranche's warrants and its finder's options) share one search,
    kept in ``triggers``.
    """
    count = prices.shape[0]
    expiry = np.full(count, plan.expiry, dtype=np.int64)
    terms: Acceleration | None = plan.series.acceleration
    if terms is None:
        return expiry, np.full(count, -1, dtype=np.int64)
    first = max(plan.issue, 0, plan.hold_end if terms.after_hold else 0)
    last = min(plan.expiry, cal.days - 1)
    key = (terms.trigger, terms.trading_days, first, last)
    if key not in triggers:
        triggers[key] = _trigger_days(
            prices, cal, ceil_micros(terms.trigger), terms.trading_days, first, last
        )
    trigger = triggers[key]
    hit = trigger >= 0
    expiry = np.where(hit, np.minimum(expiry, trigger + terms.notice_days), expiry)
    return expiry, trigger


def _trigger_days(
    prices: np.ndarray, cal: Calendar, trigger: int, needed: int, first: int, last: int
) -> np.ndarray:
    """The day each path first closes at or above ``trigger`` for ``needed`` trading days running.

    Only trading days from ``first`` to ``last`` count; -1 where it never does.
    """
    found = np.full(prices.shape[0], -1, dtype=np.int64)
    if first > last:
        return found
    low = int(cal.slot_of(first))
    if cal.slots[low] < first:
        low += 1
    high = int(cal.slot_of(last))
    if high - low + 1 < needed:
        return found
    run = prices[:, low : high + 1] >= trigger
    trading = cal.trading[low : high + 1]
    if not trading.all():
        run &= trading
    # run[:, j] says days j .. j + length - 1 all closed at or above: double the length each pass
    length = 1
    while length < needed:
        step = min(length, needed - length)
        run = run[:, :-step] & run[:, step:]
        length += step
    hit = run.any(axis=1)
    if hit.any():
        ends = cal.slots[low + np.argmax(run, axis=1) + needed - 1]
        found = np.where(hit, ends, -1)
    return found


def _occasions(
    plan: Plan, prices: np.ndarray, cal: Calendar, expiry: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each period, the day the policy would exercise on each path, and whether it does."""
    policy = plan.policy.policy
    count = prices.shape[0]
    rows = np.arange(count)
    occasions = []
    opens = max(plan.issue, 0)
    for period in plan.periods:
        first = max(period.first, opens)
        if policy is Policy.NEVER or first > cal.days - 1 or period.last < first:
            occasions.append((np.full(count, NEVER), np.zeros(count, dtype=bool)))
            continue
        if policy is Policy.BEFORE_STEP_UP:
            day = np.minimum(period.last, expiry)
            inside = (day >= first) & (day <= cal.days - 1)
            slot = cal.slot_of(np.clip(day, 0, cal.days - 1))
            qualifies = inside & (prices[rows, slot] >= period.threshold)
        else:
            last = min(period.last, cal.days - 1)
            low, high = cal.slot_of(first), cal.slot_of(last)
            above = prices[:, low : high + 1] >= period.threshold
            position = np.argmax(above, axis=1)
            day = np.maximum(cal.slots[low + position], first)
            qualifies = above[rows, position] & (day <= expiry)
        occasions.append((day, qualifies))
    return occasions
