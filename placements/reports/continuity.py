"""The continuity schedule of shares, warrants, options and convertibles, period by period."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from placements.core.terms.book import Book
from placements.core.terms.continuity import by_series, continuity, period_ends
from placements.core.terms.restate import Basis, basis_line
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
    principal: Decimal | None = column("principal", Kind.MONEY, optional=True)


@dataclass(frozen=True, kw_only=True)
class SeriesCloseRow(Row):
    """One series or debenture at the close; a class's rows sum to its closing line."""

    period_end: date | None = column("period\nto", Kind.DATE, optional=True)
    security: str = column("security")
    series: str = column("series")
    count: int = column("count", Kind.COUNT)
    price: Decimal = column("price in\nforce", Kind.PRICE)
    value: Decimal | None = column("count x\nexercise price", Kind.PRICE, optional=True)
    principal: Decimal | None = column("principal", Kind.MONEY, optional=True)
    expiry: date = column("expiry", Kind.DATE)
    remaining_life: Decimal = column("remaining life\n(years)", Kind.NUMBER)


PERIODS = {"quarter": 3, "year": 12}


def continuity_report(
    book: Book,
    source: str,
    first: date,
    last: date,
    period: str | None = None,
    restate: bool = False,
    by: str | None = None,
) -> Report:
    """The schedule from the end of ``first`` to the end of ``last``.

    With ``period`` (``quarter`` or ``year``) the range is split into fiscal
    periods, ending on the book's ``fiscal_year_end`` (December 31 by default).
    With ``restate`` every day is on the basis after the book's last
    consolidation or split; with ``by="series"`` a second table lists each
    series and debenture at each close.
    """
    basis = Basis.latest(book) if restate else Basis()
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
            principal=balance.principal,
        )
        for start, end in ranges
        for balance in continuity(book, start, end, basis)
    ]
    tables = [table("continuity", ContinuityRow, rows)]
    if by == "series":
        closes = [
            SeriesCloseRow(
                period_end=end if shown else None,
                security=row.security.value,
                series=row.series,
                count=row.count,
                price=row.price,
                value=row.value,
                principal=row.principal,
                expiry=row.expiry,
                remaining_life=row.remaining_life,
            )
            for _, end in ranges
            for row in by_series(book, end, basis)
        ]
        tables.append(table("series", SeriesCloseRow, closes, title="By series at the close"))
    notes: tuple[Note, ...] = (
        Note(
            "Opening is at the end of the first day, closing at the end of the last. Each "
            "movement of warrants and options is valued at count x the exercise price in force "
            "that day; step-ups change the price of what is outstanding, so opening + movements "
            "= closing in counts and in count x price."
        ),
    )
    if book.debentures:
        notes += (
            Note(
                "Convertible debentures count the shares their principal left converts into at "
                "the conversion price in force, floor(principal / price) each; a step-up or a "
                "consolidation of that price is a line of its own. Their price is principal / "
                "shares."
            ),
        )
    line = basis_line(book, first, restate)
    if restate and line:
        notes += (
            Note(
                "Restated: after every movement each series' count, and basic, is carried "
                "through the later consolidations and splits, rounded down on its own, and each "
                "price scaled the other way; a line is the change in the restated count."
            ),
        )
    return Report(
        title=f"{book.issuer.name}: continuity of securities from {first} to {last}",
        tables=tuple(tables),
        meta={
            "file": source,
            "from": first,
            "to": last,
            **({"period": period} if period else {}),
            **({"basis": line} if line else {}),
        },
        notes=notes,
    )
