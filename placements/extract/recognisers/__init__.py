"""Recognisers: small functions that find one kind of term in a release's sentences.

Each takes a :class:`~placements.extract.text.Sentence` (or the text) and
returns what it found as :class:`~placements.extract.found.Found` values with
the quoted words. They do no I/O and know nothing of books: assembling the
findings into draft tranches is :mod:`placements.extract.assemble`'s job.
"""

import functools
import re
from collections.abc import Iterator

FEE_CONTEXT = re.compile(
    r"\b(?:finders?'?s?'?|brokers?'?s?|agents?'?s?|compensation|commissions?|advisory|options?"
    r"|fees?)\b",
    re.I,
)
"""Words of a sentence about what finders or agents were paid, not about the units sold."""
FEE_WORDS = ("finder", "broker", "agent", "compensation", "commission", "advisory", "option", "fee")
"""What every match of :data:`FEE_CONTEXT` holds, for :func:`mentions`."""

AT_ITS_OPTION = re.compile(
    r"\bat\s+(?:its|their|the\s+[\w'’]+)\s+(?:sole\s+|own\s+)?(?:discretion\s+and\s+)?\s*$",
    re.I,
)
"""The words before "option" that make it a choice, not a security: "at the Company's option"."""
AT_ITS_OPTION_REACH = 60
"""How far before "option" :data:`AT_ITS_OPTION` reads."""

NOT_YET = re.compile(
    r"\b(?:expect\w*|anticipat\w*|scheduled|intends?|will\s+close|proposed|up\s+to)\b", re.I
)
"""Words of a sentence about what has not happened."""


def mentions(text: str, *words: str) -> bool:
    """Whether ``text`` may hold one of ``words``, in any case: False only where it cannot.

    Far cheaper than a search, it is made before a pattern that matches
    nothing without one of the words, so that a long text without them is not
    scanned at all. It is exact on ASCII text; other text is always searched,
    as the patterns' case-insensitive matching of other letters is not
    ``str.lower``.
    """
    if not text.isascii():
        return True
    lower = _lower(text)
    for word in words:  # noqa: SIM110 (any() over a generator costs more; ten calls a sentence)
        if word in lower:
            return True
    return False


_lower = functools.lru_cache(maxsize=16)(str.lower)
"""A sentence lower-cased once for the recognisers that ask of it in turn."""


def matches(pattern: re.Pattern[str], text: str, words: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern``, searched for only if ``text`` mentions one of ``words``.

    Each match of the pattern holds one of the words.
    """
    return pattern.finditer(text) if mentions(text, *words) else iter(())


def about_fees(text: str) -> bool:
    """Whether a sentence speaks of what finders or agents were paid (:data:`FEE_CONTEXT`).

    "At its option" is no option paid: an acceleration clause that says the
    issuer may accelerate at its option is about the holders' warrants.
    """
    if not mentions(text, *FEE_WORDS):
        return False
    for match in FEE_CONTEXT.finditer(text):
        if not match.group().lower().startswith("option"):
            return True
        start = max(0, match.start() - AT_ITS_OPTION_REACH)
        if not AT_ITS_OPTION.search(text, start, match.start()):
            return True
    return False
