"""The continuity schedule: opening balance, movements by kind and closing balance.

It is the table of the financial-statement notes and of the MD&A's outstanding
share data, for common shares, warrants, finder's options, options and
convertible debentures, from the book's closings and its ledger
(:mod:`placements.core.terms.ledger`).

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
5. Convertible debentures count the shares their principal converts into,
   floor(principal / conversion price in force), debenture by debenture; a
   line is the change it makes to that, so a step-up or a consolidation of
   the conversion price is a line of its own. Their WAEP is principal over
   shares, a weighted-average conversion price.
6. Restated (:class:`placements.core.terms.restate.Basis`), each series'
   running count is carried through the later consolidations after every
   change, and a line is the change in that: the schedule foots the same way,
   and a consolidation inside the range moves nothing.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from itertools import pairwise

from placements.core.money import whole
from placements.core.terms.book import Book, Debenture, EntryKind, Tranche
from placements.core.terms.ledger import REBASES, conversion_schedule_of, in_order, replay
from placements.core.terms.outstanding import basic_shares
from placements.core.terms.restate import END_OF_DAY, START_OF_DAY, Basis
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
    MATURITIES = "maturities"
    CONSOLIDATION = "consolidation"
    CLOSING = "closing"


class Security(Enum):
    """The classes the schedule has a section for."""

    SHARES = "common shares"
    WARRANTS = "warrants"
    FINDER_OPTIONS = "finder's options"
    OPTIONS = "options"
    CONVERTIBLES = "convertible debentures"


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
class Move:
    """One dated change to a series, before it is valued: a count moved, or a price changed.

    ``position`` is its place among the day's ledger entries (what a closing
    or an issue brings comes first); ``repriced`` the prices before and after
    a price change, which moves no count. ``priced_on`` is the day whose price
    in force values a count.
    """

    day: date
    line: Line
    count: int = 0
    position: int = START_OF_DAY
    priced_on: date | None = None
    repriced: tuple[Decimal, Decimal] | None = None


@value
class Change:
    """One dated change to a series as shown: its count, and its count x price."""

    day: date
    line: Line
    count: int
    value: Decimal


@value
class Balance:
    """One line of a class: a count and, for warrants and options, count x price.

    For convertible debentures the count is the shares they convert into and
    ``principal`` the principal.
    """

    security: Security
    line: Line
    count: int
    value: Decimal | None = None
    remaining_life: Decimal | None = None
    """For a closing of warrants or options: the weighted-average years to expiry."""
    principal: Decimal | None = None

    @property
    def waep(self) -> Decimal | None:
        if self.count == 0 or self.line is Line.CONSOLIDATION:
            return None
        if self.principal is not None:
            return (self.principal / self.count).quantize(WAEP_PLACES, ROUND_HALF_UP) or None
        if self.value is None:
            return None
        return (self.value / self.count).quantize(WAEP_PLACES, ROUND_HALF_UP)


@value
class SeriesBalance:
    """One series (or debenture) at the close: what ``continuity --by series`` lists."""

    security: Security
    series: str
    count: int
    price: Decimal
    value: Decimal | None
    expiry: date
    remaining_life: Decimal
    principal: Decimal | None = None


def _price(series: Series, day: date) -> Decimal:
    price = series.schedule.price_on(min(day, series.expiry))
    assert price is not None, "a series has a price from its first day to its expiry"
    return price


def _issue_moves(series: Series, tranches: dict[str, Tranche]) -> list[Move]:
    """What issuing ``series`` brought, by line: a tranche's warrants split units from finder's."""
    if series.parent is not None or not series.count:
        return []
    start = series.issued or date.min
    priced = series.issued or series.schedule.first_day
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
    return [Move(start, line, count, priced_on=priced) for line, count in parts if count]


def _positions(book: Book) -> dict[int, int]:
    """Each ledger entry's place in the order the ledger applies them, by identity."""
    return {id(entry): index for index, entry in enumerate(in_order(book.ledger))}


