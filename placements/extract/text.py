"""Release text: read safely, normalised for matching, and split into sentences.

Recognisers never see the raw file. Typographic quotes and dashes become
plain ones and wrapped lines are joined, so one pattern matches a phrase
however a newswire typeset it; each paragraph is one line. Quotes in the
draft come from this normalised text, so they read as one line too.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from placements.core.problems import InputError
from placements.load.yamlfile import read_text

MAX_RELEASE_BYTES = 1024 * 1024
"""A long closing release is some 30 KB; a megabyte is a file of something else."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": " - ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u00ad": "",
        "\r": "",
    }
)
_ABBREVIATIONS = frozenset(
    "inc corp ltd co no mr mrs ms dr st jr sr jan feb mar apr jun jul aug sep sept oct nov dec "  # noqa: SIM905
    "approx vs eng geo p.geo u.s e.g i.e s.a n.v cdn".split()
)


@dataclass(frozen=True)
class Release:
    """One closing release: the file it came from and its normalised text."""

    file: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence (or semicolon clause) and where it starts in the release's text."""

    text: str
    start: int


def read_release(path: Path) -> Release:
    """The release at ``path``, or an :class:`InputError` saying why it cannot be read.

    Besides the size and UTF-8 checks every input gets, a release must hold
    text: a file with control bytes is binary, and one with only blanks is empty.
    """
    name = str(path)
    text = read_text(path, "release", max_bytes=MAX_RELEASE_BYTES)
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise InputError.in_file(
            name,
            "a binary file, not a release",
            got=f"byte 0x{ord(control.group()):02x}",
            expected="a plain-text press release",
            line=line,
        )
    if not text.strip():
        raise InputError.in_file(name, "the file is empty", expected="a press release")
    return Release(name, normalise(text))


def normalise(text: str) -> str:
    """Plain punctuation, one paragraph a line, single spaces."""
    text = _unescaped(text.translate(_TYPOGRAPHY))
    text = _READ_MORE.sub("\n\n", text)
    text = re.sub(r"-\n(?=[a-z])", "-", text)
    text = _BULLET.sub("\n\n", text)
    paragraphs = re.split(r"\n[ \t]*\n", text)
    lines = (" ".join(paragraph.split()) for paragraph in paragraphs)
    return "\n".join(line for line in lines if line)


_BULLET = re.compile(r"\n[ \t]*+(?=[\u2022\u25aa\u25e6*-][ \t])")
"""A line that starts with a bullet: a point of its own, even with no blank line before it."""
_READ_MORE = re.compile(r"\bRead More(?![a-z])(?:\s*\.\.\.)?")
"""A news page's link to the rest of an excerpt: the excerpt's paragraph ends there."""
_ESCAPED_BREAK = re.compile(r"(?:\\[nrt]\s*)+")


def _unescaped(text: str) -> str:
    """A page scraped as escaped JSON ("...its placement\\n \\n of \\"FT Units\\"...") as text.

    Such a scrape breaks lines inside sentences, so an escaped line break is
    read as a space; it is unescaped only when the text has many of them.
    """
    if text.count("\\n") < 10:
        return text
    text = _ESCAPED_BREAK.sub(" ", text)
    return text.replace('\\"', '"').replace("\\/", "/")


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a normalised text, and its semicolon-separated clauses.

    A full stop ends a sentence unless it closes an abbreviation (Inc., Nov.,
    U.S.) or an initial, or the next word starts in lower case.
    """
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        body = paragraph.group()  # once: each group() call copies the paragraph
        for end in _MARK.finditer(body):
            if _ends_sentence(body, end.start(), end.end()):
                stop = paragraph.start() + end.start() + 1
                if text[start:stop].strip():
                    yield Sentence(text[start:stop], start)
                start = paragraph.start() + end.end()
        if text[start : paragraph.end()].strip():
            yield Sentence(text[start : paragraph.end()], start)


_MARK = re.compile(r"[.!?;][\"')]*\s+")
_WORD_CHARACTER = re.compile(r"[\w.]")


def _ends_sentence(paragraph: str, mark: int, after: int) -> bool:
    if paragraph[mark] == ";":
        return True
    following = paragraph[after : after + 1]
    if not following or following.islower():
        return False
    if paragraph[mark] != ".":
        return True
    word = _word_before(paragraph, mark).lower()
    return not (word in _ABBREVIATIONS or len(word) == 1 or ("." in word and len(word) < 6))


def _word_before(paragraph: str, mark: int) -> str:
    """The letters, digits and stops just before ``mark``, as in "Inc" or "U.S".

    Read backwards from the mark: searching the paragraph up to each mark
    would read it again at every full stop. A mark is followed by a space, so
    no two reads overlap.
    """
    start = mark
    while start > 0 and _WORD_CHARACTER.match(paragraph, start - 1):
        start -= 1
    return paragraph[start:mark]
