"""A fund's calendar: the events of the books it holds, for what it holds, with its counts.

The events are the books' own (:func:`placements.core.terms.events.book_events`);
a fund sees those of its tranches (closing, hold end) and of its warrant
series (step-ups, expiry), each with the count it holds rather than the
issuer's.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from placements.core.holdings.model import Held
from placements.core.holdings.positions import Slice
from placements.core.terms.book import Book
from placements.core.terms.events import Event, EventKind


def held_events(slices: Iterable[Slice]) -> Callable[[Book, Event], Event | None]:
    """What the holder of ``slices`` sees of a book's event: its own counts, or nothing."""
    closing: dict[tuple[int, str], int] = defaultdict(int)
    shares: dict[tuple[int, str], int] = defaultdict(int)
    warrants: dict[tuple[int, str], int] = defaultdict(int)
    for found in slices:
        book = id(found.book)
        if found.tranche is not None and found.position.held is not Held.WARRANTS:
            key = (book, found.tranche.id)
            closing[key] += found.position.count
            shares[key] += found.shares
        if found.series is not None and found.warrants:
            warrants[book, found.series.id] += found.warrants

    def held(book: Book, event: Event) -> Event | None:
        key = (id(book), event.subject)
        if event.kind is EventKind.CLOSING:
            count = closing.get(key)
        elif event.kind is EventKind.FREE_TRADING and key in shares:
            count = shares[key]
        else:
            count = warrants.get(key)
        return None if count is None else replace(event, count=count)

    return held
