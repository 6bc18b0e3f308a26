"""Calendar events as an iCalendar (RFC 5545) feed a fund can subscribe to.

Written by hand rather than with a library: the subset needed (all-day
events, a display alarm) is small, the escaping (backslash, semicolon, comma,
newline) and the folding of lines longer than 75 octets are a few lines each,
and the feed then costs no dependency and no import time. The test reads the
feed back with the ``icalendar`` library.

Each event's UID is derived from what the event is (issuer, tranche or
series, kind, and which step-up), not from its date or the run, so
re-importing an updated book updates the events instead of duplicating them.
"""

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from hashlib import sha1
from typing import NamedTuple

from placements.render.grid import UNIT

NAMESPACE = uuid.UUID("6f0d3c55-2b8e-4f7b-9a39-3f3f6b1c1c14")
"""The namespace of event UIDs: fixed, so a UID never changes between versions."""
NAMESPACE_BYTES = NAMESPACE.bytes
LIMIT = 75
"""Octets per content line before folding (RFC 5545, 3.1)."""


class Entry(NamedTuple):
    """One all-day event of the feed; ``key`` identifies it across versions of a book.

    A named tuple: a feed of a large book has tens of thousands, made in one go.
    """

    key: str
    day: date
    summary: str
    description: str
    category: str
    remind_days: int | None = None


def escape(text: str) -> str:
    """A TEXT value escaped as RFC 5545, 3.3.11 requires."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded to 75 octets, continuation lines led by a space.

    Folds fall between characters, never inside a multi-byte UTF-8 sequence.
    """
    if len(line) <= LIMIT and (line.isascii() or len(line.encode("utf-8")) <= LIMIT):
        return line  # most lines: short enough as they are
    if line.isascii():  # an octet a character: cut in slices
        rest = [" " + line[at : at + LIMIT - 1] for at in range(LIMIT, len(line), LIMIT - 1)]
        return "\r\n".join([line[:LIMIT], *rest])
    out, current, size = [], "", 0
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > LIMIT:
            out.append(current)
            current, size = " ", 1
        current += character
        size += width
    out.append(current)
    return "\r\n".join(out)


def uid(key: str) -> str:
    """``uuid.uuid5(NAMESPACE, key)`` and a domain, made without a UUID object (a feed has many).

    The version and variant bits are set on the digest's hex digits: the version is digit 12,
    and the variant's two bits lead digit 16.
    """
    text = sha1(NAMESPACE_BYTES + key.encode("utf-8")).hexdigest()
    return (
        f"{text[:8]}-{text[8:12]}-5{text[13:16]}-{_VARIANT[text[16]]}{text[17:20]}-"
        f"{text[20:32]}@placements"
    )


_VARIANT = {digit: "89ab"[int(digit, 16) & 0x3] for digit in "0123456789abcdef"}
"""A hex digit with its top two bits set to the RFC 4122 variant, 10."""


def escaped(texts: Sequence[str]) -> list[str]:
    """:func:`escape` of each of ``texts``, done on them joined: one pass, not one per text."""
    joined = UNIT.join(texts)
    if joined.count(UNIT) != len(texts) - 1:  # a text holds the joiner after all
        return [escape(text) for text in texts]
    return escape(joined).split(UNIT) if texts else []


def feed(name: str, entries: Sequence[Entry], stamp: datetime) -> str:
    """The entries as one VCALENDAR; ``stamp`` (UTC) is each event's DTSTAMP.

    Each event is written as one piece of text: only its texts can need
    escaping or folding, and its days and categories recur, so they are
    written once each.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//placements//placement calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    out = ["".join(fold(line) + "\r\n" for line in lines)]
    when = f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}\r\n"
    days: dict[date, str] = {}
    categories: dict[str, str] = {}
    summaries = escaped([entry.summary for entry in entries])
    descriptions = escaped([entry.description for entry in entries])
    for entry, summary, description in zip(entries, summaries, descriptions, strict=True):
        key, day, _, _, category, remind_days = entry
        dated = days.get(day)
        if dated is None:
            dated = days[day] = (
                f"{when}DTSTART;VALUE=DATE:{day:%Y%m%d}\r\n"
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}\r\n"
            )
        filed = categories.get(category)
        if filed is None:
            filed = categories[category] = (
                _line(f"CATEGORIES:{escape(category)}") + "TRANSP:TRANSPARENT\r\n"
            )
        out.append(
            f"BEGIN:VEVENT\r\nUID:{uid(key)}\r\n{dated}"
            + _line("SUMMARY:" + summary)
            + _line("DESCRIPTION:" + description)
            + filed
        )
        if remind_days is not None:
            # the alarm's words add nothing that needs escaping to the summary's
            out.append(
                f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P{remind_days}D\r\n"
                + _line(f"DESCRIPTION:In {remind_days} days: {summary}")
                + "END:VALARM\r\n"
            )
        out.append("END:VEVENT\r\n")
    out.append("END:VCALENDAR\r\n")
    return "".join(out)


def _line(line: str) -> str:
    """A content line as the feed holds it: folded if need be, and ended."""
    if len(line) <= LIMIT and line.isascii():
        return line + "\r\n"
    return fold(line) + "\r\n"
