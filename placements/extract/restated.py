"""Releases that restate a tranche already drafted, or already in the book: one tranche each.

Issuers restate earlier closings: a final-tranche release recalls the first
tranche, a corrected release repeats the whole sale. A tranche is the same
when its unit price and units (or, stated alone, its gross proceeds) are,
and so is its closing date, or the later release names that date among its
closings (a release's classes all take its first closing, so a recalled
tranche is drafted with the new date). A restated class is dropped from the
later release's findings before the book is drafted, so it is drafted once,
from the first release that states it, and never again over a book that
already holds it.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from placements.core.terms.book import Tranche
from placements.extract.assemble import draft_tranches
from placements.extract.draft import DraftTranche
from placements.extract.findings import Findings
from placements.extract.recognisers.offering import UnitClass

TrancheKey = tuple[date, Decimal, int | None, Decimal | None]
"""Closing, unit price, units, and the gross proceeds when no units are stated."""

Sale = tuple[Decimal, int | None, Decimal | None]
"""A key without its closing: what was sold, at what price."""


@dataclass(frozen=True)
class Restatement:
    """A class of a release that restates a tranche drafted from an earlier one, or in the book."""

    file: str
    earlier: str
    """The release (or the book) that states the tranche first."""
    closed: date
    price: Decimal
    units: int | None
    gross: Decimal | None

    def __str__(self) -> str:
        sold = f"{self.units:,} units" if self.units is not None else f"${self.gross:,f} of units"
        return (
            f"{self.file} restates the closing of {self.closed.isoformat()} ({sold} at "
            f"${self.price:f}), already in {self.earlier}"
        )


def sale(unit_class: UnitClass) -> Sale:
    """What a class sold, as :func:`drafted_key` gives it for the class's tranche."""
    units = unit_class.count.value if unit_class.count is not None else None
    gross = unit_class.gross.value if unit_class.gross is not None and units is None else None
    return (unit_class.price.value, units, gross)


def drafted_key(tranche: DraftTranche) -> TrancheKey:
    units = tranche.units.value if tranche.units is not None else None
    gross = tranche.gross_proceeds.value if tranche.gross_proceeds and units is None else None
    return (tranche.closed.value, tranche.unit_price.value, units, gross)


def book_key(tranche: Tranche) -> TrancheKey:
    gross = tranche.stated_gross if tranche.units is None else None
    return (tranche.closed, tranche.unit_price, tranche.units, gross)


def without_restatements(
    releases: Sequence[Findings], known: Iterable[TrancheKey] = (), known_in: str = "the book"
) -> tuple[list[Findings], list[Restatement]]:
    """The findings with every class restating an earlier one (or one ``known``) dropped.

    A release's classes are drafted on their own to learn their closings
    (the closing is chosen from the whole release); that is done only for
    the releases that sell what another release, or the book, sells too, so
    a thousand releases of different sales are not drafted twice.
    """
    seen: dict[Sale, list[tuple[date, str]]] = {}
    for closed, price, units, gross in known:
        seen.setdefault((price, units, gross), []).append((closed, known_in))
    sales = [{sale(unit_class) for unit_class in findings.classes} for findings in releases]
    sold = Counter(key for keys in sales for key in keys)
    shared = {key for key, count in sold.items() if count > 1 or key in seen}
    kept: list[Findings] = []
    restated: list[Restatement] = []
    for findings, keys_sold in zip(releases, sales, strict=True):
        if shared.isdisjoint(keys_sold):
            kept.append(findings)
            continue
        keys = [drafted_key(tranche) for tranche in draft_tranches(findings)]
        named = {found.value for found in findings.closing_dates}
        classes = []
        for unit_class, (closed, price, units, gross) in zip(findings.classes, keys, strict=True):
            earlier = next(
                (
                    (day, file)
                    for day, file in seen.get((price, units, gross), [])
                    if day == closed or day in named
                ),
                None,
            )
            if earlier is None:
                classes.append(unit_class)
                continue
            day, file = earlier
            restated.append(Restatement(findings.file, file, day, price, units, gross))
        for closed, price, units, gross in keys:
            seen.setdefault((price, units, gross), []).append((closed, findings.file))
        if len(classes) < len(findings.classes):
            findings = replace(findings, classes=classes)
        kept.append(findings)
    return kept, restated
