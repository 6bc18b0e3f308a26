"""The terms table: one row per tranche with what it raised and issued, and totals."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from placements.core.money import percent_of
from placements.core.terms import tranche as terms
from placements.core.terms.book import (
    Acceleration,
    Book,
    Debenture,
    Offering,
    Security,
    Tranche,
)
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
from placements.core.terms.schedule import Period, build_schedule
from placements.core.terms.series import EARLIEST
from placements.core.terms.tranche import terms_schedule
from placements.core.values import value
from placements.reports.report import Kind, Note, Report, Row, column, table, totals_of


@value(kw_only=True)
class TrancheRow(Row):
    """A tranche: what it raised and issued, its hold and its warrants' terms."""

    id: str = column("tranche")
    closed: date = column("closed", Kind.DATE)
    units: int = column("units", Kind.COUNT, summed=True)
    unit_price: Decimal = column("unit\nprice", Kind.PRICE)
    gross_proceeds: Decimal = column("gross", Kind.MONEY, summed=True)
    cash_fees: Decimal | None = column("cash\nfees", Kind.MONEY, summed=True)
    net_proceeds: Decimal | None = column("net", Kind.MONEY, summed=True)
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


@value(kw_only=True)
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
    finder_options = terms.finder_options(tranche)
    options = tranche.fees.options if finder_options else None
    option_schedule = terms.finder_option_schedule(tranche) if options else None
    return TrancheRow(
        id=tranche.id,
        closed=tranche.closed,
        units=terms.units(tranche),
        unit_price=tranche.unit_price,
        gross_proceeds=terms.gross_proceeds(tranche),
        cash_fees=terms.known_cash_fees(tranche),
        net_proceeds=_net(tranche),
        shares_issued=terms.shares_issued(tranche),
        warrants=terms.warrants(tranche),
        finder_shares=terms.finder_shares(tranche),
        finder_options=finder_options,
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


def _net(tranche: Tranche) -> Decimal | None:
    fees = terms.known_cash_fees(tranche)
    return None if fees is None else terms.gross_proceeds(tranche) - fees


@value(kw_only=True)
class ClosingRow(Row):
    """What a release states beyond the tranche table: inferred dates, fees in full, holds."""

    id: str = column("tranche")
    offering: str | None = column("offering", optional=True)
    closed: date = column("closed", Kind.DATE)
    closed_inferred: str | None = column("closing\ninferred", optional=True)
    stated_gross: Decimal | None = column("stated\ngross", Kind.MONEY, optional=True)
    gross_difference: Decimal | None = column("computed less\nstated", Kind.MONEY, optional=True)
    fee_base: Decimal | None = column("cash fee\non", Kind.MONEY)
    own_cash_fees: Decimal | None = column("own cash\nfees", Kind.MONEY)
    offering_cash_fees: Decimal | None = column(
        "offering's\n(allocated)", Kind.MONEY, optional=True
    )
    cash_fees: Decimal | None = column("cash\nfees", Kind.MONEY)
    non_cash_fees: Decimal = column("non-cash at\ndeemed value", Kind.MONEY)
    total_fees: Decimal | None = column("total\nfees", Kind.MONEY)
    free_trading_from: date = column("shares\nfree", Kind.DATE)
    warrants_free_from: date | None = column("warrants\nfree", Kind.DATE, optional=True)
    finder_options_free_from: date | None = column(
        "finder's options\nfree", Kind.DATE, optional=True
    )


@value(kw_only=True)
class OfferingRow(Row):
    """An offering's stated totals beside what its tranches add up to."""

    id: str = column("offering")
    tranches: int = column("tranches", Kind.COUNT)
    earlier_tranches: str | None = column("earlier\ntranches", optional=True)
    stated_gross: Decimal | None = column("stated\ngross", Kind.MONEY)
    tranche_gross: Decimal = column("tranches'\ngross", Kind.MONEY)
    gross_difference: Decimal | None = column("tranches less\nstated", Kind.MONEY)
    stated_units: int | None = column("stated\nunits", Kind.COUNT)
    tranche_units: int = column("tranches'\nunits", Kind.COUNT)
    units_difference: int | None = column("units\ndifference", Kind.COUNT)
    cash_fees: Decimal | None = column("offering\ncash fees", Kind.MONEY)
    allocated_cash_fees: Decimal | None = column("allocated to\ntranches", Kind.MONEY)
    finder_shares: int = column("finder's\nshares", Kind.COUNT)
    finder_options: int = column("finder's\noptions", Kind.COUNT)


@value(kw_only=True)
class DebentureRow(Row):
    """Convertible debentures: principal, conversion steps, maturity and attached warrants."""

    id: str = column("debenture")
    issued: date = column("issued", Kind.DATE)
    principal: Decimal = column("principal", Kind.MONEY)
    interest: Decimal | None = column("interest", Kind.PERCENT)
    conversion_schedule: tuple[Period, ...] = column("conversion price\nto last day", Kind.SCHEDULE)
    maturity: date = column("maturity", Kind.DATE)
    shares_on_conversion: int = column("shares on\nconversion", Kind.COUNT)
    free_trading_from: date = column("free\ntrading", Kind.DATE)
    warrants: int = column("warrants", Kind.COUNT)
    warrant_schedule: tuple[Period, ...] | None = column(
        "warrant price\nto last day", Kind.SCHEDULE
    )
    warrant_expiry: date | None = column("warrants\nexpire", Kind.DATE)


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


def closing_row(tranche: Tranche) -> ClosingRow:
    """The terms of issue 12 for a tranche: inferred closing, stated gross, fees in full, holds."""
    cash = terms.known_cash_fees(tranche)
    non_cash = terms.non_cash_fees(tranche)
    schedule_free = terms.free_trading_date(tranche)
    warrants_free = terms.warrant_free_date(tranche) if tranche.warrant else None
    options_free = terms.finder_option_free_date(tranche) if tranche.fees.options else None
    return ClosingRow(
        id=tranche.id,
        offering=tranche.offering,
        closed=tranche.closed,
        closed_inferred=tranche.closed_inferred,
        stated_gross=tranche.stated_gross,
        gross_difference=terms.gross_difference(tranche),
        fee_base=terms.fee_base(tranche) if tranche.fees.cash else None,
        own_cash_fees=terms.own_cash_fees(tranche),
        offering_cash_fees=tranche.offering_cash_fees if tranche.offering else None,
        cash_fees=cash,
        non_cash_fees=non_cash,
        total_fees=None if cash is None else cash + non_cash,
        free_trading_from=schedule_free,
        warrants_free_from=warrants_free if warrants_free != schedule_free else None,
        finder_options_free_from=options_free if options_free != schedule_free else None,
    )


def offering_row(book: Book, offering: Offering) -> OfferingRow:
    listed = offering_tranches(book, offering)
    gross, units = tranche_gross(listed), tranche_units(listed)
    fee = offering_cash_fees(offering, listed)
    allocated = sum((t.offering_cash_fees for t in listed), start=Decimal("0.00"))
    fees = offering.fees
    options = fees.options.quantity if fees.options else None
    return OfferingRow(
        id=offering.id,
        tranches=len(listed),
        earlier_tranches="unknown" if offering.earlier_unknown else None,
        stated_gross=offering.gross,
        tranche_gross=gross,
        gross_difference=None if offering.gross is None else gross - offering.gross,
        stated_units=offering.units,
        tranche_units=units,
        units_difference=None if offering.units is None else units - offering.units,
        cash_fees=fee,
        allocated_cash_fees=None if not allocates(offering, listed) else allocated,
        finder_shares=offering_count(fees.shares, offering, listed),
        finder_options=offering_count(options, offering, listed),
    )


def debenture_row(debenture: Debenture) -> DebentureRow:
    schedule = terms_schedule(debenture.issued, debenture.conversion)
    attached = debenture.warrants
    warrant_schedule = (
        terms_schedule(debenture.issued, attached.terms) if attached is not None else None
    )
    return DebentureRow(
        id=debenture.id,
        issued=debenture.issued,
        principal=debenture.principal,
        interest=debenture.interest,
        conversion_schedule=schedule.periods,
        maturity=debenture.maturity,
        shares_on_conversion=conversion_shares(debenture, schedule.periods[0].price),
        free_trading_from=hold_end(debenture.issued, debenture.hold.months, debenture.hold.until),
        warrants=attached.count if attached else 0,
        warrant_schedule=warrant_schedule.periods if warrant_schedule else None,
        warrant_expiry=warrant_schedule.expiry if warrant_schedule else None,
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
    extra = []
    if uses_closing_terms(book):
        extra.append(
            table(
                "closings",
                ClosingRow,
                [closing_row(tranche) for tranche in book.tranches],
                title="Closings as stated: inferred dates, stated gross, fees in full, holds",
            )
        )
    if book.offerings:
        extra.append(
            table(
                "offerings",
                OfferingRow,
                [offering_row(book, offering) for offering in book.offerings],
                title="Offerings: stated totals reconciled with the tranches",
            )
        )
    if book.debentures:
        extra.append(
            table(
                "debentures",
                DebentureRow,
                [debenture_row(debenture) for debenture in book.debentures],
                title="Convertible debentures",
            )
        )
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
    parts = (  # where each was written is looked up only for a note
        ("warrants", units * tranche.unit.warrants, tranche.unit.origin, "warrants"),
        ("finder's shares", _percent(fees.shares, units), fees.origin, "shares"),
        (
            "finder's options",
            _percent(fees.options.quantity if fees.options else None, units),
            fees.origin,
            "options",
        ),
        ("finder's units", _percent(fees.units, units), fees.origin, "units"),
    )
    for name, share, written, key in parts:
        if share is not None and share != share.to_integral_value():
            notes.append(
                Note(
                    f"{tranche.id}: {share.normalize():,f} {name} rounded down to "
                    f"{int(share):,}; no fraction is issued",
                    str(written.of(key)),
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
