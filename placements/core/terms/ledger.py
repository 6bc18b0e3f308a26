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
   An amendment or acceleration changes a series' terms from its day.
4. A consolidation (split) by a ratio divides (multiplies) basic and what
   is outstanding of every series, each rounded down on its own, and
   multiplies (divides) the exercise prices from the day on, rounded half-up
   to ``prices_to`` (a cent by default); debentures outstanding that day have
   their conversion prices scaled the same way. Reports before the day keep
   the old basis (:mod:`placements.core.terms.restate` shows them on the new).
5. An entry never takes more than is outstanding, nor an exercise more than
   is vested (:mod:`placements.core.terms.vesting`): what ``check`` reports
   as an error is capped when replayed, so every view stays consistent.
"""

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from placements.core.money import cents, whole
from placements.core.problems import Problem, Severity, explain
from placements.core.terms.book import Book, EntryKind, LedgerEntry, SecurityKind
from placements.core.terms.debenture import conversion_price_on, conversion_schedule
from placements.core.terms.schedule import Period as PricePeriod
from placements.core.terms.schedule import Schedule, Step, build_schedule
from placements.core.terms.series import Series, SeriesKind, book_series
from placements.core.terms.tranche import own_hold_end, shares_issued
from placements.core.terms.vesting import exercisable, next_vest, vested_counts, vested_on
from placements.core.values import value

REMOVALS = (EntryKind.EXPIRE, EntryKind.CANCEL, EntryKind.FORFEIT)
TERMS = (EntryKind.AMEND, EntryKind.ACCELERATE)
REBASES = (EntryKind.CONSOLIDATE, EntryKind.SPLIT)
CENT = Decimal("0.01")
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
    hold = granted.terms.hold
    return Series(
        id=granted.id,
        kind=SeriesKind.OPTIONS if granted.kind is SecurityKind.OPTIONS else SeriesKind.WARRANTS,
        count=granted.count,
        schedule=build_schedule(entry.day, granted.terms.steps, granted.terms.expiry),
        issued=entry.day,
        acceleration=granted.terms.acceleration,
        origin=granted.origin,
        hold_ends=None if hold is None else own_hold_end(entry.day, hold, entry.day),
        vesting=vested_counts(granted.count, granted.vesting),
    )


@value
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
    principal: Decimal | None = None
    """A conversion's principal converted."""


@dataclass
class State:
    """The book's series and what the ledger has done to them, at the end of a day."""

    series: dict[str, Series]
    outstanding: dict[str, int]
    movements: list[Movement] = field(default_factory=list)
    book: Book | None = None
    principal: dict[str, Decimal] = field(default_factory=dict)
    """Each debenture's principal not yet converted."""
    exercised: dict[str, int] = field(default_factory=dict)
    """Each series' count exercised so far, for vesting."""

    def exercisable(self, id_: str, day: date) -> int:
        """What of a series may be exercised on ``day``: all outstanding, unless not yet vested."""
        series = self.series[id_]
        left = self.outstanding[id_]
        if not series.vesting:
            return left
        vested = vested_on(series.vesting, series.count, day)
        return exercisable(left, vested, self.exercised.get(id_, 0))

    conversions: dict[str, Schedule] = field(default_factory=dict)
    """Each debenture's conversion prices, rebased by the consolidations and splits so far."""

    def basic(self, day: date) -> int:
        """Basic shares at the end of ``day``, with the movements applied so far.

        The base count is carried as in :mod:`placements.core.terms.outstanding`;
        one dated on or after a consolidation is refused by ``check``.
        """
        book = self.book
        assert book is not None, "a replayed state knows its book"

        def issued(on: date) -> int:
            placed = sum(shares_issued(t) for t in book.tranches if t.closed <= on)
            return placed + sum(m.shares for m in self.movements if m.entry.day <= on)

        base = book.base
        if base is None:
            return issued(day)
        return base.count + issued(day) - issued(base.as_of)

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
    state = _start(book)
    for entry in in_order(book.ledger):
        if day is not None and entry.day > day:
            break
        state.movements.extend(_apply(state, entry))
    return state


