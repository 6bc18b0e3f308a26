"""The terms table: one row per tranche with what it raised and issued, and totals."""

from dataclasses import replace
from decimal import Decimal

from placements.core.money import percent_of
from placements.core.terms import tranche as terms
from placements.core.terms.book import Book, Debenture, Offering, Security, Tranche
from placements.core.terms.debenture import conversion_shares
from placements.core.terms.hold import FOUR_MONTHS, ONE_DAY, hold_end
from placements.core.terms.offering import (
    allocates,
    offering_cash_fees,
    offering_count,
    offering_tranches,
    tranche_gross,
    tranche_units,
)
from placements.core.terms.schedule import build_schedule
from placements.core.terms.series import EARLIEST
from placements.core.terms.tranche import terms_schedule
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
        "cash_fees": terms.known_cash_fees(tranche),
        "net_proceeds": _net(tranche),
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


def _net(tranche: Tranche) -> Decimal | None:
    fees = terms.known_cash_fees(tranche)
    return None if fees is None else terms.gross_proceeds(tranche) - fees


CLOSING_COLUMNS = (
    Column("id", "tranche"),
    Column("offering", "offering", optional=True),
    Column("closed", "closed", Kind.DATE),
    Column("closed_inferred", "closing\ninferred", optional=True),
    Column("stated_gross", "stated\ngross", Kind.MONEY, optional=True),
    Column("gross_difference", "computed less\nstated", Kind.MONEY, optional=True),
    Column("fee_base", "cash fee\non", Kind.MONEY),
    Column("own_cash_fees", "own cash\nfees", Kind.MONEY),
    Column("offering_cash_fees", "offering's\n(allocated)", Kind.MONEY, optional=True),
    Column("cash_fees", "cash\nfees", Kind.MONEY),
    Column("non_cash_fees", "non-cash at\ndeemed value", Kind.MONEY),
    Column("total_fees", "total\nfees", Kind.MONEY),
    Column("free_trading_from", "shares\nfree", Kind.DATE),
    Column("warrants_free_from", "warrants\nfree", Kind.DATE, optional=True),
    Column("finder_options_free_from", "finder's options\nfree", Kind.DATE, optional=True),
)
OFFERING_COLUMNS = (
    Column("id", "offering"),
    Column("tranches", "tranches", Kind.COUNT),
    Column("earlier_tranches", "earlier\ntranches", optional=True),
    Column("stated_gross", "stated\ngross", Kind.MONEY),
    Column("tranche_gross", "tranches'\ngross", Kind.MONEY),
    Column("gross_difference", "tranches less\nstated", Kind.MONEY),
    Column("stated_units", "stated\nunits", Kind.COUNT),
    Column("tranche_units", "tranches'\nunits", Kind.COUNT),
    Column("units_difference", "units\ndifference", Kind.COUNT),
    Column("cash_fees", "offering\ncash fees", Kind.MONEY),
    Column("allocated_cash_fees", "allocated to\ntranches", Kind.MONEY),
    Column("finder_shares", "finder's\nshares", Kind.COUNT),
    Column("finder_options", "finder's\noptions", Kind.COUNT),
)
DEBENTURE_COLUMNS = (
    Column("id", "debenture"),
    Column("issued", "issued", Kind.DATE),
    Column("principal", "principal", Kind.MONEY),
    Column("interest", "interest", Kind.PERCENT),
    Column("conversion_schedule", "conversion price\nto last day", Kind.SCHEDULE),
    Column("maturity", "maturity", Kind.DATE),
    Column("shares_on_conversion", "shares on\nconversion", Kind.COUNT),
    Column("free_trading_from", "free\ntrading", Kind.DATE),
    Column("warrants", "warrants", Kind.COUNT),
    Column("warrant_schedule", "warrant price\nto last day", Kind.SCHEDULE),
    Column("warrant_expiry", "warrants\nexpire", Kind.DATE),
)


