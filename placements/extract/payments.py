"""Draft the fees of each tranche from the payments a release states.

A percent (of gross, or of units) applies to every class sold. An amount or
a count stated once for a release that sold several classes goes to the
first class, with a TODO to split it, as does one that speaks of the whole
offering in a release closing one tranche of several.
"""

from collections.abc import Callable
from datetime import date

from placements.core.terms.book import CashFee, Quantity
from placements.extract.draft import DraftFees, DraftWarrant, Term
from placements.extract.exercise import draft_options
from placements.extract.findings import Findings
from placements.extract.found import Found
from placements.extract.recognisers.fees import FeeKind, FeeTerm

Applies = Callable[[Found[FeeTerm]], tuple[bool, str | None]]
"""Whether a class takes a payment, and why a reviewer should look at it."""

SPLIT = "stated once for the whole offering; split it across its tranches"
INTRODUCED = (
    "paid only on the subscribers the finder introduced, which the release does not count; "
    "this overstates it"
)


def draft_fees(
    findings: Findings, position: int, warrant: DraftWarrant | None, closed: date
) -> DraftFees:
    """The fees of the ``position``-th class of a release."""
    payments = findings.fees
    if any(payment.value.kind is FeeKind.NONE for payment in payments):
        stated = next(payment for payment in payments if payment.value.kind is FeeKind.NONE)
        return DraftFees(remark=Term(None, (stated.quote,)))
    if not payments:
        return DraftFees(
            remark=Term(None, todo="the release states no fees; check whether finders were paid")
        )
    several = len(findings.classes) > 1
    tranche_release = bool(findings.tranche_wording)

    def share(kind: FeeKind) -> list[Found[FeeTerm]]:
        return [payment for payment in payments if payment.value.kind is kind]

    def applies(payment: Found[FeeTerm]) -> tuple[bool, str | None]:
        """Whether this class takes the payment, and why a reviewer should look at it."""
        fixed = payment.value.percent is None
        if payment.value.introduced:
            return True, INTRODUCED
        if fixed and several:
            return position == 0, SPLIT
        if fixed and tranche_release and payment.value.whole_offering:
            return True, "this may cover the whole offering, not only this tranche"
        return True, None

    cash = _cash(share(FeeKind.CASH), applies)
    shares = _quantity(share(FeeKind.SHARES), applies)
    units = _quantity(share(FeeKind.UNITS), applies)
    options = _quantity(share(FeeKind.OPTIONS), applies)
    finder_options = None
    if options is not None:
        finder_options = draft_options(options, findings.option_terms, warrant, closed)
    fees = DraftFees(cash, shares, finder_options, units)
    if fees.empty:
        return DraftFees(remark=Term(None, remark="the fees stated once are on the first class"))
    return fees


def _cash(payments: list[Found[FeeTerm]], applies: Applies) -> Term[CashFee] | None:
    """One cash fee: a percent, an amount, or both when stated in different sentences.

    An amount restated as a percent ("$6,000, being 6% of...") is one fee,
    kept as the amount.
    """
    percent = next((p for p in payments if p.value.percent is not None), None)
    amount = next((p for p in payments if p.value.amount is not None), None)
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
    fee = CashFee(percent=percent_value, amount=amount_value)
    return Term(fee, tuple(p.quote for p in chosen), "; ".join(todos) or None)


def _quantity(payments: list[Found[FeeTerm]], applies: Applies) -> Term[Quantity] | None:
    """Finder's shares, units or options: the first stated, as a percent of units or a count."""
    if not payments:
        return None
    payment = payments[0]
    takes, why = applies(payment)
    if not takes:
        return None
    value = payment.value
    quantity = (
        Quantity(percent_of_units=value.percent)
        if value.percent is not None
        else Quantity(count=value.count)
    )
    todos = [why] if why else []
    others = [p for p in payments[1:] if p.value != value]
    if others:
        todos.append(f'the release also says "{others[0].quote}"')
    return Term(quantity, (payment.quote,), "; ".join(todos) or None)
