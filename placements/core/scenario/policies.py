"""Exercise policies: on which day of each exercise period holders act, and whether they do.

``before_step_up`` acts on a period's last day (the expiry included) if the
price then is at or above the exercise price plus the premium;
``when_in_the_money`` on the first day in the period that it is; ``never``
not at all (only a scenario's dated events exercise). Each period gives at
most one such *occasion* per path; the engine applies them in date order
with everything else that happens.
"""

from dataclasses import dataclass

import numpy as np

from placements.core.scenario.model import Policy
from placements.core.scenario.prices import PricePaths, TradingDays
from placements.core.scenario.searches import BEYOND, first_at_or_above

POLICY_CODES = {policy: code for code, policy in enumerate(Policy)}


@dataclass(frozen=True)
class PeriodArrays:
    """Each series' exercise periods as day offsets and micro-dollar prices: (series x periods).

    Unused cells (a series with fewer periods) run from BEYOND to -1, so they
    contain no day. ``threshold`` is the exercise price plus the premium.
    ``issue`` is the first day each series' policy may act: its issue, or the
    day after the book's ledger last records what happened, if later.
    """

    issue: np.ndarray
    first: np.ndarray
    last: np.ndarray
    strike: np.ndarray
    threshold: np.ndarray

    @property
    def count(self) -> int:
        return self.first.shape[1]


def occasions(
    days: TradingDays,
    periods: PeriodArrays,
    policy: np.ndarray,
    prices: PricePaths,
    expiry: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The policy's day in each period and whether it exercises: (series x paths x periods).

    ``policy`` holds each series' :data:`POLICY_CODES`; ``expiry`` each
    series' expiry on each path (an acceleration may have moved it).
    """
    paths = expiry.shape[1]
    opens = np.maximum(periods.issue, 0)[:, None]
    first = np.maximum(periods.first, opens)
    usable = (first <= periods.last) & (first <= days.days - 1)
    day = np.minimum(periods.last[:, None, :], expiry[:, :, None])
    inside = usable[:, None, :] & (day >= first[:, None, :]) & (day <= days.days - 1)
    slot = days.slot_of(np.clip(day, 0, days.days - 1))
    path = np.arange(paths)[None, :, None]
    ok = inside & (prices.at(path, slot) >= periods.threshold[:, None, :])
    ok &= (policy == POLICY_CODES[Policy.BEFORE_STEP_UP])[:, None, None]
    waiting = np.flatnonzero(policy == POLICY_CODES[Policy.WHEN_IN_THE_MONEY])
    if waiting.size:
        # searched day by day, so drawn on every day (a bridged walk is not, and has no such policy)
        every = prices.whole()
        for row in waiting:
            for column in np.flatnonzero(usable[row]):
                low = int(days.slot_of(first[row, column]))
                high = int(days.slot_of(min(periods.last[row, column], days.days - 1)))
                found = first_at_or_above(every, low, high, int(periods.threshold[row, column]))
                seen = np.where(
                    found < BEYOND, days.slots[np.minimum(found, len(days.slots) - 1)], BEYOND
                )
                day[row, :, column] = np.maximum(seen, first[row, column])
                ok[row, :, column] = (found < BEYOND) & (day[row, :, column] <= expiry[row])
    return day, ok
