"""The units sold: how many, of which class, at what price, for what gross proceeds.

A release may sell several classes (units and flow-through units) in one
sentence. Each class is found where a count of units or shares is followed,
in the same clause, by its price; gross proceeds go to the class they are
written nearest. When no count is given, a class is made of gross proceeds
and a price per unit, and the units are left to be derived.
"""

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from placements.extract.dates import DATE_PATTERN, parse_date
from placements.extract.found import Found, found, quote
from placements.extract.limits import price_ok
from placements.extract.numbers import (
    MONEY_PATTERN,
    NUMBER_START,
    WORDS_PATTERN,
    parse_count,
    parse_money,
)
from placements.extract.recognisers import matches, mentions
from placements.extract.text import Sentence
from placements.load.book import MAX_AMOUNT, MAX_COUNT

MINIMUM_COUNT = 1000
"""Smaller numbers before "share" are the shares a warrant buys, not units sold."""

_KIND = (
    r"(?:(?:non[\s-]?|charity[\s-]|premium[\s-])?flow[\s-]?through|F/?T|hard[\s-]dollar|HD|common)"
)
_PRICE_NAME = r"(?:offering|issue|unit|subscription|purchase)\s+price"
UNITS_SOLD = re.compile(
    # A count in digits starts at the first digit of a number (not after a
    # digit, or a digit and a comma): started anywhere in a run of digits, it
    # would read to the run's end from each of them.
    rf"{NUMBER_START}(?P<count>(?<!\d)(?<!\d,)(?:\d{{1,3}}(?:,\d{{3}})+|\d{{4,}})(?![\d.,]\d)"
    rf"|(?<!\d)\d+(?:\.\d+)?\s+million|{WORDS_PATTERN}\s+million)"
    rf"\s+(?:(?:company|corporation|issuer)\s+)?(?:(?P<region>Qu[eé]bec|national|federal)\s+)?"
    rf"(?:\"?(?P<kind>{_KIND})\"?\s+)?"
    r"(?:common\s+)?"
    r"(?P<security>(?:share\s+)?units?|shares?)\b"
    r"(?:\s*\((?:[^)\"]{0,30})\"(?P<alias>[^\"]{1,30})\"\))?",
    re.I,
)
PRICE = re.compile(
    r"(?:\bat\s+(?:an?\s+)?(?:(?:issue|purchase|subscription|offering|unit)\s+)?(?:price\s+of\s+)?"
    rf"|\bpriced\s+at\s+|\bprice\s+of\s+)(?P<price>{MONEY_PATTERN})"
    r"(?:\s+(?:per|each|a|for\s+each)\s+(?:[\w\"'-]+\s+){0,2}?(?:units?|shares?)\b)?"
    rf"|(?P<per>{MONEY_PATTERN})\s+(?:per|each|a|for\s+each)\s+(?:[\w\"'-]+\s+){{0,2}}?"
    r"(?:units?|shares?)\b",
    re.I,
)
GROSS = re.compile(
    r"\b(?:gross\s+proceeds|proceeds|totall?ing|raising|(?:a\s+)?total\s+of|aggregate\s+amount"
    r"|for)\s+(?:of\s+)?"
    rf"(?P<about>approximately\s+|about\s+|up\s+to\s+)?(?P<gross>{MONEY_PATTERN})"
    r"(?!\s*(?:per|each|a)\b)",
    re.I,
)
PRICE_PER_UNIT = re.compile(
    rf"(?P<price>{MONEY_PATTERN})\s+per\s+(?:[\w\"'-]+\s+){{0,2}}?units?\b"
    rf"|\bunits?\s+(?:were\s+|are\s+|will\s+be\s+)?(?:priced|sold|issued)\s+at\s+(?:a\s+price\s+of\s+)?"
    rf"(?P<sold>{MONEY_PATTERN})"
    rf"|\b(?:unit|issue|offering|subscription)\s+price\s+of\s+(?P<stated>{MONEY_PATTERN})",
    re.I,
)
NOT_SOLD = re.compile(
    r"\b(?:finders?'?s?|compensation|commissions?|fees?|debt|settle\w*|in\s+lieu|deemed|"
    r"up\s+to|maximum|minimum|exercis\w*|conver\w*|options?|warrants?)\b",
    re.I,
)
"""Words near a count of units that mean they were not sold for cash in this closing."""
SELLING = re.compile(r"\bunits?\b|placement|offering", re.I)
"""Words of a sentence whose gross proceeds can be those of the units sold."""
FLOW_THROUGH = re.compile(r"(?<!non-)(?<!non )\b(?:flow[\s-]?through|FT|F/T)\b", re.I)
NOT_FLOW_THROUGH = re.compile(
    r"\b(?:non[\s-]?flow[\s-]?through|non[\s-]?F/?T|hard[\s-]dollar|HD)\b", re.I
)


