"""The resale hold: a number of months, a first trading date, or none at all.

Releases state the NI 45-102 hold as "four months", "four months and one
day", "a hold period expiring on March 23, 2008" or "may not be traded before
March 23, 2008"; securities sold under the listed issuer financing exemption
(LIFE) and other prospectus-exempt offerings that say so carry no hold.
"""

import re
from dataclasses import dataclass
from datetime import date

from placements.extract.dates import DATE_PATTERN, parse_date
from placements.extract.found import Found, found
from placements.extract.limits import months_ok
from placements.extract.numbers import NUMBER_PATTERN, parse_count
from placements.extract.recognisers import mentions
from placements.extract.text import Sentence

HOLD_CONTEXT = re.compile(
    r"\b(?:hold|resale|restrict\w*|trade[ds]?|trading|legend\w*|free[\s-]trading|LIFE"
    r"|listed\s+issuer\s+financing)\b",
    re.I,
)
_HOLD_WORDS = ("hold", "resale", "restrict", "trade", "trading", "legend", "free", "life", "listed")
"""What every match of :data:`HOLD_CONTEXT` holds."""
NO_HOLD = re.compile(
    r"\blisted\s+issuer\s+financing\s+exemption\b|\(?\bLIFE\b\)?"
    r"|\bnot\s+(?:be\s+)?subject\s+to\s+(?:a|any)\s+(?:statutory\s+)?(?:hold|resale\s+restriction)\w*"
    r"|\bno\s+(?:statutory\s+)?hold\s+period\b|\bwithout\s+(?:a|any)\s+hold\s+period\b"
    r"|\b(?:will\s+be|are|were)\s+(?:immediately\s+)?free[\s-]trading\b",
    re.I,
)
UNTIL = re.compile(
    r"\b(?:not\s+(?:be\s+)?trade[d]?|must\s+not\s+trade|may\s+not\s+(?:be\s+)?trade[d]?|"
    r"cannot\s+(?:be\s+)?trade[d]?|restricted\s+from\s+trading)[^.]{0,80}?"
    rf"\b(?=[bpu])(?:before|until|prior\s+to)\s+(?P<date>{DATE_PATTERN})"
    r"|\b(?:hold|restricted)\s+period,?\s+(?:which\s+|that\s+)?(?:expiring|expires|expire|ending|ends)"
    rf"\s+(?:on\s+)?(?P<expiring>{DATE_PATTERN})"
    r"|\b(?:hold|restricted)\s+period\s+of\s+[^.,;]{0,40},\s+(?:expiring|ending)\s+(?:on\s+)?"
    rf"(?P<lasting>{DATE_PATTERN})"
    r"|\b(?:hold\s+period|restricted\s+period|resale\s+restrictions?)\s+(?:until|to|through)"
    rf"\s+(?P<through>{DATE_PATTERN})",
    re.I,
)
MONTHS = re.compile(
    rf"\b(?P<months>{NUMBER_PATTERN})[\s-]+months?(?:\s+and\s+(?:one|a|1)\s+day)?"
    r"(?=[^.]{0,40}?\b(?=[hrt])(?:hold|resale|restrict\w*|trade[d]?)\b)"
    r"|\b(?:hold|restricted)\s+period\s+of\s+"
    rf"(?P<after>{NUMBER_PATTERN})\s+months?(?:\s+and\s+(?:one|a|1)\s+day)?"
    r"|\bnot\s+be\s+traded\s+for\s+a\s+period\s+of\s+"
    rf"(?P<traded>{NUMBER_PATTERN})\s+months?(?:\s+and\s+(?:one|a|1)\s+day)?",
    re.I,
)


@dataclass(frozen=True)
class HoldTerm:
    """A hold as stated: months from closing, a first trading day, or none.

    ``expiring``: the date was given as the day a hold period expires, which
    some releases mean as the last day of the hold rather than the first free one.
    """

    months: int | None = None
    until: date | None = None
    none: bool = False
    expiring: bool = False


def holds(sentence: Sentence) -> list[Found[HoldTerm]]:
    """The holds a sentence states: a date, a number of months, or no hold."""
    text = sentence.text
    if not mentions(text, *_HOLD_WORDS) or not HOLD_CONTEXT.search(text):
        return []
    result = []
    no_hold = NO_HOLD.search(text)
    if no_hold:
        result.append(found(HoldTerm(months=None, none=True), sentence, no_hold))
    until = UNTIL.search(text)
    if until:
        names = ("date", "expiring", "lasting", "through")
        group = next(name for name in names if until.group(name))
        day = parse_date(until.group(group))
        if day is not None:
            term = HoldTerm(until=day, expiring=group in ("expiring", "lasting"))
            result.append(found(term, sentence, until))
    months = MONTHS.search(text)
    if months:
        group = next(name for name in ("months", "after", "traded") if months.group(name))
        count = parse_count(months.group(group))
        if count and months_ok(count):
            result.append(found(HoldTerm(months=count), sentence, months))
    return result