def _start(book: Book) -> State:
    every = {series.id: series for series in book_series(book)}
    principal = {debenture.id: debenture.principal for debenture in book.debentures}
    conversions = {debenture.id: conversion_schedule(debenture) for debenture in book.debentures}
    return State(
        every,
        {id_: series.count for id_, series in every.items()},
        book=book,
        principal=principal,
        conversions=conversions,
    )


def _convert(state: State, entry: LedgerEntry) -> Movement | None:
    """A conversion: principal into floor(principal / conversion price in force) shares."""
    book = state.book
    assert book is not None, "a replayed state knows its book"
    debenture = next((d for d in book.debentures if d.id == entry.series), None)
    live = debenture is not None and conversion_price_on(debenture, entry.day) is not None
    price = state.conversions[debenture.id].price_on(entry.day) if debenture and live else None
    if debenture is None or price is None:
        return None  # check reports it
    left = state.principal[debenture.id]
    amount = left if entry.principal is None else min(entry.principal, left)
    state.principal[debenture.id] = left - amount
    shares = whole(amount / price)
    return Movement(entry, entry.kind, None, 0, price, shares=shares, principal=amount)


def principal_on(book: Book, debenture: str, days: Sequence[date]) -> list[Decimal]:
    """A debenture's principal not yet converted at the end of each of ``days``."""
    start = next(d.principal for d in book.debentures if d.id == debenture)
    if not book.ledger:
        return [start for _ in days]
    converted = [
        (m.entry.day, m.principal or Decimal(0))
        for m in replay(book).movements
        if m.kind is EntryKind.CONVERT and m.entry.series == debenture
    ]
    dates = [day for day, _ in converted]
    running = list(accumulate((amount for _, amount in converted), initial=Decimal(0)))
    return [start - running[bisect_right(dates, day)] for day in days]


def rebased(schedule: Schedule, day: date, scale: Callable[[Decimal], Decimal]) -> Schedule:
    """The schedule with its prices from ``day`` on scaled; the days before keep their prices."""
    periods: list[PricePeriod] = []
    for period in schedule.periods:
        if period.last < day:
            periods.append(period)
        elif period.first >= day:
            periods.append(PricePeriod(scale(period.price), period.first, period.last))
        else:
            periods.append(PricePeriod(period.price, period.first, day - timedelta(days=1)))
            periods.append(PricePeriod(scale(period.price), day, period.last))
    return Schedule(tuple(periods))


def rebase_count(entry: LedgerEntry, n: int) -> int:
    """A count after a consolidation (divided) or split (multiplied), rounded down."""
    ratio = entry.ratio
    assert ratio is not None and ratio > 0, "a consolidation or split states its ratio"
    return whole(n / ratio) if entry.kind is EntryKind.CONSOLIDATE else whole(n * ratio)


def rebase_price(entry: LedgerEntry, price: Decimal) -> Decimal:
    """An exercise or conversion price after a consolidation or split, to its ``prices_to``."""
    ratio = entry.ratio
    assert ratio is not None and ratio > 0, "a consolidation or split states its ratio"
    scaled = price * ratio if entry.kind is EntryKind.CONSOLIDATE else price / ratio
    return scaled.quantize(entry.prices_to or CENT, ROUND_HALF_UP)


