"""What finders, agents and brokers were paid: cash, shares, options or warrants, units.

A fee sentence is cut into clauses ("a cash fee of 7%", "finder's warrants
equal to 7% of the units sold"); each figure in a clause is a percent, an
amount or a count, and the noun written next to it says what was paid. The
finder's options' own terms (or "the same terms as the warrants") and whether
they buy units are read from the sentences about them.
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from placements.extract.dates import DATE_PATTERN
from placements.extract.found import Found, found, quote
from placements.extract.limits import amount_ok, count_ok, percent_ok
from placements.extract.numbers import (
    DURATION_PATTERN,
    MONEY_PATTERN,
    PERCENT_PATTERN,
    parse_money,
    parse_percent,
)
from placements.extract.recognisers import FEE_CONTEXT
from placements.extract.recognisers.steps import ExerciseFinding, exercise_schedule
from placements.extract.recognisers.warrants import EXERCISE, PROVISO
from placements.extract.text import Sentence

_WHO = r"(?:finders?'?s?'?|brokers?'?s?'?|agents?'?s?'?|compensation|advisory|bonus)"
NOUN = re.compile(
    rf"\b(?:(?P<options>(?:{_WHO}\s+)?(?:unit\s+)?(?:(?:common\s+)?share\s+purchase\s+)?"
    r"(?:options?|warrants?))"
    rf"|(?P<units>{_WHO}\s+units?)"
    rf"|(?P<shares>(?:{_WHO}\s+)?(?:common\s+)?shares?)"
    rf"|(?P<cash>(?:cash\s+)?(?:commissions?|(?:{_WHO}\s+)?fees?)|cash))\b",
    re.I,
)
CLAUSE_BREAK = re.compile(
    r";|,\s+(?!\d{4}\b)(?:and\s+)?|\s+(?:and|plus|along\s+with|as\s+well\s+as|together\s+with"
    r"|in\s+addition\s+to)\s+",
    re.I,
)
PERCENT = re.compile(PERCENT_PATTERN, re.I)
MONEY = re.compile(MONEY_PATTERN, re.I)
COUNT = re.compile(
    r"(?<![\d$.,(])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\d)(?!\s*(?:%|per\s?cent|\)))"
)
A_PRICE = re.compile(r"(?:\bat|\bprice\s+of|\bproceeds\s+of|\bexercis\w*)\s+(?:of\s+)?$", re.I)
BUYS = re.compile(
    r"\b(?:purchase|acquire|buy|exercisable\s+(?:in)?to|for)\s+(?:up\s+to\s+)?$", re.I
)
PERIOD_AFTER = re.compile(r"\s*(?:months?|years?|days?)\b", re.I)
IN_CASH = re.compile(r"\s+(?:in\s+)?cash\b", re.I)
PROCEEDS = re.compile(r"^[^,;]{0,60}?\bproceeds\b", re.I)
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
INTRODUCED = re.compile(
    r"\b(?:introduced|referred|sourced)\b|\b(?:arranged|brought\s+in)\s+by\b", re.I
)
RESTATED = re.compile(
    r"^[\s,(]*(?:being|representing|equal\s+to|or|which\s+(?:is|represents))\b[^;]{0,30}$", re.I
)
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
    if not FEE_CONTEXT.search(text):
        return []
    no_fees = NO_FEES.search(text)
    if no_fees:
        return [found(FeeTerm(FeeKind.NONE), sentence, no_fees)]
    flags = {
        "introduced": bool(INTRODUCED.search(text)),
        "whole_offering": bool(WHOLE_OFFERING.search(text)),
    }
    stated = [
        (
            replace(term, **flags),
            clause.start - sentence.start + start,
            clause.start - sentence.start + end,
        )
        for clause in _clauses(sentence)
        for term, start, end in _payments(clause.text)
    ]
    return [
        Found(term, quote(text[start:end]), sentence.start + start)
        for term, start, end in _without_restatements(text, stated)
    ]


def _without_restatements(text: str, stated: list[Payment]) -> list[Payment]:
    """Cash amounts with the percent that restates them folded in, and that percent dropped.

    Positions are offsets in the sentence ``text``.
    """
    restated: set[int] = set()
    result = []
    for term, start, end in stated:
        if term.kind is FeeKind.CASH and term.amount is not None:
            for index, (other, other_start, other_end) in enumerate(stated):
                is_percent = other.kind is FeeKind.CASH and other.percent is not None
                if is_percent and other_start >= end and RESTATED.match(text[end:other_start]):
                    term = replace(term, restates=quote(text[other_start:other_end]))
                    restated.add(index)
                    break
        result.append((term, start, end))
    return [item for index, item in enumerate(result) if index not in restated]


def _clauses(sentence: Sentence) -> list[Sentence]:
    clauses, start = [], 0
    for cut in CLAUSE_BREAK.finditer(sentence.text):
        clauses.append(Sentence(sentence.text[start : cut.start()], sentence.start + start))
        start = cut.end()
    clauses.append(Sentence(sentence.text[start:], sentence.start + start))
    return clauses


def _payments(clause: str) -> list[Payment]:
    """The payments in one clause: percents, then amounts, then counts of securities.

    A figure inside a date, a period, a percent or an amount is not also a count.
    """
    taken = [m.span() for m in re.finditer(rf"{DATE_PATTERN}|{DURATION_PATTERN}", clause, re.I)]
    percents = _percents(clause, taken)
    amounts = _amounts(clause, taken)
    return percents + amounts + _counts(clause, taken)


def _percents(clause: str, taken: list[tuple[int, int]]) -> list[Payment]:
    result = []
    for match in PERCENT.finditer(clause):
        taken.append(match.span())
        percent = parse_percent(match.group())
        noun = _noun_before(clause, match.start()) or _noun_after(clause, match.end())
        if not percent_ok(percent):
            continue
        if noun is None and not PROCEEDS.search(clause[match.end() :]):
            continue
        kind = FeeKind.CASH if noun is None else FeeKind(noun.lastgroup)
        result.append((FeeTerm(kind, percent=percent), *_span(noun, match)))
    return result


def _amounts(clause: str, taken: list[tuple[int, int]]) -> list[Payment]:
    """Cash paid: any amount in a fee clause that is not a price or the gross proceeds."""
    result = []
    for match in MONEY.finditer(clause):
        taken.append(match.span())
        noun = _noun_before(clause, match.start())
        amount = parse_money(match.group())
        if A_PRICE.search(clause[: match.start()]) or not amount_ok(amount):
            continue
        if noun is None or noun.lastgroup == "cash":
            result.append((FeeTerm(FeeKind.CASH, amount=amount), *_span(noun, match)))
    return result


def _counts(clause: str, taken: list[tuple[int, int]]) -> list[Payment]:
    """Securities paid: a count and the noun written after it, or before it ("to purchase")."""
    result = []
    for match in COUNT.finditer(clause):
        if any(start <= match.start() < end for start, end in taken):
            continue
        if PERIOD_AFTER.match(clause, match.end()):
            continue
        noun = _noun_after(clause, match.end(), words=3)
        if BUYS.search(clause[: match.start()]) or noun is None:
            noun = _noun_before(clause, match.start())
        count = int(match.group().replace(",", ""))
        if noun is None or noun.lastgroup == "cash" or not count_ok(count):
            continue
        result.append((FeeTerm(FeeKind(noun.lastgroup), count=count), *_span(noun, match)))
    return result


def _noun_before(clause: str, position: int) -> re.Match[str] | None:
    nouns = list(NOUN.finditer(clause, 0, position))
    return nouns[-1] if nouns else None


def _noun_after(clause: str, position: int, words: int = 4) -> re.Match[str] | None:
    window = re.match(rf"\s*(?:[^\s,;]+\s+){{0,{words}}}?", clause[position:])
    stop = position + (window.end() if window else 0) + 40
    match = NOUN.search(clause, position, stop)
    if match is None or re.search(r"[,;]", clause[position : match.start()]):
        return None
    return match


def _span(noun: re.Match[str] | None, value: re.Match[str]) -> tuple[int, int]:
    """The words that state a payment: its noun, its figure and what a percent is of."""
    basis = BASIS.match(value.string, value.end()) or IN_CASH.match(value.string, value.end())
    end = basis.end() if basis else value.end()
    if noun is None:
        return value.start(), end
    return min(noun.start(), value.start()), max(noun.end(), end)


def option_terms(sentence: Sentence) -> list[OptionTerms]:
    """The terms a sentence gives finder's options or warrants, if it speaks of them."""
    text = sentence.text
    noun = next((m for m in NOUN.finditer(text) if m.lastgroup == "options"), None)
    if noun is None or not FEE_CONTEXT.search(text):
        return []
    same = SAME_TERMS.search(text)
    into = INTO_UNITS.search(text, noun.start())
    schedule = None
    anchor = EXERCISE.search(text, noun.end())
    if same is None and anchor is not None:
        proviso = PROVISO.search(text, anchor.start())
        end = proviso.start() if proviso else len(text)
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
