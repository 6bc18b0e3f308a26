"""A straightforward projection, one path and one day at a time: the engine's oracle.

It follows the rules of the README day by day, in plain Python, with none of
the engine's array tricks, so the tests can check the engine against it and
the benchmark can measure how much faster the arrays are.
"""

from dataclasses import dataclass, field

from placements.core.engine import Plan, ceil_micros
from placements.core.prices import Calendar
from placements.core.scenario import Action, Policy


@dataclass
class SeriesResult:
    exercises: list[tuple[int, int, int]] = field(
        default_factory=list
    )  # (day, count, price micros)
    expiry: int = 0
    trigger: int = -1

    @property
    def proceeds_cents(self) -> int:
        return sum((count * price + 5_000) // 10_000 for _, count, price in self.exercises)


def project_path(plans: list[Plan], cal: Calendar, slot_prices: list[int]) -> list[SeriesResult]:
    """Every series' exercises on one path of prices (one per calendar slot)."""
    price_on = []
    trading_on = []
    slot = 0
    slots = [int(s) for s in cal.slots]
    for day in range(cal.days):
        while slot + 1 < len(slots) and slots[slot + 1] <= day:
            slot += 1
        price_on.append(slot_prices[slot])
        trading_on.append(slots[slot] == day and bool(cal.trading[slot]))
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
        per_exercise = plans[plan.parent].series.warrants_per_exercise
        numerator, denominator = per_exercise.as_integer_ratio()
        for day, count, _ in done[plan.parent].exercises:
            added[day] = added.get(day, 0) + count * numerator // denominator
    remaining = plan.series.count
    fraction_num, fraction_den = plan.policy.fraction.as_integer_ratio()
    exercised_in_period: set[int] = set()
    for day in range(max(plan.issue, 0), min(result.expiry, cal.days - 1) + 1):
        remaining += added.get(day, 0)
        period = next(
            (index for index, p in enumerate(plan.periods) if p.first <= day <= p.last), None
        )
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
            remaining -= amount
        if period is None:
            continue
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
    return result
