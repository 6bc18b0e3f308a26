"""The continuity schedule of shares, warrants and options: opening, movements, closing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from placements.core.terms.book import Book
from placements.core.terms.continuity import continuity, period_ends
from placements.reports.report import Kind, Note, Report, Row, column, table


@dataclass(frozen=True, kw_only=True)
class ContinuityRow(Row):
    """One line of a class: its count, and for warrants and options their WAEP."""

    period_end: date | None = column("period\nto", Kind.DATE, optional=True)
    security: str = column("security")
    movement: str = column("movement")
    count: int = column("count", Kind.COUNT)
    waep: Decimal | None = column("weighted-average\nexercise price", Kind.PRICE, optional=True)
    value: Decimal | None = column("count x\nexercise price", Kind.PRICE, optional=True)
    remaining_life: Decimal | None = column("remaining life\n(years)", Kind.NUMBER, optional=True)


PERIODS = {"quarter": 3, "year": 12}


def continuity_report(
    book: Book, source: str, first: date, last: date, period: str | None = None
) -> Report:
    """The schedule from the end of ``first`` to the end of ``last``.

    With ``period`` (``quarter`` or ``year``) the range is split into fiscal
    periods, ending on the book's ``fiscal_year_end`` (December 31 by default).
    """
    if period is None:
        ranges = [(first, last)]
        shown = False
    else:
        year_end = book.fiscal_year_end or date(2000, 12, 31)
        ends = period_ends(first, last, year_end, PERIODS[period])
        ranges = list(zip([first, *ends[:-1]], ends, strict=True))
        shown = True
    rows = [
        ContinuityRow(
            period_end=end if shown else None,
            security=balance.security.value,
            movement=balance.line.value,
            count=balance.count,
            waep=balance.waep,
            value=balance.value,
            remaining_life=balance.remaining_life,
        )
        for start, end in ranges
        for balance in continuity(book, start, end)
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
        meta={"file": source, "from": first, "to": last, **({"period": period} if period else {})},
        notes=notes,
    )