def _rebase(state: State, entry: LedgerEntry) -> list[Movement]:
    """A consolidation or split: every count divided (or multiplied), prices the other way.

    A debenture outstanding on the day keeps its principal; its conversion
    prices scale like exercise prices, so it converts into the shares of the
    new basis.
    """

    def count(n: int) -> int:
        return rebase_count(entry, n)

    def scale(price: Decimal) -> Decimal:
        return rebase_price(entry, price)

    day = entry.day
    book = state.book
    assert book is not None, "a replayed state knows its book"
    for debenture in book.debentures:
        if debenture.issued <= day <= debenture.maturity:
            schedule = state.conversions[debenture.id]
            state.conversions[debenture.id] = rebased(schedule, day, scale)
    basic = state.basic(day)
    movements = [Movement(entry, entry.kind, None, 0, None, shares=count(basic) - basic)]
    for id_, series in list(state.series.items()):
        if not live_on(series, day):
            continue  # a later series is issued on the new basis; an expired one is gone
        left = state.outstanding[id_]
        state.outstanding[id_] = count(left)
        vesting = tuple((on, count(vested)) for on, vested in series.vesting)
        state.series[id_] = replace(
            series,
            schedule=rebased(series.schedule, day, scale),
            vesting=vesting,
        )
        if id_ in state.exercised:
            state.exercised[id_] = count(state.exercised[id_])
        movements.append(Movement(entry, entry.kind, id_, left - count(left), None))
    return movements


def base_on_latest_basis(book: Book) -> int | None:
    """The base count on the basis of the ledger's last consolidation or split, for dilution.

    Each is applied in turn, rounding down (the base is dated before them all).
    """
    if book.base is None:
        return None
    count = book.base.count
    for entry in in_order(book.ledger):
        if entry.kind in REBASES and entry.ratio is not None:
            count = rebase_count(entry, count)
    return count


def conversion_schedule_of(book: Book, debenture: str) -> Schedule:
    """A debenture's conversion prices with every consolidation and split of the ledger applied.

    The days before each keep their prices, so this is the schedule in force on any day.
    """
    if not book.ledger:
        return conversion_schedule(next(d for d in book.debentures if d.id == debenture))
    return replay(book).conversions[debenture]


def _apply(state: State, entry: LedgerEntry) -> list[Movement]:
    moved = _apply_one(state, entry)
    if isinstance(moved, list):
        return moved
    return [] if moved is None else [moved]


def _apply_one(state: State, entry: LedgerEntry) -> Movement | list[Movement] | None:
    kind = entry.kind
    if kind in REBASES:
        return _rebase(state, entry)
    if kind is EntryKind.CONVERT:
        return _convert(state, entry)
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
    if series is None or not live_on(series, entry.day):
        return None  # check reports it
    if kind is EntryKind.AMEND:
        schedule = amended(series.schedule, entry.day, entry.steps, entry.expiry)
        state.series[series.id] = replace(series, schedule=schedule)
        return Movement(entry, kind, series.id, 0, schedule.price_on(entry.day))
    if kind is EntryKind.ACCELERATE:
        expiry = accelerated_expiry(series, entry)
        if expiry is None:
            return None  # check reports it
        state.series[series.id] = replace(series, schedule=with_expiry(series.schedule, expiry))
        return Movement(entry, kind, series.id, 0, series.schedule.price_on(entry.day))
    left = state.outstanding[series.id]
    count = left if entry.count is None else min(entry.count, left)
    price = series.schedule.price_on(entry.day)
    if kind is not EntryKind.EXERCISE:
        state.outstanding[series.id] = left - count
        return Movement(entry, kind, series.id, count, price)
    count = min(count, state.exercisable(series.id, entry.day))
    state.outstanding[series.id] = left - count
    state.exercised[series.id] = state.exercised.get(series.id, 0) + count
    paid = entry.price if entry.price is not None else price
    assert paid is not None, "a live series has a price in force"
    shares = count * series.shares_per_exercise
    child = state.series.get(series.child or "")
    if child is not None and live_on(child, entry.day):
        state.outstanding[child.id] += whole(count * series.warrants_per_exercise)
    return Movement(
        entry, kind, series.id, count, price, shares=shares, proceeds=cents(count * paid)
    )