def uses_closing_terms(book: Book) -> bool:
    """Whether any tranche states a term of issue 12 that the tranches table cannot show."""
    for tranche in book.tranches:
        fees = tranche.fees
        cash = fees.cash
        if (
            tranche.closed_inferred is not None
            or tranche.offering is not None
            or (tranche.units is not None and tranche.stated_gross is not None)
            or (cash is not None and (cash.base_unknown or cash.of_gross or cash.of_units))
            or any(q is not None and q.deemed_price is not None for q in (fees.shares, fees.units))
            or (tranche.warrant is not None and tranche.warrant.hold is not None)
            or (fees.options is not None and fees.options.hold is not None)
        ):
            return True
    return bool(book.offerings)


def closing_row(tranche: Tranche) -> dict[str, object]:
    """The terms of issue 12 for a tranche: inferred closing, stated gross, fees in full, holds."""
    cash = terms.known_cash_fees(tranche)
    non_cash = terms.non_cash_fees(tranche)
    schedule_free = terms.free_trading_date(tranche)
    warrants_free = terms.warrant_free_date(tranche) if tranche.warrant else None
    options_free = terms.finder_option_free_date(tranche) if tranche.fees.options else None
    return {
        "id": tranche.id,
        "offering": tranche.offering,
        "closed": tranche.closed,
        "closed_inferred": tranche.closed_inferred,
        "stated_gross": tranche.stated_gross,
        "gross_difference": terms.gross_difference(tranche),
        "fee_base": terms.fee_base(tranche) if tranche.fees.cash else None,
        "own_cash_fees": terms.own_cash_fees(tranche),
        "offering_cash_fees": tranche.offering_cash_fees if tranche.offering else None,
        "cash_fees": cash,
        "non_cash_fees": non_cash,
        "total_fees": None if cash is None else cash + non_cash,
        "free_trading_from": schedule_free,
        "warrants_free_from": warrants_free if warrants_free != schedule_free else None,
        "finder_options_free_from": options_free if options_free != schedule_free else None,
    }


def offering_row(book: Book, offering: Offering) -> dict[str, object]:
    listed = offering_tranches(book, offering)
    gross, units = tranche_gross(listed), tranche_units(listed)
    fee = offering_cash_fees(offering, listed)
    allocated = sum((t.offering_cash_fees for t in listed), start=Decimal("0.00"))
    fees = offering.fees
    options = fees.options.quantity if fees.options else None
    return {
        "id": offering.id,
        "tranches": len(listed),
        "earlier_tranches": "unknown" if offering.earlier_unknown else None,
        "stated_gross": offering.gross,
        "tranche_gross": gross,
        "gross_difference": None if offering.gross is None else gross - offering.gross,
        "stated_units": offering.units,
        "tranche_units": units,
        "units_difference": None if offering.units is None else units - offering.units,
        "cash_fees": fee,
        "allocated_cash_fees": None if not allocates(offering, listed) else allocated,
        "finder_shares": offering_count(fees.shares, offering, listed),
        "finder_options": offering_count(options, offering, listed),
    }


