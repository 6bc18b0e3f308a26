"""The calendar: every dated event of a book, in order."""

from placements.core.money import price_text
from placements.core.terms.book import Book
from placements.core.terms.events import Event, EventKind, book_events
from placements.reports.report import Column, Kind, Report, table

COLUMNS = (
    Column("date", "date", Kind.DATE),
    Column("event", "event"),
    Column("subject", "tranche or series"),
    Column("count", "count", Kind.COUNT),
    Column("detail", "detail"),
)


def describe(event: Event) -> str:
    """What happens, in the words a CFO would use."""
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


def calendar_report(book: Book, source: str) -> Report:
    rows = [
        {
            "date": event.day,
            "event": event.kind.value,
            "subject": event.subject,
            "count": event.count,
            "detail": describe(event),
        }
        for event in book_events(book)
    ]
    return Report(
        title=f"{book.issuer.name}: calendar of placement events",
        tables=(table("events", COLUMNS, rows),),
        meta={"book": source},
    )
