"""How large the figures a book implies may be, so the engine's integers never overflow.

The loader bounds each value on its own (counts to 10^13, prices to $1,000,000,
amounts to $10^13); these checks bound what they make together. The engine
holds counts and micro-dollar prices in int64 (at most about 9.2 x 10^18) and
forms products of counts and prices exactly (falling back to Python integers
where int64 could overflow), so what must fit in int64 is a sum of counts or
of cents. The bounds below leave a factor of at least 90 of headroom in int64;
``tests/test_robust.py`` runs books at the bounds and checks the figures exactly.
"""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from placements.core.memo import per_object
from placements.core.money import ratio
from placements.core.problems import Origin, Problem, explain
from placements.core.terms.book import Book, Tranche
from placements.core.terms.schedule import Schedule
from placements.core.terms.series import Series, book_series
from placements.core.terms.tranche import gross_proceeds, shares_issued, units, warrants

MAX_SHARES = 10**15
"""Every share a book can come to: the base, the placements' and every exercise's."""
MAX_CENTS = 10**17
"""Every cent a book can come to ($10^15): the placements' gross and every exercise."""
MAX_DENOMINATOR = 10**12
"""The finest fraction (of a unit's warrant, or exercised at once): 12 decimals."""


def _ceiling(value: Decimal) -> int:
    return int(-(-value // 1))


@per_object
def _potential(series: Series) -> tuple[int, int]:
    """At most how many shares and cents a series can bring, its unit warrants included."""
    count = series.count
    if not count:  # nothing issued yet: unit warrants, which their parent's potential counts
        return 0, 0
    per_exercise = series.warrants_per_exercise
    brought = count * _ceiling(per_exercise) if per_exercise else 0
    shares = (count + brought) * series.shares_per_exercise
    return shares, _ceiling((count + brought) * _highest_cents(series.schedule))


@per_object
def _highest_cents(schedule: Schedule) -> Decimal:
    """A schedule's highest price in cents; tranches closed on one day share their schedule."""
    return max([period.price for period in schedule.periods], default=Decimal(0)) * 100


def too_fine(fraction: Decimal, origin: Origin, name: str) -> Problem | None:
    """A fraction whose denominator (in lowest terms) is past :data:`MAX_DENOMINATOR`."""
    if ratio(fraction)[1] <= MAX_DENOMINATOR:
        return None
    return Problem.at(
        origin,
        name,
        explain(
            "too many decimals",
            got=fraction,
            expected="a fraction with at most 12 decimals (a percent with at most 10)",
        ),
    )


@per_object
def _tranche_size(tranche: Tranche) -> tuple[Problem | None, int, int, int]:
    """A tranche's too-fine warrant fraction, or its shares and warrants, gross cents and shares.

    Remembered per tranche: a scenario checks its book's size again with its own tranches.
    """
    fine = too_fine(tranche.unit.warrants, tranche.unit.origin, "warrants")
    if fine is not None:
        return fine, 0, 0, 0
    issued = shares_issued(tranche)
    return None, issued + warrants(tranche), int(gross_proceeds(tranche) * 100), issued


def book_size_problems(book: Book, checked: Iterable[Series] | None = None) -> Iterator[Problem]:
    """Tranches, then the book, whose figures could leave the engine's integers.

    Run on a book whose terms are otherwise clean (its series can be built).
    """
    total_shares = book.base.count if book.base is not None else 0
    total_cents = 0
    for tranche in book.tranches:
        fine, shares, gross, issued = _tranche_size(tranche)
        if fine is not None:
            yield fine
            return
        name = "units" if tranche.units is not None else "gross_proceeds"
        if shares > MAX_SHARES or gross > MAX_CENTS:
            yield Problem.at(
                tranche.origin,
                name,
                explain(
                    "too large to model",
                    got=f"{units(tranche):,} units at {tranche.unit_price}",
                    expected=f"at most {MAX_SHARES:,} shares and warrants and "
                    f"{MAX_CENTS // 100:,} of gross proceeds",
                ),
            )
            return
        total_shares += issued
        total_cents += gross
    for series in book_series(book) if checked is None else checked:
        shares, cents = _potential(series)
        total_shares += shares
        total_cents += cents
    if total_shares > MAX_SHARES or total_cents > MAX_CENTS:
        yield Problem.at(
            book.origin,
            "tranches",
            explain(
                "the book is too large to model",
                got=f"up to {total_shares:,} shares and {total_cents // 100:,} raised",
                expected=f"at most {MAX_SHARES:,} shares and {MAX_CENTS // 100:,} raised, "
                "every warrant and option exercised at its highest price",
            ),
        )
