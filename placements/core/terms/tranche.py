"""The figures a tranche's terms imply: proceeds, fees, counts and dates.

Each function is one rule of docs/design.md (§Money, §Counts, §Hold), so any
figure in a report can be traced to the term it comes from.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from placements.core.memo import per_object
from placements.core.money import cents, percent_of, whole
from placements.core.terms.book import CashFee, ExerciseTerms, Hold, Quantity, Tranche
from placements.core.terms.hold import hold_end
from placements.core.terms.schedule import Schedule, build_schedule


def units(tranche: Tranche) -> int:
    """Units sold: as stated, or floor(gross / unit price) when only gross is stated."""
    if tranche.units is not None:
        return tranche.units
    assert tranche.stated_gross is not None, "a tranche states units or gross"
    return whole(tranche.stated_gross / tranche.unit_price)


@per_object
def gross_proceeds(tranche: Tranche) -> Decimal:
    """Units times the unit price, to the cent; remembered per tranche, as every check,
    row and count asks for it."""
    return cents(units(tranche) * tranche.unit_price)


def fee_base(tranche: Tranche) -> Decimal | None:
    """The gross a percent cash fee is on: all of it, or the stated part; None when unknown."""
    cash = tranche.fees.cash
    if cash is None or (cash.of_gross is None and cash.of_units is None):
        return None if cash is not None and cash.base_unknown else gross_proceeds(tranche)
    if cash.of_gross is not None:
        return cash.of_gross
    assert cash.of_units is not None
    return cents(cash.of_units * tranche.unit_price)


@per_object
def own_cash_fees(tranche: Tranche) -> Decimal | None:
    """The tranche's own cash fee: percent of its base plus the fixed amount, one sum in cents.

    None when the fee is a percent of a part of the offering that is not stated. Remembered
    per tranche: a run reads it for the placements' net and again for its notes.
    """
    return cash_fee(tranche.fees.cash, lambda: fee_base(tranche))


def cash_fee(cash: CashFee | None, base: Callable[[], Decimal | None]) -> Decimal | None:
    """A cash fee as one payment in cents: the percent of its ``base`` plus the fixed amount.

    ``base`` is asked for only when there is a percent; None when it is not stated,
    and then the fee is unknown too.
    """
    if cash is None:
        return Decimal("0.00")
    fee = Decimal(0)
    if cash.percent is not None:
        on = base()
        if on is None:
            return None
        fee += percent_of(on, cash.percent)
    if cash.amount is not None:
        fee += cash.amount
    return cents(fee)


def known_cash_fees(tranche: Tranche) -> Decimal | None:
    """Cash fees with the tranche's share of its offering's; None when a base is unknown."""
    own = own_cash_fees(tranche)
    return None if own is None else own + tranche.offering_cash_fees


def cash_fees(tranche: Tranche) -> Decimal:
    """Cash fees as paid; a fee on an unknown base counts as 0 (reports show it as unknown)."""
    own = own_cash_fees(tranche)
    return (Decimal("0.00") if own is None else own) + tranche.offering_cash_fees


def net_proceeds(tranche: Tranche) -> Decimal:
    return gross_proceeds(tranche) - cash_fees(tranche)


def gross_difference(tranche: Tranche) -> Decimal | None:
    """Computed gross less the gross stated beside the units (releases often drop cents)."""
    if tranche.units is None or tranche.stated_gross is None:
        return None
    return gross_proceeds(tranche) - tranche.stated_gross


def deemed_value(of: Quantity | None, tranche: Tranche) -> Decimal | None:
    """Securities paid as a fee at their deemed price, in cents; None when no price is stated."""
    if of is None or of.deemed_price is None:
        return None
    return cents(quantity(of, tranche) * of.deemed_price)


def non_cash_fees(tranche: Tranche) -> Decimal:
    """Finder's shares and units at their deemed value (0 where no deemed price is stated)."""
    fees = tranche.fees
    values = (deemed_value(fees.shares, tranche), deemed_value(fees.units, tranche))
    return sum((value for value in values if value is not None), start=Decimal("0.00"))


def quantity(of: Quantity | None, tranche: Tranche) -> int:
    """A stated count, or floor(units x percent / 100); none is 0."""
    if of is None:
        return 0
    if of.count is not None:
        return of.count
    assert of.percent_of_units is not None, "a quantity states a count or a percent"
    return whole(percent_of(units(tranche), of.percent_of_units))


def finder_shares(tranche: Tranche) -> int:
    return quantity(tranche.fees.shares, tranche)


def finder_units(tranche: Tranche) -> int:
    return quantity(tranche.fees.units, tranche)


def finder_options(tranche: Tranche) -> int:
    options = tranche.fees.options
    return quantity(options.quantity if options else None, tranche)


def shares_issued(tranche: Tranche) -> int:
    """Shares issued at closing: the units' shares, finder's shares and finder's units' shares."""
    return (units(tranche) + finder_units(tranche)) * tranche.unit.shares + finder_shares(tranche)


@per_object
def warrants(tranche: Tranche) -> int:
    """Whole warrants issued with the units sold and the finder's units.

    Each block is rounded down on its own: no fractional warrant is issued.
    Remembered per tranche, like the gross.
    """
    per_unit = tranche.unit.warrants
    finders = finder_units(tranche)
    return whole(units(tranche) * per_unit) + (whole(finders * per_unit) if finders else 0)


def free_trading_date(tranche: Tranche) -> date:
    """The first day the tranche's shares may trade (the legend date).

    With no hold, that is the closing date itself.
    """
    return hold_end(tranche.closed, tranche.hold.months, tranche.hold.until)


def own_hold_end(start: date, hold: Hold | None, otherwise: date) -> date:
    """The first free day of securities with their own ``hold``, else ``otherwise``."""
    return otherwise if hold is None else hold_end(start, hold.months, hold.until)


def warrant_free_date(tranche: Tranche) -> date:
    """When the tranche's warrants (and shares from them) are free: their own hold or its."""
    own = tranche.warrant.hold if tranche.warrant is not None else None
    return own_hold_end(tranche.closed, own, free_trading_date(tranche))


def finder_option_free_date(tranche: Tranche) -> date:
    """When the finder's (broker) options are free: their own hold or the tranche's."""
    options = tranche.fees.options
    return own_hold_end(
        tranche.closed, options.hold if options else None, free_trading_date(tranche)
    )


@per_object
def warrant_schedule(tranche: Tranche) -> Schedule | None:
    """The dated exercise prices of the tranche's warrants, if it has any.

    Remembered per tranche: its series and its row of the terms table both ask.
    """
    if tranche.warrant is None:
        return None
    return terms_schedule(tranche.closed, tranche.warrant)


def finder_option_terms(tranche: Tranche) -> ExerciseTerms | None:
    """The finder's options' own terms, or the warrants' when they share them."""
    options = tranche.fees.options
    if options is None:
        return None
    return options.terms if options.terms is not None else tranche.warrant


def finder_option_schedule(tranche: Tranche) -> Schedule | None:
    """The finder's options' dated prices: the warrants' schedule when they share the terms."""
    terms = finder_option_terms(tranche)
    if terms is None:
        return None
    if terms is tranche.warrant:
        return warrant_schedule(tranche)
    return terms_schedule(tranche.closed, terms)


def terms_schedule(start: date, terms: ExerciseTerms) -> Schedule:
    return build_schedule(start, terms.steps, terms.expiry)
