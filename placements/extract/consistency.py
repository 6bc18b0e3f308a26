"""Consistency checks on a draft, before anything is written: never a wild figure.

A recogniser can read the right kind of number from the wrong place: a
class's gross as its unit price, a count of trading days as finder's shares,
a warrant's expiry as the closing. Each such figure is still a figure of the
right type, so the book loader accepts it. These checks compare the figures
of a draft with one another and with the release's own dates, and set aside
what does not fit:

- a tranche whose units, price and gross disagree, whose price is not a
  price, or whose closing is far from the release's dates is kept in the
  draft only as a comment, with a TODO saying why (units and prices cannot
  be drafted as zero: the book requires them above zero);
- warrants whose fraction or dates do not fit are drafted as zero warrants
  per unit, their terms commented out, as incomplete warrant terms are;
- finder's securities that are not a small share of the units are commented
  out, as fees larger than the sale are.

Pure: draft and findings in, draft and the doubts found out.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from placements.core.dates import add_months
from placements.core.money import cents, whole
from placements.core.terms.book import Hold, Quantity
from placements.core.terms.hold import FOUR_MONTHS
from placements.extract.assemble import FINDER_SHARE_OF_UNITS, NO_DATE
from placements.extract.draft import DraftBook, DraftFees, DraftTranche, DraftWarrant, Term
from placements.extract.findings import Findings
from placements.extract.numbers import DIGITS_PATTERN, parse_count

LOWEST_UNIT_PRICE = Decimal("0.001")
"""A tenth of a cent. Venture shares trade down to half a cent; a lower price is a misread."""

HIGHEST_UNIT_PRICE = Decimal(1000)
"""The dearest units sold by private placement are debenture units at $1,000.

A higher "price" is another figure of the release (a class's gross, a count)
read as the price.
"""

LARGEST_GROSS = Decimal(1_000_000_000)
"""A billion dollars for one class at one closing.

The largest private placements by Canadian issuers raise some hundreds of
millions; a gross above a billion (a gross read as a unit price gives
hundreds of billions) is a misread.
"""

FEWEST_UNITS = 10
"""A placement sells to several subscribers: fewer than ten units means the
price is the gross, or the count is another number (days, months)."""

PRICE_TOLERANCE = Decimal("0.01")
"""Units x price may differ from the stated gross by a cent per unit: prices
such as a third of a dollar are stated rounded."""

MOST_WARRANTS_PER_UNIT = Decimal(2)
"""A unit holds one warrant, or a fraction of one; a few hold two. More is a misread."""

FINDER_PERCENT_OF_UNITS = FINDER_SHARE_OF_UNITS * 100
"""The same small share as a count (:data:`FINDER_SHARE_OF_UNITS`), as a percent."""

YEARS_BEFORE_RELEASE = 1
"""A release tells of a closing days or weeks before it; a year at most (an
earlier tranche it restates)."""

DAYS_AFTER_RELEASE = 92
"""A release may tell of a closing expected in the coming weeks; not further off."""

LONGEST_WARRANT_YEARS = 10
"""Venture warrants run up to five years; beyond ten, the date is not the warrants'."""

LONGEST_HOLD_MONTHS = 24
"""Resale holds are four months and a day, a year for some exemptions; two years at most."""


@dataclass(frozen=True)
class Doubt:
    """A figure of the draft that does not fit the others: the tranche, the field, and why."""

    tranche: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.tranche}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Checked:
    """The draft with every doubtful figure set aside, and the doubts, in tranche order."""

    draft: DraftBook
    doubts: tuple[Doubt, ...]

    @property
    def any_in_book(self) -> bool:
        """Whether some tranche is still drafted into the book (not set aside)."""
        return any(tranche.doubt is None for tranche in self.draft.tranches)


@dataclass(frozen=True)
class ReleaseTotals:
    """What the tranches drafted from one release come to together, and the warrants it
    states: computed once a release, as a release may have many classes."""

    gross: Decimal = Decimal(0)
    units: int = 0
    warrant_counts: frozenset[int] = frozenset()
    with_warrants: int = 0
    stated_warrants: frozenset[int] = frozenset()

    @classmethod
    def of(cls, tranches: Sequence[DraftTranche], text: str = "") -> "ReleaseTotals":
        with_warrants = [t for t in tranches if t.warrants.value > 0]
        counts = [whole(units_sold(t) * t.warrants.value) for t in with_warrants]
        return cls(
            gross=sum((gross_of(t) for t in tranches), Decimal(0)),
            units=sum(units_sold(t) for t in tranches),
            warrant_counts=frozenset([*counts, sum(counts)]),
            with_warrants=len(with_warrants),
            stated_warrants=frozenset(stated_warrants(text)),
        )


