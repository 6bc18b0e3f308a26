"""The calendar: every dated event of one or more books, in order.

The same events make a terminal table and an iCalendar feed
(``--format ics``): free-trading dates, step-ups and expiries, with an
optional reminder some days before each step-up and expiry. A book's ledger
adds its entries and the dates they change (an amended expiry, vesting
dates, the end of a hold on shares it issued); as of a day, only the entries
known by then.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from placements.core.money import price_text
from placements.core.terms.book import Book, Debenture, EntryKind, Tranche
from placements.core.terms.events import Event, EventKind, Recorded, calendar_events
from placements.core.terms.series import book_series
from placements.core.values import value
from placements.output import Format
from placements.reports.report import Deferred, Kind, Report, Row, Table, column

if TYPE_CHECKING:
    from placements.render.ics import Entry


@value(kw_only=True)
class EventRow(Row):
    """A dated event; the issuer is named when the calendar covers several."""

    issuer: str | None = column("issuer", optional=True)
    date: date = column("date", Kind.DATE)
    event: str = column("event")
    subject: str = column("tranche or series")
    count: int | None = column("count", Kind.COUNT)
    detail: str = column("detail")


REMINDED = {EventKind.STEP_UP, EventKind.EXPIRY}
NAMES = {kind: kind.value for kind in EventKind}
"""Each kind's name, looked up: an enum's ``value`` is a property, dear on every event."""


def describer(book: Book | None) -> Callable[[Event], str]:
    """What each event of ``book`` does, in the words a CFO would use.

    With the ``book``, a closing whose date is inferred says so, and
    convertible debentures are told in their own words. The book's
    debentures, inferred closings and grants are found once, not for each
    event; and the usual texts (a step-up, an expiry), which a large book
    repeats on every tranche, are written once each.
    """
    debentures: dict[str, Debenture] = {}
    inferred: dict[str, Tranche] = {}
    granted: frozenset[str] = frozenset()
    if book is not None:
        for debenture in book.debentures:
            debentures.setdefault(debenture.id, debenture)
        firsts: dict[str, Tranche] = {}  # the first of each id, as a search finds it
        for tranche in book.tranches:
            firsts.setdefault(tranche.id, tranche)
        inferred = {id_: t for id_, t in firsts.items() if t.closed_inferred}
        granted = frozenset(e.granted.id for e in book.ledger if e.granted is not None)
    written: dict[tuple[EventKind, Decimal | None, Decimal | None], str] = {}

    def described(event: Event) -> str:
        if event.recorded is not None:
            return _recorded(event, event.recorded)
        kind = event.kind
        if kind is EventKind.VESTING:
            return "vest: they may be exercised from this day"
        if book is not None:
            special = _special(event, debentures, inferred, granted)
            if special is not None:
                return special
        if event.changed is not None:
            return _told(event)
        key = (kind, event.price, event.next_price)
        text = written.get(key)
        if text is None:
            text = written[key] = _told(event)
        return text

    return described


def _told(event: Event) -> str:
    """An event of the book's own terms, in a CFO's words."""
    if event.kind is EventKind.CLOSING:
        assert event.price is not None
        return f"units sold at {price_text(event.price)}"
    if event.kind is EventKind.FREE_TRADING:
        return "hold ends: shares may trade from this day"
    if event.kind is EventKind.STEP_UP:
        assert event.price is not None and event.next_price is not None
        return (
            f"last day at {price_text(event.price)}; "
            f"{price_text(event.next_price)} from the next day"
        )
    assert event.price is not None
    last = f"last day to exercise, at {price_text(event.price)}"
    changed = event.changed
    if changed is not None and changed.was is not None:
        how = "extended" if changed.expiry and changed.was < changed.expiry else "brought forward"
        what = "notice" if changed.entry.kind is EntryKind.ACCELERATE else "amendment"
        last += f" ({how} from {changed.was.isoformat()} by the {what} of {changed.entry.day})"
    return last


DONE = {
    EntryKind.EXERCISE: "exercised",
    EntryKind.EXPIRE: "expired",
    EntryKind.CANCEL: "cancelled",
    EntryKind.FORFEIT: "forfeited",
}


def _recorded(event: Event, recorded: Recorded) -> str:
    """A ledger entry (or the end of the hold on shares it issued), in a CFO's words."""
    entry = recorded.entry
    kind = entry.kind
    if event.kind is EventKind.FREE_TRADING:
        assert entry.count is not None
        told = (
            f"hold ends: the {entry.count:,} shares issued on {entry.day} may trade from this day"
        )
        return told
    count = f"{recorded.count:,}" if recorded.count is not None else ""
    price = price_text(recorded.price) if recorded.price is not None else ""
    if kind is EntryKind.EXERCISE:
        paid = price_text(entry.price) if entry.price is not None else price
        text = f"{count} exercised at {paid}: {recorded.shares:,} shares issued"
    elif kind in DONE:
        text = f"{count} {DONE[kind]}"
    elif kind is EntryKind.GRANT:
        granted = entry.granted
        assert granted is not None and recorded.expiry is not None
        text = f"{count} {granted.kind.value} granted at {price}, to {recorded.expiry}"
        if granted.vesting:
            text += f", vesting on {len(granted.vesting)} dates"
    elif kind is EntryKind.ISSUE:
        text = f"{count} shares issued at a deemed {price_text(entry.price or 0)}"
    elif kind is EntryKind.AMEND:
        parts = []
        if entry.steps:
            parts.append(f"{price} from this day")
        if recorded.was != recorded.expiry:
            parts.append(f"expiry moved from {recorded.was} to {recorded.expiry}")
        text = "terms amended: " + "; ".join(parts or ["no change of dates"])
    elif kind is EntryKind.ACCELERATE:
        text = f"notice of acceleration: expiry moved from {recorded.was} to {recorded.expiry}"
    elif kind in (EntryKind.CONSOLIDATE, EntryKind.SPLIT):
        ratio = f"{entry.ratio.normalize():f}" if entry.ratio is not None else ""
        text = (
            f"shares consolidated {ratio} to 1: counts divided by {ratio}, prices multiplied"
            if kind is EntryKind.CONSOLIDATE
            else f"shares split {ratio} for 1: counts multiplied by {ratio}, prices divided"
        )
    else:  # a conversion
        principal = recorded.principal or 0
        text = f"{principal:,f} principal converted at {price}: {recorded.shares:,} shares issued"
    said = "; ".join(x for x in (entry.note, entry.source and f"source: {entry.source}") if x)
    return f"{text} ({said})" if said else text


