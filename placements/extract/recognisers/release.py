"""Who issued the release, when, when the tranche closed, and which tranche it was."""

import re
from dataclasses import dataclass
from datetime import date

from placements.extract.dates import DATE_PATTERN, parse_date
from placements.extract.found import Found, found
from placements.extract.recognisers import NOT_YET, matches, mentions
from placements.extract.text import Sentence

_SUFFIX = r"(?:Inc|Corp|Corporation|Ltd|Limited|Incorporated|Ltée|Ltee|plc|Co)\.?"
_SUFFIX_WORDS = ("inc", "co", "ltd", "limited", "ltee", "ltée", "plc")
"""What every suffix holds: "co" is in Co, Corp and Corporation, "inc" in Incorporated."""
_NAME_WORD = r"(?:[A-Z][\w&.'-]*+|&|of|and|de|du|des)"
_ISSUER = rf"[A-Z][\w&.'-]*+(?:\s++{_NAME_WORD}){{0,6}}?\s++(?i:{_SUFFIX})(?=[\s,(]|$)"
ISSUER = re.compile(_ISSUER)
ISSUER_IN_TEXT = re.compile(rf"(?<![\w&.'-])(?:(?![A-Z])[\w&.'-])*+(?P<name>{_ISSUER})")
"""An issuer's name anywhere in a text: :data:`ISSUER`, from the first capital of a word.

Tried at every capital, as ISSUER alone would be, a long word is read to its
end from each of them. Every capital of a word leads to the same word's end
and the same words after it, so the first capital is the only one to try.
"""
TICKER = re.compile(
    r"\b(?P<exchange>(?i:TSX[\s-]*V(?:enture)?(?:\s+Exchange)?|TSXV|CSE|CNSX|NEX|NEO|TSX))"
    r"\s*:\s*(?P<symbol>[A-Z][A-Z0-9]{0,4}(?:\.[A-Z]{1,2})?)\b"
)
_EXCHANGE_WORDS = ("tsx", "cse", "cnsx", "nex", "neo")
_EXCHANGES = {"TSX": "TSX", "TSXV": "TSXV", "CSE": "CSE", "CNSX": "CSE", "NEX": "NEX", "NEO": "NEO"}
TERM_DATE = re.compile(
    r"\b(?:until|expir\w*|ending|ends|before|after|hold|warrants?|anniversary|dated|announced"
    r"|on\s+or\s+before)\b[^.\n]*$",
    re.I,
)
"""Words before a date in the heading that make it a term's date, not the release's."""
DATELINE_CHARACTERS = 1000
"""A release's date is in its heading or its first sentence."""

CLOSED_ON = (
    re.compile(
        rf"\b(?:closed|completed|closing(?:\s+date)?|close)\b[^.]{{0,100}}?"
        rf"\b(?=[deo])(?:on|of|dated|effective)\s+(?P<date>{DATE_PATTERN})",
        re.I,
    ),
    re.compile(
        rf"\bon\s+(?P<date>{DATE_PATTERN}),?\s+(?:[\w-]+\s+){{0,4}}?(?:has\s+)?(?:closed|completed)\b",
        re.I,
    ),
    re.compile(rf"\b(?:closed|completed)\s+(?P<date>{DATE_PATTERN})", re.I),
)
EARLIER = re.compile(r"\b(?:previously\s+)?announced\b", re.I)
"""A date after "announced" is an earlier release's, not the closing's."""
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "initial": 1,
}
TRANCHE = re.compile(
    r"\b(?:(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|initial"
    r"|(?P<digit>\d{1,2})(?:st|nd|rd|th))(?:\s+and\s+(?P<final>final|last))?"
    r"|(?P<alone>final|last))\s+tranche\b",
    re.I,
)


@dataclass(frozen=True)
class TrancheWording:
    """Which tranche of an offering a release closes: a number, the final one, or both."""

    number: int | None
    final: bool

    @property
    def label(self) -> str:
        """A short label for generated ids: t4, or final."""
        return f"t{self.number}" if self.number is not None else "final"


def issuer(text: str) -> Found[str] | None:
    """The issuer's name: a heading line that ends in Inc., Corp., Ltd. and the like.

    Failing that, the first such name followed by a parenthesis, as in
    'Example Corp. (the "Company")' or 'Example Corp. (TSXV: EXP)'.
    """
    if not mentions(text, *_SUFFIX_WORDS):
        return None
    for paragraph in re.finditer(r"[^\n]+", text[:DATELINE_CHARACTERS]):
        match = ISSUER.match(paragraph.group())
        if match:
            return Found(match.group(), match.group(), paragraph.start())
    for match in ISSUER_IN_TEXT.finditer(text):
        if text[match.end() : match.end() + 3].lstrip().startswith("("):
            return Found(match.group("name"), match.group("name"), match.start("name"))
    return None


def ticker(text: str) -> Found[str] | None:
    """The issuer's listing, such as TSXV:RMI from "TSX VENTURE : RMI"."""
    match = TICKER.search(text) if mentions(text, *_EXCHANGE_WORDS) and ":" in text else None
    if match is None:
        return None
    exchange = re.sub(r"[\s-]|ENTURE|EXCHANGE", "", match.group("exchange").upper())
    listing = f"{_EXCHANGES.get(exchange, exchange)}:{match.group('symbol')}"
    return Found(listing, match.group(), match.start())


def release_date(text: str) -> Found[date] | None:
    """The date of the release: the first date in its heading."""
    for match in re.finditer(DATE_PATTERN, text[:DATELINE_CHARACTERS], re.I):
        day = parse_date(match.group())
        before = text[max(0, match.start() - 80) : match.start()]
        if day is not None and not TERM_DATE.search(before):
            return Found(day, match.group(), match.start())
    return None


EARLIER_ANNOUNCEMENT = re.compile(
    rf"\b(?:dated|announced(?:\s+\(?on)?)\s+(?P<date>{DATE_PATTERN})", re.I
)


def earlier_announcement(text: str) -> Found[date] | None:
    """The latest date of an earlier release the text mentions ("press release dated ...").

    A release that gives no date of its own closed on or after it.
    """
    latest = None
    for match in matches(EARLIER_ANNOUNCEMENT, text, ("dated", "announced")):
        day = parse_date(match.group("date"))
        if day is not None and (latest is None or day > latest.value):
            latest = Found(day, match.group(), match.start())
    return latest


def closing_dates(sentence: Sentence) -> list[Found[date]]:
    """Dates a sentence says a placement closed on ("closed on March 3, 2024")."""
    if not mentions(sentence.text, "clos", "complet") or NOT_YET.search(sentence.text):
        return []
    for pattern in CLOSED_ON:
        match = pattern.search(sentence.text)
        if match and not EARLIER.search(match.group()):
            day = parse_date(match.group("date"))
            if day is not None:
                return [found(day, sentence, match)]
    return []


def tranche_wording(sentence: Sentence) -> list[Found[TrancheWording]]:
    """Mentions of a numbered or final tranche: "second tranche", "fourth and final tranche"."""
    result = []
    for match in matches(TRANCHE, sentence.text, ("tranche",)):
        if match.group("alone"):
            wording = TrancheWording(None, True)
        elif match.group("digit"):
            wording = TrancheWording(int(match.group("digit")), bool(match.group("final")))
        else:
            number = _ORDINALS[match.group("ordinal").lower()]
            wording = TrancheWording(number, bool(match.group("final")))
        result.append(found(wording, sentence, match))
    return result
