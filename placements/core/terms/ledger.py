"""The ledger: applying what actually happened after the closings to the book's series.

A book's ``ledger:`` lists dated entries (exercises, expiries, cancellations,
forfeitures, grants, other issuances). They are applied in date order, and in
the order written on one day; :func:`replay` is the one rule, and every view
(the securities table, share counts, values, the continuity schedule) reads
the state it gives on a day.

1. An exercise of ``count`` of a series issues count x shares per exercise
   shares, and pays count x the price in force that day (or the stated
   price), rounded to the cent. An option into units also adds
   floor(count x the unit's warrant fraction) warrants to the tranche's
   finder's unit warrants, while those have not expired.
2. An expiry, cancellation or forfeiture removes ``count``, or everything
   outstanding when no count is given (``all``), at the end of the day.
3. A grant issues a new series on the day; an issue adds shares to basic.
4. An entry never takes more than is outstanding: what ``check`` reports as
   an error is capped when replayed, so every view stays consistent.
"""

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from placements.core.money import cents, whole
from placements.core.problems import Problem, Severity, explain
from placements.core.terms.book import Book, EntryKind, LedgerEntry, SecurityKind
from placements.core.terms.schedule import Period as PricePeriod
from placements.core.terms.schedule import Schedule, Step, build_schedule
from placements.core.terms.series import Series, SeriesKind, book_series

REMOVALS = (EntryKind.EXPIRE, EntryKind.CANCEL, EntryKind.FORFEIT)
TERMS = (EntryKind.AMEND, EntryKind.ACCELERATE)
ON_SERIES = (EntryKind.EXERCISE, *REMOVALS, *TERMS)


def with_expiry(schedule: Schedule, expiry: date) -> Schedule:
    """The schedule ending on ``expiry``: cut short, or its last price running on to it."""
    kept = [period for period in schedule.periods if period.first <= expiry]
    last = kept[-1]
    return Schedule((*kept[:-1], PricePeriod(last.price, last.first, expiry)))


def amended(schedule: Schedule, day: date, steps: Sequence[Step], expiry: date | None) -> Schedule:
    """The schedule as an amendment on ``day`` leaves it; the days before it are unchanged.

    New steps are in force from ``day`` (months count from it); an expiry
    alone extends the last price to it, or cuts the schedule short.
    """
    if not steps:
        assert expiry is not None, "an amendment changes the steps or the expiry"
        return with_expiry(schedule, expiry)
    before = [
        PricePeriod(p.price, p.first, min(p.last, day - timedelta(days=1)))
        for p in schedule.periods
        if p.first < day
    ]
    return Schedule((*before, *build_schedule(day, steps, expiry).periods))


def accelerated_expiry(series: Series, entry: LedgerEntry) -> date | None:
    """The expiry an acceleration notice gives: stated, or notice + the terms' notice days.

    Never later than the expiry in force. None when neither is known.
    """
    if entry.expiry is not None:
        new = entry.expiry
    elif series.acceleration is not None:
        new = entry.day + timedelta(days=series.acceleration.notice_days)
    else:
        return None
    return min(new, series.expiry)


