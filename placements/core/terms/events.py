"""The dated events a book sets in motion: closings, hold ends, step-ups, expiries.

With a ledger (:func:`calendar_events`) they are the events as the ledger
leaves them, plus its entries: an amended or accelerated expiry replaces the
old one, grants bring their step-ups, vesting dates and expiries, and shares
issued with a hold bring its end.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from operator import attrgetter

from placements.core.terms.book import Book, EntryKind, LedgerEntry
from placements.core.terms.debenture import conversion_schedule, conversion_shares
from placements.core.terms.hold import hold_end
from placements.core.terms.ledger import State, in_order, replay
from placements.core.terms.series import Series, book_series
from placements.core.terms.tranche import free_trading_date, shares_issued, units
from placements.core.values import value


class EventKind(Enum):
    """Kinds of event, in the order they are listed when they share a day."""

    CLOSING = "closing"
    LEDGER = "ledger"
    FREE_TRADING = "free trading"
    VESTING = "vesting"
    STEP_UP = "step-up"
    EXPIRY = "expiry"

    # by identity, as kinds are equal only to themselves: Enum's own hash is a Python call,
    # and a large book's events are counted and looked up by kind tens of thousands of times
    __hash__ = object.__hash__


@value
class Recorded:
    """What a ledger entry did, for its event: as applied on its day.

    ``count`` and ``price`` are the movement's (the price in force, or an
    issue's deemed price); ``expiry`` a grant's, amendment's or acceleration's
    expiry from the day, and ``was`` the expiry before; ``shares`` the shares
    issued; ``principal`` a conversion's.
    """

    entry: LedgerEntry
    count: int | None = None
    price: Decimal | None = None
    expiry: date | None = None
    was: date | None = None
    shares: int = 0
    principal: Decimal | None = None


@value
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
    recorded: Recorded | None = None
    """For a ledger entry (and the hold end of shares it issued): what it did."""
    changed: Recorded | None = None
    """For an expiry: the last ledger entry that moved it, if any."""
    key: str | None = None
    """What identifies the event across versions of the book, when its subject and kind
    do not (a ledger entry's kind, subject and day)."""


def book_events(book: Book, every_series: Sequence[Series] | None = None) -> list[Event]:
    """Every event of the book, by day, and on one day in the order of :class:`EventKind`.

    ``every_series`` saves working out the book's series again.
    """
    closings, free, step_ups, expiries = [], [], [], []
    tranche_free: dict[str, date] = {}
    for tranche in book.tranches:
        closings.append(
            Event(tranche.closed, EventKind.CLOSING, tranche.id, units(tranche), tranche.unit_price)
        )
        trades = tranche_free[tranche.id] = free_trading_date(tranche)
        if trades != tranche.closed:
            free.append(Event(trades, EventKind.FREE_TRADING, tranche.id, shares_issued(tranche)))
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


ONE = timedelta(days=1)
SHARES = "common shares"
"""The subject of entries on the shares themselves (issues, consolidations, splits)."""


def entry_subject(entry: LedgerEntry) -> str:
    """What a ledger entry acts on: its series, the grant's, a debenture, or the shares."""
    if entry.granted is not None:
        return entry.granted.id
    if entry.kind in (EntryKind.ISSUE, EntryKind.CONSOLIDATE, EntryKind.SPLIT):
        return SHARES
    return entry.series or ""


def calendar_events(book: Book, known: date | None = None) -> list[Event]:
    """The book's events as its ledger leaves them, and the ledger's entries, by day.

    ``known``: the calendar as of that day, when entries after it had not
    happened, so an amendment after it moves nothing yet. Step-ups and
    expiries count what the ledger leaves outstanding as their day begins (as
    known); a series it has emptied, or debentures converted in full, have
    none left to show. Without a ledger: :func:`book_events`.
    """
    if not book.ledger:
        return book_events(book)
    final = replay(book, known)
    entries = [e for e in in_order(book.ledger) if known is None or e.day <= known]
    entry_days = sorted({entry.day for entry in entries})
    states: dict[date, State] = {}

    def state_on(day: date) -> State:
        # the state changes only on an entry's day: one replay per entry day, however
        # many step-ups and expiries ask (a book of thousands of tranches has as many)
        position = bisect_right(entry_days, day)
        key = entry_days[position - 1] if position else date.min
        if key not in states:
            states[key] = replay(book, key)
        return states[key]

    reshaped: dict[str, set[date]] = {}
    changed: dict[str, Recorded] = {}
    recorded: list[Event] = []
    written: dict[tuple[str, str, date], int] = {}
    for entry in entries:
        before = state_on(entry.day - timedelta(days=1))
        after = state_on(entry.day)
        moved = [m for m in after.movements if m.entry is entry]
        subject = entry_subject(entry)
        record = Recorded(entry)
        if entry.kind in (EntryKind.CONSOLIDATE, EntryKind.SPLIT):
            for movement in moved:
                if movement.series is not None:
                    reshaped.setdefault(movement.series, set()).add(entry.day)
            record = replace(record, shares=sum(m.shares for m in moved))
        elif entry.kind in (EntryKind.AMEND, EntryKind.ACCELERATE):
            old = before.series.get(subject)
            new = after.series.get(subject)
            if old is None or new is None:
                continue
            if entry.steps:
                reshaped.setdefault(subject, set()).add(entry.day)
            record = replace(
                record,
                price=new.schedule.price_on(entry.day),
                expiry=new.expiry,
                was=old.expiry,
            )
            if new.expiry != old.expiry:
                changed[subject] = record
        elif moved:
            movement = moved[0]
            granted = after.series.get(subject)
            record = replace(
                record,
                count=movement.shares if entry.kind is EntryKind.CONVERT else movement.count,
                price=movement.price,
                shares=movement.shares,
                principal=movement.principal,
                expiry=granted.expiry if entry.granted is not None and granted else None,
            )
        number = written.get((entry.kind.value, subject, entry.day), 0) + 1
        written[entry.kind.value, subject, entry.day] = number
        key = f"ledger|{entry.kind.value}|{subject}|{entry.day.isoformat()}|{number}"
        recorded.append(
            Event(
                entry.day,
                EventKind.LEDGER,
                subject,
                record.count,
                record.price,
                recorded=record,
                key=key,
            )
        )
        hold = entry.hold
        if entry.kind is EntryKind.ISSUE and hold is not None:
            trades = hold_end(entry.day, hold.months, hold.until)
            if trades != entry.day:
                recorded.append(
                    Event(
                        trades,
                        EventKind.FREE_TRADING,
                        SHARES,
                        entry.count,
                        entry.price,
                        recorded=record,
                        key=f"{key}|free trading",
                    )
                )
    every = list(final.series.values())
    events = []
    for event in book_events(book, every):
        if event.kind is EventKind.STEP_UP and event.day + timedelta(days=1) in reshaped.get(
            event.subject, set()
        ):
            continue  # a change of terms, told by its entry, not a step-up
        ends = event.kind in (EventKind.STEP_UP, EventKind.EXPIRY)
        if ends and event.subject in final.series:
            # what is outstanding as the day begins: an exercise or expiry recorded on the
            # day itself is what the day brought
            left = state_on(event.day - timedelta(days=1)).outstanding.get(event.subject, 0)
            if not left:
                continue
            event = replace(event, count=left, changed=changed.get(event.subject))
        elif (
            ends
            and event.subject in final.principal
            and not state_on(event.day - timedelta(days=1)).principal[event.subject]
        ):
            continue  # converted in full
        events.append(event)
    for series in every:
        for day, _ in series.vesting:
            # what vests of what is left as the day begins (a forfeiture took unvested options
            # first), on that day's basis: a later consolidation does not restate it
            then = state_on(day - timedelta(days=1))
            if series.id in then.series:
                vests = then.exercisable(series.id, day) - then.exercisable(series.id, day - ONE)
            else:  # vesting on the grant's day
                vests = state_on(day).exercisable(series.id, day)
            if vests > 0:
                events.append(Event(day, EventKind.VESTING, series.id, vests))
    order = list(EventKind)
    return sorted(events + recorded, key=lambda event: (event.day, order.index(event.kind)))
