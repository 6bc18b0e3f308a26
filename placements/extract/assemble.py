"""From findings to a draft book: choose each tranche's terms and say what to review.

Each class of units a release sold becomes a tranche. Terms the release
gives once (the closing, the hold, the warrant terms) go to every class they
name, or to all of them when they name none. What a release leaves out is
drafted only where a rule of docs/design.md fills it (§Hold, rule 5: the
closing from the hold's end, or the release date) and always with a TODO;
figures are never guessed.
"""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from placements.core.dates import add_months
from placements.core.money import cents, percent_of, whole
from placements.core.terms.book import Hold, Quantity
from placements.core.terms.hold import FOUR_MONTHS, latest_closing
from placements.extract.draft import (
    DraftBook,
    DraftFees,
    DraftTranche,
    DraftWarrant,
    ReleaseRead,
    Term,
)
from placements.extract.exercise import draft_schedule, missing_warrant, with_warrant_extras
from placements.extract.findings import Findings
from placements.extract.found import Found
from placements.extract.payments import draft_fees, stated_fees
from placements.extract.recognisers.composition import Composition
from placements.extract.recognisers.holds import HoldTerm
from placements.extract.recognisers.offering import FLOW_THROUGH, NOT_FLOW_THROUGH, UnitClass
from placements.extract.recognisers.release import TrancheWording
from placements.extract.recognisers.steps import completed_by
from placements.extract.recognisers.warrants import AccelerationTerms, WarrantTerms


def draft_book(releases: list[Findings]) -> DraftBook | None:
    """The draft book of every financing in ``releases``, or None if none has one."""
    read = []
    tranches: list[DraftTranche] = []
    for findings in releases:
        drafted = draft_tranches(findings) if findings.has_financing else []
        date_found = findings.release_date.value if findings.release_date else None
        read.append(ReleaseRead(findings.file, date_found, len(drafted)))
        tranches += drafted
    if not tranches:
        return None
    tranches.sort(key=lambda tranche: tranche.closed.value)
    return DraftBook(
        issuer=_issuer(releases),
        ticker=next((Term.of(f.ticker) for f in releases if f.ticker), None),
        currency=Term("CAD", remark="assumed: a Canadian issuer's dollars"),
        releases=tuple(read),
        tranches=_with_ids(tranches),
    )


def draft_tranches(findings: Findings) -> list[DraftTranche]:
    """One draft tranche for each class of units the release sold."""
    stated_hold = _hold(findings)
    release_closed, release_inferred = _closing(findings, stated_hold)
    release_hold = _checked_hold(stated_hold, release_closed)
    compositions = _Picker(findings.compositions, findings.classes)
    warrant_terms = _Picker(findings.warrant_terms, findings.classes)
    series = _by_series(findings.warrant_terms)
    term_only = next((terms for terms in findings.warrant_terms if not terms.schedule.steps), None)
    accelerations = _Picker(findings.accelerations, findings.classes)
    fees = stated_fees(findings)
    wording_at = [wording.at for wording in findings.tranche_wording]  # in order, as found
    result = []
    position = 0  # among the classes this release closes, for the fees stated once
    for unit_class in findings.classes:
        closed, hold, inferred = release_closed, release_hold, release_inferred
        restated = unit_class.closed is not None and unit_class.closed.value != closed.value
        if unit_class.closed is not None:  # a tranche sold on a day of its own
            closed, inferred = Term.of(unit_class.closed), None
            hold = _checked_hold(stated_hold, closed)
            if restated and stated_hold is not None and stated_hold.value.until is not None:
                hold = Term(
                    Hold(months=FOUR_MONTHS),
                    (stated_hold.quote,),
                    "the hold date the release states is this closing's; an earlier tranche's "
                    "hold runs from its own closing (four months and a day assumed)",
                )
        composition = compositions.pick(unit_class)
        shares, flow_through, warrants = _unit(unit_class, composition)
        warrant = None
        if warrants.value > 0:
            stated = _series_of(composition, series) or warrant_terms.pick(unit_class)
            if stated is not None and term_only is not None:
                stated = replace(stated, schedule=completed_by(stated.schedule, term_only.schedule))
            warrant = _warrant(
                stated,
                accelerations.pick(unit_class),
                findings,
                composition,
                closed.value,
            )
            if warrant.commented:
                warrants = Term(
                    Decimal(0),
                    warrants.quotes,
                    f"the units carry {warrants.value.normalize():f} warrant each, but their "
                    "terms below are incomplete; set this once they are complete",
                )
        units, gross, price = _amounts(unit_class)
        result.append(
            DraftTranche(
                id=Term(
                    _id_stem(closed.value, flow_through.value, unit_class, findings, wording_at)
                ),
                source=findings.file,
                closed=closed,
                closed_inferred=inferred,
                unit_price=price,
                units=units,
                gross_proceeds=gross,
                shares=shares,
                flow_through=flow_through,
                warrants=warrants,
                warrant=warrant,
                fees=RESTATED_FEES
                if restated
                else _payable(draft_fees(fees, position, warrant, closed.value), unit_class, units),
                hold=hold,
            )
        )
        position += not restated
    return result


