"""A fund's calendar: the events of the books it holds, for what it holds, with its counts.

The events are the books' own (:func:`placements.core.terms.events.calendar_events`);
a fund sees those of its tranches (closing, hold end) and of its warrant
series (step-ups, expiry), each with the count it holds rather than the
issuer's (on the basis of the event's day, after any consolidation or
split); of the issuer's ledger entries, those on what it holds (with the
issuer's counts) and every consolidation or split.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from placements.core.holdings.model import Held
from placements.core.holdings.positions import Slice, rebase_count
from placements.core.terms.book import Book
from placements.core.terms.events import Event, EventKind
from placements.core.terms.ledger import REBASES


def held_events(slices: Iterable[Slice]) -> Callable[[Book, Event], Event | None]:
    """What the holder of ``slices`` sees of a book's event: its own counts, or nothing."""
    tranches: dict[tuple[int, str], list[Slice]] = defaultdict(list)
    series: dict[tuple[int, str], list[Slice]] = defaultdict(list)
    for found in slices:
        book = id(found.book)
        if found.tranche is not None and found.position.held is not Held.WARRANTS:
            tranches[book, found.tranche.id].append(found)
        if found.series is not None and found.warrants:
            series[book, found.series.id].append(found)

    def shares_on(found: Slice, event: Event) -> int:
        count = found.shares
        for entry in found.index.rebases:
            if found.basis < entry.day <= event.day:
                count = rebase_count(count, entry)
        return count

    def held(book: Book, event: Event) -> Event | None:
        key = (id(book), event.subject)
        if event.recorded is not None:
            if event.recorded.entry.kind in REBASES:
                return event
            return event if key in series or key in tranches else None
        if event.kind is EventKind.CLOSING and key in tranches:
            count = sum(found.position.count for found in tranches[key])
        elif event.kind is EventKind.FREE_TRADING and key in tranches:
            count = sum(shares_on(found, event) for found in tranches[key])
        elif key in series:
            count = sum(found.warrants_on(event.day) for found in series[key])
        else:
            return None
        return replace(event, count=count)

    return held
