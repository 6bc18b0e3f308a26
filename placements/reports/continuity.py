"""The continuity schedule of shares, warrants and options: opening, movements, closing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from placements.core.terms.book import Book
from placements.core.terms.continuity import continuity
from placements.reports.report import Kind, Note, Report, Row, column, table


@dataclass(frozen=True, kw_only=True)
class ContinuityRow(Row):
    """One line of a class: its count, and for warrants and options their WAEP."""

    security: str = column("security")
    movement: str = column("movement")
    count: int = column("count", Kind.COUNT)
    waep: Decimal | None = column("weighted-average\nexercise price", Kind.PRICE, optional=True)
    value: Decimal | None = column("count x\nexercise price", Kind.PRICE, optional=True)
    remaining_life: Decimal | None = column("remaining life\n(years)", Kind.NUMBER, optional=True)


def continuity_report(book: Book, source: str, first: date, last: date) -> Report:
    """The schedule from the end of ``first`` to the end of ``last``."""
    rows = [
        ContinuityRow(
            security=balance.security.value,
            movement=balance.line.value,
            count=balance.count,
            waep=balance.waep,
            value=balance.value,
            remaining_life=balance.remaining_life,
        )
        for balance in continuity(book, first, last)
    ]
    notes = (
        Note(
            "Opening is at the end of the first day, closing at the end of the last. Each "
            "movement of warrants and options is valued at count x the exercise price in force "
            "that day; step-ups change the price of what is outstanding, so opening + movements "
            "= closing in counts and in count x price."
        ),
    )
    return Report(
        title=f"{book.issuer.name}: continuity of securities from {first} to {last}",
        tables=(table("continuity", ContinuityRow, rows),),
        meta={"file": source, "from": first, "to": last},
        notes=notes,
    )
