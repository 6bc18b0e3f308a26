"""Reading a projection: share counts, proceeds and dilution on chosen days.

Every figure is an integer array over (paths x days): counts of shares,
warrants and options, and money in whole cents. One path gives the exact
deterministic figures; many give distributions, by the same arithmetic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from placements.core.engine import Outcome, Plan, Projection, exact_products
from placements.core.money import from_cents
from placements.core.outstanding import basic_shares
from placements.core.prices import from_micros
from placements.core.series import SeriesKind
from placements.core.tranche import free_trading_date, net_proceeds, shares_issued

WARRANT_KINDS = {SeriesKind.WARRANTS, SeriesKind.FINDER_WARRANTS}


@dataclass(frozen=True)
class Exercise:
    """One exercise on the deterministic path."""

    day: date
    series: str
    count: int
    price: Decimal
    proceeds: Decimal


@dataclass
class Counts:
    """Share counts and money on ``days``, each array (paths x days)."""

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

    @property
    def free_trading(self) -> np.ndarray:
        return self.basic - self.restricted

    def dilution_basis_points(self) -> np.ndarray | None:
        """Fully diluted over the base count, less one, in hundredths of a percent (half-up)."""
        if not self.base:
            return None
        excess = (self.fully_diluted - self.base) * 10_000
        return (2 * excess + self.base) // (2 * self.base)


def _by(values: np.ndarray, days: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over the operations on or before each offset: (paths x offsets).

    Each operation is added at the first offset on or after its day, then
    summed along the offsets: no (paths x operations x offsets) array is made.
    """
    paths = values.shape[0]
    total = np.zeros((len(offsets) + 1, paths), dtype=values.dtype)
    rows = np.arange(paths)
    for step in range(values.shape[1]):
        total[np.searchsorted(offsets, days[:, step]), rows] += values[:, step]
    # summed down the days, a row of paths at a time (fast), then read as (paths x days)
    return np.cumsum(total[:-1], axis=0).T


def outstanding(plan: Plan, outcome: Outcome, offsets: np.ndarray) -> np.ndarray:
    """How many of the series are outstanding at the end of each day (paths x offsets)."""
    issued = np.where(plan.issue <= offsets, plan.series.count, 0)[None, :]
    expired = outcome.remaining[:, None] * (outcome.expiry[:, None] + 1 <= offsets[None, :])
    return (
        issued
        + _by(outcome.added, outcome.day, offsets)
        - _by(outcome.exercised, outcome.day, offsets)
        - _by(outcome.removed, outcome.removed_from, offsets)
        - expired
    )