def _moves(book: Book) -> tuple[dict[str, Series], dict[str, list[Move]]]:
    state = replay(book)
    every = state.series
    at = _positions(book)
    tranches = {tranche.id: tranche for tranche in book.tranches}
    granted = {m.series for m in state.movements if m.kind is EntryKind.GRANT}
    moves = {
        id_: [] if id_ in granted else _issue_moves(series, tranches)
        for id_, series in every.items()
    }
    amended: dict[str, set[date]] = {}
    rebased: dict[str, set[date]] = {}
    for movement in state.movements:
        if movement.kind is EntryKind.AMEND:
            amended.setdefault(movement.series or "", set()).add(movement.entry.day)
        if movement.kind in REBASES:
            rebased.setdefault(movement.series or "", set()).add(movement.entry.day)
        if movement.series is None or movement.kind not in ENTRY_LINE:
            continue  # an issue of shares, or a change of terms (priced below)
        series = every[movement.series]
        day = movement.entry.day
        position = at[id(movement.entry)]
        sign = 1 if movement.kind is EntryKind.GRANT else -1
        line = ENTRY_LINE[movement.kind]
        moves[series.id].append(Move(day, line, sign * movement.count, position))
        if movement.kind is not EntryKind.EXERCISE:
            continue
        child = every.get(series.child or "")
        if (
            child is not None
            and (child.issued is None or child.issued <= day)
            and (day <= child.expiry)
        ):
            count = whole(movement.count * series.warrants_per_exercise)
            moves[child.id].append(Move(day, Line.FINDERS, count, position))
    for id_, series in every.items():
        own = moves[id_]
        # step-ups: the count outstanding the day before x the change in price
        for before, after in pairwise(series.schedule.periods):
            day = after.first
            line = (
                Line.CONSOLIDATION
                if day in rebased.get(id_, ())
                else Line.AMENDMENTS
                if day in amended.get(id_, ())
                else Line.STEP_UPS
            )
            own.append(Move(day, line, repriced=(before.price, after.price)))
        left = sum(move.count for move in own)
        if left:
            lapse = series.expiry + timedelta(days=1)
            own.append(Move(lapse, Line.EXPIRIES, -left, END_OF_DAY, priced_on=series.expiry))
    return every, moves


def _in_order(moves: list[Move]) -> list[Move]:
    """A day's price changes first (on the count of the day before), then its counts in order."""
    return sorted(moves, key=lambda m: (m.day, START_OF_DAY - 1 if m.repriced else m.position))


def _valued(series: Series, moves: list[Move], basis: Basis) -> list[Change]:
    """A series' moves as shown on ``basis``: each count the change in its running count.

    A count is valued at the price in force on its day, a price change at the
    count of the day before; both on the basis, so the changes sum to the
    count and count x price of any day.
    """
    changes = []
    held = shown = 0
    for move in _in_order(moves):
        day = move.day
        if move.repriced is not None:
            before, after = move.repriced
            before_day = day - timedelta(days=1)
            delta = basis.price(after, day) - basis.price(before, before_day)
            changes.append(Change(day, move.line, 0, shown * delta))
            continue
        held += move.count
        now = basis.count(held, day, move.position)
        moved, shown = now - shown, now
        priced = min(move.priced_on or day, series.expiry)
        changes.append(
            Change(day, move.line, moved, moved * basis.price(_price(series, priced), priced))
        )
    return changes


def _changes(book: Book, basis: Basis) -> tuple[dict[str, Series], dict[str, list[Change]]]:
    every, moves = _moves(book)
    return every, {id_: _valued(every[id_], moves[id_], basis) for id_ in every}


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


def continuity(book: Book, first: date, last: date, basis: Basis | None = None) -> list[Balance]:
    """The schedule from the end of ``first`` to the end of ``last``, class by class.

    ``basis``: restate every day on it (the days' own bases by default).
    """
    return list(_balances(book, first, last, basis or Basis()))


def _balances(book: Book, first: date, last: date, basis: Basis) -> Iterator[Balance]:
    yield from _shares(book, first, last, basis)
    every, changes = _changes(book, basis)
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
    yield from _convertibles(book, first, last, basis)