def in_order(ledger: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    """The entries by date; on one day, in the order written (a stable sort)."""
    return sorted(ledger, key=lambda entry: entry.day)


def granted_series(entry: LedgerEntry) -> Series:
    """The series a grant issues on its day."""
    granted = entry.granted
    assert granted is not None, "a grant states what it grants"
    return Series(
        id=granted.id,
        kind=SeriesKind.OPTIONS if granted.kind is SecurityKind.OPTIONS else SeriesKind.WARRANTS,
        count=granted.count,
        schedule=build_schedule(entry.day, granted.terms.steps, granted.terms.expiry),
        issued=entry.day,
        acceleration=granted.terms.acceleration,
        origin=granted.origin,
    )


@dataclass(frozen=True)
class Movement:
    """One entry as applied: the count it moved, at what price, and the shares it issued.

    ``count`` is what left (or joined, for a grant or unit warrants) the
    series; ``price`` is the exercise price in force for series movements and
    the deemed price for an issue.
    """

    entry: LedgerEntry
    kind: EntryKind
    series: str | None
    count: int
    price: Decimal | None
    shares: int = 0
    proceeds: Decimal = Decimal("0.00")


@dataclass
class State:
    """The book's series and what the ledger has done to them, at the end of a day."""

    series: dict[str, Series]
    outstanding: dict[str, int]
    movements: list[Movement] = field(default_factory=list)

    @property
    def shares(self) -> int:
        return sum(movement.shares for movement in self.movements)

    def in_issue(self, day: date) -> list[Series]:
        """The series as the ledger leaves them on ``day``: counts are what is outstanding."""
        return [
            replace(series, count=self.outstanding[id_])
            for id_, series in self.series.items()
            if (series.issued is None or series.issued <= day) and day <= series.expiry
        ]


def replay(book: Book, day: date | None = None) -> State:
    """Apply the ledger's entries on or before ``day`` (all of them with None) to the book."""
    every = {series.id: series for series in book_series(book)}
    state = State(every, {id_: series.count for id_, series in every.items()})
    for entry in in_order(book.ledger):
        if day is not None and entry.day > day:
            break
        movement = _apply(state, entry)
        if movement is not None:
            state.movements.append(movement)
    return state


def _apply(state: State, entry: LedgerEntry) -> Movement | None:
    kind = entry.kind
    if kind is EntryKind.ISSUE:
        count = entry.count or 0
        return Movement(entry, kind, None, count, entry.price, shares=count)
    if kind is EntryKind.GRANT:
        new = granted_series(entry)
        if new.id in state.series:
            return None  # a duplicate id: check reports it
        state.series[new.id] = new
        state.outstanding[new.id] = new.count
        return Movement(entry, kind, new.id, new.count, new.schedule.price_on(entry.day))
    series = state.series.get(entry.series or "")
    if series is None or not _live(series, entry.day):
        return None  # check reports it
    if kind is EntryKind.AMEND:
        new = amended(series.schedule, entry.day, entry.steps, entry.expiry)
        state.series[series.id] = replace(series, schedule=new)
        return Movement(entry, kind, series.id, 0, new.price_on(entry.day))
    if kind is EntryKind.ACCELERATE:
        expiry = accelerated_expiry(series, entry)
        if expiry is None:
            return None  # check reports it
        state.series[series.id] = replace(series, schedule=with_expiry(series.schedule, expiry))
        return Movement(entry, kind, series.id, 0, series.schedule.price_on(entry.day))
    left = state.outstanding[series.id]
    count = left if entry.count is None else min(entry.count, left)
    state.outstanding[series.id] = left - count
    price = series.schedule.price_on(entry.day)
    if kind is not EntryKind.EXERCISE:
        return Movement(entry, kind, series.id, count, price)
    paid = entry.price if entry.price is not None else price
    assert paid is not None, "a live series has a price in force"
    shares = count * series.shares_per_exercise
    child = state.series.get(series.child or "")
    if child is not None and _live(child, entry.day):
        state.outstanding[child.id] += whole(count * series.warrants_per_exercise)
    return Movement(
        entry, kind, series.id, count, price, shares=shares, proceeds=cents(count * paid)
    )


def _live(series: Series, day: date) -> bool:
    return (series.issued is None or series.issued <= day) and day <= series.expiry


def opening_series(book: Book) -> list[Series]:
    """Every series of the book and its grants, each counting what the whole ledger leaves.

    A scenario projects these: its book keeps the entries before its start
    (:meth:`placements.core.scenario.model.Scenario.projected_book`), and the
    later ones are its first events.
    """
    if not book.ledger:
        return book_series(book)
    state = replay(book)
    return [replace(series, count=state.outstanding[id_]) for id_, series in state.series.items()]


def ledger_series(book: Book, day: date) -> list[Series]:
    """Every series issued by ``day`` and not expired, with what the ledger leaves outstanding."""
    if not book.ledger:
        return [s for s in book_series(book) if _live(s, day)]
    return replay(book, day).in_issue(day)


def ledger_shares_on(book: Book, days: Sequence[date]) -> list[int]:
    """Shares the ledger issued (exercises, issuances) on or before each of ``days``."""
    if not book.ledger:
        return [0 for _ in days]
    issued = [(m.entry.day, m.shares) for m in replay(book).movements if m.shares]
    dates = [day for day, _ in issued]
    running = list(accumulate((shares for _, shares in issued), initial=0))
    return [running[bisect_right(dates, day)] for day in days]


def ledger_problems(book: Book) -> list[Problem]:
    """The ledger checked against the book in one pass, replaying it as it goes."""
    return list(_problems(book))


def _problems(book: Book) -> Iterator[Problem]:
    every = {series.id: series for series in book_series(book)}
    outstanding = {id_: series.count for id_, series in every.items()}
    state = State(every, outstanding)
    for entry in in_order(book.ledger):
        kind = entry.kind
        if kind is EntryKind.GRANT:
            granted = entry.granted
            if granted is not None and granted.id in state.series:
                yield Problem.at(
                    entry.origin,
                    "id",
                    explain("a grant reuses a series id", got=granted.id, expected="a new id"),
                )
                continue
        elif kind in ON_SERIES:
            name = entry.series or ""
            series = state.series.get(name)
            if series is None:
                known = ", ".join(sorted(state.series)) or "none"
                yield Problem.at(
                    entry.origin,
                    "series",
                    explain(f"no series {name!r} on {entry.day}", expected=f"one of {known}"),
                )
                continue
            if series.issued is not None and entry.day < series.issued:
                what = "exercised" if kind is EntryKind.EXERCISE else "acted on"
                yield Problem.at(
                    entry.origin,
                    "date",
                    explain(
                        f"{name} may not be {what} before it is issued",
                        got=entry.day.isoformat(),
                        expected=f"a day from {series.issued.isoformat()}",
                    ),
                )
                continue
            if entry.day > series.expiry:
                yield Problem.at(
                    entry.origin,
                    "date",
                    explain(
                        f"{name} expired on {series.expiry.isoformat()}",
                        got=entry.day.isoformat(),
                        expected=f"a day up to {series.expiry.isoformat()}",
                    ),
                )
                continue
            left = state.outstanding[name]
            if kind is EntryKind.ACCELERATE and accelerated_expiry(series, entry) is None:
                yield Problem.at(
                    entry.origin,
                    "accelerate",
                    explain(
                        f"{name} has no acceleration terms to give the new expiry",
                        expected="the new 'expiry:' the notice states",
                    ),
                )
                continue
            if kind not in TERMS and entry.count is not None and entry.count > left:
                yield Problem.at(
                    entry.origin,
                    "count",
                    explain(
                        f"more than the {left:,} of {name} outstanding on {entry.day}",
                        got=f"{entry.count:,}",
                        expected=f"at most {left:,}",
                    ),
                )
        movement = _apply(state, entry)
        if movement is not None:
            state.movements.append(movement)


def ledger_warnings(book: Book) -> list[Problem]:
    """Entries written out of date order: allowed, applied by date, and noted."""
    warnings = []
    latest: LedgerEntry | None = None
    for entry in book.ledger:
        if latest is not None and entry.day < latest.day:
            warnings.append(
                Problem(
                    entry.origin.of("date"),
                    entry.origin.field_path("date"),
                    explain(
                        "entry out of date order; entries are applied by date",
                        got=entry.day.isoformat(),
                        expected=f"a day from {latest.day.isoformat()} (the entry before)",
                    ),
                    Severity.WARNING,
                )
            )
        if latest is None or entry.day > latest.day:
            latest = entry
    return warnings


def exercise_proceeds(movements: Sequence[Movement]) -> Decimal:
    """The cash the ledger's exercises paid: one payment each, added exactly."""
    return sum((m.proceeds for m in movements), Decimal("0.00"))
