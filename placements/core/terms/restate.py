"""Figures of any day restated on the basis of the book's last consolidation or split.

A report of a day before a consolidation shows the old basis, as it was then
(:mod:`placements.core.terms.ledger`). Analysts compare periods on the latest
basis instead: a figure of a day is carried through every consolidation or
split after it, each by the ledger's own rule (counts divided or multiplied
and rounded down, one series or one total at a time; prices scaled the other
way to the entry's ``prices_to``), so a restated count is what the ledger
would have left had nothing else happened.

A figure after a ledger entry on a consolidation's day is carried through it
only if the entry comes first, as the ledger applies them; a tranche closed
that day, or a series issued that day, comes before every entry.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from placements.core.terms.book import Book, EntryKind, LedgerEntry
from placements.core.terms.ledger import REBASES, in_order, rebase_count, rebase_price
from placements.core.terms.schedule import Period, Schedule
from placements.core.terms.series import Series
from placements.core.values import value

END_OF_DAY = 1 << 62
"""The position of a figure at the end of its day: after every entry of the day."""
START_OF_DAY = -1
"""The position of what a closing or an issue brings on its day: before every entry."""


@value
class Basis:
    """The consolidations and splits that figures are carried through.

    ``rebases`` are (position in the ledger's order, entry); with none, every
    figure stays as reported.
    """

    rebases: tuple[tuple[int, LedgerEntry], ...] = ()

    @classmethod
    def latest(cls, book: Book) -> "Basis":
        """The basis after the book's last consolidation or split."""
        ordered = in_order(book.ledger)
        return cls(tuple((i, e) for i, e in enumerate(ordered) if e.kind in REBASES))

    @property
    def last(self) -> LedgerEntry | None:
        return self.rebases[-1][1] if self.rebases else None

    def after(self, day: date, position: int = END_OF_DAY) -> list[LedgerEntry]:
        """The consolidations and splits after a figure of ``day`` at ``position``."""
        return [e for i, e in self.rebases if (e.day, i) > (day, position)]

    def restates(self, day: date) -> bool:
        """Whether a figure at the end of ``day`` is on another basis than the latest."""
        return bool(self.after(day))

    def count(self, n: int, day: date, position: int = END_OF_DAY) -> int:
        """A count of ``day`` (a series' or the shares outstanding) on this basis."""
        for entry in self.after(day, position):
            n = rebase_count(entry, n)
        return n

    def price(self, price: Decimal, day: date) -> Decimal:
        """An exercise or conversion price in force on ``day``, on this basis.

        A price is of a whole day: a consolidation rebases the schedule from
        its own day on, so only those after ``day`` scale it.
        """
        for entry in self.after(day):
            price = rebase_price(entry, price)
        return price

    def series(self, series: Series, day: date) -> Series:
        """A series as the ledger leaves it on ``day`` (its count, its terms), on this basis.

        Every price of its schedule is scaled: the schedule as known on
        ``day`` has none of the later consolidations yet.
        """
        periods = tuple(
            Period(self.price(p.price, day), p.first, p.last) for p in series.schedule.periods
        )
        return replace(series, count=self.count(series.count, day), schedule=Schedule(periods))


def describe(entry: LedgerEntry) -> str:
    """A consolidation or split as a note names it: 'the 10:1 consolidation of 2025-06-30'."""
    ratio = entry.ratio
    assert ratio is not None, "a consolidation or split states its ratio"
    shown = f"{ratio.normalize():f}"
    if entry.kind is EntryKind.CONSOLIDATE:
        return f"the {shown}:1 consolidation of {entry.day.isoformat()}"
    return f"the 1:{shown} split of {entry.day.isoformat()}"


def basis_line(book: Book, first: date, restate: bool) -> str | None:
    """The heading line that says which basis a report of ``first`` on shows, when it matters.

    None when no consolidation or split follows ``first``: the basis of the
    day is then the latest.
    """
    basis = Basis.latest(book)
    later = basis.after(first)
    if not later:
        return None
    if restate:
        return f"restated on the basis after {describe(later[-1])}"
    first_later = describe(later[0])
    return f"as reported: days before {first_later} on their own basis (--restate for the latest)"