RESTATED_FEES = DraftFees(
    remark=Term(
        None,
        todo="a tranche closed before this release, restated in it: the fees the release "
        "states are taken as this closing's; add this tranche's own",
    )
)


FINDER_SHARE_OF_UNITS = Decimal("0.25")
"""Finder's or agents' securities are a small share of the units sold: some 5 to 10%.

A count above a quarter of the units is another figure of the release (the
shares outstanding, the warrants of the whole offering) read as a fee.
"""


def _payable(fees: DraftFees, unit_class: UnitClass, units: Term[int] | None) -> DraftFees:
    """The fees, with any larger than the sale itself kept out of the book.

    A cash fee must be less than the gross proceeds, and a count of finder's
    shares, units or options at most :data:`FINDER_SHARE_OF_UNITS` of the units.
    """
    price = unit_class.price.value
    if units is not None:
        count = units.value
    else:
        stated = unit_class.gross
        assert stated is not None, "a class has a count or gross proceeds"
        count = whole(stated.value / price)
    fees = _small_share(fees, count)
    cash = fees.cash
    if cash is None:
        return fees
    gross = cents(count * price)
    fee = cash.value
    total = percent_of(gross, fee.percent or Decimal(0)) + (fee.amount or Decimal(0))
    if total <= gross:
        return fees
    todo = f"a fee of {cents(total):,f} is more than the gross proceeds of {gross:,f}; check it"
    return replace(fees, cash=replace(cash, todo=todo, commented=True))


def _small_share(fees: DraftFees, units: int) -> DraftFees:
    """``fees`` with each finder's count above a small share of ``units`` commented out."""
    limit = units * FINDER_SHARE_OF_UNITS

    def checked(term: Term[Quantity] | None, what: str) -> Term[Quantity] | None:
        if term is None or term.value.count is None or term.value.count <= limit:
            return term
        todo = (
            f"{term.value.count:,} {what} would be more than a quarter of the {units:,} units "
            "sold; check that this figure is the finder's"
        )
        return replace(term, todo=todo, commented=True)

    options = fees.options
    if options is not None:
        quantity = checked(options.quantity, "finder's options")
        if quantity is not None and quantity is not options.quantity:
            options = replace(options, quantity=quantity, commented=True)
    return replace(
        fees,
        shares=checked(fees.shares, "finder's shares"),
        units=checked(fees.units, "finder's units"),
        options=options,
    )


def _hold(findings: Findings) -> Found[HoldTerm] | None:
    """The hold a release states: no hold first (LIFE), then a date, then months."""
    for wanted in (
        lambda h: h.none,
        lambda h: h.until is not None,
        lambda h: h.months is not None,
    ):
        stated = next((hold for hold in findings.holds if wanted(hold.value)), None)
        if stated is not None:
            return stated
    return None


RELEASE_DATE_TAKEN = "the release states no closing date; its own date is taken"
"""Why a closing is the release's date: a release that has closed, on a day it does not say."""


