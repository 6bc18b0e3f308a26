"""A straightforward projection, one path and one day at a time: the engine's oracle.

It follows the rules of the README day by day, in plain Python, with none of
the engine's array tricks, so the tests can check the engine against it and
the benchmark can measure how much faster the arrays are. It shares only the
plans (each series' dates and prices as day offsets) with the engine.
"""

import math
from dataclasses import dataclass, field

from placements.core.scenario.engine import Plan, ceil_micros
from placements.core.scenario.model import Action, Policy
from placements.core.scenario.prices import TradingDays
from placements.core.terms.book import Book
from placements.core.terms.outstanding import basic_shares
from placements.core.terms.series import SeriesKind
from placements.core.terms.tranche import free_trading_date, shares_issued


@dataclass
class SeriesResult:
    exercises: list[tuple[int, int, int]] = field(default_factory=list)  # day, count, micros
    outstanding: list[int] = field(default_factory=list)  # at the end of each day
    expiry: int = 0
    trigger: int = -1

    @property
    def proceeds_cents(self) -> int:
        return sum((count * price + 5_000) // 10_000 for _, count, price in self.exercises)


def daily_prices(cal: TradingDays, slot_prices: list[int]) -> tuple[list[int], list[bool]]:
    """The price in force and whether it is a trading day, for every calendar day."""
    prices, trading = [], []
    slot = 0
    slots = [int(s) for s in cal.slots]
    for day in range(cal.days):
        while slot + 1 < len(slots) and slots[slot + 1] <= day:
            slot += 1
        prices.append(int(slot_prices[slot]))
        trading.append(slots[slot] == day and bool(cal.trading[slot]))
    return prices, trading


def project_path(plans: list[Plan], cal: TradingDays, slot_prices: list[int]) -> list[SeriesResult]:
    """Every series' exercises and daily outstanding count on one path."""
    price_on, trading_on = daily_prices(cal, slot_prices)
    results: list[SeriesResult] = []
    for plan in plans:
        results.append(_series(plan, plans, cal, price_on, trading_on, results))
    return results


def _series(plan, plans, cal, price_on, trading_on, done) -> SeriesResult:
    result = SeriesResult(expiry=plan.expiry)
    terms = plan.series.acceleration
    if terms is not None:
        first = max(plan.issue, 0, plan.hold_end if terms.after_hold else 0)
        run = 0
        for day in range(first, min(plan.expiry, cal.days - 1) + 1):
            if not trading_on[day]:
                continue
            run = run + 1 if price_on[day] >= ceil_micros(terms.trigger) else 0
            if run == terms.trading_days:
                result.trigger = day
                result.expiry = min(plan.expiry, day + terms.notice_days)
                break
    added: dict[int, int] = {}
    if plan.parent is not None:
        numerator, denominator = plans[plan.parent].series.warrants_per_exercise.as_integer_ratio()
        for day, count, _ in done[plan.parent].exercises:
            added[day] = added.get(day, 0) + count * numerator // denominator
    remaining = plan.series.count
    fraction_num, fraction_den = plan.policy.fraction.as_integer_ratio()
    exercised_in_period: set[int] = set()
    for day in range(cal.days):
        if day < plan.issue or day > result.expiry:
            result.outstanding.append(0)
            continue
        remaining += added.get(day, 0)
        period = next(
            (index for index, p in enumerate(plan.periods) if p.first <= day <= p.last), None
        )
        voided = 0
        for event in plan.events:
            if cal.offset(event.day) != day:
                continue
            if event.action is Action.EXPIRE:
                amount = remaining
            elif event.count is not None:
                amount = min(event.count, remaining)
            elif event.fraction is not None:
                numerator, denominator = event.fraction.as_integer_ratio()
                amount = remaining * numerator // denominator
            else:
                amount = remaining
            if event.action is Action.EXERCISE and amount > 0:
                result.exercises.append((day, amount, plan.periods[period].price_micros))
            if event.action is Action.EXPIRE:
                voided += amount  # still exercisable today, void tomorrow
            remaining -= amount
        if period is not None:
            step = plan.periods[period]
            in_the_money = price_on[day] >= step.threshold
            occasion = False
            if plan.policy.policy is Policy.BEFORE_STEP_UP:
                occasion = day in (step.last, result.expiry) and in_the_money
            elif plan.policy.policy is Policy.WHEN_IN_THE_MONEY:
                occasion = in_the_money and period not in exercised_in_period
                if occasion:
                    exercised_in_period.add(period)
            if occasion:
                amount = remaining * fraction_num // fraction_den
                if amount > 0:
                    result.exercises.append((day, amount, step.price_micros))
                remaining -= amount
        result.outstanding.append(remaining + voided)
    return result


def count_path(
    plans: list[Plan],
    cal: TradingDays,
    slot_prices: list[int],
    results: list[SeriesResult],
    book: Book,
    days: list[int] | None = None,
) -> dict[str, list[int]]:
    """Share counts at the end of each day of one path (every day by default), series by series."""
    price_on, _ = daily_prices(cal, slot_prices)
    child = {plan.parent: plan for plan in plans if plan.parent is not None}
    counts: dict[str, list[int]] = {
        key: []
        for key in (
            "basic",
            "restricted",
            "warrants",
            "options",
            "fully_diluted",
            "tsm_diluted",
            "cents",
        )
    }
    for day in range(cal.days) if days is None else days:
        date = cal.day(day)
        basic = basic_shares(book, date)
        restricted = sum(
            shares_issued(t) for t in book.tranches if t.closed <= date < free_trading_date(t)
        )
        warrants = options = potential = numerator = cents = 0
        price = price_on[day]
        for index, (plan, result) in enumerate(zip(plans, results, strict=True)):
            series = plan.series
            exercised = sum(count for d, count, _ in result.exercises if d <= day)
            basic += exercised * series.shares_per_exercise
            cents += sum((c * p + 5_000) // 10_000 for d, c, p in result.exercises if d <= day)
            if series.tranche is not None:
                tranche = next(t for t in book.tranches if t.id == series.tranche)
                if date < free_trading_date(tranche):
                    restricted += exercised * series.shares_per_exercise
            left = result.outstanding[day]
            if series.kind in (SeriesKind.WARRANTS, SeriesKind.FINDER_WARRANTS):
                warrants += left
            else:
                options += left
            numerator_w, denominator_w = series.warrants_per_exercise.as_integer_ratio()
            unit_warrants = left * numerator_w // denominator_w
            potential += left * series.shares_per_exercise + unit_warrants
            strike = _strike(plan, day)
            if strike is not None:
                numerator += left * max(series.shares_per_exercise * price - strike, 0)
            if index in child and unit_warrants:
                child_strike = _strike(child[index], day)
                if child_strike is not None:
                    numerator += unit_warrants * max(price - child_strike, 0)
        counts["basic"].append(basic)
        counts["restricted"].append(restricted)
        counts["warrants"].append(warrants)
        counts["options"].append(options)
        counts["fully_diluted"].append(basic + potential)
        counts["tsm_diluted"].append(basic + numerator // price)
        counts["cents"].append(cents)
    return counts


def _strike(plan: Plan, day: int) -> int | None:
    for period in plan.periods:
        if period.first <= day <= period.last:
            return period.price_micros
    return None


def walk_path(
    start: float, volatility: float, drift: float, steps: int, per_year: int, rng
) -> list[int]:
    """One random-walk path in micros, a day at a time, as a plain loop would make it."""
    dt = 1.0 / per_year
    price = start
    path = [round(start * 1_000_000)]
    for _ in range(steps):
        shock = rng.gauss(0.0, 1.0)
        price *= math.exp(
            (drift - volatility * volatility / 2) * dt + volatility * math.sqrt(dt) * shock
        )
        path.append(max(1, round(price * 1_000_000)))
    return path