def _special(
    event: Event,
    debentures: dict[str, Debenture],
    inferred: dict[str, Tranche],
    granted: frozenset[str],
) -> str | None:
    """An event told in words of its own: a debenture's, a hold of its own, an inferred closing."""
    debenture = debentures.get(event.subject) if debentures else None
    if debenture is not None:
        assert event.kind is EventKind.FREE_TRADING or event.price is not None
        if event.kind is EventKind.CLOSING:
            return (
                f"convertible debentures issued: {debenture.principal:,f} principal, "
                f"convertible at {price_text(event.price)}"
            )
        if event.kind is EventKind.FREE_TRADING:
            return "hold ends: debentures may trade from this day"
        if event.kind is EventKind.STEP_UP:
            assert event.next_price is not None
            return (
                f"last day to convert at {price_text(event.price)}; "
                f"{price_text(event.next_price)} from the next day"
            )
        return f"maturity: last day to convert, at {price_text(event.price)}"
    if event.kind is EventKind.FREE_TRADING:
        if event.subject in granted:
            return "hold ends: shares issued on exercising them may trade from this day"
        if "/" in event.subject:
            return "hold ends: these securities may trade from this day (a hold of their own)"
        return None
    tranche = inferred.get(event.subject) if event.kind is EventKind.CLOSING else None
    if tranche is not None:
        assert event.price is not None
        latest = ", the latest day the hold allows" if tranche.closed_from_hold else ""
        return (
            f"units sold at {price_text(event.price)}; "
            f"closing date inferred ({tranche.closed_inferred}{latest})"
        )
    return None


def _issuer(book: Book) -> str:
    return book.issuer.ticker or book.issuer.name


def _acceleration_notes(book: Book) -> dict[str, str]:
    """Per series, the acceleration clause that could bring its expiry forward.

    A book gives no date for an acceleration (it depends on the share price),
    so the clause is told on the expiry it would move.
    """
    notes = {}
    for series in book_series(book):
        terms = series.acceleration
        if terms is not None:
            notes[series.id] = (
                f"May be accelerated: closes at or above {price_text(terms.trigger)} for "
                f"{terms.trading_days} trading days move expiry to {terms.notice_days} days "
                "after notice."
            )
    return notes