def _closing(findings: Findings, hold: Found[HoldTerm] | None) -> tuple[Term[date], str | None]:
    """The closing date: stated, inferred from the hold's end, or the release date.

    With it, why it is inferred, when the book should mark it so: the release's
    own date is a closing the book states as inferred (``check`` then warns of
    what rests on it), rather than a plain date with a TODO.
    """
    if findings.closing_dates:
        return Term.of(findings.closing_dates[0]), None
    released = findings.release_date
    if hold is not None and hold.value.until is not None:
        months = next((h.value.months for h in findings.holds if h.value.months), FOUR_MONTHS)
        closed = latest_closing(hold.value.until, months)
        if closed is not None and (released is None or closed <= released.value):
            return Term(
                closed,
                (hold.quote,),
                f"inferred: the release gives no closing date, and the hold ends "
                f"{hold.value.until.isoformat()}, {months} months and a day after "
                f"{closed.isoformat()} (the latest closing that fits)",
            ), None
    if released is not None:
        return Term(released.value, (released.quote,)), RELEASE_DATE_TAKEN
    announced = findings.announced
    if announced is not None:
        return Term(
            announced.value,
            (announced.quote,),
            "the release gives no date of its own; this is the date of an earlier release it "
            "mentions, and the closing was on or after it: set the real closing",
        ), None
    return Term(
        NO_DATE,
        todo=f"the release states no date at all; {NO_DATE.isoformat()} stands in for the "
        "closing: set the real one before using any date of this tranche",
    ), None


NO_DATE = date(1900, 1, 1)
"""The closing drafted for a release that states no date: the earliest a book accepts.

Such releases (excerpts, news rewrites) still state the terms; refusing them
would lose every quoted term. Like the zero drafted for an incomplete figure,
a date no closing of today has cannot pass for the real one, and its TODO
says so.
"""


def _checked_hold(hold: Found[HoldTerm] | None, closed: Term[date]) -> Term[Hold]:
    if hold is None:
        return Term(
            Hold(months=FOUR_MONTHS),
            todo="the release states no hold; the usual four months and a day is assumed",
        )
    stated = hold.value
    if stated.none:
        return Term(Hold.none(), (hold.quote,))
    if stated.until is None:
        return Term(Hold(months=stated.months), (hold.quote,))
    todo = None
    if stated.until < closed.value:
        return Term(
            Hold(months=FOUR_MONTHS), (hold.quote,), "the stated hold ends before the closing"
        )
    if stated.expiring and stated.until == add_months(closed.value, FOUR_MONTHS):
        todo = (
            "the release gives the day the hold expires; if that is its last day, the first "
            "free day is the next"
        )
    return Term(Hold(months=None, until=stated.until), (hold.quote,), todo)


class Said(Protocol):
    """A finding that says which class it is about, in the words before it."""

    @property
    def subject(self) -> str: ...


S = TypeVar("S", bound=Said)