@dataclass(frozen=True)
class UnitClass:
    """One class of units (or shares) sold at one price.

    ``name`` is how the release refers to it afterwards ("ft unit", "unit"),
    which ties later sentences ("Each FT Unit consists of...") to it.
    """

    price: Found[Decimal]
    count: Found[int] | None
    gross: Found[Decimal] | None
    flow_through: Found[bool] | None
    name: str
    security: str
    at: int
    approximate: str | None = None
    """The word that makes the count a round figure ("over", "around"), if one does."""
    closed: Found[date] | None = None
    """The day this class was sold on, when the release gives it one of its own."""
    terms_of: str | None = None
    """The words naming the class whose terms (and price) this sale took, if it took another's."""


APPROXIMATE = re.compile(
    r"\b(?P<word>over|around|approximately|about|nearly|almost|roughly|some|more\s+than)\s+$",
    re.I,
)
"""A word just before a count that makes it approximate: "over 24.2 million units"."""


PRICE_DEFINED = re.compile(
    rf"(?P<price>{MONEY_PATTERN})[^.;()]{{0,40}}?\(\s*the\s+\"(?P<name>{_PRICE_NAME})\"\s*\)",
    re.I,
)
"""A price that the release names, to refer to it later: '$0.50 per Unit (the "Offering Price")'."""
AT_DEFINED_PRICE = re.compile(rf"\bat\s+the\s+(?P<name>{_PRICE_NAME})\b", re.I)
"""A sale at a price named before: "11,000,000 Units at the Offering Price"."""
UPSIZED_FROM = re.compile(r"\bfrom\s+$", re.I)
UPSIZED_TO = re.compile(r"\bto\s+$", re.I)
"""An offering upsized "from 10,000,000 units, at $0.60 per Unit, to 10,874,832 Units"."""


def defined_prices(text: str) -> dict[str, Found[Decimal]]:
    """The prices a release names ("the Offering Price"), by name in lower case, first of each."""
    named: dict[str, Found[Decimal]] = {}
    for match in matches(PRICE_DEFINED, text, ("price",)):
        name = " ".join(match.group("name").lower().split())
        amount = parse_money(match.group("price"))
        if name not in named and price_ok(amount):
            named[name] = Found(amount, quote(match.group()), match.start())
    return named


def unit_classes(
    sentence: Sentence, defined: Mapping[str, Found[Decimal]] | None = None
) -> list[UnitClass]:
    """The classes of units or shares a sentence says were sold, with count and price.

    ``defined`` are the prices the release names (:func:`defined_prices`), for
    a sale "at the Offering Price". An offering upsized "from" one count "to"
    another sold the second, at the price written after the first.
    """
    text = sentence.text
    sold = [m for m in matches(UNITS_SOLD, text, ("unit", "share")) if _was_sold(text, m)]
    classes = []
    upsized: set[int] = set()  # the counts an upsize reads "to"
    for position, match in enumerate(sold):
        if position in upsized:
            continue
        end = sold[position + 1].start() if position + 1 < len(sold) else len(text)
        price: re.Match[str] | Found[Decimal] | None
        price = PRICE.search(text, match.end(), min(end, match.end() + 160))
        if price is None and defined:
            named = AT_DEFINED_PRICE.search(text, match.end(), min(end, match.end() + 60))
            if named is not None:
                price = defined.get(" ".join(named.group("name").lower().split()))
        sale = match
        if position + 1 < len(sold) and _upsized(text, match, sold[position + 1]):
            sale = sold[position + 1]
            upsized.add(position + 1)
        count = parse_count(sale.group("count"))
        if price is None or count is None or not MINIMUM_COUNT <= count <= MAX_COUNT:
            continue
        if isinstance(price, Found):
            price_found = Found(price.value, price.quote, sentence.start + match.end())
        else:
            stated = parse_money(price.group("price") or price.group("per"))
            price_found = found(stated, sentence, price)
        amount = price_found.value
        if not price_ok(amount):
            continue
        match = sale
        classes.append(
            UnitClass(
                price=price_found,
                count=found(count, sentence, match),
                gross=None,
                flow_through=_flow_through(sentence, match),
                name=class_name(match.group("alias") or match.group(0)),
                security="units"
                if match.group("security").lower().rstrip("s").endswith("unit")
                else "shares",
                at=sentence.start + match.start(),
                approximate=_approximate(text, match.start()),
            )
        )
    return _with_gross(sentence, classes)


