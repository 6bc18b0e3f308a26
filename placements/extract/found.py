"""What a recogniser found: a value, and the words of the release it came from."""

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from placements.extract.text import Sentence

T = TypeVar("T")

MAX_QUOTE = 110
"""Longer quotes are shortened in the middle: a comment should fit on a line or two."""


@dataclass(frozen=True)
class Found(Generic[T]):
    """A term found in a release: its value, the quoted words, and their offset.

    ``at`` orders findings as a reader meets them and ties a term to the
    unit class it is nearest.
    """

    value: T
    quote: str
    at: int


def found(value: T, sentence: Sentence, match: re.Match[str], group: str | int = 0) -> Found[T]:
    """A finding quoting ``group`` of ``match``, a match in ``sentence``'s text."""
    return Found(value, quote(match.group(group)), sentence.start + match.start(group))


def quote(words: str) -> str:
    """The words as a one-line quotation, trimmed of punctuation and shortened if long."""
    words = " ".join(words.split()).strip(" ,;:")
    if len(words) <= MAX_QUOTE:
        return words
    half = (MAX_QUOTE - 5) // 2
    return f"{words[:half].rstrip()} ... {words[-half:].lstrip()}"
