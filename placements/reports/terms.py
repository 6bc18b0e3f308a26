"""The terms table: one row per tranche with what it raised and issued, and totals."""

from dataclasses import replace
from decimal import Decimal

from placements.core.money import percent_of
from placements.core.terms import tranche as terms
from placements.core.terms.book import Book, Security, Tranche
from placements.core.terms.schedule import build_schedule
from placements.core.terms.series import EARLIEST
from placements.reports.report import Column, Kind, Note, Report, table

COLUMNS = (
    Column("id", "tranche"),
    Column("closed", "closed", Kind.DATE),
    Column("units", "units", Kind.COUNT),
    Column("unit_price", "unit\nprice", Kind.PRICE),
    Column("gross_proceeds", "gross", Kind.MONEY),
    Column("cash_fees", "cash\nfees", Kind.MONEY),
    Column("net_proceeds", "net", Kind.MONEY),
    Column("shares_issued", "shares\nissued", Kind.COUNT),
    Column("warrants", "warrants", Kind.COUNT),
    Column("finder_shares", "finder's\nshares", Kind.COUNT),
    Column("finder_options", "finder's\noptions", Kind.COUNT),
    Column("finder_units", "finder's\nunits", Kind.COUNT, optional=True),
    Column("free_trading_from", "free\ntrading", Kind.DATE),
    Column("exercise_schedule", "exercise price\nto last day", Kind.SCHEDULE),
    Column("expiry", "expiry", Kind.DATE),
    Column("flow_through", "flow-\nthrough", Kind.FLAG),
    Column("acceleration", "acceleration", Kind.ACCELERATION, optional=True),
    Column("finder_options_into", "finder's\noptions into", optional=True),
    Column("finder_option_schedule", "finder's options'\nprice to last day", Kind.SCHEDULE, True),
    Column("finder_option_expiry", "finder's\noptions expire", Kind.DATE, optional=True),
)
SECURITY_COLUMNS = (
    Column("id", "security"),
    Column("kind", "kind"),
    Column("count", "count", Kind.COUNT),
    Column("issued", "issued", Kind.DATE, optional=True),
    Column("exercise_schedule", "exercise price\nto last day", Kind.SCHEDULE),
    Column("expiry", "expiry", Kind.DATE),
    Column("acceleration", "acceleration", Kind.ACCELERATION, optional=True),
)

SUMMED = (
    "units",
    "gross_proceeds",
    "cash_fees",
    "net_proceeds",
    "shares_issued",
    "warrants",
    "finder_shares",
    "finder_options",
    "finder_units",
)


def tranche_row(tranche: Tranche) -> dict[str, object]:
    schedule = terms.warrant_schedule(tranche)
    options = tranche.fees.options if terms.finder_options(tranche) else None
    option_schedule = terms.finder_option_schedule(tranche) if options else None
    return {
        "id": tranche.id,
        "closed": tranche.closed,
        "units": terms.units(tranche),
        "unit_price": tranche.unit_price,
        "gross_proceeds": terms.gross_proceeds(tranche),
        "cash_fees": terms.cash_fees(tranche),
        "net_proceeds": terms.net_proceeds(tranche),
        "shares_issued": terms.shares_issued(tranche),
        "warrants": terms.warrants(tranche),
        "finder_shares": terms.finder_shares(tranche),
        "finder_options": terms.finder_options(tranche),
        "finder_units": terms.finder_units(tranche),
        "free_trading_from": terms.free_trading_date(tranche),
        "exercise_schedule": schedule.periods if schedule else (),
        "expiry": schedule.expiry if schedule else None,
        "flow_through": tranche.unit.flow_through,
        "acceleration": tranche.warrant.acceleration if tranche.warrant else None,
        "finder_options_into": options.into.value if options else None,
        "finder_option_schedule": option_schedule.periods if option_schedule else None,
        "finder_option_expiry": option_schedule.expiry if option_schedule else None,
    }


def security_row(security: Security) -> dict[str, object]:
    """An option or older warrant the book lists, with its schedule.

    With no issue date stated, the first price's start is unknown (null in JSON).
    """
    schedule = build_schedule(
        security.issued or EARLIEST, security.terms.steps, security.terms.expiry
    )
    periods = schedule.periods
    if security.issued is None:
        periods = (replace(periods[0], first=None), *periods[1:])
    return {
        "id": security.id,
        "kind": security.kind.value,
        "count": security.count,
        "issued": security.issued,
        "exercise_schedule": periods,
        "expiry": schedule.expiry,
        "acceleration": security.terms.acceleration,
    }


def terms_report(book: Book, source: str) -> Report:
    rows = [tranche_row(tranche) for tranche in book.tranches]
    totals = {key: sum((row[key] for row in rows), start=_zero(key)) for key in SUMMED}
    issuer = book.issuer
    name = f"{issuer.name} ({issuer.ticker})" if issuer.ticker else issuer.name
    return Report(
        title=f"{name}: placement terms, amounts in {issuer.currency}",
        tables=(
            table("tranches", COLUMNS, rows, totals=totals),
            table(
                "securities",
                SECURITY_COLUMNS,
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


def _zero(key: str) -> Decimal | int:
    money = {"gross_proceeds", "cash_fees", "net_proceeds"}
    return Decimal("0.00") if key in money else 0


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
    for name, exact, where in parts:
        if exact is not None and exact != exact.to_integral_value():
            notes.append(
                Note(
                    f"{tranche.id}: {exact.normalize():,f} {name} rounded down to "
                    f"{int(exact):,}; no fraction is issued",
                    str(where),
                )
            )
    return notes


def _percent(quantity, units: int) -> Decimal | None:
    if quantity is None or quantity.percent_of_units is None:
        return None
    return percent_of(units, quantity.percent_of_units)