def checked(
    draft: DraftBook, releases: Sequence[Findings], texts: Mapping[str, str] | None = None
) -> Checked:
    """``draft`` with the figures that disagree with each other, or with the release, set aside.

    ``texts`` are the releases' texts by file, for the totals they state.
    """
    by_file: dict[str, Findings] = {}
    for findings in releases:
        by_file.setdefault(findings.file, findings)
    drafted: dict[str, list[DraftTranche]] = {}
    for tranche in draft.tranches:
        drafted.setdefault(tranche.source, []).append(tranche)
    totals = {
        file: ReleaseTotals.of(tranches, (texts or {}).get(file, ""))
        for file, tranches in drafted.items()
    }
    doubts: list[Doubt] = []
    result = []
    for tranche in draft.tranches:
        source = tranche.source
        tranche, found = checked_tranche(tranche, by_file.get(source), totals[source])
        doubts += found
        result.append(tranche)
    return Checked(replace(draft, tranches=tuple(result)), tuple(doubts))


def checked_tranche(
    tranche: DraftTranche, findings: Findings | None, totals: ReleaseTotals | None = None
) -> tuple[DraftTranche, list[Doubt]]:
    """One tranche, checked; ``totals`` are those of the tranches drafted from its release."""
    totals = totals or ReleaseTotals.of([tranche])
    name = tranche.id.value
    reason = _amounts_doubt(tranche, findings, totals) or _closing_doubt(tranche, findings)
    if reason is not None:
        field, why = reason
        return replace(tranche, doubt=why), [Doubt(name, field, why)]
    doubts = []
    warrants = _warrants_doubt(tranche, totals)
    if warrants is not None:
        field, why = warrants
        tranche = _without_warrants(tranche, why)
        doubts.append(Doubt(name, field, why))
    fees, found = _finder_doubts(tranche.fees, units_sold(tranche))
    fees, options = _option_dates_doubt(fees, tranche.closed.value)
    found += options
    hold, held = _hold_doubt(tranche)
    found += held
    doubts += [Doubt(name, field, why) for field, why in found]
    return replace(tranche, fees=fees, hold=hold), doubts


def units_sold(tranche: DraftTranche) -> int:
    """The units of a tranche: stated, or derived from its gross as the book derives them."""
    if tranche.units is not None:
        return tranche.units.value
    assert tranche.gross_proceeds is not None, "a tranche has units or gross proceeds"
    return whole(tranche.gross_proceeds.value / tranche.unit_price.value)


def gross_of(tranche: DraftTranche) -> Decimal:
    """Units x price, to the cent, as the book computes it."""
    return cents(units_sold(tranche) * tranche.unit_price.value)


def _amounts_doubt(
    tranche: DraftTranche, findings: Findings | None, totals: ReleaseTotals
) -> tuple[str, str] | None:
    """Why the units, the price and the gross cannot all be right, or None."""
    price = tranche.unit_price.value
    if not LOWEST_UNIT_PRICE <= price <= HIGHEST_UNIT_PRICE:
        return "unit_price", (
            f"a unit price of ${price:,f} is outside ${LOWEST_UNIT_PRICE} to "
            f"${HIGHEST_UNIT_PRICE:,}: another figure of the release read as the price"
        )
    units = units_sold(tranche)
    if units < FEWEST_UNITS:
        field = "units" if tranche.units is not None else "gross_proceeds"
        return field, (
            f"{units:,} units at ${price:,f}: fewer than {FEWEST_UNITS}, so the price or "
            "the count is another figure of the release"
        )
    gross = gross_of(tranche)
    if gross > LARGEST_GROSS:
        return "unit_price", (
            f"{units:,} units at ${price:,f} would raise ${gross:,f}, more than "
            f"${LARGEST_GROSS:,}: the price or the count is another figure of the release"
        )
    if tranche.units is None:
        return None
    for stated in _stated_gross(tranche, findings):
        if not _fits(gross, stated, units) and not _fits(totals.gross, stated, totals.units):
            return "unit_price", (
                f"{units:,} units at ${price:,f} is ${gross:,f}, but the release states gross "
                f"proceeds of ${stated:,f}: one of the three figures is misread"
            )
    return None


def _fits(gross: Decimal, stated: Decimal, units: int) -> bool:
    """Whether ``stated`` is ``gross`` to a cent a unit, or ``gross`` with a period written
    for its thousands separator ("$2,499.960" for $2,499,960): then the gross is the
    misread figure, and the book does not use it beside units."""
    tolerance = units * PRICE_TOLERANCE
    return any(abs(gross - stated * scale) <= tolerance for scale in (1, 1000, 1_000_000))


