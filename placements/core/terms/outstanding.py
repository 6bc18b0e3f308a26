"""What a book alone says is outstanding on a day, before any exercise.

Scenarios add exercises, expiries and accelerations on top of these counts;
the valuation and the securities table start from them.
"""

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from itertools import accumulate

from placements.core.terms.book import Book
from placements.core.terms.ledger import ledger_series, ledger_shares_on
from placements.core.terms.series import Series
from placements.core.terms.tranche import shares_issued


def placement_shares_on(book: Book, days: Sequence[date]) -> list[int]:
    """Shares issued by the book's tranches closed on or before each of ``days``."""
    closings = sorted((t.closed, shares_issued(t)) for t in book.tranches)
    dates = [closed for closed, _ in closings]
    running = list(accumulate((shares for _, shares in closings), initial=0))
    return [running[bisect_right(dates, day)] for day in days]


def issued_shares_on(book: Book, days: Sequence[date]) -> list[int]:
    """Shares the tranches and the ledger's entries issued on or before each of ``days``."""
    placed = placement_shares_on(book, days)
    if not book.ledger:
        return placed
    return [p + ledger for p, ledger in zip(placed, ledger_shares_on(book, days), strict=True)]


def base_shares_on(book: Book, days: Sequence[date]) -> list[int] | None:
    """Shares outstanding on each of ``days`` from the book's base count; None without one.

    The base is a count on its ``as_of`` day, which includes the tranches
    closed by then: tranches closing after it add to it, and for an earlier
    day those closing after that day are taken back out.
    """
    base = book.base
    if base is None:
        return None
    *placed, at_base = issued_shares_on(book, [*days, base.as_of])
    return [base.count + shares - at_base for shares in placed]


def basic_shares_on(book: Book, days: Sequence[date]) -> list[int]:
    """Basic shares on each day: from the base count if the book has one, else the placements'."""
    based = base_shares_on(book, days)
    return issued_shares_on(book, days) if based is None else based


def base_shares(book: Book, day: date) -> int | None:
    based = base_shares_on(book, [day])
    return None if based is None else based[0]


def basic_shares(book: Book, day: date) -> int:
    return basic_shares_on(book, [day])[0]


def series_in_issue(book: Book, day: date) -> list[Series]:
    """The series issued on or before ``day`` and not expired by it, as the ledger leaves them."""
    return ledger_series(book, day)
