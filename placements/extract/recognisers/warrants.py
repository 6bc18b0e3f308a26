"""The terms of the warrants in the units: exercise steps, transferability, acceleration.

Only sentences about the holders' warrants count here; a sentence about what
a finder or agent received is read by :mod:`.fees`, even when it says
"warrants". A clause that starts an acceleration proviso ("subject to
acceleration if...") is cut off before its prices are read as steps.
"""

import re
from dataclasses import dataclass

from placements.core.terms.book import Acceleration
from placements.extract.found import Found, found
from placements.extract.limits import days_ok, price_ok
from placements.extract.numbers import MONEY_PATTERN, NUMBER_PATTERN, parse_count, parse_money
from placements.extract.recognisers import about_fees, mentions
from placements.extract.recognisers.steps import ExerciseFinding, exercise_schedule
from placements.extract.text import Sentence

WARRANT = re.compile(r"\bwarrants?\b", re.I)
EXERCISE = re.compile(
    r"\b(?:exercis\w*|entitl\w*|purchase|acquire|convertible|expir\w*|term)\b", re.I
)
PROVISO = re.compile(
    r"\b(?:subject\s+to\s+(?:an?\s+|the\s+)?accelerat\w*|provided\s*,?\s*(?:however\s*,?\s*)?that"
    r"|if\s*,?\s*(?:at\s+any\s+time|after|following|on\s+any|for\s+any|during"
    r"|the\s+(?:daily\s+|volume[\s-]weighted\s+|closing\s+)?(?:average\s+)?(?:trading\s+)?price"
    r"|the\s+(?:common\s+)?shares)|in\s+the\s+event\s+that|should\s+the)\b",
    re.I,
)
TRANSFERABLE = re.compile(r"\b(?:(?P<not>non[\s-]?|not\s+)?transferable)\b", re.I)
ACCELERATION = re.compile(
    r"\baccelerat\w*|\b(?:consecutive|straight)\s+(?:trading\s+)?days?\b", re.I
)
TRIGGER = re.compile(
    rf"(?P<trigger>{MONEY_PATTERN})(?:[^.$]|\.(?=\d)){{0,120}}?\b(?P<days>{NUMBER_PATTERN})\s+"
    r"(?:(?:consecutive|straight)\s+(?:trading\s+)?|trading\s+)days?",
    re.I,
)
NOTICE = re.compile(
    rf"\b(?P<days>{NUMBER_PATTERN}|\d+(?=st|nd|rd|th))(?:st|nd|rd|th)?\)?\s+(?:calendar\s+|business\s+)?days?"
    r"(?:\s+(?:after|following|from|of)\b|'?\s+(?:prior\s+)?(?:written\s+)?notice\b)",
    re.I,
)
VWAP = re.compile(r"\bvolume[\s-]weighted\b|\bvwap\b|\bweighted\s+average\b", re.I)
"""The trigger is a volume-weighted average price, not the closing price."""
NOTICE_WITHIN = re.compile(
    rf"\b(?:news\s+release|press\s+release|notice)\s+(?:[\w,]+\s+){{0,3}}?within\s+"
    rf"(?P<days>{NUMBER_PATTERN})\)?\s+(?:calendar\s+)?days?\b",
    re.I,
)
"""The window the issuer gives notice in: "by issuing a news release within 5 days"."""
NOTICE_GIVEN = re.compile(r"\bnotice\b|\bexpir\w*", re.I)
AFTER_HOLD = re.compile(r"\bhold\s+period|\bfour[\s-]month|\brestricted\s+period", re.I)


@dataclass(frozen=True)
class WarrantTerms:
    """An exercise schedule for the warrants of the class ``subject`` names."""

    subject: str
    schedule: ExerciseFinding
    at: int


@dataclass(frozen=True)
class AccelerationTerms:
    """An acceleration clause, and its notice period where it states one."""

    subject: str
    acceleration: Found[Acceleration]
    notice: Found[int] | None


def about_holders_warrants(sentence: Sentence) -> bool:
    """Whether a sentence speaks of the holders' warrants rather than a finder's."""
    text = sentence.text
    return mentions(text, "warrant") and bool(WARRANT.search(text)) and not about_fees(text)