class _Picker(Generic[S]):
    """Which of a release's items (compositions, warrant terms...) each of its classes takes.

    A class takes the first item that names it, else the first that names no
    class. With one class, every item names it. With several, an item whose
    words say "non-flow-through" (or "hard dollar") names the classes that
    are not flow-through, one that says "flow-through" the flow-through ones,
    and any other the classes whose names it mentions (a class named plain
    "unit" is named by none). What each item's words say is read once, for all
    the classes: reading it again for each class would be quadratic in a
    release of many.
    """

    def __init__(self, items: list[S], classes: list[UnitClass]) -> None:
        self._items = items
        self._many = len(classes) > 1
        self._picked: dict[tuple[bool, str], S | None] = {}
        self._not_flow_through: int | None = None  # the first item saying so
        self._flow_through: int | None = None
        self._plain: list[tuple[int, set[str]]] = []  # the other items, and the names they mention
        self._first_naming: dict[str, int] = {}
        if not self._many:
            return
        names = {unit_class.name for unit_class in classes if unit_class.name != "unit"}
        lengths = sorted({len(name) for name in names})
        for index, item in enumerate(items):
            if _both_classes(item.subject):
                self._plain.append((index, set()))
            elif NOT_FLOW_THROUGH.search(item.subject):
                self._not_flow_through = _first(self._not_flow_through, index)
            elif FLOW_THROUGH.search(item.subject):
                self._flow_through = _first(self._flow_through, index)
            else:
                mentioned = _mentioned(item.subject, names, lengths)
                self._plain.append((index, mentioned))
                for name in mentioned:
                    self._first_naming.setdefault(name, index)

    def pick(self, unit_class: UnitClass) -> S | None:
        if not self._items or not self._many:
            return self._items[0] if self._items else None
        flow_through = unit_class.flow_through.value if unit_class.flow_through else False
        key = (flow_through, unit_class.name)
        if key not in self._picked:
            self._picked[key] = self._choose(flow_through, unit_class.name)
        return self._picked[key]

    def _choose(self, flow_through: bool, name: str) -> S | None:
        naming = [self._flow_through if flow_through else self._not_flow_through]
        if name != "unit":
            naming.append(self._first_naming.get(name))
        named = [index for index in naming if index is not None]
        if named:
            return self._items[min(named)]
        generic = next(
            (index for index, mentioned in self._plain if name == "unit" or name not in mentioned),
            None,
        )
        return self._items[generic] if generic is not None else None


SERIES = re.compile(r"\b(?:series|class)\s+(?P<name>[a-z]|\d{1,2})\b", re.I)
"""A named kind of warrant: "one Series A common share purchase warrant"."""


def _by_series(items: list[WarrantTerms]) -> dict[str, WarrantTerms]:
    """The first warrant terms that name each series of warrant, by its name in lower case."""
    named: dict[str, WarrantTerms] = {}
    for item in items:
        match = SERIES.search(item.subject)
        if match is not None and item.schedule.steps:
            named.setdefault(match.group("name").lower(), item)
    return named


def _series_of(
    composition: Composition | None, series: dict[str, WarrantTerms]
) -> WarrantTerms | None:
    """The terms of the series of warrant a unit holds, when the unit names one."""
    if composition is None or not series:
        return None
    match = SERIES.search(composition.warrants.quote)
    return series.get(match.group("name").lower()) if match else None


def _both_classes(subject: str) -> bool:
    """Whether ``subject`` names both kinds of unit ("part of an FT Unit or a non-FT Unit")."""
    return bool(NOT_FLOW_THROUGH.search(subject)) and bool(
        FLOW_THROUGH.search(NOT_FLOW_THROUGH.sub("", subject))
    )


def _first(index: int | None, candidate: int) -> int:
    return candidate if index is None else index


def _mentioned(subject: str, names: set[str], lengths: list[int]) -> set[str]:
    """The ``names`` that ``subject`` mentions, each starting at a word boundary.

    One pass over the words for all the names: at each boundary, the pieces
    as long as some name (``lengths``, the names' lengths).
    """
    words = re.sub(r"[\s-]+", " ", subject.lower())
    found = set()
    for boundary in _BOUNDARY.finditer(words):
        at = boundary.start()
        for length in lengths:
            piece = words[at : at + length]
            if piece in names:
                found.add(piece)
    return found


_BOUNDARY = re.compile(r"\b")


def _unit(
    unit_class: UnitClass, composition: Composition | None
) -> tuple[Term[int], Term[bool], Term[Decimal]]:
    """Shares per unit, flow-through, and warrants per unit of a class."""
    flow_through = unit_class.flow_through or (composition.flow_through if composition else None)
    flow_through_term = Term.of(flow_through) if flow_through else Term(False)
    if unit_class.security == "shares":
        remark = "shares sold on their own: a unit of one share and no warrant"
        return Term(1, remark=remark), flow_through_term, Term(Decimal(0))
    if composition is None:
        todo = "the release does not say what a unit holds; add its shares and warrants"
        return Term(1, todo=todo), flow_through_term, Term(Decimal(0), todo=todo)
    return Term.of(composition.shares), flow_through_term, Term.of(composition.warrants)


