"""The figures a tranche's terms imply: proceeds, fees, counts and dates.

Each function is one rule of docs/design.md (§Money, §Counts, §Hold), so any
figure in a report can be traced to the term it comes from.
"""

from datetime import date
from decimal import Decimal

from placements.core.money import cents, percent_of, whole
from placements.core.terms.book import ExerciseTerms, Quantity, Tranche
from placements.core.terms.hold import hold_end
from placements.core.terms.schedule import Schedule, build_schedule


def units(tranche: Tranche) -> int:
    """Units sold: as stated, or floor(gross / unit price) when only gross is stated."""
    if tranche.units is not None:
        return tranche.units
    assert tranche.stated_gross is not None, "a tranche states units or gross"
    return whole(tranche.stated_gross / tranche.unit_price)


def gross_proceeds(tranche: Tranche) -> Decimal:
    return cents(units(tranche) * tranche.unit_price)


def cash_fees(tranche: Tranche) -> Decimal:
    """The percent of gross plus the fixed amount, paid as one sum in cents."""
    cash = tranche.fees.cash
    if cash is None:
        return Decimal("0.00")
    fee = Decimal(0)
    if cash.percent is not None:
        fee += percent_of(gross_proceeds(tranche), cash.percent)
    if cash.amount is not None:
        fee += cash.amount
    return cents(fee)


def net_proceeds(tranche: Tranche) -> Decimal:
    return gross_proceeds(tranche) - cash_fees(tranche)


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


def warrants(tranche: Tranche) -> int:
    """Whole warrants issued with the units sold and the finder's units.

    Each block is rounded down on its own: no fractional warrant is issued.
    """
    per_unit = tranche.unit.warrants
    return whole(units(tranche) * per_unit) + whole(finder_units(tranche) * per_unit)


def free_trading_date(tranche: Tranche) -> date:
    """The first day the tranche's shares may trade (the legend date).

    With no hold, that is the closing date itself.
    """
    return hold_end(tranche.closed, tranche.hold.months, tranche.hold.until)


def warrant_schedule(tranche: Tranche) -> Schedule | None:
    """The dated exercise prices of the tranche's warrants, if it has any."""
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
    terms = finder_option_terms(tranche)
    return terms_schedule(tranche.closed, terms) if terms is not None else None


def terms_schedule(start: date, terms: ExerciseTerms) -> Schedule:
    return build_schedule(start, terms.steps, terms.expiry)
