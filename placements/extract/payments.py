"""Draft the fees of each tranche from the payments a release states.

A percent (of gross, or of units) applies to every class sold. An amount or
a count stated once for a release that sold several classes goes to the
first class, with a TODO to split it, as does one that speaks of the whole
offering in a release closing one tranche of several.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from placements.core.terms.book import CashFee, Quantity
from placements.extract.draft import DraftFees, DraftWarrant, Term
from placements.extract.exercise import draft_options
from placements.extract.findings import Findings
from placements.extract.found import Found
from placements.extract.recognisers.fees import FeeKind, FeeTerm, OptionTerms

Applies = Callable[[Found[FeeTerm]], tuple[bool, str | None]]
"""Whether a class takes a payment, and why a reviewer should look at it."""

SPLIT = "stated once for the whole offering; split it across its tranches"
INTRODUCED = (
    "paid only on the subscribers the finder introduced, which the release does not count; "
    "this overstates it"
)
BASE_UNKNOWN = (
    "a percent of only the gross from the purchasers the finder introduced, which the release "
    "does not state: set of_gross to that amount"
)


@dataclass(frozen=True)
class StatedFees:
    """What a release says it paid, sorted once for every class it sold.

    Each class reads only the first payment of each kind (and, for a count,
    the first that differs from it): looking them up in all the payments for
    each class would be quadratic in a release of many classes and payments.
    """

    none: Found[FeeTerm] | None
    any: bool
    cash_percent: Found[FeeTerm] | None
    cash_amount: Found[FeeTerm] | None
    first: dict[FeeKind, tuple[Found[FeeTerm], Found[FeeTerm] | None]]
    several: bool
    tranche_release: bool
    option_terms: list[OptionTerms]


def stated_fees(findings: Findings) -> StatedFees:
    """The payments of a release, by kind."""
    payments = findings.fees
    first: dict[FeeKind, tuple[Found[FeeTerm], Found[FeeTerm] | None]] = {}
    for payment in payments:
        kind = payment.value.kind
        if kind not in first:
            first[kind] = (payment, None)
        elif first[kind][1] is None and payment.value != first[kind][0].value:
            first[kind] = (first[kind][0], payment)
    cash = [payment for payment in payments if payment.value.kind is FeeKind.CASH]
    return StatedFees(
        none=first.get(FeeKind.NONE, (None, None))[0],
        any=bool(payments),
        cash_percent=next((p for p in cash if p.value.percent is not None), None),
        cash_amount=next((p for p in cash if p.value.amount is not None), None),
        first=first,
        several=len(findings.classes) > 1,
        tranche_release=bool(findings.tranche_wording),
        option_terms=_first_option_terms(findings.option_terms),
    )


def _first_option_terms(terms: list[OptionTerms]) -> list[OptionTerms]:
    """The first terms that give each of what :func:`draft_options` reads, in their order."""
    wanted = (
        next((t for t in terms if t.into_units), None),
        next((t for t in terms if t.same_as_warrants), None),
        next((t for t in terms if t.schedule), None),
    )
    kept = {id(t) for t in wanted if t is not None}
    return [t for t in terms if id(t) in kept]


def draft_fees(
    stated: StatedFees, position: int, warrant: DraftWarrant | None, closed: date
) -> DraftFees:
    """The fees of the ``position``-th class of a release."""
    if stated.none is not None:
        return DraftFees(remark=Term(None, (stated.none.quote,)))
    if not stated.any:
        return DraftFees(
            remark=Term(None, todo="the release states no fees; check whether finders were paid")
        )

    def applies(payment: Found[FeeTerm]) -> tuple[bool, str | None]:
        """Whether this class takes the payment, and why a reviewer should look at it."""
        fixed = payment.value.percent is None
        if payment.value.introduced:
            return True, INTRODUCED
        if fixed and stated.several:
            return position == 0, SPLIT
        if fixed and stated.tranche_release and payment.value.whole_offering:
            return True, "this may cover the whole offering, not only this tranche"
        return True, None

    def quantity(kind: FeeKind) -> Term[Quantity] | None:
        payment, other = stated.first.get(kind, (None, None))
        return _quantity(payment, other, applies)

    cash = _cash(stated.cash_percent, stated.cash_amount, applies)
    shares = quantity(FeeKind.SHARES)
    units = quantity(FeeKind.UNITS)
    options = quantity(FeeKind.OPTIONS)
    finder_options = None
    if options is not None:
        finder_options = draft_options(options, stated.option_terms, warrant, closed)
    fees = DraftFees(cash, shares, finder_options, units)
    if fees.empty:
        return DraftFees(remark=Term(None, remark="the fees stated once are on the first class"))
    return fees


def _cash(
    percent: Found[FeeTerm] | None, amount: Found[FeeTerm] | None, applies: Applies
) -> Term[CashFee] | None:
    """One cash fee: a percent, an amount, or both when stated in different sentences.

    An amount restated as a percent ("$6,000, being 6% of...") is one fee,
    kept as the amount.
    """
    todos = []
    if amount and amount.value.restates:
        todos.append(f'"{amount.value.restates}" restates the amount; only the amount is kept')
    kept = [payment for payment in (percent, amount) if payment is not None]
    chosen = []
    for payment in kept:
        takes, why = applies(payment)
        if takes:
            chosen.append(payment)
        if takes and why and why not in todos:
            todos.append(why)
    if not chosen:
        return None
    percent_value = next((p.value.percent for p in chosen if p.value.percent is not None), None)
    amount_value = next((p.value.amount for p in chosen if p.value.amount is not None), None)
    # a percent of the introduced purchasers' gross alone is a fee of unknown base: the
    # book shows it as unknown rather than the percent of all the gross, which overstates it
    base_unknown = amount_value is None and any(p.value.introduced for p in chosen)
    if base_unknown:
        todos = [BASE_UNKNOWN if why == INTRODUCED else why for why in todos]
    fee = CashFee(percent=percent_value, amount=amount_value, base_unknown=base_unknown)
    return Term(fee, tuple(p.quote for p in chosen), "; ".join(todos) or None)


def _quantity(
    payment: Found[FeeTerm] | None, other: Found[FeeTerm] | None, applies: Applies
) -> Term[Quantity] | None:
    """Finder's shares, units or options: the first stated, as a percent of units or a count.

    ``other`` is the first payment of the same kind that says something else.
    """
    if payment is None:
        return None
    takes, why = applies(payment)
    if not takes:
        return None
    value = payment.value
    quantity = (
        Quantity(percent_of_units=value.percent)
        if value.percent is not None
        else Quantity(count=value.count, deemed_price=value.deemed_price)
    )
    todos = [why] if why else []
    if other is not None:
        todos.append(f'the release also says "{other.quote}"')
    return Term(quantity, (payment.quote,), "; ".join(todos) or None)
