"""Exercise schedules in words: prices, how long each lasts, the term and the expiry.

Warrants and finder's options are priced in steps: "at $0.25 for 12 months
from the closing and thereafter at $0.30 for an additional twelve months",
"for two years at $0.30 for the first twelve months and $0.35 for the last 12
months", "at $0.15 until June 15, 2027". A clause is read as a row of tokens
(prices, periods and dates) and each price takes the period or date written
next to it. A period counted "from the closing" (or "the second year") ends a
number of months after the closing rather than after the step before. A period
no price claims is the whole term; a date no price claims is the expiry.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from placements.core.terms.schedule import Step
from placements.extract.dates import DATE_PATTERN, DATE_WORDS, parse_date
from placements.extract.found import Found, quote
from placements.extract.limits import months_ok, price_ok
from placements.extract.numbers import (
    DURATION_PATTERN,
    DURATION_WORDS,
    MONEY_PATTERN,
    MONEY_WORDS,
    NUMBER_INITIALS,
    parse_money,
    parse_months,
)
from placements.extract.recognisers import matches
from placements.extract.text import Sentence
from placements.load.book import MAX_STEPS

_QUALIFIER = (
    r"first|initial|next|following|additional|further|subsequent|remaining|last|final"
    r"|succeeding|ensuing"
)
_STARTS = rf"\da{NUMBER_INITIALS}" + "".join(sorted({word[0] for word in _QUALIFIER.split("|")}))
"""What a period can start with: a qualifier, a number or "a"; PERIOD tries its
alternatives only there, as the patterns of :mod:`placements.extract.numbers` do."""
PERIOD = re.compile(
    rf"(?=[{_STARTS}])(?:(?P<qualifier>{_QUALIFIER})\s+(?:(?:period|term)\s+of\s+)?)?"
    rf"(?P<duration>{DURATION_PATTERN})"
    r"(?P<anchor>\s+(?:from|after|following)\s+(?:the\s+)?(?:date\s+of\s+)?(?:the\s+)?"
    r"(?:closing|issu\w*|grant|distribution)(?:\s+date)?)?",
    re.I,
)
ORDINAL_YEAR = re.compile(
    r"\b(?P<ordinal>first|second|third|fourth|fifth)\s+(?:year|anniversary)\b", re.I
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
UNTIL = re.compile(
    r"\b(?:until|to|through|expir\w*|expires?\s+on|on\s+or\s+before|up\s+to|ending)\s+"
    rf"(?:on\s+)?(?:and\s+including\s+)?(?P<date>{DATE_PATTERN})",
    re.I,
)
PRICE = re.compile(MONEY_PATTERN, re.I)
ALTERNATIVE = re.compile(r"\s*\(\s*[A-Z]{0,3}\s?")
"""What comes between a price and the same price in another currency: "$0.84 (A$0.90)"."""
# Possessive runs of spaces and commas: each is followed by a word or the end,
# so giving some back could never match, and two such runs in a row would
# otherwise try every way of sharing a long run between them.
FOLLOWS = re.compile(
    r"^[\s,]*+(?:per\s++(?:[\w-]++\s++){0,2}?(?:share|unit)s?\b[\s,]*+)?"
    r"(?:(?:for|in|during|until|through|over|up\s++to)\b"
    r"(?:\s++(?:the|a|an|period|term|of|date|that|is|which|being))*)?[\s,]*+$",
    re.I,
)
"""The words between a price and the period it lasts: "for the", "in the", ", until"."""
PRECEDES = re.compile(
    r"^[\s,]*+(?:at|with)\s++(?:an?\s++)?(?:(?:exercise|purchase)\s++)?(?:price\s++of\s++)?"
    r"[\s,]*+$",
    re.I,
)
"""The words between a period and a price written after it: "for 24 months at"."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "price", "months" or "until"
    start: int
    end: int
    value: Any  # a Decimal price, whole months or a date, by kind
    cumulative: bool = False