def _upsized(text: str, first: re.Match[str], then: re.Match[str]) -> bool:
    """Whether ``first`` is the count an offering was upsized from, and ``then`` the one to."""
    return (
        then.start() - first.end() < 200
        and UPSIZED_FROM.search(text, max(0, first.start() - 6), first.start()) is not None
        and UPSIZED_TO.search(text, max(0, then.start() - 4), then.start()) is not None
    )


def _approximate(text: str, start: int) -> str | None:
    words = APPROXIMATE.search(text[max(0, start - 20) : start])
    return words.group("word") if words else None


def _security(words: str) -> str:
    """Units, or shares sold on their own: "share units" are units."""
    return "units" if words.lower().rstrip("s").endswith("unit") else "shares"


def _was_sold(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    return NOT_SOLD.search(before) is None


def _flow_through(sentence: Sentence, match: re.Match[str]) -> Found[bool] | None:
    words = " ".join(filter(None, (match.group("kind"), match.group("alias"))))
    if NOT_FLOW_THROUGH.search(words):
        return found(False, sentence, match, "count" if not match.group("kind") else "kind")
    if FLOW_THROUGH.search(words):
        return found(True, sentence, match)
    return None


def _with_gross(sentence: Sentence, classes: list[UnitClass]) -> list[UnitClass]:
    """Give each gross proceeds figure to the class written nearest before it.

    A figure before every class (as in "placements totalling $X, comprised
    of ...") goes to the first class, as the whole of what was sold.
    """
    if not classes:
        return classes
    starts = [each.at for each in classes]  # in order: the classes are found left to right
    for match in GROSS.finditer(sentence.text):
        if match.group("about"):
            continue
        at = sentence.start + match.start()
        index = max(bisect_left(starts, at) - 1, 0)
        amount = parse_money(match.group("gross"))
        if classes and classes[index].gross is None and 0 < amount <= MAX_AMOUNT:
            gross = found(amount, sentence, match)
            classes[index] = _replace_gross(classes[index], gross)
    return classes


def _replace_gross(unit_class: UnitClass, gross: Found[Decimal]) -> UnitClass:
    return replace(unit_class, gross=gross)


@dataclass(frozen=True)
class CountedSale:
    """Units counted with their gross proceeds but no price: "621,013 Units ... for C$1.6M".

    The price is the release's price per unit, stated elsewhere, when units x
    price gives the gross within a cent a unit (:func:`priced`). ``closed``
    is the day the sale is said to have been made on, if it is.
    """

    count: Found[int]
    gross: Found[Decimal]
    closed: Found[date] | None
    name: str
    security: str
    at: int


SALE_ON = re.compile(rf"\bon\s+(?P<date>{DATE_PATTERN})", re.I)


def counted_sales(sentence: Sentence) -> list[CountedSale]:
    """Counts of units sold, each with gross proceeds but no price in its own words."""
    text = sentence.text
    if not mentions(text, "proceeds", "for", "raising", "total"):
        return []
    sold = [m for m in matches(UNITS_SOLD, text, ("unit", "share")) if _was_sold(text, m)]
    result = []
    for position, match in enumerate(sold):
        end = min(
            sold[position + 1].start() if position + 1 < len(sold) else len(text), match.end() + 200
        )
        count = parse_count(match.group("count"))
        if count is None or not MINIMUM_COUNT <= count <= MAX_COUNT:
            continue
        if PRICE.search(text, match.end(), end) is not None:
            continue
        gross = GROSS.search(text, match.end(), end)
        if gross is None or gross.group("about"):
            continue
        amount = parse_money(gross.group("gross"))
        if not 0 < amount <= MAX_AMOUNT:
            continue
        on = SALE_ON.search(text, match.end(), gross.start())
        day = parse_date(on.group("date")) if on else None
        result.append(
            CountedSale(
                count=found(count, sentence, match),
                gross=found(amount, sentence, gross),
                closed=found(day, sentence, on) if on and day else None,
                name=class_name(match.group("alias") or match.group(0)),
                security=_security(match.group("security")),
                at=sentence.start + match.start(),
            )
        )
    return result


def priced(sales: list[CountedSale], price: Found[Decimal] | None) -> list[UnitClass]:
    """The sales whose gross is their units at ``price``, within a cent a unit, as classes."""
    if price is None or not price_ok(price.value):
        return []
    return [
        UnitClass(
            price=price,
            count=sale.count,
            gross=sale.gross,
            flow_through=None,
            name=sale.name,
            security=sale.security,
            at=sale.at,
            closed=sale.closed,
        )
        for sale in sales
        if abs(sale.count.value * price.value - sale.gross.value)
        <= sale.count.value * Decimal("0.01")
    ]


def price_per_unit(sentences: list[Sentence]) -> Found[Decimal] | None:
    """The first price per unit a release states, in any sentence."""
    for sentence in sentences:
        if mentions(sentence.text, "unit", "price"):
            match = PRICE_PER_UNIT.search(sentence.text)
            if match:
                group = next(name for name in ("price", "sold", "stated") if match.group(name))
                return found(parse_money(match.group(group)), sentence, match)
    return None


SAME_TERMS_AS = re.compile(
    r"(?:\b(?:terms|basis)\b[^.;]{0,40}?\b(?:consistent\s+with|same\s+as|identical\s+to)"
    r"|\bsame\s+(?:terms|basis)(?:\s+and\s+conditions)?\s+as)"
    r"(?:\s+(?:those|that)\s+of)?[^.;]{0,40}?\s(?P<name>(?:[\w\"'/-]+\s+){0,2}?units?)\b",
    re.I,
)
"""A sale on another class's terms: "the terms of which are consistent with those of the
offering of the F/T Units"."""


@dataclass(frozen=True)
class SaleOnTerms:
    """Gross proceeds raised on the terms of a class named elsewhere in the release."""

    gross: Found[Decimal]
    name: str
    words: str
    at: int


def sales_on_terms(sentence: Sentence) -> list[SaleOnTerms]:
    """A sale stated as gross proceeds "on the terms of" another class (and no count)."""
    text = sentence.text
    if not mentions(text, "consistent", "same", "identical"):
        return []
    terms = SAME_TERMS_AS.search(text)
    if terms is None or UNITS_SOLD.search(text) is not None:
        return []
    gross = GROSS.search(text)
    if gross is None or gross.group("about"):
        return []
    amount = parse_money(gross.group("gross"))
    if not 0 < amount <= MAX_AMOUNT:
        return []
    words = re.sub(r"^(?:the|such|its)\s+", "", terms.group("name"), flags=re.I).strip("\"'")
    at = sentence.start + gross.start()
    return [SaleOnTerms(found(amount, sentence, gross), class_name(words), words, at)]


def on_terms(sales: list[SaleOnTerms], classes: list[UnitClass]) -> list[UnitClass]:
    """Each sale as a class at the price of the class it names, when the release sold one."""
    named: dict[str, UnitClass] = {}
    kinds: dict[bool, UnitClass] = {}  # the first flow-through class, and the first other
    for unit_class in classes:
        named.setdefault(unit_class.name, unit_class)
        kinds.setdefault(
            bool(unit_class.flow_through and unit_class.flow_through.value), unit_class
        )
    result = []
    for sale in sales:
        kind = None
        if NOT_FLOW_THROUGH.search(sale.words):
            kind = False
        elif FLOW_THROUGH.search(sale.words):
            kind = True
        taken = named.get(sale.name) or (kinds.get(kind) if kind is not None else None)
        if taken is not None:
            result.append(
                replace(
                    taken,
                    count=None,
                    gross=sale.gross,
                    at=sale.at,
                    approximate=None,
                    closed=None,
                    terms_of=sale.words,
                )
            )
    return result


def gross_only_class(sentences: list[Sentence]) -> UnitClass | None:
    """A class stated only as gross proceeds and a price per unit, when no count is given."""
    gross = None
    flow_through: Found[bool] | None = None
    for sentence in sentences:
        selling = mentions(sentence.text, "unit", "placement", "offering")
        if selling and SELLING.search(sentence.text):
            match = GROSS.search(sentence.text)
            if match and not match.group("about"):
                gross = found(parse_money(match.group("gross")), sentence, match)
                ft = FLOW_THROUGH.search(sentence.text)
                if ft and not NOT_FLOW_THROUGH.search(sentence.text):
                    flow_through = found(True, sentence, ft)
                break
    price = price_per_unit(sentences) if gross is not None else None
    if gross is None or price is None or not price_ok(price.value):
        return None
    if not price.value <= gross.value <= MAX_AMOUNT:
        return None
    return UnitClass(price, None, gross, flow_through, "unit", "units", gross.at)


def class_name(words: str) -> str:
    """How a class is referred to, lower case and singular: "FT Units" is "ft unit"."""
    words = re.sub(r"^[\d,.]+\s+(?:million\s+)?", "", words.strip().lower().replace('"', ""))
    words = re.sub(r"[\s-]+", " ", re.sub(r"\(.*", "", words)).strip()
    return re.sub(r"s$", "", words)
