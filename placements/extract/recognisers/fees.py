"""What finders, agents and brokers were paid: cash, shares, options or warrants, units.

A fee sentence is cut into clauses ("a cash fee of 7%", "finder's warrants
equal to 7% of the units sold"); each figure in a clause is a percent, an
amount or a count, and the noun written next to it says what was paid. The
finder's options' own terms (or "the same terms as the warrants") and whether
they buy units are read from the sentences about them.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from placements.extract.dates import DATE_PATTERN, DATE_WORDS
from placements.extract.found import Found, found, quote
from placements.extract.limits import amount_ok, count_ok, percent_ok, price_ok
from placements.extract.numbers import (
    DURATION_PATTERN,
    DURATION_WORDS,
    MONEY_PATTERN,
    MONEY_WORDS,
    PERCENT_PATTERN,
    PERCENT_WORDS,
    parse_count,
    parse_money,
    parse_percent,
)
from placements.extract.recognisers import about_fees, matches, mentions
from placements.extract.recognisers.steps import ExerciseFinding, exercise_schedule
from placements.extract.recognisers.warrants import EXERCISE, PROVISO
from placements.extract.text import Sentence

_WHO = r"(?:finders?'?s?'?|brokers?'?s?'?|agents?'?s?'?|compensation|advisory|bonus)"
NOUN = re.compile(
    # (?=[...]): the letters a noun starts with, so that the alternatives are tried only there
    rf"\b(?=[abcfosuw])(?:(?P<options>(?:{_WHO}\s+)?(?:unit\s+)?"
    r"(?:(?:common\s+)?share\s+purchase\s+)?(?:options?|warrants?))"
    rf"|(?P<units>{_WHO}\s+units?)"
    rf"|(?P<shares>(?:{_WHO}\s+)?(?:common\s+)?shares?)"
    rf"|(?P<cash>(?:cash\s+)?(?:commissions?|(?:{_WHO}\s+)?fees?)|cash))\b",
    re.I,
)
CLAUSE_BREAK = re.compile(
    # a break of words starts where its spaces do: from inside a long run of
    # spaces it could not match where it failed from the run's start
    r";|,\s+(?!\d{4}\b)(?:and\s+)?|(?<!\s)\s+(?:and|plus|along\s+with|as\s+well\s+as"
    r"|together\s+with|in\s+addition\s+to)\s+",
    re.I,
)
PERCENT = re.compile(PERCENT_PATTERN, re.I)
DATE_OR_PERIOD = re.compile(rf"{DATE_PATTERN}|{DURATION_PATTERN}", re.I)
MONEY = re.compile(MONEY_PATTERN, re.I)
COUNT = re.compile(
    # (?![.,]*+\d), no digit after the number but past stops and commas, is the
    # same as (?![\d.,]*\d), which read the rest of a long number again for
    # each comma group given back
    r"(?<![\d$.,(])(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]*+\d)(?!\s*(?:%|per\s?cent|\)))"
)
A_PRICE = re.compile(
    r"(?:\s+fo)?\s+(?:ta|fo\s+ecirp|fo\s+(?:\w+\s+){0,3}?sdeecorp|\w*sicrexe)\b", re.I
)
"""The words that make the figure after them a price or the gross proceeds: "at", "price
of", "exercisable at", "proceeds (to the Company) of".

Written backwards, like :data:`BUYS`, and matched in the reversed clause
where the figure starts, so it reads only the words just before the figure.
The same pattern written forwards and searched for at the end of the clause
up to each figure read the whole clause again for every figure in it.
"""
BUYS = re.compile(r"(?:\s+ot\s+pu)?\s+(?:esahcrup|eriuqca|yub|ot(?:ni)?\s+elbasicrexe|rof)\b", re.I)
"""The words that make a count what an option buys: "purchase", "exercisable into", "for up to".