def _total(security: Security, line: Line, changes: list[Change]) -> Balance:
    value = sum((c.value for c in changes), Decimal(0))
    return Balance(security, line, sum(c.count for c in changes), value if value else abs(value))


def _remaining_life(
    every: dict[str, Series], changes: dict[str, list[Change]], members: list[str], day: date
) -> Decimal | None:
    counted = [(sum(c.count for c in changes[id_] if c.day <= day), every[id_]) for id_ in members]
    return _years([(count, series.expiry) for count, series in counted], day)


def _years(counted: list[tuple[int, date]], day: date) -> Decimal | None:
    """sum(count x days to expiry) / sum(count) / 365, to the hundredth."""
    total = sum(count for count, _ in counted)
    if not total:
        return None
    days = sum(count * (expiry - day).days for count, expiry in counted)
    return (Decimal(days) / total / 365).quantize(YEAR_PLACES, ROUND_HALF_UP)


def _shares(book: Book, first: date, last: date, basis: Basis) -> Iterator[Balance]:
    """Common shares: each movement is the change it makes to basic, on ``basis``."""
    shares = Security.SHARES
    held = basic_shares(book, first)
    shown = basis.count(held, first)
    yield Balance(shares, Line.OPENING, shown)
    events: list[tuple[date, int, Line, int]] = []
    for tranche in book.tranches:
        if first < tranche.closed <= last:
            placed = units(tranche) * tranche.unit.shares
            found = finder_units(tranche) * tranche.unit.shares + finder_shares(tranche)
            events.append((tranche.closed, START_OF_DAY, Line.PLACEMENTS, placed))
            events.append((tranche.closed, START_OF_DAY, Line.FINDERS, found))
    at = _positions(book)
    for movement in replay(book, last).movements:
        day = movement.entry.day
        if day <= first or not movement.shares:
            continue
        line = SHARE_LINE.get(movement.kind, Line.CONSOLIDATION)
        events.append((day, at[id(movement.entry)], line, movement.shares))
    moved = dict.fromkeys(SHARE_LINES, 0)
    for day, position, line, count in sorted(events, key=lambda event: event[:2]):
        held += count
        now = basis.count(held, day, position)
        moved[line] += now - shown
        shown = now
    for line in SHARE_LINES:
        if moved[line]:
            yield Balance(shares, line, moved[line])
    yield Balance(shares, Line.CLOSING, basis.count(basic_shares(book, last), last))


SHARE_LINE = {
    EntryKind.EXERCISE: Line.EXERCISES,
    EntryKind.ISSUE: Line.OTHER,
    EntryKind.CONVERT: Line.CONVERSIONS,
}
SHARE_LINES = (
    Line.PLACEMENTS,
    Line.FINDERS,
    Line.EXERCISES,
    Line.OTHER,
    Line.CONVERSIONS,
    Line.CONSOLIDATION,
)


@value
class Held:
    """A debenture's change as shown: shares it converts into, and principal."""

    day: date
    line: Line
    shares: int
    principal: Decimal


def _debentures_held(book: Book, basis: Basis) -> dict[str, list[Held]]:
    """Each debenture's changes, with the ledger's conversions of it."""
    at = _positions(book)
    converted = [m for m in replay(book).movements if m.kind is EntryKind.CONVERT]
    return {
        d.id: _debenture_changes(
            book,
            d,
            [
                (m.entry.day, at[id(m.entry)], m.principal or Decimal(0))
                for m in converted
                if m.entry.series == d.id
            ],
            basis,
        )
        for d in book.debentures
    }