def _stated_gross(tranche: DraftTranche, findings: Findings | None) -> Iterable[Decimal]:
    """The gross the release states beside this tranche's units and price."""
    if tranche.gross_proceeds is not None:
        yield tranche.gross_proceeds.value
        return
    if findings is None or tranche.units is None:
        return
    units, price = tranche.units.value, tranche.unit_price.value
    for unit_class in findings.classes:
        count = unit_class.count
        if count is not None and count.value == units and unit_class.price.value == price:
            if unit_class.gross is not None:
                yield unit_class.gross.value
            return


def release_dates(findings: Findings) -> tuple[date, date] | None:
    """The release's own time frame: its date, or the dates of earlier releases it names."""
    stated = [found.value for found in (findings.release_date, findings.announced) if found]
    return (min(stated), max(stated)) if stated else None


def _closing_doubt(tranche: DraftTranche, findings: Findings | None) -> tuple[str, str] | None:
    frame = release_dates(findings) if findings is not None else None
    if frame is None:
        return None
    closed = tranche.closed.value
    first, last = frame
    earliest = _years_before(first, YEARS_BEFORE_RELEASE)
    latest = last + timedelta(days=DAYS_AFTER_RELEASE)
    if earliest <= closed <= latest:
        return None
    return "closed", (
        f"a closing on {closed.isoformat()} is not within a year before the release "
        f"({_frame_text(frame)}) or {DAYS_AFTER_RELEASE} days after it: another date of the "
        "release read as the closing"
    )


def _years_before(day: date, years: int) -> date:
    return add_months(day, -12 * years)


def _frame_text(frame: tuple[date, date]) -> str:
    first, last = frame
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def _warrants_doubt(tranche: DraftTranche, totals: ReleaseTotals) -> tuple[str, str] | None:
    """Why the warrants per unit, or the warrants' dates, do not fit the tranche, or None."""
    per_unit = tranche.warrants.value
    if per_unit <= 0 or tranche.warrant is None:
        return None
    if per_unit > MOST_WARRANTS_PER_UNIT:
        return "unit.warrants", (
            f"{per_unit.normalize():f} warrants per unit is more than {MOST_WARRANTS_PER_UNIT}: "
            "another figure of the release read as the fraction"
        )
    dates = _exercise_doubt(tranche.warrant, tranche.closed.value)
    if dates is not None:
        return "warrant.expiry", dates
    stated = totals.stated_warrants
    if not stated:
        return None
    slack = totals.with_warrants  # a warrant a class, for counts rounded up
    if any(abs(count - total) <= slack for count in totals.warrant_counts for total in stated):
        return None
    issued = whole(units_sold(tranche) * per_unit)
    stated_text = " or ".join(f"{total:,}" for total in sorted(stated))
    return "unit.warrants", (
        f"{units_sold(tranche):,} units x {per_unit.normalize():f} warrant is {issued:,} "
        f"warrants, but the release states {stated_text} warrants: the fraction or the count is "
        "misread"
    )


def _exercise_doubt(warrant: DraftWarrant, closed: date) -> str | None:
    """Why the exercise dates of ``warrant`` do not follow its closing, or None.

    An undated release's closing is a stand-in (NO_DATE, with its own TODO):
    nothing can be measured from it.
    """
    if warrant.commented or closed == NO_DATE:
        return None
    latest = add_months(closed, 12 * LONGEST_WARRANT_YEARS)
    months = 0
    for step in warrant.steps:
        until = step.value.until
        if until is not None and not closed < until <= latest:
            return f"a step ends {until.isoformat()}, {_outside(closed)}"
        months += step.value.months or 0
    if months > 12 * LONGEST_WARRANT_YEARS:
        return f"the steps last {months} months, more than {LONGEST_WARRANT_YEARS} years"
    if warrant.expiry is not None:
        expiry = warrant.expiry.value
        if not closed < expiry <= latest:
            return f"an expiry on {expiry.isoformat()} is {_outside(closed)}"
    return None


def _outside(closed: date) -> str:
    return (
        f"not after the closing ({closed.isoformat()}) and within {LONGEST_WARRANT_YEARS} "
        "years of it"
    )


_TOTAL_WORDS = ("aggregate of ", "total of ")
_STATED_WARRANTS = re.compile(
    rf"(?P<count>{DIGITS_PATTERN}) "
    r"(?:(?:common )?share purchase |non-transferable |transferable )*warrants\b",
    re.IGNORECASE,
)
"""A count of warrants, matched just after "aggregate of " or "total of "."""
_FINDERS = re.compile(r"finder|broker|agent|compensation|advis", re.IGNORECASE)


