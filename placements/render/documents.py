"""JSON and YAML text of reports, written row by row without a document in between.

``json.dumps(indent=2)`` runs the pure-Python encoder, and ``yaml.dump``
builds a node for every value before emitting it; on a 10,000-row report
each takes seconds. Here the rows of a table are written straight from their
typed values, a column's repeated figures (schedules, clauses, prices) once
each, and everything else (the report's facts, totals, notes) by the
libraries themselves, so the text is the same as theirs. A row holding
anything outside the simple shapes rows take (a scalar the YAML emitter might
fold, quote some other way, or write as a float) is written by PyYAML too.
"""

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from placements.core.money import price_text
from placements.reports.report import Kind, Table

ENCODE = json.encoder.encode_basestring
"""A string as JSON writes it with ``ensure_ascii=False``."""


@dataclass(frozen=True)
class Rows:
    """A table's rows in a report's document: a list of objects, or one object for a record."""

    table: Table
    values: Callable[[Kind], Callable[[Any], Any]]
    """A column's JSON values, given its kind (``json_value`` for that kind)."""

    def document(self) -> Any:
        keys = [column.key for column in self.table.columns]
        made = [self.values(column.kind) for column in self.table.columns]
        rows = [
            dict(zip(keys, [make(item) for make, item in zip(made, row, strict=True)], strict=True))
            for row in self.table.rows
        ]
        return rows[0] if self.table.record and rows else rows


# JSON


def json_text(documents: Sequence[dict[str, Any]], many: bool) -> str:
    """``json.dumps(documents, indent=2, ensure_ascii=False)``, or of the one document alone."""
    if many:
        return "[\n" + ",\n".join("  " + _json_object(d, 1) for d in documents) + "\n]\n"
    return _json_object(documents[0], 0) + "\n"


def _json_object(document: dict[str, Any], depth: int) -> str:
    if not document or not all(isinstance(key, str) for key in document):
        return _json_dumped({k: _plain(v) for k, v in document.items()}, depth)
    inner = "  " * (depth + 1)
    return (
        "{\n"
        + ",\n".join(
            f"{inner}{ENCODE(key)}: "
            + (_json_rows(value, depth + 1) if isinstance(value, Rows) else _json(value, depth + 1))
            for key, value in document.items()
        )
        + "\n"
        + "  " * depth
        + "}"
    )


def _plain(value: Any) -> Any:
    return value.document() if isinstance(value, Rows) else value


