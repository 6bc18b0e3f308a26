"""The dated events a book sets in motion: closings, hold ends, step-ups, expiries."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from operator import attrgetter

from placements.core.terms.book import Book
from placements.core.terms.debenture import conversion_schedule, conversion_shares
from placements.core.terms.hold import hold_end
from placements.core.terms.series import Series, book_series
from placements.core.terms.tranche import free_trading_date, shares_issued, units


class EventKind(Enum):
    """Kinds of event, in the order they are listed when they share a day."""

    CLOSING = "closing"
    FREE_TRADING = "free trading"
    STEP_UP = "step-up"
    EXPIRY = "expiry"


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
    """Every event of the book, by day, and on one day in the order of :class:`EventKind`.

    ``every_series`` saves working out the book's series again.
    """
    closings, free, step_ups, expiries = [], [], [], []
    for tranche in book.tranches:
        closings.append(
            Event(tranche.closed, EventKind.CLOSING, tranche.id, units(tranche), tranche.unit_price)
        )
        trades = free_trading_date(tranche)
        if trades != tranche.closed:
            free.append(Event(trades, EventKind.FREE_TRADING, tranche.id, shares_issued(tranche)))
    tranche_free = {tranche.id: free_trading_date(tranche) for tranche in book.tranches}
    for series in book_series(book) if every_series is None else every_series:
        if series.parent is not None:
            continue  # the same dates as its tranche's warrants, and none issued yet
        own = series.hold_ends
        shared = (
            own == tranche_free.get(series.tranche)
            if series.tranche is not None
            else own in tranche_free.values()  # an offering's options, free with its shares
        )
        if own is not None and own != series.issued and not shared:
            # a security with a hold of its own (broker warrants, debentures' warrants)
            free.append(Event(own, EventKind.FREE_TRADING, series.id, series.count))
        periods = series.schedule.periods
        for period, following in pairwise(periods):
            step_ups.append(
                Event(
                    period.last,
                    EventKind.STEP_UP,
                    series.id,
                    series.count,
                    period.price,
                    following.price,
                )
            )
        expiries.append(
            Event(series.expiry, EventKind.EXPIRY, series.id, series.count, periods[-1].price)
        )
    for debenture in book.debentures:
        periods = conversion_schedule(debenture).periods
        first = periods[0].price
        shares = conversion_shares(debenture, first)
        closings.append(Event(debenture.issued, EventKind.CLOSING, debenture.id, shares, first))
        hold = debenture.hold
        trades = hold_end(debenture.issued, hold.months, hold.until)
        if trades != debenture.issued:
            free.append(Event(trades, EventKind.FREE_TRADING, debenture.id))
        for period, following in pairwise(periods):
            step_ups.append(
                Event(
                    period.last,
                    EventKind.STEP_UP,
                    debenture.id,
                    conversion_shares(debenture, following.price),
                    period.price,
                    following.price,
                )
            )
        expiries.append(
            Event(
                debenture.maturity,
                EventKind.EXPIRY,
                debenture.id,
                conversion_shares(debenture, periods[-1].price),
                periods[-1].price,
            )
        )
    # a stable sort by day keeps the kinds in the order they were put together
    return sorted(closings + free + step_ups + expiries, key=attrgetter("day"))
