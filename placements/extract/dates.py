"""Dates as releases write them: "November 26, 2007", "Nov. 26, 2007", "26 November 2007"."""

import re
from datetime import date

from placements.extract.limits import year_ok

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # French, as a bilingual newswire heads a release ("30 mai 2018")
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

_STARTS = "".join(sorted({month[0] for month in _MONTHS}))
DATE_PATTERN = (
    rf"(?=[\d{_STARTS}])(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:day\s+of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
"""A calendar date with its year; a regular expression without groups of its own.

It starts with a lookahead of the characters a date can start with, as the
patterns of :mod:`.numbers` do, so that a long text is scanned fast.
"""
DATE_WORDS = (*sorted({month[:3] for month in _MONTHS}), "-")
"""What every date holds: the start of its month's name, or the dashes of 2024-03-03."""


def parse_date(text: str) -> date | None:
    """The date in a :data:`DATE_PATTERN` match, or None if no such day exists."""
    text = text.strip().lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return day if year_ok(day.year) else None
        year = int(text[-4:])
        month = next(
            (_MONTHS[word] for word in re.findall(r"[^\W\d_]+", text) if word in _MONTHS), None
        )
        found = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
        if month is None or found is None or not year_ok(year):
            return None
        return date(year, month, int(found.group(1)))
    except ValueError:
        return None