EACH_WARRANT = re.compile(r"\beach\s+(?:[\w-]+\s+){0,3}?warrants?\b", re.I)
"""Where a sentence starts on one kind of warrant: "each Series B Warrant is exercisable at..."."""


def warrant_terms(sentence: Sentence) -> list[WarrantTerms]:
    """The exercise schedule a sentence gives the holders' warrants, if any.

    A sentence that gives two kinds of warrant their own terms ("each Series A
    Warrant is exercisable at $0.25 and each Series B Warrant at $0.24") is
    read as one clause for each, so that each price keeps the kind it names.
    """
    if not about_holders_warrants(sentence):
        return []
    starts = [match.start() for match in EACH_WARRANT.finditer(sentence.text)]
    if len(starts) > 1:
        ends = [*starts[1:], len(sentence.text)]
        pieces = [
            _warrant_terms(Sentence(sentence.text[start:end], sentence.start + start))
            for start, end in zip(starts, ends, strict=True)
        ]
        if all(pieces):
            return [terms for piece in pieces for terms in piece]
    return _warrant_terms(sentence)


def _warrant_terms(sentence: Sentence) -> list[WarrantTerms]:
    text = sentence.text
    warrant = WARRANT.search(text)
    anchor = EXERCISE.search(text)
    if warrant is None or anchor is None:
        return []
    start = max(warrant.start(), anchor.start())
    proviso = PROVISO.search(text, start)
    end = proviso.start() if proviso else len(text)
    if start >= end:
        return []
    clause = Sentence(text[start:end], sentence.start + start)
    schedule = exercise_schedule(clause)
    if not schedule.steps and schedule.term is None and schedule.expiry is None:
        return []
    return [WarrantTerms(text[:start], schedule, sentence.start + start)]


def transferability(sentence: Sentence) -> list[Found[bool]]:
    """Whether the holders' warrants are transferable, where a sentence says so."""
    if not about_holders_warrants(sentence):
        return []
    match = TRANSFERABLE.search(sentence.text)
    return [found(match.group("not") is None, sentence, match)] if match else []


def acceleration(sentence: Sentence) -> list[AccelerationTerms]:
    """An acceleration clause: a trigger price held for N trading days, then notice.

    The notice period is 30 days when the sentence does not give one, and the
    days count only after the hold when the sentence mentions it.
    """
    text = sentence.text
    if not mentions(text, "accelerat", "consecutive", "straight") or not ACCELERATION.search(text):
        return []
    if about_fees(text):
        return []
    trigger = TRIGGER.search(sentence.text)
    if trigger is None:
        return []
    days = parse_count(trigger.group("days"))
    within = NOTICE_WITHIN.search(sentence.text, trigger.end())
    within_days = parse_count(within.group("days")) if within else None
    if within_days is not None and not days_ok(within_days + 1):
        within_days = None
    notice = _notice(sentence.text, trigger.end())
    if (
        notice is not None
        and within is not None
        and within.start() <= notice.start() < within.end()
    ):
        notice = _notice(sentence.text, within.end())  # the window's days are not the notice's
    notice_days = parse_count(notice.group("days")) if notice else 30
    price = parse_money(trigger.group("trigger"))
    if not days or not days_ok(days) or notice_days is None or not days_ok(notice_days + 1):
        return []
    if not price_ok(price):
        return []
    terms = Acceleration(
        trigger=price,
        trading_days=days,
        notice_days=notice_days,
        after_hold=bool(AFTER_HOLD.search(sentence.text)),
        measure="vwap" if VWAP.search(sentence.text, 0, trigger.start()) else "close",
        notice_within_days=within_days,
    )
    return [
        AccelerationTerms(
            sentence.text[: trigger.start()],
            found(terms, sentence, trigger),
            notice=found(notice_days, sentence, notice) if notice else None,
        )
    ]


def _notice(text: str, start: int) -> re.Match[str] | None:
    """The notice period: the days after the word "notice" (or "expire") if any, else the first.

    A period before that word ("after four months and one day from the
    closing") says when acceleration may start, not how long notice runs.
    """
    given = NOTICE_GIVEN.search(text, start)
    if given is not None:
        after = NOTICE.search(text, given.start())
        if after is not None:
            return after
    return NOTICE.search(text, start)
