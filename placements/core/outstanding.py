"""What a book alone says is outstanding on a day, before any exercise.

Scenarios add exercises, expiries and accelerations on top of these counts;
the valuation and the securities table start from them.
"""

from datetime import date

from placements.core.book import Book
from placements.core.series import Series, book_series
from placements.core.tranche import shares_issued


def placement_shares(book: Book, day: date) -> int:
    """Shares issued by the book's tranches closed on or before ``day``."""
    return sum(shares_issued(t) for t in book.tranches if t.closed <= day)


def base_shares(book: Book, day: date) -> int | None:
    """Shares outstanding on ``day`` from the book's base count, or None without one.

    The base is a count on its ``as_of`` day, which includes the tranches
    closed by then: tranches closing after it add to it, and for an earlier
    day those closing after that day are taken back out.
    """
    base = book.base
    if base is None:
        return None
    later = sum(shares_issued(t) for t in book.tranches if base.as_of < t.closed <= day)
    earlier = sum(shares_issued(t) for t in book.tranches if day < t.closed <= base.as_of)
    return base.count + later - earlier


def basic_shares(book: Book, day: date) -> int:
    """Basic shares on ``day``: the base count if the book has one, else the placements'."""
    base = base_shares(book, day)
    return placement_shares(book, day) if base is None else base


def series_outstanding(book: Book, day: date) -> list[Series]:
    """The series issued on or before ``day`` and not expired by it."""
    return [
        series
        for series in book_series(book)
        if (series.issued is None or series.issued <= day) and day <= series.expiry
    ]
