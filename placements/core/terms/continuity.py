"""The continuity schedule: opening balance, movements by kind and closing balance.

It is the table of the financial-statement notes and of the MD&A's outstanding
share data, for common shares, warrants, finder's options and options, from
the book's closings and its ledger (:mod:`placements.core.terms.ledger`).

1. The opening is what is outstanding at the end of the first day, the
   closing at the end of the last; movements are those of the days after the
   first through the last.
2. Each movement of a warrant or option is valued at count x the exercise
   price in force on its day; a lapse at the end of the term at the last
   price. A step-up, or a repricing by amendment, changes no count, and is
   valued at the count outstanding the day before x the change in price.
3. So the schedule foots: opening + movements = closing, in counts and in
   count x price, exactly; the weighted-average exercise price (WAEP) of a
   line is its count x price divided by its count.
4. The weighted-average remaining contractual life at the close is
   sum(count x days to expiry) / sum(count) / 365, in years.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from itertools import pairwise

from placements.core.money import whole
from placements.core.terms.book import Book, EntryKind, Tranche
from placements.core.terms.ledger import replay
from placements.core.terms.outstanding import basic_shares
from placements.core.terms.series import Series, SeriesKind
from placements.core.terms.tranche import finder_shares, finder_units, units
from placements.core.values import value


class Line(Enum):
    """The lines of the schedule, in the order they are listed."""

    OPENING = "opening"
    PLACEMENTS = "placements"
    FINDERS = "finder's securities"
    EXERCISES = "exercises"
    GRANTS = "grants"
    EXPIRIES = "expiries"
    CANCELLATIONS = "cancellations"
    FORFEITURES = "forfeitures"
    OTHER = "other issuances"
    STEP_UPS = "step-ups"
    AMENDMENTS = "amendments"
    CONVERSIONS = "conversions"
    CONSOLIDATION = "consolidation"
    CLOSING = "closing"


class Security(Enum):
    """The classes the schedule has a section for."""

    SHARES = "common shares"
    WARRANTS = "warrants"
    FINDER_OPTIONS = "finder's options"
    OPTIONS = "options"


CLASS_OF = {
    SeriesKind.WARRANTS: Security.WARRANTS,
    SeriesKind.FINDER_WARRANTS: Security.WARRANTS,
    SeriesKind.DEBENTURE_WARRANTS: Security.WARRANTS,
    SeriesKind.FINDER_OPTIONS: Security.FINDER_OPTIONS,
    SeriesKind.OPTIONS: Security.OPTIONS,
}
ENTRY_LINE = {
    EntryKind.EXERCISE: Line.EXERCISES,
    EntryKind.EXPIRE: Line.EXPIRIES,
    EntryKind.CANCEL: Line.CANCELLATIONS,
    EntryKind.FORFEIT: Line.FORFEITURES,
    EntryKind.GRANT: Line.GRANTS,
    EntryKind.CONSOLIDATE: Line.CONSOLIDATION,
    EntryKind.SPLIT: Line.CONSOLIDATION,
}
WAEP_PLACES = Decimal("0.0001")
YEAR_PLACES = Decimal("0.01")


@value
class Change:
    """One dated change to a series: its count, and its count x price."""

    day: date
    line: Line
    count: int
    value: Decimal


@value
class Balance:
    """One line of a class: a count and, for warrants and options, count x price."""

    security: Security
    line: Line
    count: int
    value: Decimal | None = None
    remaining_life: Decimal | None = None
    """For a closing of warrants or options: the weighted-average years to expiry."""

    @property
    def waep(self) -> Decimal | None:
        if self.value is None or self.count == 0 or self.line is Line.CONSOLIDATION:
            return None
        return (self.value / self.count).quantize(WAEP_PLACES, ROUND_HALF_UP)


def _price(series: Series, day: date) -> Decimal:
    price = series.schedule.price_on(min(day, series.expiry))
    assert price is not None, "a series has a price from its first day to its expiry"
    return price


def _issue_changes(series: Series, tranches: dict[str, Tranche]) -> list[Change]:
    """What issuing ``series`` brought, by line: a tranche's warrants split units from finder's."""
    if series.parent is not None or not series.count:
        return []
    start = series.issued or date.min
    price = _price(series, series.issued or series.schedule.first_day)
    tranche = tranches.get(series.tranche or "")
    if series.kind is SeriesKind.WARRANTS and tranche is not None:
        found = whole(finder_units(tranche) * tranche.unit.warrants)
        parts = [(Line.PLACEMENTS, series.count - found), (Line.FINDERS, found)]
    elif series.kind is SeriesKind.OPTIONS:
        parts = [(Line.GRANTS, series.count)]
    elif series.kind is SeriesKind.FINDER_OPTIONS:
        parts = [(Line.FINDERS, series.count)]
    else:
        parts = [(Line.PLACEMENTS, series.count)]
    return [Change(start, line, count, count * price) for line, count in parts if count]


def _changes(book: Book) -> tuple[dict[str, Series], dict[str, list[Change]]]:
    state = replay(book)
    every = state.series
    tranches = {tranche.id: tranche for tranche in book.tranches}
    granted = {m.series for m in state.movements if m.kind is EntryKind.GRANT}
    changes = {
        id_: [] if id_ in granted else _issue_changes(series, tranches)
        for id_, series in every.items()
    }
    amended: dict[str, set[date]] = {}
    rebased: dict[str, set[date]] = {}
    for movement in state.movements:
        if movement.kind is EntryKind.AMEND:
            amended.setdefault(movement.series or "", set()).add(movement.entry.day)
        if movement.kind in (EntryKind.CONSOLIDATE, EntryKind.SPLIT):
            rebased.setdefault(movement.series or "", set()).add(movement.entry.day)
        if movement.series is None or movement.kind not in ENTRY_LINE:
            continue  # an issue of shares, or a change of terms (priced below)
        series = every[movement.series]
        day = movement.entry.day
        sign = 1 if movement.kind is EntryKind.GRANT else -1
        count = sign * movement.count
        line = ENTRY_LINE[movement.kind]
        changes[series.id].append(Change(day, line, count, count * _price(series, day)))
        if movement.kind is not EntryKind.EXERCISE:
            continue
        parent = series
        child = every.get(parent.child or "")
        day = movement.entry.day
        if (
            child is not None
            and (child.issued is None or child.issued <= day)
            and (day <= child.expiry)
        ):
            count = whole(movement.count * parent.warrants_per_exercise)
            changes[child.id].append(Change(day, Line.FINDERS, count, count * _price(child, day)))
    for id_, series in every.items():
        own = sorted(changes[id_], key=lambda change: change.day)
        # step-ups: the count outstanding the day before x the change in price
        for before, after in pairwise(series.schedule.periods):
            day = after.first
            count = sum(c.count for c in own if c.day < day)
            line = (
                Line.CONSOLIDATION
                if day in rebased.get(id_, ())
                else Line.AMENDMENTS
                if day in amended.get(id_, ())
                else Line.STEP_UPS
            )
            own.append(Change(day, line, 0, count * (after.price - before.price)))
        lapse = series.expiry + timedelta(days=1)
        left = sum(c.count for c in own)
        if left:
            own.append(Change(lapse, Line.EXPIRIES, -left, -left * _price(series, series.expiry)))
        changes[id_] = sorted(own, key=lambda change: change.day)
    return every, changes


def period_ends(first: date, last: date, year_end: date, months: int) -> list[date]:
    """The ends of the fiscal periods of ``months`` after ``first`` up to ``last``, then ``last``.

    Periods end on the fiscal year end's day of the month (the month's last
    day when the year ends on one), every ``months`` months from it.
    """
    month_end = (year_end + timedelta(days=1)).day == 1
    ends = []
    # months since year 1 of the fiscal year end in the year before the first day
    index = (first.year - 2) * 12 + year_end.month - 1
    while True:
        year, month = divmod(index, 12)
        end = _month_day(year + 1, month + 1, year_end.day, month_end)
        if end > last:
            break
        if end > first:
            ends.append(end)
        index += months
    if not ends or ends[-1] != last:
        ends.append(last)
    return ends


def _month_day(year: int, month: int, day: int, month_end: bool) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month, last_day if month_end else min(day, last_day))


def continuity(book: Book, first: date, last: date) -> list[Balance]:
    """The schedule from the end of ``first`` to the end of ``last``, class by class."""
    return list(_balances(book, first, last))


def _balances(book: Book, first: date, last: date) -> Iterator[Balance]:
    yield from _shares(book, first, last)
    every, changes = _changes(book)
    # the terms as known at the close: a later acceleration does not shorten this period's life
    known_at_close = {**every, **replay(book, last).series}
    for security in (Security.WARRANTS, Security.FINDER_OPTIONS, Security.OPTIONS):
        members = [id_ for id_, series in every.items() if CLASS_OF[series.kind] is security]
        if not members:
            continue
        opening = [c for id_ in members for c in changes[id_] if c.day <= first]
        during = [c for id_ in members for c in changes[id_] if first < c.day <= last]
        closing = [c for id_ in members for c in changes[id_] if c.day <= last]
        opened = sum(c.count for c in opening)
        if not opened and not any(c.count for c in during) and not sum(c.count for c in closing):
            continue
        yield _total(security, Line.OPENING, opening)
        for line in Line:
            moved = [c for c in during if c.line is line]
            priced = line in (Line.STEP_UPS, Line.AMENDMENTS, Line.CONSOLIDATION)
            if moved and (not priced or any(c.value for c in moved)):
                yield _total(security, line, moved)
        years = _remaining_life(known_at_close, changes, members, last)
        total = _total(security, Line.CLOSING, closing)
        yield Balance(security, Line.CLOSING, total.count, total.value, years)


def _total(security: Security, line: Line, changes: list[Change]) -> Balance:
    value = sum((c.value for c in changes), Decimal(0))
    return Balance(security, line, sum(c.count for c in changes), value if value else abs(value))


def _remaining_life(
    every: dict[str, Series], changes: dict[str, list[Change]], members: list[str], day: date
) -> Decimal | None:
    counted = [(sum(c.count for c in changes[id_] if c.day <= day), every[id_]) for id_ in members]
    total = sum(count for count, _ in counted)
    if not total:
        return None
    days = sum(count * (series.expiry - day).days for count, series in counted)
    return (Decimal(days) / total / 365).quantize(YEAR_PLACES, ROUND_HALF_UP)


def _shares(book: Book, first: date, last: date) -> Iterator[Balance]:
    shares = Security.SHARES
    yield Balance(shares, Line.OPENING, basic_shares(book, first))
    placed = finders = 0
    for tranche in book.tranches:
        if first < tranche.closed <= last:
            placed += units(tranche) * tranche.unit.shares
            finders += finder_units(tranche) * tranche.unit.shares + finder_shares(tranche)
    exercised = other = rebased = converted = 0
    for movement in replay(book, last).movements:
        if movement.entry.day <= first:
            continue
        if movement.kind is EntryKind.EXERCISE:
            exercised += movement.shares
        elif movement.kind is EntryKind.ISSUE:
            other += movement.shares
        elif movement.kind is EntryKind.CONVERT:
            converted += movement.shares
        elif movement.series is None:
            rebased += movement.shares
    for line, count in (
        (Line.PLACEMENTS, placed),
        (Line.FINDERS, finders),
        (Line.EXERCISES, exercised),
        (Line.OTHER, other),
        (Line.CONVERSIONS, converted),
        (Line.CONSOLIDATION, rebased),
    ):
        if count:
            yield Balance(shares, line, count)
    yield Balance(shares, Line.CLOSING, basic_shares(book, last))
