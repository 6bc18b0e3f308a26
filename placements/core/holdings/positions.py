"""What a position holds, and what the holder's own ledger has done with it by a day.

A position of units is the tranche's shares (units x shares per unit) and
floor(units x warrants per unit) whole warrants of the tranche's warrant
series, as :func:`placements.core.terms.tranche.warrants` rounds them. Each
block is free-trading from its own hold's end (:mod:`placements.core.terms.hold`,
through the tranche's and series' free dates); shares issued on an exercise
keep the series' hold (NI 45-102 counts it from the original distribution).

The holder's ledger is applied in date order, and in the order written on
one day, like a book's (:func:`placements.core.terms.ledger.in_order`); it
never rewrites the issuer's book. The issuer's consolidations and splits
apply to what the holder holds as they apply to the issuer's counts (each
count rounded down on its own), at the start of their day, to what was
held on the old basis: units from their tranche's closing, shares and
warrants from their acquisition. :func:`replay` is the one rule: the views
and ``check`` both read it, and ``check`` reports what it caps.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from placements.core.holdings.model import Action, Held, HoldingEntry, Holdings, Of, Position
from placements.core.money import cents, whole
from placements.core.problems import Problem, explain
from placements.core.terms.book import Book, EntryKind, LedgerEntry, Tranche
from placements.core.terms.ledger import REBASES, in_order, ledger_series, live_on
from placements.core.terms.ledger import replay as replay_book
from placements.core.terms.outstanding import base_shares
from placements.core.terms.series import Series, book_series, warrants_id
from placements.core.terms.tranche import free_trading_date


def issuer_key(book: Book) -> str:
    """The key a holdings file's prices use for the book's issuer: its ticker, else its name."""
    return book.issuer.ticker or book.issuer.name


@dataclass(frozen=True)
class Slice:
    """What a position holds when acquired: shares and warrants, each with its first free day.

    ``series`` is the issuer's series the warrants are of, as issued; a free
    day of None means free from the start.
    """

    position: Position
    index: "BookIndex"
    tranche: Tranche | None
    shares: int
    shares_free: date | None
    warrants: int
    series: Series | None
    warrants_free: date | None

    @property
    def book(self) -> Book:
        return self.index.book

    @property
    def basis(self) -> date:
        """The day the counts are stated on: a tranche's closing for units, else acquisition."""
        if self.position.held is Held.UNITS and self.tranche is not None:
            return self.tranche.closed
        return self.position.acquired

    def warrants_on(self, day: date) -> int:
        """The warrants first held, on the basis of ``day`` (after the rebases up to it)."""
        count = self.warrants
        for entry in self.index.rebases:
            if self.basis < entry.day <= day:
                count = rebase_count(count, entry)
        return count


def rebase_count(count: int, entry: LedgerEntry) -> int:
    """A count after a consolidation (divided by the ratio) or split, rounded down.

    The rule of :func:`placements.core.terms.ledger.replay` (rule 4), for a holder's counts.
    """
    assert entry.ratio is not None, "a consolidation or split states its ratio"
    if entry.kind is EntryKind.CONSOLIDATE:
        return whole(count / entry.ratio)
    return whole(count * entry.ratio)


class BookIndex:
    """A book's tranches and series by id, worked out once however many positions cite it."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.tranches = {tranche.id: tranche for tranche in book.tranches}
        self.series = {series.id: series for series in book_series(book)}
        self.rebases = [entry for entry in in_order(book.ledger) if entry.kind in REBASES]
        self._issued: dict[date, list[Series]] = {}
        self._outstanding: dict[date, dict[str, int]] = {}
        self._base: dict[date, int | None] = {}

    def outstanding(self, day: date) -> dict[str, int]:
        """Each series' count outstanding at the end of ``day``, as the issuer's ledger leaves it.

        A series not yet issued or expired keeps its count: it is what the ledger caps.
        """
        found = self._outstanding.get(day)
        if found is None:
            if self.book.ledger:
                found = replay_book(self.book, day).outstanding
            else:
                found = {id_: series.count for id_, series in self.series.items()}
            self._outstanding[day] = found
        return found

    def in_issue(self, day: date) -> list[Series]:
        """The series outstanding at the end of ``day`` as the issuer's ledger leaves them."""
        found = self._issued.get(day)
        if found is None:
            if self.book.ledger:
                found = ledger_series(self.book, day)
            else:  # ledger_series' own shortcut, on the series already worked out
                found = [s for s in self.series.values() if live_on(s, day)]
            self._issued[day] = found
        return found

    def base_shares(self, day: date) -> int | None:
        """The book's base count carried to ``day`` (None without one), worked out once a day."""
        if day not in self._base:
            self._base[day] = base_shares(self.book, day)
        return self._base[day]