Written backwards, as :data:`A_PRICE` is.
"""
PERIOD_AFTER = re.compile(r"\s*(?:months?|years?|days?)\b", re.I)
IN_CASH = re.compile(r"\s+(?:in\s+)?cash\b", re.I)
PROCEEDS = re.compile(r"^[^,;]{0,60}?\bproceeds\b", re.I)
PROCEEDS_REACH = 60 + len("proceeds") + 1
"""The most text after a percent that :data:`PROCEEDS` reads, with the letter after it."""
BASIS = re.compile(
    r"\s+of\s+(?:the\s+)?(?:[\w\"'-]+\s+){0,5}?(?:proceeds|units?|shares?)\b"
    r"(?:\s+(?:subscribed\s+for|sold|issued|raised))?",
    re.I,
)
NO_FEES = re.compile(
    r"\bno\s+(?:cash\s+)?(?:finders?'?s?'?\s+|brokers?'?s?'?\s+|agents?'?s?'?\s+)?"
    r"(?:fees?|commissions?)\b|\bwithout\s+(?:the\s+payment\s+of\s+)?(?:any\s+)?"
    r"(?:finders?'?s?'?\s+)?(?:fees?|commissions?)\b|\bnot\s+pay\s+any\s+(?:finders?'?s?'?\s+)?"
    r"(?:fees?|commissions?)\b",
    re.I,
)
DEEMED = re.compile(
    rf"\bdeemed\s+(?:issue\s+)?price\s+of\s+(?P<price>{MONEY_PATTERN})"
    rf"|\bdeemed\s+(?:issue\s+)?(?:price|value)\s+of\s+(?P<each>{MONEY_PATTERN})\s+(?:per|each|a)\b",
    re.I,
)
"""The price finder's shares or units are deemed issued at: "at a deemed price of $0.10".

