"""Recognisers: small functions that find one kind of term in a release's sentences.

Each takes a :class:`~placements.extract.text.Sentence` (or the text) and
returns what it found as :class:`~placements.extract.found.Found` values with
the quoted words. They do no I/O and know nothing of books: assembling the
findings into draft tranches is :mod:`placements.extract.assemble`'s job.
"""

import re

FEE_CONTEXT = re.compile(
    r"\b(?:finders?'?s?'?|brokers?'?s?|agents?'?s?|compensation|commissions?|advisory|options?"
    r"|fees?)\b",
    re.I,
)
"""Words of a sentence about what finders or agents were paid, not about the units sold."""

NOT_YET = re.compile(
    r"\b(?:expect\w*|anticipat\w*|scheduled|intends?|will\s+close|proposed|up\s+to)\b", re.I
)
"""Words of a sentence about what has not happened."""