def counts(projection: Projection, days: Sequence[date], price_micros: int | None = None) -> Counts:
    """Share counts, exercise proceeds and dilution at the end of each of ``days``.

    The treasury method uses the projected price, or ``price_micros`` if given.
    """
    cal = projection.calendar
    book = projection.scenario.projected_book
    offsets = np.array([cal.offset(day) for day in days], dtype=np.int64)
    prices = projection.prices_at(offsets)
    if price_micros is not None:
        prices = np.full_like(prices, price_micros)
    shape = (projection.paths, len(offsets))
    basic = np.tile(
        np.array([basic_shares(book, day) for day in days], dtype=np.int64), (shape[0], 1)
    )
    restricted = np.zeros(shape, dtype=np.int64)
    warrants = np.zeros(shape, dtype=np.int64)
    options = np.zeros(shape, dtype=np.int64)
    potential = np.zeros(shape, dtype=np.int64)
    tsm_numerator: np.ndarray = np.zeros(shape, dtype=np.int64)
    cents = np.zeros(shape, dtype=np.int64)
    exercised_total = np.zeros(shape, dtype=np.int64)
    in_hold = {
        tranche.id: (cal.offset(tranche.closed) <= offsets)
        & (offsets < cal.offset(free_trading_date(tranche)))
        for tranche in book.tranches
    }
    for tranche in book.tranches:
        restricted += np.where(in_hold[tranche.id], shares_issued(tranche), 0)[None, :]
    for plan, outcome in zip(projection.plans, projection.outcomes, strict=True):
        series = plan.series
        left = outstanding(plan, outcome, offsets)
        on_exercise = _by(outcome.exercised, outcome.day, offsets) * series.shares_per_exercise
        basic += on_exercise
        exercised_total += on_exercise
        cents += _by(outcome.payment_cents, outcome.day, offsets).astype(np.int64)
        if plan.tranche in in_hold:
            restricted += on_exercise * in_hold[plan.tranche][None, :]
        (warrants if series.kind in WARRANT_KINDS else options)[...] += left
        numerator, denominator = series.warrants_per_exercise.as_integer_ratio()
        unit_warrants = left * numerator // denominator
        potential += left * series.shares_per_exercise + unit_warrants
        tsm_numerator = tsm_numerator + _tsm_numerator(
            plan, left, prices, offsets, series.shares_per_exercise
        )
        child = _child_of(projection, plan)
        if child is not None:
            tsm_numerator = tsm_numerator + _tsm_numerator(child, unit_warrants, prices, offsets, 1)
    placement_net = [
        sum((net_proceeds(t) for t in book.tranches if t.closed <= day), start=Decimal("0.00"))
        for day in days
    ]
    return Counts(
        days=list(days),
        offsets=offsets,
        price_micros=prices,
        basic=basic,
        restricted=restricted,
        warrants=warrants,
        options=options,
        fully_diluted=basic + potential,
        tsm_diluted=basic + (tsm_numerator // prices).astype(np.int64),
        exercise_cents=cents,
        exercised_shares=exercised_total,
        placement_net=placement_net,
        base=book.base.count if book.base else None,
    )


def _child_of(projection: Projection, plan: Plan) -> Plan | None:
    return next((p for p in projection.plans if p.series.parent == plan.series.id), None)


def _tsm_numerator(
    plan: Plan, left: np.ndarray, prices: np.ndarray, offsets: np.ndarray, shares: int
) -> np.ndarray:
    """Treasury-method incremental shares times the price: n x (shares x P - K) if positive."""
    strike = np.array(
        [
            plan.periods[p].price_micros if (p := plan.period_at(int(offset))) is not None else 0
            for offset in offsets
        ],
        dtype=np.int64,
    )
    gain = np.maximum(shares * prices - strike[None, :], 0)
    return exact_products(left, gain)


def exercises(projection: Projection, path: int = 0) -> list[Exercise]:
    """Every exercise on one path, in date order."""
    cal = projection.calendar
    found = []
    for plan, outcome in zip(projection.plans, projection.outcomes, strict=True):
        for step in np.flatnonzero(outcome.exercised[path] > 0):
            found.append(
                Exercise(
                    day=cal.day(int(outcome.day[path, step])),
                    series=plan.series.id,
                    count=int(outcome.exercised[path, step]),
                    price=from_micros(outcome.price_micros[path, step]),
                    proceeds=from_cents(outcome.payment_cents[path, step]),
                )
            )
    return sorted(found, key=lambda exercise: exercise.day)


@dataclass
class Summary:
    """The figures of a whole projection, one value per path."""

    exercise_cents: np.ndarray
    shares_on_exercise: np.ndarray
    basic_end: np.ndarray
    fully_diluted_end: np.ndarray
    tsm_diluted_end: np.ndarray
    peak_fully_diluted: np.ndarray
    peak_day: list[date]
    placement_net_end: Decimal
    base: int | None
    exercised: dict[str, np.ndarray]
    accelerated: dict[str, np.ndarray]

    @property
    def cash_cents(self) -> np.ndarray:
        """Net placement proceeds to the end plus exercise proceeds, in cents."""
        return self.exercise_cents + int(self.placement_net_end * 100)

    def peak_dilution_basis_points(self) -> np.ndarray | None:
        if not self.base:
            return None
        excess = (self.peak_fully_diluted - self.base) * 10_000
        return (2 * excess + self.base) // (2 * self.base)


def summarise(projection: Projection, at: Counts) -> Summary:
    """Totals at the end, and the peak of fully diluted over the counted days.

    Fully diluted only rises when a tranche closes, so counting on every
    closing day (as reports do) finds its true peak.
    """
    peak = np.argmax(at.fully_diluted, axis=1)
    rows = np.arange(projection.paths)
    return Summary(
        exercise_cents=at.exercise_cents[:, -1],
        shares_on_exercise=at.exercised_shares[:, -1],
        basic_end=at.basic[:, -1],
        fully_diluted_end=at.fully_diluted[:, -1],
        tsm_diluted_end=at.tsm_diluted[:, -1],
        peak_fully_diluted=at.fully_diluted[rows, peak],
        peak_day=[at.days[int(index)] for index in peak[:1]],
        placement_net_end=at.placement_net[-1],
        base=at.base,
        exercised={
            plan.series.id: outcome.exercised.sum(axis=1)
            for plan, outcome in zip(projection.plans, projection.outcomes, strict=True)
        },
        accelerated={
            plan.series.id: outcome.accelerated
            for plan, outcome in zip(projection.plans, projection.outcomes, strict=True)
        },
    )