def debenture_row(debenture: Debenture) -> dict[str, object]:
    schedule = terms_schedule(debenture.issued, debenture.conversion)
    attached = debenture.warrants
    warrant_schedule = (
        terms_schedule(debenture.issued, attached.terms) if attached is not None else None
    )
    return {
        "id": debenture.id,
        "issued": debenture.issued,
        "principal": debenture.principal,
        "interest": debenture.interest,
        "conversion_schedule": schedule.periods,
        "maturity": debenture.maturity,
        "shares_on_conversion": conversion_shares(debenture, schedule.periods[0].price),
        "free_trading_from": hold_end(
            debenture.issued, debenture.hold.months, debenture.hold.until
        ),
        "warrants": attached.count if attached else 0,
        "warrant_schedule": warrant_schedule.periods if warrant_schedule else None,
        "warrant_expiry": warrant_schedule.expiry if warrant_schedule else None,
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
    totals = {
        key: None
        if any(row[key] is None for row in rows)
        else sum((row[key] for row in rows), start=_zero(key))
        for key in SUMMED
    }
    extra = []
    if uses_closing_terms(book):
        extra.append(
            table(
                "closings",
                CLOSING_COLUMNS,
                [closing_row(tranche) for tranche in book.tranches],
                title="Closings as stated: inferred dates, stated gross, fees in full, holds",
            )
        )
    if book.offerings:
        extra.append(
            table(
                "offerings",
                OFFERING_COLUMNS,
                [offering_row(book, offering) for offering in book.offerings],
                title="Offerings: stated totals reconciled with the tranches",
            )
        )
    if book.debentures:
        extra.append(
            table(
                "debentures",
                DEBENTURE_COLUMNS,
                [debenture_row(debenture) for debenture in book.debentures],
                title="Convertible debentures",
            )
        )
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
            *extra,
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
        notes=tuple(note for tranche in book.tranches for note in derivation_notes(tranche))
        + tuple(offering_notes(book)),
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
    if tranche.closed_inferred is not None:
        how = (
            f"{tranche.id}: closing {tranche.closed.isoformat()} is inferred "
            f"({tranche.closed_inferred})"
        )
        if tranche.closed_from_hold and tranche.hold.until is not None:
            earliest = tranche.closed
            while hold_end(earliest - ONE_DAY, FOUR_MONTHS) == tranche.hold.until:
                earliest -= ONE_DAY
            span = (
                f"{earliest.isoformat()} to {tranche.closed.isoformat()} all give"
                if earliest != tranche.closed
                else "only it gives"
            )
            how += (
                f": the latest day whose four-month hold gives the stated "
                f"{tranche.hold.until.isoformat()} ({span} it)"
            )
        notes.append(Note(how, str(origin.of("closed"))))
    difference = terms.gross_difference(tranche)
    if difference:
        notes.append(
            Note(
                f"{tranche.id}: {units:,} units x {tranche.unit_price} = "
                f"{terms.gross_proceeds(tranche):,f}, the gross used; the release states "
                f"{tranche.stated_gross:,f} ({difference:+,f})",
                str(origin.of("gross_proceeds")),
            )
        )
    fees = tranche.fees
    cash = fees.cash
    if cash is not None and cash.base_unknown:
        notes.append(
            Note(
                f"{tranche.id}: the {cash.percent}% cash fee is on part of the gross that is not "
                "stated, so the fee (and net) is unknown",
                str(cash.origin.of("of_gross")),
            )
        )
    if tranche.offering_cash_fees:
        notes.append(
            Note(
                f"{tranche.id}: cash fees include {tranche.offering_cash_fees:,f}, its share of "
                f"offering {tranche.offering}'s cash fees, pro rata to gross",
                str(origin.of("offering")),
            )
        )
    own = terms.own_cash_fees(tranche)
    if cash is not None and cash.percent is not None and own is not None:
        base = terms.fee_base(tranche)
        assert base is not None
        exact = percent_of(base, cash.percent) + (
            Decimal(0) if cash.amount is None else cash.amount
        )
        if exact != own:
            notes.append(
                Note(
                    f"{tranche.id}: cash fees of {exact:,f} rounded to the cent, {own:,f}",
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


def offering_notes(book: Book) -> list[Note]:
    notes = []
    for offering in book.offerings:
        listed = offering_tranches(book, offering)
        if offering.earlier_unknown:
            notes.append(
                Note(
                    f"{offering.id}: the stated totals include earlier tranches the book does not "
                    "list; they are not split, and fees are not allocated",
                    str(offering.origin.of("earlier_tranches")),
                )
            )
        elif offering.fees.cash is not None and listed:
            fee = offering_cash_fees(offering, listed)
            notes.append(
                Note(
                    f"{offering.id}: offering cash fees of "
                    f"{'an unknown amount' if fee is None else format(fee, ',f')} "
                    + (
                        "are not allocated"
                        if fee is None
                        else "allocated pro rata to the tranches' gross, to the cent, the "
                        "left-over cents to the largest remainders"
                    ),
                    str(offering.origin.of("fees")),
                )
            )
    return notes


def _percent(quantity, units: int) -> Decimal | None:
    if quantity is None or quantity.percent_of_units is None:
        return None
    return percent_of(units, quantity.percent_of_units)