def position_slice(position: Position, index: BookIndex) -> Slice | None:
    """The position's shares and warrants, or None when its tranche or series is not in the book."""
    tranche = index.tranches.get(position.tranche) if position.tranche else None
    if position.tranche is not None and tranche is None:
        return None
    if position.held is Held.WARRANTS:
        name = (
            position.series if position.series is not None else warrants_id(position.tranche or "")
        )
        series = index.series.get(name)
        if series is None:
            return None
        return Slice(position, index, tranche, 0, None, position.count, series, series.hold_ends)
    assert tranche is not None, "units and shares are of a tranche"
    shares_free = free_trading_date(tranche)
    if position.held is Held.SHARES:
        return Slice(position, index, tranche, position.count, shares_free, 0, None, None)
    series = index.series.get(warrants_id(tranche.id))
    count = whole(position.count * tranche.unit.warrants) if series is not None else 0
    return Slice(
        position,
        index,
        tranche,
        position.count * tranche.unit.shares,
        shares_free,
        count,
        series,
        series.hold_ends if series is not None else None,
    )


@dataclass
class Lot:
    """Shares held that become free-trading together (None: free already)."""

    count: int
    free_from: date | None


@dataclass
class Holding:
    """A position at the end of a day: its share lots, warrants, and the cash in and out."""

    slice: Slice
    lots: list[Lot]
    warrants: int
    paid: Decimal = Decimal("0.00")
    """Cash paid for exercises."""
    sold: Decimal = Decimal("0.00")
    """Cash received from sales."""
    exercised: int = 0

    @property
    def shares(self) -> int:
        return sum(lot.count for lot in self.lots)

    def free_shares(self, day: date) -> int:
        return sum(lot.count for lot in self.lots if is_free(lot.free_from, day))

    def free_warrants(self, day: date) -> int:
        return self.warrants if is_free(self.slice.warrants_free, day) else 0

    def frees_on(self, day: date) -> date | None:
        """The day the last of what is still held back becomes free-trading, if any is."""
        later = [
            lot.free_from for lot in self.lots if lot.count and not is_free(lot.free_from, day)
        ]
        if self.warrants and not is_free(self.slice.warrants_free, day):
            assert self.slice.warrants_free is not None
            later.append(self.slice.warrants_free)
        return max((d for d in later if d is not None), default=None)


def is_free(free_from: date | None, day: date) -> bool:
    return free_from is None or free_from <= day


def replay(
    holdings: Holdings,
    slices: Mapping[str, Slice],
    day: date | None = None,
) -> dict[str, Holding]:
    """The positions acquired by ``day`` (all with None), with the holder's entries applied."""
    state = {
        pid: Holding(s, [Lot(s.shares, s.shares_free)] if s.shares else [], s.warrants)
        for pid, s in slices.items()
        if day is None or s.position.acquired <= day
    }
    for _ in _applied(holdings, state, slices, day):
        pass  # applying is the point; what check reports is capped here
    return state


def ledger_problems(holdings: Holdings, slices: Mapping[str, Slice]) -> list[Problem]:
    """The holder's entries checked against the positions, replaying them in one pass."""
    state = {
        pid: Holding(s, [Lot(s.shares, s.shares_free)] if s.shares else [], s.warrants)
        for pid, s in slices.items()
    }
    return [problem for _, problem in _applied(holdings, state, slices, None) if problem]