def live_on(series: Series, day: date) -> bool:
    """Whether ``series`` is issued and not yet expired on ``day``."""
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
        return [s for s in book_series(book) if live_on(s, day)]
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
    state = _start(book)
    for entry in in_order(book.ledger):
        kind = entry.kind
        base = book.base
        if kind in REBASES and base is not None and base.as_of >= entry.day:
            yield Problem.at(
                base.origin,
                "as_of",
                explain(
                    f"the base count is dated on or after the {kind.value} of {entry.day}",
                    got=base.as_of.isoformat(),
                    expected=f"a base count dated before {entry.day.isoformat()}",
                ),
            )
            continue
        if kind in REBASES:
            yield from _rebase_problems(state, entry)
        if kind is EntryKind.CONVERT:
            yield from _conversion_problems(state, entry)
        elif kind is EntryKind.GRANT:
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
            elif kind is EntryKind.EXERCISE and series.vesting:
                yield from _unvested(state, entry, series)
        state.movements.extend(_apply(state, entry))


def _unvested(state: State, entry: LedgerEntry, series: Series) -> Iterator[Problem]:
    """An exercise of options not yet vested: outstanding, but not exercisable that day."""
    may = state.exercisable(series.id, entry.day)
    if entry.count is None or entry.count <= may:
        return
    first = series.vesting[0][0]
    if entry.day < first:
        yield Problem.at(
            entry.origin,
            "date",
            explain(
                f"{series.id} may not be exercised before its first vesting date",
                got=entry.day.isoformat(),
                expected=f"a day from {first.isoformat()}",
            ),
        )
        return
    coming = next_vest(series.vesting, entry.day)
    then = f"; {coming[1]:,} more vest on {coming[0].isoformat()}" if coming else ""
    yield Problem.at(
        entry.origin,
        "count",
        explain(
            f"only {may:,} of the {state.outstanding[series.id]:,} {series.id} outstanding on "
            f"{entry.day} are vested and not yet exercised{then}",
            got=f"{entry.count:,}",
            expected=f"at most {may:,}",
        ),
    )


def _rebase_problems(state: State, entry: LedgerEntry) -> Iterator[Problem]:
    """A split whose prices_to rounds a price in force from its day to nothing."""
    day = entry.day
    schedules = [(id_, s.schedule) for id_, s in state.series.items() if live_on(s, day)]
    book = state.book
    assert book is not None, "a replayed state knows its book"
    schedules += [
        (d.id, state.conversions[d.id]) for d in book.debentures if d.issued <= day <= d.maturity
    ]
    for id_, schedule in schedules:
        for period in schedule.periods_from(day):
            if rebase_price(entry, period.price) <= 0:
                yield Problem.at(
                    entry.origin,
                    "prices_to",
                    explain(
                        f"the {entry.kind.value} rounds {id_}'s price of {period.price} to "
                        f"{rebase_price(entry, period.price)}",
                        expected="a finer prices_to, such as 0.0001",
                    ),
                )
                return


def _conversion_problems(state: State, entry: LedgerEntry) -> Iterator[Problem]:
    book = state.book
    assert book is not None, "a replayed state knows its book"
    name = entry.series or ""
    debenture = next((d for d in book.debentures if d.id == name), None)
    if debenture is None:
        known = ", ".join(d.id for d in book.debentures) or "none"
        yield Problem.at(
            entry.origin,
            "convert",
            explain(f"no debenture {name!r}", expected=f"one of {known}"),
        )
        return
    if conversion_price_on(debenture, entry.day) is None:
        yield Problem.at(
            entry.origin,
            "date",
            explain(
                f"{name} is not outstanding then",
                got=entry.day.isoformat(),
                expected=f"a day from {debenture.issued} to its maturity, {debenture.maturity}",
            ),
        )
        return
    left = state.principal[name]
    if entry.principal is not None and entry.principal > left:
        yield Problem.at(
            entry.origin,
            "principal",
            explain(
                f"more than the {left:,f} of {name} left to convert on {entry.day}",
                got=f"{entry.principal:,f}",
                expected=f"at most {left:,f}",
            ),
        )


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
