"""The terms table: one row per tranche with what it raised and issued, and totals."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from placements.core.money import percent_of
from placements.core.terms import tranche as terms
from placements.core.terms.book import Acceleration, Book, Security, Tranche
from placements.core.terms.schedule import Period, build_schedule
from placements.core.terms.series import EARLIEST
from placements.reports.report import Kind, Note, Report, Row, column, table, totals_of


@dataclass(frozen=True, kw_only=True)
class TrancheRow(Row):
    """A tranche: what it raised and issued, its hold and its warrants' terms."""

    id: str = column("tranche")
    closed: date = column("closed", Kind.DATE)
    units: int = column("units", Kind.COUNT, summed=True)
    unit_price: Decimal = column("unit\nprice", Kind.PRICE)
    gross_proceeds: Decimal = column("gross", Kind.MONEY, summed=True)
    cash_fees: Decimal = column("cash\nfees", Kind.MONEY, summed=True)
    net_proceeds: Decimal = column("net", Kind.MONEY, summed=True)
    shares_issued: int = column("shares\nissued", Kind.COUNT, summed=True)
    warrants: int = column("warrants", Kind.COUNT, summed=True)
    finder_shares: int = column("finder's\nshares", Kind.COUNT, summed=True)
    finder_options: int = column("finder's\noptions", Kind.COUNT, summed=True)
    finder_units: int = column("finder's\nunits", Kind.COUNT, optional=True, summed=True)
    free_trading_from: date = column("free\ntrading", Kind.DATE)
    exercise_schedule: tuple[Period, ...] = column("exercise price\nto last day", Kind.SCHEDULE)
    expiry: date | None = column("expiry", Kind.DATE)
    flow_through: bool = column("flow-\nthrough", Kind.FLAG)
    acceleration: Acceleration | None = column("acceleration", Kind.ACCELERATION, optional=True)
    finder_options_into: str | None = column("finder's\noptions into", optional=True)
    finder_option_schedule: tuple[Period, ...] | None = column(
        "finder's options'\nprice to last day", Kind.SCHEDULE, optional=True
    )
    finder_option_expiry: date | None = column("finder's\noptions expire", Kind.DATE, optional=True)


@dataclass(frozen=True, kw_only=True)
class SecurityRow(Row):
    """An option or older warrant series the book lists beside its tranches."""

    id: str = column("security")
    kind: str = column("kind")
    count: int = column("count", Kind.COUNT)
    issued: date | None = column("issued", Kind.DATE, optional=True)
    exercise_schedule: tuple[Period, ...] = column("exercise price\nto last day", Kind.SCHEDULE)
    expiry: date = column("expiry", Kind.DATE)
    acceleration: Acceleration | None = column("acceleration", Kind.ACCELERATION, optional=True)


def tranche_row(tranche: Tranche) -> TrancheRow:
    schedule = terms.warrant_schedule(tranche)
    options = tranche.fees.options if terms.finder_options(tranche) else None
    option_schedule = terms.finder_option_schedule(tranche) if options else None
    return TrancheRow(
        id=tranche.id,
        closed=tranche.closed,
        units=terms.units(tranche),
        unit_price=tranche.unit_price,
        gross_proceeds=terms.gross_proceeds(tranche),
        cash_fees=terms.cash_fees(tranche),
        net_proceeds=terms.net_proceeds(tranche),
        shares_issued=terms.shares_issued(tranche),
        warrants=terms.warrants(tranche),
        finder_shares=terms.finder_shares(tranche),
        finder_options=terms.finder_options(tranche),
        finder_units=terms.finder_units(tranche),
        free_trading_from=terms.free_trading_date(tranche),
        exercise_schedule=schedule.periods if schedule else (),
        expiry=schedule.expiry if schedule else None,
        flow_through=tranche.unit.flow_through,
        acceleration=tranche.warrant.acceleration if tranche.warrant else None,
        finder_options_into=options.into.value if options else None,
        finder_option_schedule=option_schedule.periods if option_schedule else None,
        finder_option_expiry=option_schedule.expiry if option_schedule else None,
    )


def security_row(security: Security) -> SecurityRow:
    """An option or older warrant the book lists, with its schedule.

    With no issue date stated, the first price's start is unknown (null in JSON).
    """
    schedule = build_schedule(
        security.issued or EARLIEST, security.terms.steps, security.terms.expiry
    )
    periods = schedule.periods
    if security.issued is None:
        # the first price's start is unknown, and shown as such
        periods = (replace(periods[0], first=None), *periods[1:])  # type: ignore[arg-type]
    return SecurityRow(
        id=security.id,
        kind=security.kind.value,
        count=security.count,
        issued=security.issued,
        exercise_schedule=periods,
        expiry=schedule.expiry,
        acceleration=security.terms.acceleration,
    )


def terms_report(book: Book, source: str) -> Report:
    rows = [tranche_row(tranche) for tranche in book.tranches]
    issuer = book.issuer
    name = f"{issuer.name} ({issuer.ticker})" if issuer.ticker else issuer.name
    return Report(
        title=f"{name}: placement terms, amounts in {issuer.currency}",
        tables=(
            table("tranches", TrancheRow, rows, totals=totals_of(TrancheRow, rows)),
            table(
                "securities",
                SecurityRow,
                [security_row(security) for security in book.securities],
                title="Other securities outstanding",
            ),
        ),
        meta={
            "book": source,
            "issuer": {
                "name": issuer.name,
                "ticker": issuer.ticker,
                "exchange": issuer.exchange,
                "currency": issuer.currency,
            },
        },
        notes=tuple(note for tranche in book.tranches for note in derivation_notes(tranche)),
    )


def derivation_notes(tranche: Tranche) -> list[Note]:
    """How figures that are not simply stated were derived: what a reader would ask about."""
    notes = []
    origin = tranche.origin
    units = terms.units(tranche)
    if tranche.units is None:
        notes.append(
            Note(
                f"{tranche.id}: units = floor({tranche.stated_gross} gross / "
                f"{tranche.unit_price} per unit) = {units:,}, as only gross proceeds are stated",
                str(origin.of("gross_proceeds")),
            )
        )
    fees = tranche.fees
    cash = fees.cash
    if cash is not None and cash.percent is not None:
        exact = percent_of(terms.gross_proceeds(tranche), cash.percent) + (
            Decimal(0) if cash.amount is None else cash.amount
        )
        if exact != terms.cash_fees(tranche):
            notes.append(
                Note(
                    f"{tranche.id}: cash fees of {exact:,f} rounded to the cent, "
                    f"{terms.cash_fees(tranche):,f}",
                    str(cash.origin.of("percent")),
                )
            )
    parts = (
        ("warrants", units * tranche.unit.warrants, tranche.unit.origin.of("warrants")),
        ("finder's shares", _percent(fees.shares, units), fees.origin.of("shares")),
        (
            "finder's options",
            _percent(fees.options.quantity if fees.options else None, units),
            fees.origin.of("options"),
        ),
        ("finder's units", _percent(fees.units, units), fees.origin.of("units")),
    )
    for name, share, where in parts:
        if share is not None and share != share.to_integral_value():
            notes.append(
                Note(
                    f"{tranche.id}: {share.normalize():,f} {name} rounded down to "
                    f"{int(share):,}; no fraction is issued",
                    str(where),
                )
            )
    return notes


def _percent(quantity, units: int) -> Decimal | None:
    if quantity is None or quantity.percent_of_units is None:
        return None
    return percent_of(units, quantity.percent_of_units)
