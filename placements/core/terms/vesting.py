"""Vesting: which granted options may be exercised on a day.

Options granted under a plan often vest over time ("one third on each
anniversary"). Unvested options are outstanding (fully diluted counts them)
but may not be exercised yet. A grant's ``vesting`` lists dates with a count
or a fraction of the grant each.

1. The count vested by a date is cumulative: counts are added; fractions are
   added first and the sum taken of the grant, rounded down, so nothing is
   lost to rounding, and the last date vests the whole grant.
2. The counts must add up to the grant, or the fractions to 1 (within
   0.000001, so thirds may be written 0.333333); the dates must increase,
   from the grant's day through its expiry.
3. Exercisable on a day = min(outstanding, vested by then - exercised so
   far): a forfeiture, cancellation or expiry takes the unvested options
   first, and what it takes never vests later.
"""

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from placements.core.money import whole
from placements.core.problems import Problem, explain
from placements.core.terms.book import LedgerEntry, Vest

FRACTION_SLACK = Decimal("0.000001")
"""How far from 1 vesting fractions may add up to: thirds written as 0.333333 pass."""


def vested_counts(count: int, vests: Sequence[Vest]) -> tuple[tuple[date, int], ...]:
    """Each vesting date with the count vested by it, cumulative (rule 1)."""
    schedule = []
    counted, share = 0, Decimal(0)
    for position, vest in enumerate(vests, 1):
        if vest.count is not None:
            counted += vest.count
        if vest.fraction is not None:
            share += vest.fraction
        vested = min(count, counted + whole(count * share))
        schedule.append((vest.day, count if position == len(vests) else vested))
    return tuple(schedule)


def vested_on(vesting: Sequence[tuple[date, int]], count: int, day: date) -> int:
    """The count vested by the end of ``day``: all of ``count`` without a schedule."""
    if not vesting:
        return count
    position = bisect_right([vested_day for vested_day, _ in vesting], day)
    return vesting[position - 1][1] if position else 0


def exercisable(outstanding: int, vested: int, exercised: int) -> int:
    """What may be exercised: the vested options not yet exercised, of those outstanding."""
    return max(0, min(outstanding, vested - exercised))


def next_vest(vesting: Sequence[tuple[date, int]], day: date) -> tuple[date, int] | None:
    """The first vesting date after ``day`` and the count it adds, or None."""
    before = 0
    for vested_day, vested in vesting:
        if vested_day > day:
            return vested_day, vested - before
        before = vested
    return None


def vesting_problems(entry: LedgerEntry, expiry: date) -> Iterator[Problem]:
    """A grant's vesting schedule that does not add up, or dates out of order (rule 2).

    ``expiry`` is the grant's, from its (checked) exercise terms.
    """
    granted = entry.granted
    if granted is None or not granted.vesting:
        return
    vests = granted.vesting
    origin = granted.origin
    counts = [v.count for v in vests if v.count is not None]
    fractions = [v.fraction for v in vests if v.fraction is not None]
    if counts and fractions:
        yield Problem.at(
            origin,
            "vesting",
            explain(
                "a vesting schedule gives counts and fractions",
                expected="a count on every date, or a fraction on every date",
            ),
        )
        return
    if counts and sum(counts) != granted.count:
        yield Problem.at(
            origin,
            "vesting",
            explain(
                f"the vesting counts add up to {sum(counts):,}, not the {granted.count:,} granted",
                got=" + ".join(f"{c:,}" for c in counts),
                expected=f"counts that add up to {granted.count:,}",
            ),
        )
    total = sum(fractions, Decimal(0))
    if fractions and abs(total - 1) > FRACTION_SLACK:
        yield Problem.at(
            origin,
            "vesting",
            explain(
                f"the vesting fractions add up to {total.normalize():f}, not 1",
                got=" + ".join(f"{f.normalize():f}" for f in fractions),
                expected="fractions that add up to 1 (100%)",
            ),
        )
    previous: date | None = None
    for vest in vests:
        if not entry.day <= vest.day <= expiry:
            yield Problem.at(
                vest.origin,
                "date",
                explain(
                    "a vesting date outside the grant's term",
                    got=vest.day.isoformat(),
                    expected=f"a day from the grant, {entry.day.isoformat()}, to its expiry, "
                    f"{expiry.isoformat()}",
                ),
            )
        elif previous is not None and vest.day <= previous:
            yield Problem.at(
                vest.origin,
                "date",
                explain(
                    "vesting dates out of order",
                    got=vest.day.isoformat(),
                    expected=f"a day after {previous.isoformat()}",
                ),
            )
        previous = vest.day
