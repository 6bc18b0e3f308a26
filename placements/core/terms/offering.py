"""Offerings: tranches or classes sold under one headline, and the figures stated for them all.

A release often states the gross, the units and the fees once for the whole
offering. The stated totals are reconciled with the tranches' (design.md
§Offerings); the offering's cash fees are allocated to its tranches pro rata
to their gross, to the cent, by largest remainder, so the parts foot to the
stated whole.
"""

from dataclasses import replace
from decimal import Decimal

from placements.core.money import cents, percent_of, whole
from placements.core.terms.book import Book, Offering, Quantity, Tranche
from placements.core.terms.tranche import cash_fee, gross_proceeds, units

CENT = Decimal("0.01")


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``total`` split pro rata to ``weights`` in cents, the parts summing to it exactly.

    Each part is first rounded down to the cent; the cents left over go one
    each to the parts with the largest remainders (the earlier part on a tie).
    """
    whole_cents = int(total / CENT)
    weight = sum(weights, start=Decimal(0))
    if not weights:
        return []
    if weight == 0:
        weights, weight = [Decimal(1)] * len(weights), Decimal(len(weights))
    exact = [whole_cents * w / weight for w in weights]
    parts = [int(e) for e in exact]
    left = whole_cents - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(part) * CENT for part in parts]


def offering_tranches(book: Book, offering: Offering) -> list[Tranche]:
    return [tranche for tranche in book.tranches if tranche.offering == offering.id]


def tranche_gross(tranches: list[Tranche]) -> Decimal:
    return sum((gross_proceeds(t) for t in tranches), start=Decimal("0.00"))


def tranche_units(tranches: list[Tranche]) -> int:
    return sum(units(t) for t in tranches)


def offering_base(offering: Offering, tranches: list[Tranche]) -> Decimal | None:
    """What the offering's percent cash fee is on: a stated part, else the whole gross.

    The whole is the stated gross, else the listed tranches'; None when the
    release gives the fee on a part it does not state.
    """
    cash = offering.fees.cash
    if cash is not None and cash.base_unknown:
        return None
    if cash is not None and cash.of_gross is not None:
        return cash.of_gross
    if cash is not None and cash.of_units is not None and tranches:
        return cents(cash.of_units * tranches[0].unit_price)
    return offering.gross if offering.gross is not None else tranche_gross(tranches)


def offering_cash_fees(offering: Offering, tranches: list[Tranche]) -> Decimal | None:
    """The offering's cash fee as one payment: percent of its base plus the amount."""
    return cash_fee(offering.fees.cash, lambda: offering_base(offering, tranches))


def offering_count(quantity: Quantity | None, offering: Offering, tranches: list[Tranche]) -> int:
    """A stated count, or floor(units x percent / 100) of the offering's units."""
    if quantity is None:
        return 0
    if quantity.count is not None:
        return int(quantity.count)
    total = offering.units if offering.units is not None else tranche_units(tranches)
    assert quantity.percent_of_units is not None, "a quantity states a count or a percent"
    return whole(percent_of(total, quantity.percent_of_units))


def allocates(offering: Offering, tranches: list[Tranche]) -> bool:
    """Whether the offering's cash fees are allocated: not when earlier tranches are unknown."""
    return bool(tranches) and not offering.earlier_unknown


def with_offerings(book: Book) -> Book:
    """The book with each tranche's share of its offering's cash fees set."""
    if not book.offerings:
        return book
    shares: dict[str, Decimal] = {}
    for offering in book.offerings:
        tranches = offering_tranches(book, offering)
        fee = offering_cash_fees(offering, tranches)
        if fee is None or not allocates(offering, tranches):
            continue
        parts = allocate(fee, [gross_proceeds(t) for t in tranches])
        for tranche, part in zip(tranches, parts, strict=True):
            shares[tranche.id] = part
    allocated = tuple(
        replace(t, offering_cash_fees=shares[t.id]) if t.id in shares else t for t in book.tranches
    )
    return replace(book, tranches=allocated)