def _debenture_changes(
    book: Book,
    debenture: Debenture,
    conversions: list[tuple[date, int, Decimal]],
    basis: Basis,
) -> list[Held]:
    """A debenture's issue, conversions, price changes and maturity, as changes in what it holds.

    Its shares on any day are floor(principal left / conversion price in
    force, on the basis); each change is the difference it makes to them.
    """
    schedule = conversion_schedule_of(book, debenture.id)
    rebased = {e.day for e in in_order(book.ledger) if e.kind in REBASES}
    moves: list[tuple[date, int, Line, Decimal]] = [
        (debenture.issued, START_OF_DAY, Line.PLACEMENTS, debenture.principal)
    ]
    moves += [(day, position, Line.CONVERSIONS, -amount) for day, position, amount in conversions]
    for period in schedule.periods[1:]:
        line = Line.CONSOLIDATION if period.first in rebased else Line.STEP_UPS
        moves.append((period.first, START_OF_DAY - 1, line, Decimal(0)))
    left = debenture.principal - sum(amount for _, _, amount in conversions)
    moves.append((debenture.maturity + timedelta(days=1), END_OF_DAY, Line.MATURITIES, -left))

    def shares(principal: Decimal, day: date) -> int:
        price = schedule.price_on(day)
        return 0 if price is None or not principal else whole(principal / basis.price(price, day))

    held: list[Held] = []
    principal = Decimal(0)
    shown = 0
    for day, _, line, amount in sorted(moves, key=lambda move: move[:2]):
        principal += amount
        now = shares(principal, day)
        held.append(Held(day, line, now - shown, amount))
        shown = now
    return held


def _convertibles(book: Book, first: date, last: date, basis: Basis) -> Iterator[Balance]:
    """Convertible debentures: principal, and the shares it converts into."""
    if not book.debentures:
        return
    security = Security.CONVERTIBLES
    by_debenture = _debentures_held(book, basis)
    every = [h for held in by_debenture.values() for h in held]
    opening = [h for h in every if h.day <= first]
    during = [h for h in every if first < h.day <= last]
    closing = [h for h in every if h.day <= last]
    if not sum(h.principal for h in opening) and not any(h.principal for h in during):
        return  # none outstanding at the opening, and none issued in the range

    def total(line: Line, held: list[Held]) -> Balance:
        principal = sum((h.principal for h in held), Decimal(0))
        return Balance(security, line, sum(h.shares for h in held), principal=principal)

    yield total(Line.OPENING, opening)
    for line in Line:
        moved = [h for h in during if h.line is line]
        if any(h.shares or h.principal for h in moved):
            yield total(line, moved)
    counted = [
        (sum(h.shares for h in by_debenture[d.id] if h.day <= last), d.maturity)
        for d in book.debentures
    ]
    closed = total(Line.CLOSING, closing)
    yield replace(closed, remaining_life=_years(counted, last))


def by_series(book: Book, last: date, basis: Basis | None = None) -> list[SeriesBalance]:
    """Each series and debenture outstanding at the end of ``last``: the close, one row each.

    They sum to the closing lines of :func:`continuity`: counts, count x
    price and principal.
    """
    basis = basis or Basis()
    every, changes = _changes(book, basis)
    known_at_close = {**every, **replay(book, last).series}
    rows = []
    for security in (Security.WARRANTS, Security.FINDER_OPTIONS, Security.OPTIONS):
        for id_, series in every.items():
            if CLASS_OF[series.kind] is not security:
                continue
            closed = [c for c in changes[id_] if c.day <= last]
            count = sum(c.count for c in closed)
            if not count:
                continue
            expiry = known_at_close[id_].expiry
            rows.append(
                SeriesBalance(
                    security,
                    id_,
                    count,
                    basis.price(_price(series, last), last),
                    sum((c.value for c in closed), Decimal(0)),
                    expiry,
                    _years([(count, expiry)], last) or Decimal(0),
                )
            )
    by_debenture = _debentures_held(book, basis)
    for debenture in book.debentures:
        held = [h for h in by_debenture[debenture.id] if h.day <= last]
        count = sum(h.shares for h in held)
        principal = sum((h.principal for h in held), Decimal(0))
        if not principal:
            continue  # not yet issued, converted in full or matured
        price = conversion_schedule_of(book, debenture.id).price_on(last)
        assert price is not None, "a debenture converts into shares only while outstanding"
        rows.append(
            SeriesBalance(
                Security.CONVERTIBLES,
                debenture.id,
                count,
                basis.price(price, last),
                None,
                debenture.maturity,
                _years([(count, debenture.maturity)], last) or Decimal(0),
                principal=principal,
            )
        )
    return rows