A deemed value is a price only when it is per security; "a deemed value of
$20,000" alone is their total.
"""
DEEMED_REACH = 80
"""How far after a count of shares or units its deemed price may start."""
INTRODUCED = re.compile(
    r"\b(?:introduced|referred|sourced)\b|\b(?:arranged|brought\s+in)\s+by\b", re.I
)
RESTATED = re.compile(
    r"^[\s,(]*(?:being|representing|equal\s+to|or|which\s+(?:is|represents))\b[^;]{0,30}$", re.I
)
RESTATING_WORD = re.compile(
    r"[\s,(]*(?:being|representing|equal\s+to|or|which\s+(?:is|represents))", re.I
)
"""Where :data:`RESTATED`'s word ends after an amount: a percent it restates starts at most
31 characters on (30, and a final newline)."""
WHOLE_OFFERING = re.compile(
    r"\b(?:tranches|entire|whole|overall|all\s+closings)\b|\boffering\s+as\s+a\s+whole\b", re.I
)
SAME_TERMS = re.compile(
    r"\b(?:same|identical)\s+(?:terms|conditions|basis)(?:\s+and\s+conditions)?"
    r"(?:\s+as\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?(?:warrants?|units?)\b)?"
    r"|\bterms\s+identical\s+to\b",
    re.I,
)
INTO_UNITS = re.compile(
    r"\b(?:exercisable|convertible)\s+(?:in)?to\s+(?:one\s+|a\s+)?(?:[\w'-]+\s+){0,2}?units?\b"
    r"|\b(?:purchase|acquire|buy)\s+(?:one\s+|a\s+|up\s+to\s+)?(?:[\d,]+\s+)?"
    r"(?:[\w'-]+\s+){0,2}?units?\b|\bunit\s+(?:options|warrants)\b",
    re.I,
)


class FeeKind(Enum):
    CASH = "cash"
    SHARES = "shares"
    OPTIONS = "options"
    UNITS = "units"
    NONE = "none"


@dataclass(frozen=True)
class FeeTerm:
    """One payment to finders: a percent (of gross, or of units), an amount or a count.

    ``introduced``: the sentence says it is paid only on subscribers the
    finder introduced. ``whole_offering``: it speaks of the offering as a whole.
    ``restates``: the words that state the same cash fee as a percent ("$6,000,
    being 6% of..."), which is then not counted twice.
    """

    kind: FeeKind
    percent: Decimal | None = None
    amount: Decimal | None = None
    count: int | None = None
    introduced: bool = False
    whole_offering: bool = False
    restates: str | None = None
    deemed_price: Decimal | None = None


Payment = tuple[FeeTerm, int, int]
"""A payment and the span of words in its clause that state it."""


@dataclass(frozen=True)
class OptionTerms:
    """The terms of finder's options: the warrants' own, or a schedule of their own."""

    same_as_warrants: Found[bool] | None
    schedule: ExerciseFinding | None
    into_units: Found[bool] | None
    at: int


def fee_terms(sentence: Sentence) -> list[Found[FeeTerm]]:
    """Every payment to finders or agents that a sentence states."""
    text = sentence.text
    if not about_fees(text):
        return []
    no_fees = NO_FEES.search(text)
    if no_fees:
        return [found(FeeTerm(FeeKind.NONE), sentence, no_fees)]
    flags = {
        "introduced": bool(INTRODUCED.search(text)),
        "whole_offering": bool(WHOLE_OFFERING.search(text)),
    }
    flagged = any(flags.values())
    stated = [
        (
            replace(
                term,
                introduced=flags["introduced"],
                whole_offering=flags["whole_offering"],
            )
            if flagged
            else term,
            clause.start - sentence.start + start,
            clause.start - sentence.start + end,
        )
        for clause in _clauses(sentence)
        for term, start, end in _payments(clause.text)
    ]
    return [
        Found(term, quote(text[start:end]), sentence.start + start)
        for term, start, end in _with_deemed_prices(text, _without_restatements(text, stated))
    ]


def _with_deemed_prices(text: str, stated: list[Payment]) -> list[Payment]:
    """Counts of shares or units with the deemed price written just after them, if any.

    Read in the sentence, not the clause: "200,000 shares, at a deemed price of
    $0.10 per share" puts a comma between the count and its price. The price's
    words join the quote.
    """
    if not mentions(text, "deemed"):
        return stated
    result = []
    for term, start, end in stated:
        paid_in_kind = term.kind in (FeeKind.SHARES, FeeKind.UNITS)
        deemed = DEEMED.search(text, end, end + DEEMED_REACH) if paid_in_kind else None
        if term.count is not None and deemed is not None:
            price = parse_money(deemed.group("price") or deemed.group("each"))
            if price_ok(price):
                term, end = replace(term, deemed_price=price), deemed.end()
        result.append((term, start, end))
    return result


def _without_restatements(text: str, stated: list[Payment]) -> list[Payment]:
    """Cash amounts with the percent that restates them folded in, and that percent dropped.

    Positions are offsets in the sentence ``text``.
    """
    first_percent: dict[int, int] = {}  # where a cash percent's words start: its first index
    for index, (term, start, _) in enumerate(stated):
        if term.kind is FeeKind.CASH and term.percent is not None:
            first_percent.setdefault(start, index)
    percent_starts = sorted(first_percent)
    restated: set[int] = set()
    result = []
    for term, start, end in stated:
        if term.kind is FeeKind.CASH and term.amount is not None:
            restating = _restating(text, end, percent_starts, first_percent)
            if restating is not None:
                _, other_start, other_end = stated[restating]
                term = replace(term, restates=quote(text[other_start:other_end]))
                restated.add(restating)
        result.append((term, start, end))
    return [item for index, item in enumerate(result) if index not in restated]


def _restating(text: str, end: int, starts: list[int], first_at: dict[int, int]) -> int | None:
    """The first cash percent (by index) that restates the amount whose words end at ``end``.

    Only a percent a few words on can ("$6,000, being 6% of..."), so only the
    percents starting there are tried, not every percent in the sentence.
    """
    word = RESTATING_WORD.match(text, end)
    if word is None:
        return None
    near = starts[bisect_left(starts, end) : bisect_right(starts, word.end() + 31)]
    restating = [first_at[start] for start in near if RESTATED.match(text[end:start])]
    return min(restating, default=None)


def _clauses(sentence: Sentence) -> list[Sentence]:
    clauses, start = [], 0
    for cut in CLAUSE_BREAK.finditer(sentence.text):
        clauses.append(Sentence(sentence.text[start : cut.start()], sentence.start + start))
        start = cut.end()
    clauses.append(Sentence(sentence.text[start:], sentence.start + start))
    return clauses


class _Clause:
    """A fee clause, read once for what each figure in it asks of the words before it.

    A figure wants the last noun written before it and whether words such as
    "at" or "to purchase" lead up to it. Searching the clause up to each
    figure for them would be quadratic in a clause of many figures, so the
    nouns are found once, and the words before a figure are read backwards
    from it, in the reversed clause.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._nouns = list(NOUN.finditer(text))
        self._noun_ends = [noun.end() for noun in self._nouns]
        self._backwards = text[::-1]

    def noun_before(self, position: int) -> re.Match[str] | None:
        """The last noun in the clause cut at ``position``: as if the clause ended there.

        That is the last noun ending by ``position``, but for one thing: a noun
        glued to the figure ("fees5%") is a whole word only in the cut clause.
        A noun, glued or not, is made of letters, apostrophes and spaces, so
        for a glued figure the cut clause is searched from the first of those
        before it.
        """
        if position and _GLUED.match(self.text, position - 1):
            start = position
            while start and _NOUN_CHARACTER.match(self.text, start - 1):
                start -= 1
            nouns = list(NOUN.finditer(self.text, start, position))
            if nouns:
                return nouns[-1]
            position = start
        index = bisect_right(self._noun_ends, position) - 1
        return self._nouns[index] if index >= 0 else None

    def led_by(self, backwards: re.Pattern[str], position: int) -> bool:
        """Whether the words ``backwards`` reads (reversed) end just before ``position``."""
        return backwards.match(self._backwards, len(self.text) - position) is not None


_GLUED = re.compile(r"\w\w")
_COMMA = re.compile(r"[,;]")
_NOUN_CHARACTER = re.compile(r"[a-z'\s]", re.I)


def _payments(text: str) -> list[Payment]:
    """The payments in one clause: percents, then amounts, then counts of securities.

    A figure inside a date, a period, a percent or an amount is not also a count.
    """
    clause = _Clause(text)
    taken = [m.span() for m in matches(DATE_OR_PERIOD, text, (*DATE_WORDS, *DURATION_WORDS))]
    percents = _percents(clause, taken)
    amounts = _amounts(clause, taken)
    return percents + amounts + _counts(clause, _covered(taken))


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position is inside one of ``spans``: merged once, then found by bisection."""
    merged: list[list[int]] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _ in merged]

    def inside(position: int) -> bool:
        index = bisect_right(starts, position) - 1
        return index >= 0 and position < merged[index][1]

    return inside


def _percents(clause: _Clause, taken: list[tuple[int, int]]) -> list[Payment]:
    text = clause.text
    result = []
    for match in matches(PERCENT, text, PERCENT_WORDS):
        taken.append(match.span())
        percent = parse_percent(match.group())
        noun = clause.noun_before(match.start()) or _noun_after(text, match.end())
        if not percent_ok(percent):
            continue
        after = text[match.end() : match.end() + PROCEEDS_REACH]
        if noun is None and not PROCEEDS.search(after):
            continue
        kind = FeeKind.CASH if noun is None else FeeKind(noun.lastgroup)
        result.append((FeeTerm(kind, percent=percent), *_span(noun, match)))
    return result


def _amounts(clause: _Clause, taken: list[tuple[int, int]]) -> list[Payment]:
    """Cash paid: any amount in a fee clause that is not a price or the gross proceeds."""
    result = []
    for match in matches(MONEY, clause.text, MONEY_WORDS):
        taken.append(match.span())
        noun = clause.noun_before(match.start())
        amount = parse_money(match.group())
        if clause.led_by(A_PRICE, match.start()) or not amount_ok(amount):
            continue
        if noun is None or noun.lastgroup == "cash":
            result.append((FeeTerm(FeeKind.CASH, amount=amount), *_span(noun, match)))
    return result


def _counts(clause: _Clause, taken: Callable[[int], bool]) -> list[Payment]:
    """Securities paid: a count and the noun written after it, or before it ("to purchase")."""
    text = clause.text
    result = []
    for match in COUNT.finditer(text):
        if taken(match.start()):
            continue
        if PERIOD_AFTER.match(text, match.end()):
            continue
        noun = _noun_after(text, match.end(), words=3)
        if clause.led_by(BUYS, match.start()) or noun is None:
            noun = clause.noun_before(match.start())
        count = parse_count(match.group())
        if noun is None or noun.lastgroup == "cash" or count is None or not count_ok(count):
            continue
        result.append((FeeTerm(FeeKind(noun.lastgroup), count=count), *_span(noun, match)))
    return result


def _noun_after(clause: str, position: int, words: int = 4) -> re.Match[str] | None:
    # matched at the position rather than on clause[position:]: a copy of the
    # rest of the clause for every figure would be quadratic
    window = re.compile(rf"\s*(?:[^\s,;]+\s+){{0,{words}}}?").match(clause, position)
    stop = (window.end() if window else position) + 40
    match = NOUN.search(clause, position, stop)
    if match is None or _COMMA.search(clause, position, match.start()):
        return None
    return match


def _span(noun: re.Match[str] | None, value: re.Match[str]) -> tuple[int, int]:
    """The words that state a payment: its noun, its figure and what a percent is of."""
    basis = BASIS.match(value.string, value.end()) or IN_CASH.match(value.string, value.end())
    end = basis.end() if basis else value.end()
    if noun is None:
        return value.start(), end
    return min(noun.start(), value.start()), max(noun.end(), end)


OVER_ALLOTMENT = re.compile(r"\b(?:over[\s-]?allotment|greenshoe)\s*$", re.I)
"""An option to sell more units, just before the word "option": no finder's option."""
CASH_CLAUSE = re.compile(r",?(?<!\s)\s++and\s+(?:paid|pays|a\s+cash|cash)\b", re.I)
"""Where a sentence goes on from the options' terms to the cash paid: no price of theirs."""


def option_terms(sentence: Sentence) -> list[OptionTerms]:
    """The terms a sentence gives finder's options or warrants, if it speaks of them."""
    text = sentence.text
    if not about_fees(text):  # first: it is a far cheaper search than the nouns
        return []
    noun = next(
        (
            m
            for m in NOUN.finditer(text)
            if m.lastgroup == "options"
            and not OVER_ALLOTMENT.search(text, max(0, m.start() - 30), m.start())
        ),
        None,
    )
    if noun is None:
        return []
    same = SAME_TERMS.search(text)
    into = INTO_UNITS.search(text, noun.start())
    schedule = None
    anchor = EXERCISE.search(text, noun.end())
    if same is None and anchor is not None:
        proviso = PROVISO.search(text, anchor.start())
        paid = CASH_CLAUSE.search(text, anchor.start())
        end = min([stop.start() for stop in (proviso, paid) if stop], default=len(text))
        clause = Sentence(text[anchor.start() : end], sentence.start + anchor.start())
        found_schedule = exercise_schedule(clause)
        schedule = found_schedule if found_schedule.steps else None
    if same is None and schedule is None and into is None:
        return []
    return [
        OptionTerms(
            same_as_warrants=found(True, sentence, same) if same else None,
            schedule=schedule,
            into_units=found(True, sentence, into) if into else None,
            at=sentence.start + noun.start(),
        )
    ]
