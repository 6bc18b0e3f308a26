"""The dated events a book sets in motion: closings, hold ends, step-ups, expiries."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import pairwise

from placements.core.book import Book
from placements.core.series import Series, book_series
from placements.core.tranche import free_trading_date, shares_issued, units


class EventKind(Enum):
    """Kinds of event, in the order they are listed when they share a day."""

    CLOSING = "closing"
    FREE_TRADING = "free trading"
    STEP_UP = "step-up"
    EXPIRY = "expiry"


ORDER = {kind: position for position, kind in enumerate(EventKind)}


@dataclass(frozen=True)
class Event:
    """Something that happens to a tranche or series on a day.

    For a step-up, ``day`` is the last day at ``price`` and ``next_price``
    applies from the day after; for an expiry, ``day`` is the last day to
    exercise at ``price``.
    """

    day: date
    kind: EventKind
    subject: str
    count: int | None = None
    price: Decimal | None = None
    next_price: Decimal | None = None


def book_events(book: Book, every_series: Sequence[Series] | None = None) -> list[Event]:
    """Every event of the book, in order; ``every_series`` saves working out its series again."""
    events = []
    for tranche in book.tranches:
        events.append(
            Event(tranche.closed, EventKind.CLOSING, tranche.id, units(tranche), tranche.unit_price)
        )
        free = free_trading_date(tranche)
        if free != tranche.closed:
            events.append(Event(free, EventKind.FREE_TRADING, tranche.id, shares_issued(tranche)))
    for series in book_series(book) if every_series is None else every_series:
        if series.parent is not None:
            continue  # the same dates as its tranche's warrants, and none issued yet
        periods = series.schedule.periods
        for period, following in pairwise(periods):
            events.append(
                Event(
                    period.last,
                    EventKind.STEP_UP,
                    series.id,
                    series.count,
                    period.price,
                    following.price,
                )
            )
        events.append(
            Event(series.expiry, EventKind.EXPIRY, series.id, series.count, periods[-1].price)
        )
    return sorted(events, key=lambda event: (event.day, ORDER[event.kind]))