def stated_warrants(text: str) -> set[int]:
    """Totals of warrants a release's ``text`` states ("an aggregate of 450,000 warrants").

    Finder's, broker and compensation warrants (named in the words just
    before) are not the units' warrants. The words before the count are
    found with ``str.find`` and the rest matched there: a search of the
    pattern at every place of a 1 MB release would take most of the check.
    """
    lower = text.lower() if text.isascii() else text.casefold()
    if len(lower) != len(text):
        lower = text  # lower-casing changed the offsets: look for the words as written
    totals = set()
    for words in _TOTAL_WORDS:
        at = lower.find(words)
        while at >= 0:
            after = at + len(words)
            match = _STATED_WARRANTS.match(text, after)
            if match and not _FINDERS.search(text, max(0, at - 40), at):
                count = parse_count(match.group("count"))
                if count is not None:
                    totals.add(count)
            at = lower.find(words, after)
    return totals


def _option_dates_doubt(fees: DraftFees, closed: date) -> tuple[DraftFees, list[tuple[str, str]]]:
    """The fees with finder's options whose own exercise dates do not follow the closing
    commented out."""
    options = fees.options
    if options is None or options.commented or options.terms is None:
        return fees, []
    why = _exercise_doubt(options.terms, closed)
    if why is None:
        return fees, []
    todo = "; ".join(filter(None, (options.todo, why)))
    return replace(fees, options=replace(options, todo=todo, commented=True)), [
        ("fees.options", why)
    ]


def _hold_doubt(tranche: DraftTranche) -> tuple[Term[Hold], list[tuple[str, str]]]:
    """The hold, or the usual four months with a TODO when the stated one is not a hold.

    The four months and a day is what the draft assumes when a release
    states no hold (and :mod:`.assemble` when the stated one ends before the
    closing); a hold of years is another period of the release (the
    warrants' term) read as the hold.
    """
    hold = tranche.hold
    closed = tranche.closed.value
    if closed == NO_DATE:
        return hold, []  # an undated release: the stand-in closing measures nothing
    months, until = hold.value.months, hold.value.until
    if until is not None and until > add_months(closed, LONGEST_HOLD_MONTHS):
        why = f"a hold until {until.isoformat()} is more than {LONGEST_HOLD_MONTHS} months"
    elif until is None and months is not None and months > LONGEST_HOLD_MONTHS:
        why = f"a hold of {months} months is more than {LONGEST_HOLD_MONTHS}"
    else:
        return hold, []
    why += " after the closing: another period of the release read as the hold"
    todo = f"{why}; the usual four months and a day is drafted instead"
    return Term(Hold(months=FOUR_MONTHS), hold.quotes, todo), [("hold", why)]


def _without_warrants(tranche: DraftTranche, why: str) -> DraftTranche:
    """The tranche drafted with no warrants, its warrant terms kept as a comment."""
    warrants = tranche.warrants
    todo = f"{why}; drafted as 0 until this is settled"
    assert tranche.warrant is not None
    return replace(
        tranche,
        warrants=Term(Decimal(0), warrants.quotes, todo),
        warrant=replace(tranche.warrant, commented=True),
    )


def _finder_doubts(fees: DraftFees, units: int) -> tuple[DraftFees, list[tuple[str, str]]]:
    """The fees with each finder's count or percent that is not a small share commented out."""
    doubts: list[tuple[str, str]] = []

    def small(term: Term[Quantity] | None, field: str, what: str) -> Term[Quantity] | None:
        if term is None or term.commented:
            return term
        quantity = term.value
        if quantity.count is not None and quantity.count > units * FINDER_SHARE_OF_UNITS:
            why = (
                f"{quantity.count:,} {what} would be more than a quarter of the {units:,} "
                "units sold: another figure of the release read as the finder's"
            )
        elif (
            quantity.percent_of_units is not None
            and quantity.percent_of_units > FINDER_PERCENT_OF_UNITS
        ):
            why = (
                f"{quantity.percent_of_units.normalize():f}% of the units as {what} is more "
                "than a quarter of them: another figure of the release read as the finder's"
            )
        else:
            return term
        doubts.append((field, why))
        return replace(term, todo=why, commented=True)

    shares = small(fees.shares, "fees.shares", "finder's shares")
    units_fee = small(fees.units, "fees.units", "finder's units")
    options = fees.options
    if options is not None and not options.commented:
        quantity = small(options.quantity, "fees.options", "finder's options")
        if quantity is not options.quantity:
            options = replace(options, quantity=quantity or options.quantity, commented=True)
    return replace(fees, shares=shares, units=units_fee, options=options), doubts
