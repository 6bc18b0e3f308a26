"""What each unit is made of: its shares, and a whole or fractional warrant.

"Each Unit consists of one common share and one-half of one share purchase
warrant": the subject ("Unit") ties the sentence to a class of units, the
share part says whether the share is flow-through, and the warrant part gives
the warrants per unit and often whether they are transferable.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from placements.extract.found import Found, found, quote
from placements.extract.limits import MAX_PER_UNIT
from placements.extract.numbers import FRACTION_PATTERN, parse_count, parse_fraction
from placements.extract.recognisers import mentions
from placements.extract.recognisers.offering import FLOW_THROUGH, NOT_FLOW_THROUGH
from placements.extract.text import Sentence

# Each pattern below tries _MADE_OF at up to 40 or 80 places after "unit": the
# lookahead of its first letters makes most of those tries one test.
_MADE_OF = (
    r"(?=[abcimw])(?:consists?|consisted|consisting|(?:is\s+|are\s+)?comprised|comprising|comprises"
    r"|included|includes"
    r"|(?:is\s+)?composed|(?:is\s+)?made\s+up|will\s+consist|being)\s+(?:of\s+)?"
)
EACH_UNIT = re.compile(
    # the parenthesis (a defined term, as in 'each Unit (a "Unit")') is bounded:
    # read to its end from every "each unit (", a sentence of many unclosed ones
    # would be quadratic; and it is possessive, as a shorter one cannot close
    # a price in the words before the verb ("priced at $0.06 and consisting of") has a
    # full stop that ends no sentence
    r"\beach\s+(?:such\s+)?(?P<subject>(?:[\w\"'/-]+\s+){0,3}?units?)\b(?:\s*\([^)]{0,300}+\))?"
    rf"(?:[^.;]|\.(?=\d)){{0,40}}?\b{_MADE_OF}(?P<body>.+)",
    re.I,
)
EACH_OF_THEM = re.compile(
    # the spaces before "each" start where a run of spaces does: from inside a
    # long run, each of the 80 places would read the rest of it again
    rf"\bunits?\b(?:[^.;]|\.(?=\d)){{0,80}}?,?(?<!\s)\s++each,?\s+{_MADE_OF}(?P<body>.+)",
    re.I,
)
SHARES = re.compile(
    r"^(?P<count>one|a|an|two|three|\d+)\s+(?:\(\d+\)\s+)?(?P<kind>[^,;.]{0,50}?)\bshares?\b",
    re.I,
)
WARRANTS = re.compile(
    rf"\b(?:and|plus|together\s+with)\s+(?P<fraction>{FRACTION_PATTERN})\s+"
    r"(?P<kind>[^.;]{0,80}?)\bwarrants?\b",
    re.I,
)
TRANSFERABLE = re.compile(r"\b(?:(?P<not>non[\s-]?|not\s+)?transferable)\b", re.I)
_COUNTS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class Composition:
    """What one unit holds, for the class the ``subject`` names ("" for the one just sold)."""

    subject: str
    shares: Found[int]
    flow_through: Found[bool] | None
    warrants: Found[Decimal]
    transferable: Found[bool] | None
    at: int


def composition(sentence: Sentence) -> list[Composition]:
    """The composition a sentence gives for each unit, if it gives one."""
    if not (mentions(sentence.text, "each") and mentions(sentence.text, "unit")):
        return []  # what both patterns need
    match = EACH_UNIT.search(sentence.text) or EACH_OF_THEM.search(sentence.text)
    if match is None:
        return []
    subject = match.group("subject") if "subject" in match.re.groupindex else ""
    body_start = match.start("body")
    body = sentence.text[body_start:]
    shares = SHARES.match(body)
    if shares is None:
        return []
    offset = Sentence(body, sentence.start + body_start)
    count = _COUNTS.get(shares.group("count").lower()) or parse_count(shares.group("count"))
    if count is None or not 0 < count <= MAX_PER_UNIT:
        return []
    warrants = WARRANTS.search(body, shares.end())
    if warrants is not None and re.search(r"\bwarrant", body[shares.end() : warrants.start()]):
        warrants = None
    return [
        Composition(
            subject=subject or "",
            shares=found(count, offset, shares),
            flow_through=_flow_through(offset, shares),
            warrants=(
                Found(
                    parse_fraction(warrants.group("fraction")),
                    quote(body[warrants.start("fraction") : warrants.end()]),
                    offset.start + warrants.start("fraction"),
                )
                if warrants
                else Found(Decimal(0), body[: shares.end()], offset.start)
            ),
            transferable=_transferable(offset, warrants) if warrants else None,
            at=sentence.start + match.start(),
        )
    ]


def _flow_through(sentence: Sentence, shares: re.Match[str]) -> Found[bool] | None:
    kind = shares.group("kind")
    if NOT_FLOW_THROUGH.search(kind):
        return found(False, sentence, shares)
    if FLOW_THROUGH.search(kind):
        return found(True, sentence, shares)
    return None


def _transferable(sentence: Sentence, warrants: re.Match[str]) -> Found[bool] | None:
    match = TRANSFERABLE.search(warrants.group("kind"))
    if match is None:
        return None
    inner = Sentence(warrants.group("kind"), sentence.start + warrants.start("kind"))
    return found(match.group("not") is None, inner, match)