def calendar_report(
    books: Sequence[tuple[Book, str]],
    start: date | None = None,
    end: date | None = None,
    remind: int | None = None,
    stamp: datetime | None = None,
    known: date | None = None,
    held: Callable[[Book, Event], Event | None] | None = None,
    title: str | None = None,
) -> Report:
    """The books' events between ``start`` and ``end`` (inclusive), as a table and a feed.

    ``remind`` days before each step-up and expiry the feed raises an alarm;
    ``stamp`` is the feed's DTSTAMP (now, if not given). ``known``: the
    calendar as of that day, with the ledger's entries to then and no later.
    ``held`` makes a holder's calendar: it gives each event as the holder
    sees it (its own counts), or None for one of securities it does not
    hold; ``title`` names the calendar then.
    """
    names = list(dict.fromkeys(book.issuer.name for book, _ in books))
    named = len(names) != 1 or title is not None
    # rows as the table holds them (EventRow's columns, in order), made without a row object each
    rows: list[tuple[Any, ...]] = []
    found: list[tuple[Book, Event, str, str, int]] = []
    for book, _ in books:
        seen: Counter[tuple[str, EventKind]] = Counter()
        issuer = book.issuer.name if named else None
        described = describer(book)
        for every in calendar_events(book, known):
            # counted before the window, so a step-up's key is the same whatever the window
            counted = every.subject, every.kind
            number = seen[counted] = seen.get(counted, 0) + 1
            event = every if held is None else held(book, every)
            if event is None:
                continue
            if event is not every:
                number = seen[event.subject, event.kind]
            if (start is not None and event.day < start) or (end is not None and event.day > end):
                continue
            detail = described(event)
            name = (
                event.recorded.entry.kind.value
                if event.kind is EventKind.LEDGER and event.recorded is not None
                else NAMES[event.kind]
            )
            rows.append((issuer, event.day, name, event.subject, event.count, detail))
            found.append((book, event, detail, name, number))
    rows.sort(key=itemgetter(1))
    meta: dict[str, object] = {"book": ", ".join(source for _, source in books)}
    if start is not None:
        meta["from"] = start
    if end is not None:
        meta["to"] = end
    if known is not None:
        meta["as_of"] = known
    if title is None:
        title = " and ".join(names) if len(names) <= 2 else f"{len(names)} issuers"
    name = f"{title}: placement events"
    when = stamp or datetime.now(UTC)
    return Report(
        title=f"{title}: calendar of placement events",
        tables=(Table("events", EventRow.columns(), tuple(rows)),),
        meta=meta,
        documents=Deferred({Format.ICS: lambda: _feed(name, found, remind, when)}),
    )


def _feed(
    name: str,
    found: Sequence[tuple[Book, Event, str, str, int]],
    remind: int | None,
    stamp: datetime,
) -> str:
    """The feed of the events found; the ics writer is imported only when a feed is asked for."""
    from placements.render.ics import feed

    return feed(name, _entries(found, remind), stamp)


def _entries(
    found: Sequence[tuple[Book, Event, str, str, int]], remind: int | None
) -> list["Entry"]:
    """The feed's events: each event found, with its detail, name and number among its kind.

    The same event read from two copies of a book is one event of the feed.
    """
    from placements.render.ics import Entry

    books: dict[int, tuple[str, str, dict[str, str]]] = {}
    entries: dict[str, Entry] = {}
    for book, event, detail, name, number in found:
        told = books.get(id(book))
        if told is None:
            told = books[id(book)] = (book.issuer.name, _issuer(book), _acceleration_notes(book))
        issuer, label, acceleration = told
        kind, subject = event.kind, event.subject
        description = detail if event.count is None else f"{detail}\nCount: {event.count:,}."
        if kind is EventKind.EXPIRY and subject in acceleration:
            description += "\n" + acceleration[subject]
        own = event.key or f"{subject}|{NAMES[kind]}|{number}"
        key = f"{issuer}|{own}"
        entries[key] = Entry(
            key,
            event.day,
            f"{label} {subject}: {name}",
            description,
            name,
            remind if kind in REMINDED else None,
        )
    return sorted(entries.values(), key=itemgetter(1))
