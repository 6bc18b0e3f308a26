"""Warrant exercise schedules: steps of prices, each in force until a last day.

A warrant certificate states its prices as a series of steps ("$0.30 for the
first twelve months and $0.35 for the last 12 months"). A step ends either a
number of calendar months after the previous one (the first counts from the
closing) or on a stated date. Its last day is inclusive; the next price applies
from the day after, and the last step's last day is the expiry.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from placements.core.dates import LATEST_DERIVED, months_later
from placements.core.problems import UNKNOWN, Origin
from placements.core.values import value

ONE_DAY = timedelta(days=1)
TOO_LATE = date.max
"""The last day of a step that would end after :data:`LATEST_DERIVED`; checks refuse it."""


@value
class Step:
    """One exercise price and how long it lasts: ``months`` or ``until`` a date.

    Only the last step may give neither, when the schedule states its expiry.
    """

    price: Decimal
    months: int | None = None
    until: date | None = None
    origin: Origin = UNKNOWN


@value
class Period:
    """A price in force from ``first`` to ``last``, both days inclusive."""

    price: Decimal
    first: date
    last: date


@value
class Schedule:
    """The dated periods of an exercise schedule, contiguous and in order."""

    periods: tuple[Period, ...]

    @property
    def expiry(self) -> date:
        """The last day the warrant can be exercised; it is void the day after."""
        return self.periods[-1].last

    @property
    def first_day(self) -> date:
        return self.periods[0].first

    def price_on(self, day: date) -> Decimal | None:
        """The exercise price in force on ``day``, or None outside the schedule."""
        for period in self.periods:
            if period.first <= day <= period.last:
                return period.price
        return None

    def periods_from(self, day: date) -> tuple[Period, ...]:
        """The periods still to come on ``day``, the one in force first."""
        return tuple(period for period in self.periods if period.last >= day)

    def step_ends(self) -> tuple[date, ...]:
        """The last day of every step, the expiry included."""
        return tuple(period.last for period in self.periods)


def step_last_days(
    start: date | None, steps: Sequence[Step], expiry: date | None
) -> list[date | None]:
    """The last day of each step, None where it cannot be known.

    Months count from the closing, or from the last step that ended on a stated
    date; they are cumulative from that anchor (closing + 24 months, not
    closing + 12 months + 12 months), so month-end dates do not drift.
    """
    anchor, months = start, 0
    last_days: list[date | None] = []
    for position, step in enumerate(steps):
        if step.until is not None:
            anchor, months = step.until, 0
            last_days.append(step.until)
        elif step.months is not None and anchor is not None:
            months += step.months
            last = months_later(anchor, months)
            last_days.append(TOO_LATE if last is None else last)
        elif position == len(steps) - 1:
            last_days.append(expiry)
        else:
            last_days.append(None)
    return last_days


def build_schedule(start: date, steps: Sequence[Step], expiry: date | None = None) -> Schedule:
    """The dated periods of ``steps`` for securities issued on ``start``.

    The input is assumed valid (see :func:`placements.core.terms.checks`): every
    last day is known and each comes after the one before. Tranches closing on
    one day with the same terms share their schedule, made once: a large book
    has thousands of them. Prices are told apart by their text, so 0.25 and
    0.250 stay as written.
    """
    key = (start, expiry, tuple((str(step.price), step.months, step.until) for step in steps))
    found = _BUILT.get(key)
    if found is None:
        if len(_BUILT) >= _KEPT:
            _BUILT.clear()
        found = _BUILT[key] = _schedule_of(start, steps, expiry)
    return found


_BUILT: dict[tuple[object, ...], Schedule] = {}
_KEPT = 1 << 12
"""Schedules kept at most; the oldest are dropped all at once past it."""


def _schedule_of(start: date, steps: Sequence[Step], expiry: date | None) -> Schedule:
    periods = []
    first = start
    for step, last in zip(steps, step_last_days(start, steps, expiry), strict=True):
        assert last is not None and last <= LATEST_DERIVED, "schedule built from unchecked steps"
        periods.append(Period(step.price, first, last))
        first = last + ONE_DAY
    return Schedule(tuple(periods))
