"""The calendar: every dated event of one or more books, in order.

The same events make a terminal table and an iCalendar feed
(``--format ics``): free-trading dates, step-ups and expiries, with an
optional reminder some days before each step-up and expiry.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from placements.core.money import price_text
from placements.core.terms.book import Book
from placements.core.terms.events import Event, EventKind, book_events
from placements.core.terms.series import book_series
from placements.core.values import value
from placements.output import Format
from placements.render.ics import Entry, feed
from placements.reports.report import Kind, Report, Row, column, table


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


def describe(event: Event, book: Book | None = None) -> str:
    """What happens, in the words a CFO would use.

    With the ``book``, a closing whose date is inferred says so, and
    convertible debentures are told in their own words.
    """
    if book is not None:
        special = _special(event, book)
        if special is not None:
            return special
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
    return f"last day to exercise, at {price_text(event.price)}"


_INDEXED: list[tuple[Book, dict[str, Any], dict[str, Any]]] = []
"""The last book described, with its debentures and tranches by id (one, not a cache)."""


def _by_id(book: Book) -> tuple[dict[str, Any], dict[str, Any]]:
    """The book's debentures and tranches by id (the first of each id, as a search finds).

    Each event is described against its book; searching the tranches for each
    one made a run of a 10,000-tranche book quadratic (minutes, not seconds).
    """
    if not _INDEXED or _INDEXED[0][0] is not book:
        debentures: dict[str, Any] = {}
        for debenture in book.debentures:
            debentures.setdefault(debenture.id, debenture)
        tranches: dict[str, Any] = {}
        for tranche in book.tranches:
            tranches.setdefault(tranche.id, tranche)
        _INDEXED[:] = [(book, debentures, tranches)]
    return _INDEXED[0][1], _INDEXED[0][2]


def _special(event: Event, book: Book) -> str | None:
    debentures, tranches = _by_id(book)
    debenture = debentures.get(event.subject)
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
    if event.kind is EventKind.FREE_TRADING and "/" in event.subject:
        return "hold ends: these securities may trade from this day (a hold of their own)"
    tranche = tranches.get(event.subject)
    if event.kind is EventKind.CLOSING and tranche is not None and tranche.closed_inferred:
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
) -> Report:
    """The books' events between ``start`` and ``end`` (inclusive), as a table and a feed.

    ``remind`` days before each step-up and expiry the feed raises an alarm;
    ``stamp`` is the feed's DTSTAMP (now, if not given).
    """
    rows, entries = [], []
    for book, _ in books:
        seen: Counter[tuple[str, EventKind]] = Counter()
        acceleration = _acceleration_notes(book)
        for event in book_events(book):
            # counted before the window, so a step-up's key is the same whatever the window
            seen[event.subject, event.kind] += 1
            if (start is not None and event.day < start) or (end is not None and event.day > end):
                continue
            detail = describe(event, book)
            rows.append(
                EventRow(
                    issuer=book.issuer.name,
                    date=event.day,
                    event=event.kind.value,
                    subject=event.subject,
                    count=event.count,
                    detail=detail,
                )
            )
            number = seen[event.subject, event.kind]
            description = [detail]
            if event.count is not None:
                description.append(f"Count: {event.count:,}.")
            if event.kind is EventKind.EXPIRY and event.subject in acceleration:
                description.append(acceleration[event.subject])
            entries.append(
                Entry(
                    key=f"{book.issuer.name}|{event.subject}|{event.kind.value}|{number}",
                    day=event.day,
                    summary=f"{_issuer(book)} {event.subject}: {event.kind.value}",
                    description="\n".join(description),
                    category=event.kind.value,
                    remind_days=remind if event.kind in REMINDED else None,
                )
            )
    rows.sort(key=lambda row: row.date)
    # the same event read from two copies of a book is one event of the feed
    entries = sorted({entry.key: entry for entry in entries}.values(), key=lambda e: e.day)
    names = list(dict.fromkeys(book.issuer.name for book, _ in books))
    if len(names) == 1:
        rows = [replace(row, issuer=None) for row in rows]
    meta: dict[str, object] = {"book": ", ".join(source for _, source in books)}
    if start is not None:
        meta["from"] = start
    if end is not None:
        meta["to"] = end
    title = " and ".join(names) if len(names) <= 2 else f"{len(names)} issuers"
    name = f"{title}: placement events"
    return Report(
        title=f"{title}: calendar of placement events",
        tables=(table("events", EventRow, rows),),
        meta=meta,
        documents={Format.ICS: feed(name, entries, stamp or datetime.now(UTC))},
    )