def _applied(
    holdings: Holdings,
    state: dict[str, Holding],
    slices: Mapping[str, Slice],
    day: date | None,
) -> Iterator[tuple[HoldingEntry, Problem | None]]:
    for entry in _with_rebases(holdings, state):
        on = entry[0].day if isinstance(entry, tuple) else entry.day
        if day is not None and on > day:
            break
        if isinstance(entry, tuple):
            _rebase(*entry)
            continue
        held = state.get(entry.position)
        if held is None:
            if entry.position not in slices:
                known = ", ".join(sorted(slices)) or "none"
                yield (
                    entry,
                    _problem(
                        entry,
                        entry.action.value,
                        f"no position {entry.position!r}",
                        f"one of {known}",
                    ),
                )
            continue
        acquired = held.slice.position.acquired
        if entry.day < acquired:
            yield (
                entry,
                _problem(
                    entry,
                    "date",
                    f"{entry.position} was acquired on {acquired}",
                    f"a day from {acquired.isoformat()}",
                    got=entry.day.isoformat(),
                ),
            )
            continue
        if entry.action is Action.EXERCISE:
            yield entry, _exercise(entry, held, held.slice.index)
        else:
            yield entry, _sell(entry, held)


def _with_rebases(holdings: Holdings, state: dict[str, Holding]) -> list[Any]:
    """The holder's entries and the issuers' rebases (with who they apply to), by date.

    On one day the rebase comes first: the day's trades are on the new basis.
    """
    books: dict[int, tuple[BookIndex, list[Holding]]] = {}
    for held in state.values():
        index = held.slice.index
        books.setdefault(id(index), (index, []))[1].append(held)
    timed: list[tuple[date, int, Any]] = []
    for index, holders in books.values():
        timed.extend((entry.day, 0, (entry, holders)) for entry in index.rebases)
    timed.extend((entry.day, 1, entry) for entry in holdings.ledger)
    timed.sort(key=lambda item: (item[0], item[1]))  # stable: as written within a day
    return [item[2] for item in timed]


def _rebase(entry: LedgerEntry, holders: list[Holding]) -> None:
    for held in holders:
        if held.slice.basis >= entry.day:
            continue  # already stated on the new basis
        for lot in held.lots:
            lot.count = rebase_count(lot.count, entry)
        held.warrants = rebase_count(held.warrants, entry)


def _problem(
    entry: HoldingEntry, name: str, what: str, expected: str, got: object = None
) -> Problem:
    return Problem.at(entry.origin, name, explain(what, got=got, expected=expected))


def _exercise(entry: HoldingEntry, held: Holding, index: BookIndex) -> Problem | None:
    series = held.slice.series
    if series is None or not held.slice.warrants:
        return _problem(
            entry, "exercise", f"{entry.position} holds no warrants", "a position with warrants"
        )
    live = next((s for s in index.in_issue(entry.day) if s.id == series.id), None)
    if live is None:
        return _problem(
            entry,
            "date",
            f"{series.id} is not outstanding on {entry.day}",
            f"a day from its issue to its expiry, {series.expiry.isoformat()}",
            got=entry.day.isoformat(),
        )
    before = held.warrants
    count = before if entry.count is None else min(entry.count, before)
    price = entry.price if entry.price is not None else live.schedule.price_on(entry.day)
    assert price is not None, "a live series has a price in force"
    held.warrants -= count
    held.exercised += count
    held.paid += cents(count * price)
    if count:
        free = series.hold_ends if series.hold_ends and series.hold_ends > entry.day else None
        held.lots.append(Lot(count * series.shares_per_exercise, free))
    if entry.count is not None and entry.count > before:
        return _problem(
            entry,
            "count",
            f"more than the {before:,} warrants of {entry.position} held on {entry.day}",
            f"at most {before:,}",
            got=f"{entry.count:,}",
        )
    return None


def _sell(entry: HoldingEntry, held: Holding) -> Problem | None:
    assert entry.count is not None and entry.price is not None, "a sale states count and price"
    day = entry.day
    if entry.of is Of.WARRANTS:
        free = held.free_warrants(day)
        count = min(entry.count, free)
        held.warrants -= count
    else:
        free = held.free_shares(day)
        count = min(entry.count, free)
        left = count
        for lot in held.lots:
            if left and is_free(lot.free_from, day):
                taken = min(lot.count, left)
                lot.count -= taken
                left -= taken
    held.sold += cents(count * entry.price)
    if entry.count > count:
        what = entry.of.value
        later = held.frees_on(day)
        still = f"; the rest is held until {later}" if later else ""
        return _problem(
            entry,
            "count",
            f"more than the {free:,} free-trading {what} of {entry.position} on {day}{still}",
            f"at most {free:,}",
            got=f"{entry.count:,}",
        )
    return None