def _json_dumped(value: Any, depth: int) -> str:
    """``value`` as json.dumps writes it at ``depth`` levels of indentation."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth) if "\n" in text else text


def _json_rows(rows: Rows, depth: int) -> str:
    """A table's rows at ``depth``: a list of objects one level in, or a record's one object."""
    table = rows.table
    if not table.rows or not table.columns:
        return _json_dumped(rows.document(), depth)
    level = depth if table.record else depth + 1
    writers = [
        (ENCODE(c.key), _json_writer(c.kind, rows.values(c.kind), level + 1)) for c in table.columns
    ]
    inner, close = "  " * (level + 1), "\n" + "  " * level + "}"

    def row_text(row: Sequence[Any]) -> str:
        return (
            "{\n"
            + ",\n".join(
                f"{inner}{key}: {write(value)}"
                for (key, write), value in zip(writers, row, strict=True)
            )
            + close
        )

    if table.record:
        return row_text(table.rows[0])
    outer = "  " * level
    lines = ",\n".join(outer + row_text(row) for row in table.rows)
    return "[\n" + lines + "\n" + "  " * depth + "]"


def _json_writer(kind: Kind, value: Callable[[Any], Any], depth: int) -> Callable[[Any], str]:
    """A column's values as JSON text at ``depth``: ``json_value``'s, as json.dumps puts them."""
    if kind is Kind.COUNT:
        return lambda item: str(item) if type(item) is int else _json(value(item), depth)
    if kind is Kind.DATE:
        return lambda item: (
            f'"{item.isoformat()}"' if type(item) is date else _json(value(item), depth)
        )
    if kind is Kind.TEXT:
        return lambda item: ENCODE(item) if type(item) is str else _json(value(item), depth)
    if kind is Kind.SCHEDULE:
        return _json_schedule(value, depth)

    def written(item: Any) -> str:
        made = value(item)
        return ENCODE(made) if type(made) is str else _json(made, depth)

    return written


def _json_schedule(value: Callable[[Any], Any], depth: int) -> Callable[[Any], str]:
    """A column of schedules as :func:`_json` writes ``json_value``'s list of price, from and to.

    Each period is written straight from its fields, each price once.
    """
    period = ",\n" + "  " * (depth + 1) + "{\n" + "  " * (depth + 2)
    within = ",\n" + "  " * (depth + 2)
    close, end = "\n" + "  " * (depth + 1) + "}", "\n" + "  " * depth + "]"
    prices: dict[Any, str] = {}

    def written(item: Any) -> str:
        if type(item) is not tuple or not item:
            return _json(value(item), depth)
        texts = []
        for each in item:
            price = prices.get(each.price)
            if price is None:  # equal prices are written alike (price_text normalizes)
                price = prices[each.price] = ENCODE(price_text(each.price))
            first = "null" if each.first is None else f'"{each.first.isoformat()}"'
            texts.append(
                f'{period}"price": {price}{within}"from": {first}'
                f'{within}"to": "{each.last.isoformat()}"{close}'
            )
        return "[" + "".join(texts)[1:] + end

    return written


def _json(value: Any, depth: int) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` at ``depth``, for the shapes rows hold.

    Strings, whole numbers, true, false, null, and lists and objects of them
    are written here; anything else (a float, a key that is not a string) by
    json itself.
    """
    kind = type(value)
    if kind is str:
        return ENCODE(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = ",\n" + "  " * (depth + 1)
        try:
            keys = [ENCODE(key) + ": " for key in value if type(key) is str or _not_text()]
        except _NotText:
            return _json_dumped(value, depth)
        items = [
            key + (ENCODE(item) if type(item) is str else _json(item, depth + 1))
            for key, item in zip(keys, value.values(), strict=True)
        ]
        return "{" + inner[1:] + inner.join(items) + "\n" + "  " * depth + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = ",\n" + "  " * (depth + 1)
        items = [ENCODE(item) if type(item) is str else _json(item, depth + 1) for item in value]
        return "[" + inner[1:] + inner.join(items) + "\n" + "  " * depth + "]"
    return _json_dumped(value, depth)


class _NotText(Exception):
    """A key json.dumps would turn into text itself (a number, true, null)."""


def _not_text() -> bool:
    raise _NotText


# YAML

Dump = Callable[[Any], str]
PRINTABLE = re.compile(r"[\x20-\x7e]*\Z")
WIDTH = 80
"""The emitter's best width: past it, a plain or quoted text is folded at its next lone space."""
_FIGURE = r"-?[0-9]+\.[0-9]+\Z"
QUOTED_FIGURE = re.compile(_FIGURE)
"""Figures with decimals, which YAML 1.1 reads as floats: written in single quotes, never folded."""
READ_AS_NUMBER_OR_DATE = re.compile(_FIGURE + r"|[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""Money, prices and ISO dates, which YAML 1.1 reads as floats and timestamps, not text."""
INDICATORS = "#,[]{}&*!|>'\"%@`"
"""Characters that may not begin a plain text."""
SPACES = re.compile(" +")


class _Unusual(Exception):
    """A value outside the shapes written here: PyYAML writes it."""


def yaml_text(documents: Sequence[dict[str, Any]], many: bool, dump: Dump) -> str:
    """``dump(documents)`` (a list of documents), or ``dump`` of the one document alone."""
    if not all(documents):
        return dump([_plain_values(d) for d in documents] if many else _plain_values(documents[0]))
    texts = []
    for document in documents:
        for number, (key, value) in enumerate(document.items()):
            indent = 2 if many else 0
            text = None
            if isinstance(value, Rows):
                text = _yaml_rows(key, value, indent, dump)
            if text is None:
                text = _yaml_entry(key, _plain(value), indent, dump)
            if many:
                text = ("  " if number else "- ") + text[2:]
            texts.append(text)
    return "".join(texts)


def _plain_values(document: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in document.items()}


def _yaml_entry(key: str, value: Any, indent: int, dump: Dump) -> str:
    """One key of a document and its value at ``indent``, as ``dump`` writes it there.

    A list is written item by item, and an item of an unusual shape is left
    to ``dump``, in a document that puts it where it stands here (the
    emitter's columns, and so its folding, are the same).
    """

    def dumped(item: Any) -> str:
        return dump([{key: item}] if indent else {key: item})

    try:
        head = " " * indent + _yaml_key(key) + ":"
        if type(value) is not list or not value:
            return "\n".join(_yaml_mapping({key: value}, indent, " " * indent)) + "\n"
    except _Unusual:
        return dumped(value)
    lines = [head]
    starts: dict[tuple[Any, ...], list[tuple[str, Any, str]]] = {}
    lead, pad = " " * indent + "- ", " " * (indent + 2)
    for item in value:
        try:
            if type(item) is dict and item:
                keys = tuple(item)
                found = starts.get(keys)
                if found is None:
                    found = starts[keys] = [
                        ((pad if n else lead) + _yaml_key(k) + ":", k, pad if n else lead)
                        for n, k in enumerate(keys)
                    ]
                lines.extend(_yaml_item(item, found, indent + 4))
            else:
                lines.extend(_yaml_sequence([item], indent))
        except _Unusual:
            lines.extend(dumped([item]).splitlines()[1:])
    return "\n".join(lines) + "\n"


def _yaml_rows(key: str, rows: Rows, indent: int, dump: Dump) -> str | None:
    """:func:`_yaml_entry` of a table's rows, written from their typed values column by column.

    None for a shape written otherwise (a record, no rows or no columns, a
    key the emitter would write its own way). A row holding an unusual value
    is written by ``dump``, as :func:`_yaml_entry` writes it.
    """
    table = rows.table
    if table.record or not table.rows or not table.columns:
        return None
    try:
        head = " " * indent + _yaml_key(key) + ":"
        lead, pad = " " * indent + "- ", " " * (indent + 2)
        converts = [rows.values(column.kind) for column in table.columns]
        writers = [
            _yaml_writer(
                column.kind,
                convert,
                (pad if number else lead) + _yaml_key(column.key) + ":",
                column.key,
                pad if number else lead,
                indent + 4,
            )
            for number, (column, convert) in enumerate(zip(table.columns, converts, strict=True))
        ]
    except _Unusual:
        return None
    keys = [column.key for column in table.columns]
    lines = [head]
    for row in table.rows:
        mark = len(lines)
        try:
            for write, value in zip(writers, row, strict=True):
                write(value, lines)
        except _Unusual:
            del lines[mark:]
            item = {k: convert(v) for k, convert, v in zip(keys, converts, row, strict=True)}
            lines.extend(dump([{key: [item]}] if indent else {key: [item]}).splitlines()[1:])
    return "\n".join(lines) + "\n"


Write = Callable[[Any, list[str]], None]


def _yaml_writer(
    kind: Kind, convert: Callable[[Any], Any], start: str, key: str, lead: str, indent: int
) -> Write:
    """One column's ``key: value`` lines in a row, as :func:`_yaml_item` writes them.

    ``start`` is the key's line up to its colon; a folded text goes on at
    ``indent``. Values of the common shapes are written here, the rest by
    :func:`_yaml_item` itself.
    """
    styles = _STYLES
    room = WIDTH - len(start) - 1
    null = start + " null"

    def text(value: str, out: list[str]) -> None:
        found = styles.get(value)
        if found is not None and (len(found[0]) <= room or " " not in value):
            out.append(start + " " + found[0])
        else:
            out.append(start + " " + _yaml_scalar(value, len(start), indent))

    def generic(value: Any, out: list[str]) -> None:
        out.extend(_yaml_item({key: value}, [(start, key, lead)], indent))

    def written(made: Any, out: list[str]) -> None:
        """A value already in its JSON form."""
        if type(made) is str:
            text(made, out)
        elif made is None:
            out.append(null)
        else:
            generic(made, out)

    def converted(value: Any, out: list[str]) -> None:
        written(convert(value), out)

    if kind is Kind.COUNT:

        def count(value: Any, out: list[str]) -> None:
            if type(value) is int:
                out.append(f"{start} {value}")
            else:
                converted(value, out)

        return count
    if kind is Kind.DATE:
        days: dict[date, str] = {}
        """Each day's line: a book's tranches share their closings, expiries and hold ends."""

        def day(value: Any, out: list[str]) -> None:
            if type(value) is not date:
                converted(value, out)
                return
            line = days.get(value)
            if line is None:
                text(value.isoformat(), out)
                line = days[value] = out[-1]
            else:
                out.append(line)

        return day
    if kind in (Kind.MONEY, Kind.PRICE, Kind.PERCENT):

        def figure(value: Any, out: list[str]) -> None:
            made = convert(value)
            if type(made) is str and QUOTED_FIGURE.match(made):
                out.append(start + " '" + made + "'")
            else:
                written(made, out)

        return figure
    if kind is Kind.FLAG:
        yes, no = start + " true", start + " false"

        def flag(value: Any, out: list[str]) -> None:
            if value is True:
                out.append(yes)
            elif value is False:
                out.append(no)
            else:
                converted(value, out)

        return flag
    if kind is Kind.SCHEDULE:
        return _yaml_schedule(start, indent - 2, converted)
    return converted


def _yaml_schedule(start: str, indent: int, otherwise: Write) -> Write:
    """A schedule's periods (``json_value``'s list of price, from and to) at ``indent``.

    As :func:`_yaml_sequence` writes the list: a dash at ``indent``, each
    period's keys two further in.
    """
    dash, pad = " " * indent + "- ", " " * (indent + 2)
    price_at, from_at, to_at = dash + "price:", pad + "from:", pad + "to:"
    after = indent + 4
    prices: dict[Any, str] = {}
    days: dict[date, str] = {}
    """Days as written (a date has no space, so is never folded): a book's steps share them."""

    def day(value: date | None) -> str:
        if value is None:
            return "null"
        written = days.get(value)
        if written is None:
            written = days[value] = _yaml_scalar(value.isoformat(), len(from_at), after)
        return written

    def schedule(value: Any, out: list[str]) -> None:
        if value is None or not isinstance(value, tuple | list) or not value:
            otherwise(value, out)
            return
        out.append(start)
        for period in value:
            price = prices.get(period.price)
            if price is None:
                price = prices[period.price] = _yaml_scalar(
                    price_text(period.price), len(price_at), after
                )
            out.append(price_at + " " + price)
            out.append(from_at + " " + day(period.first))
            out.append(to_at + " " + day(period.last))

    return schedule


def _yaml_item(item: dict[Any, Any], starts: list[tuple[str, Any, str]], indent: int) -> list[str]:
    """:func:`_yaml_mapping` of a list's item whose keys' line starts are known: a table's row.

    ``indent`` is where a folded text goes on.
    """
    out = []
    styles = _STYLES
    for (start, key, lead), value in zip(starts, item.values(), strict=True):
        kind = type(value)
        if kind is str:
            found = styles.get(value)
            if found is not None and (len(start) + 1 + len(found[0]) <= WIDTH or " " not in value):
                out.append(start + " " + found[0])
            else:
                out.append(start + " " + _yaml_scalar(value, len(start), indent))
        elif kind is int:
            out.append(f"{start} {value}")
        elif value is None:
            out.append(start + " null")
        else:
            out.extend(_yaml_mapping({key: value}, indent - 2, lead))
    return out


def _yaml_mapping(value: dict[Any, Any], indent: int, lead: str) -> list[str]:
    """A block mapping's lines, keys at ``indent``, the first line led by ``lead``."""
    lines = []
    pad = " " * indent
    for number, (key, item) in enumerate(value.items()):
        start = (pad if number else lead) + _yaml_key(key) + ":"
        kind = type(item)
        if kind is dict:
            if item:
                lines.append(start)
                lines.extend(_yaml_mapping(item, indent + 2, pad + "  "))
            else:
                lines.append(start + " {}")
        elif kind is list:
            if item:
                lines.append(start)
                lines.extend(_yaml_sequence(item, indent))
            else:
                lines.append(start + " []")
        else:
            lines.append(start + " " + _yaml_scalar(item, len(start), indent + 2))
    return lines


def _yaml_sequence(items: list[Any], indent: int) -> list[str]:
    """A block sequence in a mapping: its dashes at the mapping's indent, as PyYAML puts them."""
    lines = []
    lead = " " * indent + "- "
    for item in items:
        if type(item) is dict and item:
            lines.extend(_yaml_mapping(item, indent + 2, lead))
        elif type(item) in (dict, list):
            raise _Unusual
        else:
            lines.append(lead + _yaml_scalar(item, len(lead) - 1, None))
    return lines


def _yaml_key(key: Any) -> str:
    if type(key) is not str or len(key) > 40:
        raise _Unusual
    return _yaml_style(key)[0]  # a key is never folded


def _yaml_scalar(value: Any, column: int, indent: int | None) -> str:
    """A scalar after ``column`` characters of its line, continued at ``indent`` if folded."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is not str:
        raise _Unusual
    text, quoted = _yaml_style(value)
    if column + 1 + len(text) <= WIDTH or " " not in value:
        return text
    if indent is None:
        raise _Unusual
    return _folded(value, quoted, column, indent)


_STYLES: dict[str, tuple[str, bool]] = {}


def _yaml_style(text: str) -> tuple[str, bool]:
    """Text as the emitter writes it on one line, and whether in single quotes."""
    found = _STYLES.get(text)
    if found is None:
        if _plain_name().match(text):  # ids and words: the most common texts, and plain
            quoted = False
        elif PRINTABLE.match(text) is None:
            raise _Unusual
        else:
            quoted = not _plain_allowed(text)
        found = ("'" + text.replace("'", "''") + "'" if quoted else text, quoted)
        if len(_STYLES) > 100_000:
            _STYLES.clear()
        _STYLES[text] = found
    return found


def _plain_allowed(text: str) -> bool:
    """Whether printable ASCII ``text`` may stand unquoted in a block, and reads back as text.

    The rules of the emitter's scalar analysis (PyYAML's and libyaml's alike)
    for a value on one line.
    """
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first, spaced = text[0], len(text) == 1 or text[1] == " "
    if first in INDICATORS or (first in "?:-" and spaced):
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    if READ_AS_NUMBER_OR_DATE.match(text):  # floats and dates: the resolver's answer, sooner
        return False
    return _reads_as_text()(text)


@functools.cache
def _plain_name() -> re.Pattern[str]:
    """:data:`placements.pyyaml.PLAIN_NAME`, imported when yaml is first written."""
    from placements.pyyaml import PLAIN_NAME

    return PLAIN_NAME


@functools.cache
def _reads_as_text() -> Callable[[str], bool]:
    """:func:`placements.pyyaml.reads_as_text`, imported when yaml is first written."""
    from placements.pyyaml import reads_as_text

    return reads_as_text


def _folded(text: str, quoted: bool, column: int, indent: int) -> str:
    """A long text folded as the emitter folds it: a lone space past the width starts a line.

    Walked from one run of spaces to the next (``SPACES``), the words
    between them counted, doubled quotes and all, without being copied.
    """
    if "  " not in text:
        return _folded_words(text, quoted, column, indent)
    at = column + (2 if quoted else 1)  # the space before it, and its opening quote
    pieces = []
    taken = 0  # where the text not yet in pieces begins
    position = 0
    last = len(text)
    for run in SPACES.finditer(text):
        begin, finish = run.span()
        word = text[position:begin]
        at += len(word) + (word.count("'") if quoted else 0)
        inside = not quoted or (begin != 0 and begin + 1 != last)
        if finish - begin == 1 and at > WIDTH and inside:
            pieces.append(text[taken:begin])
            pieces.append("\n" + " " * indent)
            taken = finish
            at = indent
        else:
            at += finish - begin
        position = finish
    pieces.append(text[taken:])
    body = "".join(pieces)
    return "'" + body.replace("'", "''") + "'" if quoted else body


def _folded_words(text: str, quoted: bool, column: int, indent: int) -> str:
    """:func:`_folded` of a text whose spaces are all lone (a note, a clause).

    Found in the text as written (its quotes doubled): a line breaks at its
    first space past the width, found by ``str.find`` rather than word by word.
    A quoted text never breaks at a space at its very start or end.
    """
    body = text.replace("'", "''") if quoted else text
    last = len(body) - 1
    lines = []
    begin = 0  # where the line being filled starts in the body
    at = column + (2 if quoted else 1)  # its column there
    while True:
        space = body.find(" ", begin + max(WIDTH - at + 1, 0))
        while quoted and (space == 0 or space == last):
            space = body.find(" ", space + 1)
        if space < 0:
            lines.append(body[begin:])
            break
        lines.append(body[begin:space])
        begin, at = space + 1, indent
    folded = ("\n" + " " * indent).join(lines)
    return "'" + folded + "'" if quoted else folded