@dataclass(frozen=True)
class ExerciseFinding:
    """The steps a clause gives, its stated term and expiry, and what did not add up.

    A step with neither months nor until is *open*: the clause gave no end
    for it. ``problems`` say, for a reviewer, what could not be reconciled.
    """

    steps: tuple[Found[Step], ...]
    term: Found[int] | None = None
    expiry: Found[date] | None = None
    problems: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every step ends, or only the last is open and an expiry ends it."""
        open_steps = [
            position
            for position, step in enumerate(self.steps)
            if step.value.months is None and step.value.until is None
        ]
        if not open_steps:
            return bool(self.steps)
        return open_steps == [len(self.steps) - 1] and self.expiry is not None


def completed_by(schedule: ExerciseFinding, other: ExerciseFinding) -> ExerciseFinding:
    """``schedule`` with the term or expiry that ``other``, a sentence of no price, gives.

    Releases often price the warrants in one sentence and give their term in
    another ("Each Warrant is exercisable for 12 months. Each Series A Warrant
    is exercisable at $0.25"). Only a schedule whose last step is open, and
    that states no term or expiry of its own, takes them.
    """
    if not schedule.steps or other.steps or schedule.term or schedule.expiry:
        return schedule
    *earlier, last = schedule.steps
    if last.value.months is not None or last.value.until is not None:
        return schedule
    if other.term is not None and all(step.value.months is not None for step in earlier):
        so_far = sum(step.value.months or 0 for step in earlier)
        if other.term.value > so_far:
            step = replace(last, value=replace(last.value, months=other.term.value - so_far))
            return replace(schedule, steps=(*earlier, step), term=other.term)
    if other.expiry is not None:
        return replace(schedule, expiry=other.expiry)
    return schedule


def exercise_schedule(clause: Sentence) -> ExerciseFinding:
    """The exercise schedule written in ``clause`` (a sentence or part of one)."""
    tokens = _tokens(clause.text)
    prices = [token for token in tokens if token.kind == "price"][:MAX_STEPS]
    ends = [token for token in tokens if token.kind != "price"]
    claimed = _claims(clause.text, tokens)
    used = {id(end) for end in claimed.values()}
    spare = [end for end in ends if id(end) not in used]
    term = next((_found_at(clause, t, t.value) for t in spare if t.kind == "months"), None)
    expiry = next((_found_at(clause, t, t.value) for t in spare if t.kind == "until"), None)
    return _schedule(clause, prices, claimed, term, expiry)


def _claims(text: str, tokens: list[_Token]) -> dict[int, _Token]:
    """Which period or date each price takes: the one written just after it, else just before.

    "$0.30 for the first twelve months" takes what follows; "for 24 months at
    $0.25" what precedes. Only the words between decide, so a term written
    ahead of a list of steps ("for two years at $0.30 for the first...") is
    left to be the whole term.
    """
    claimed: dict[int, _Token] = {}
    taken: set[int] = set()
    for position, token in enumerate(tokens):
        if token.kind != "price":
            continue
        after = tokens[position + 1] if position + 1 < len(tokens) else None
        before = tokens[position - 1] if position > 0 else None
        if after and after.kind != "price" and FOLLOWS.match(text[token.end : after.start]):
            claimed[id(token)] = after
        elif (
            before
            and before.kind != "price"
            and id(before) not in taken
            and PRECEDES.match(text[before.end : token.start])
        ):
            claimed[id(token)] = before
        if id(token) in claimed:
            taken.add(id(claimed[id(token)]))
    return claimed


def _schedule(
    clause: Sentence,
    prices: list[_Token],
    claimed: dict[int, _Token],
    term: Found[int] | None,
    expiry: Found[date] | None,
) -> ExerciseFinding:
    steps: list[Found[Step]] = []
    problems: list[str] = []
    months_so_far, counting = 0, True
    for position, price in enumerate(prices):
        end = claimed.get(id(price))
        months = until = None
        if end is not None and end.kind == "until":
            until, counting = end.value, False
        elif end is not None and (not end.cumulative or counting):
            months = end.value - months_so_far if end.cumulative else end.value
            if months <= 0:
                problems.append(
                    f"a step ends {end.value} months from the closing, before the one before it"
                )
                months = None
        elif end is not None:
            problems.append("a step is counted from the closing after a step ending on a date")
        is_last = position == len(prices) - 1
        if months is None and until is None and is_last and term is not None and counting:
            months = term.value - months_so_far if term.value > months_so_far else None
        months_so_far += months or 0
        first = min(price.start, end.start) if end is not None else price.start
        last = max(price.end, end.end) if end is not None else price.end
        step = Step(price.value, months, until)
        steps.append(Found(step, quote(clause.text[first:last]), clause.start + first))
    all_months = steps and all(step.value.months is not None for step in steps)
    if term is not None and all_months and months_so_far != term.value:
        problems.append(
            f"the steps add up to {months_so_far} months but the term is {term.value} months"
        )
    return ExerciseFinding(tuple(steps), term, expiry, tuple(problems))


def _tokens(text: str) -> list[_Token]:
    tokens = []
    last_price = -1  # where the last price read ends
    for match in matches(PRICE, text, MONEY_WORDS):
        price = parse_money(match.group())
        alternative = last_price >= 0 and ALTERNATIVE.fullmatch(text, last_price, match.start())
        if price_ok(price) and not alternative:
            tokens.append(_Token("price", match.start(), match.end(), price))
        last_price = match.end()
    for match in matches(PERIOD, text, DURATION_WORDS):
        months = parse_months(match.group("duration"))
        if months is not None and months_ok(months):
            cumulative = bool(match.group("anchor"))
            tokens.append(_Token("months", match.start(), match.end(), months, cumulative))
    for match in matches(ORDINAL_YEAR, text, ("year", "anniversary")):
        months = 12 * _ORDINALS[match.group("ordinal").lower()]
        tokens.append(_Token("months", match.start(), match.end(), months, cumulative=True))
    for match in matches(UNTIL, text, DATE_WORDS):
        day = parse_date(match.group("date"))
        if day is not None:
            tokens.append(_Token("until", match.start(), match.end(), day))
    return _without_overlaps(tokens)


def _without_overlaps(tokens: list[_Token]) -> list[_Token]:
    """Tokens in order; of two that overlap, the one that starts first (or is longer) wins."""
    kept: list[_Token] = []
    for token in sorted(tokens, key=lambda t: (t.start, -t.end)):
        if not kept or token.start >= kept[-1].end:
            kept.append(token)
    return kept


def _found_at(clause: Sentence, token: _Token, value):
    return Found(value, quote(clause.text[token.start : token.end]), clause.start + token.start)