def _warrant(
    stated: WarrantTerms | None,
    acceleration: AccelerationTerms | None,
    findings: Findings,
    composition: Composition | None,
    closed: date,
) -> DraftWarrant:
    if stated is None:
        warrant = missing_warrant("warrants")
    else:
        warrant = draft_schedule(stated.schedule, closed, "warrants")
    transferable = composition.transferable if composition else None
    transferable = transferable or next(iter(findings.transferable), None)
    return with_warrant_extras(warrant, transferable, acceleration)


def _amounts(unit_class: UnitClass) -> tuple[Term[int] | None, Term[Decimal] | None, Term[Decimal]]:
    """Units (or gross proceeds when only they are stated) and the unit price."""
    price = unit_class.price
    gross = unit_class.gross
    if unit_class.count is None:
        assert gross is not None, "a class has a count or gross proceeds"
        derived = "the release states only the gross proceeds; units are derived from them"
        price_term = Term.of(price)
        if unit_class.terms_of:
            price_term = replace(
                price_term,
                todo=f'the price of the "{unit_class.terms_of}", on whose terms the release '
                "says this sale was made",
            )
        return None, Term(gross.value, (gross.quote,), derived), price_term
    quotes = (price.quote, gross.quote) if gross else (price.quote,)
    computed = cents(unit_class.count.value * price.value)
    todo: str | None = None
    remark: str | None = None
    if gross is not None and gross.value != computed:
        difference = abs(gross.value - computed)
        note = f"the stated gross is ${gross.value:,f}; units x price is ${computed:,f}"
        if difference < 1:
            remark = note + ", rounded"
        else:
            todo = note
    count = Term.of(unit_class.count)
    if unit_class.approximate:
        count = replace(
            count,
            todo=f'the release gives only a round figure ("{unit_class.approximate}"); '
            "set the units issued",
        )
    return count, None, Term(price.value, quotes, todo, remark)


def _id_stem(
    closed: date,
    flow_through: bool,
    unit_class: UnitClass,
    findings: Findings,
    wording_at: list[int],
) -> str:
    """The id's stem: closing month, kind, and the tranche wording written nearest the class.

    That is the nearest of the first :data:`NEAREST` wordings within 400
    characters ("621,013 Units in the Second Tranche", after "the first
    tranche" of the class before), else the first of all; ``wording_at``
    (where each is, in order) finds them by bisection.
    """
    kind = "ft" if flow_through else unit_class.security
    wordings = findings.tranche_wording
    near = bisect_right(wording_at, unit_class.at - 400)
    window = range(near, min(bisect_left(wording_at, unit_class.at + 400), near + NEAREST))
    if window:
        nearest = min(window, key=lambda index: abs(wording_at[index] - unit_class.at))
        wording: Found[TrancheWording] | None = wordings[nearest]
    else:
        wording = wordings[0] if wordings else None
    suffix = f"-{wording.value.label}" if wording else ""
    return f"{closed:%Y-%m}-{kind}{suffix}"


NEAREST = 8
"""Tranche wordings compared for the one nearest a class: a bounded few, so a release of many
wordings is not read again for each class."""


def _with_ids(tranches: list[DraftTranche]) -> tuple[DraftTranche, ...]:
    """Tranches with unique generated ids: a second 2024-03-ft is 2024-03-ft-2."""
    used: Counter[str] = Counter()
    result = []
    for tranche in tranches:
        stem = tranche.id.value
        used[stem] += 1
        name = stem if used[stem] == 1 else f"{stem}-{used[stem]}"
        tranche_id = Term(name, remark="generated")
        result.append(replace(tranche, id=tranche_id))
    return tuple(result)


def _issuer(releases: list[Findings]) -> Term[str]:
    names = [f.issuer for f in releases if f.issuer]
    if not names:
        return Term("(issuer not found)", todo="the release names no issuer that could be found")
    distinct = sorted({name.value for name in names})
    todo = None
    if len(distinct) > 1:
        todo = "the releases name different issuers: " + ", ".join(distinct)
    return Term(names[0].value, (names[0].quote,), todo)
