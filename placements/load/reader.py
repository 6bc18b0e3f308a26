"""Typed reading of YAML nodes, collecting every problem instead of stopping.

Each reader method returns the value, or None after recording a located
problem, so a loader reads a whole file and reports all that is wrong with it.
"""

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from decimal import Decimal

from placements.core.money import FINEST, as_fraction, parse_number, too_fine, written_percent
from placements.core.problems import Location, Origin, Problem, Severity, explain
from placements.load.yamlfile import Cursor
from placements.pyyaml import yaml

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
"""Dates outside these years are typing mistakes, and would overflow month arithmetic."""
_TRUE = {"true", "yes"}
_FALSE = {"false", "no"}
_MAX_SHOWN = 40
"""Numbers past 10^30 (or nonzero below 10^-30) are typing mistakes; bounding the
exponent at parse keeps Decimal arithmetic from overflowing or taking forever."""


def shown(cursor: Cursor) -> str:
    """How a value is quoted back to the user in a message."""
    node = cursor.node
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    text = str(node.value)
    if text == "" and node.tag.endswith(":null"):
        return "nothing"
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    quoted = getattr(node, "style", None) in ("'", '"')
    return repr(text) if quoted or not text else text


class Fields:
    """The fields of a YAML mapping: each value's node, and a cursor to it on demand.

    Slotted, not a frozen dataclass: a large book makes one per mapping read.
    Cursors are made only when asked for (by a check or a problem): reading a
    clean mapping needs its nodes alone. Treat it as immutable.
    """

    __slots__ = ("cursor", "nodes")

    def __init__(self, cursor: Cursor, nodes: dict[str, yaml.Node]) -> None:
        self.cursor, self.nodes = cursor, nodes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fields):
            return NotImplemented
        return self.cursor == other.cursor and self.values == other.values

    __hash__ = None  # type: ignore[assignment]  # it holds a dict

    def __repr__(self) -> str:
        return f"Fields(cursor={self.cursor!r}, values={self.values!r})"

    @property
    def values(self) -> dict[str, Cursor]:
        """Every field's cursor, by key, in the order written."""
        return {name: self[name] for name in self.nodes}

    def __contains__(self, name: str) -> bool:
        return name in self.nodes

    def __getitem__(self, name: str) -> Cursor:
        return field_cursor(self.cursor, self.nodes[name], name)

    def get(self, name: str) -> Cursor | None:
        return self[name] if name in self.nodes else None

    def origin(self) -> Origin:
        return _ReadOrigin(self.cursor, self.nodes)


def field_cursor(cursor: Cursor, node: yaml.Node, name: str) -> Cursor:
    """The cursor of the value ``node`` of field ``name`` in the mapping at ``cursor``."""
    path = cursor.path
    return Cursor(node, cursor.file, f"{path}.{name}" if path else name)


class _ReadOrigin(Origin):
    """The origin of a mapping read from a file, its locations worked out when asked for.

    Most objects' origins are never asked for: only a problem needs one.
    """

    __slots__ = ("_cursor", "_nodes")

    def __init__(self, cursor: Cursor, nodes: dict[str, yaml.Node]) -> None:
        self._cursor, self._nodes, self.path = cursor, nodes, cursor.path

    @property
    def at(self) -> Location:  # type: ignore[override]
        return self._cursor.location

    @property
    def fields(self) -> Mapping[str, Location]:  # type: ignore[override]
        return _Locations(self._cursor.file, self._nodes)

    def of(self, name: str) -> Location:
        """As :meth:`Origin.of`, without a mapping of locations made for one: a terms
        report asks once for each of its notes."""
        node = self._nodes.get(name)
        if node is None:
            return self._cursor.location
        mark = node.start_mark
        return Location(self._cursor.file, mark.line + 1, mark.column + 1)

    def __reduce__(self) -> tuple[type[Origin], tuple[Location, str, Mapping[str, Location]]]:
        """Copied or pickled as the plain origin it stands for."""
        return Origin, (self.at, self.path, dict(self.fields))


class _Locations(Mapping[str, Location]):
    """The location of each field's value, made only when asked for (most never are)."""

    __slots__ = ("_file", "_nodes")

    def __init__(self, file: str, nodes: dict[str, yaml.Node]) -> None:
        self._file, self._nodes = file, nodes

    def __getitem__(self, name: str) -> Location:
        mark = self._nodes[name].start_mark
        return Location(self._file, mark.line + 1, mark.column + 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __repr__(self) -> str:
        return repr(dict(self))


MAX_REMEMBERED = 100_000
"""How many plain values the readers of one process remember before they start again."""

_READ_BEFORE: dict[tuple[object, str, str, str | None], object] = {}
"""Plain values read cleanly, shared by every reader: a clean value depends only on
its kind (a constant of the schema) and its text, and many small books, as a
fund's holdings cite, write the same few values (``0.20``, ``12``, ``0.5``)."""


class Reader:
    """Reads values of expected types, recording a problem for each that is not."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        """Legal but implausible values: reported, but they do not stop the file being used."""
        if len(_READ_BEFORE) > MAX_REMEMBERED:
            _READ_BEFORE.clear()
        self.read_before = _READ_BEFORE
        """Plain values already read cleanly, by kind and text (see ``load.shapes``)."""

    def warn(
        self, cursor: Cursor, what: str, got: object = None, expected: str | None = None
    ) -> None:
        self.warnings.append(
            Problem(cursor.location, cursor.path, explain(what, got, expected), Severity.WARNING)
        )

    def fail(
        self, cursor: Cursor, what: str, got: object = None, expected: str | None = None
    ) -> None:
        self.problems.append(Problem(cursor.location, cursor.path, explain(what, got, expected)))

    def wrong(self, cursor: Cursor, expected: str) -> None:
        self.fail(cursor, "wrong type", got=shown(cursor), expected=expected)

    def entries(
        self, cursor: Cursor, expected: str = "a mapping of keys to values"
    ) -> list[tuple[str, Cursor, Cursor]] | None:
        """A mapping's (key, key cursor, value cursor), each key once.

        For mappings whose keys are data (dates, series ids) rather than names.
        """
        if not isinstance(cursor.node, yaml.MappingNode):
            self.wrong(cursor, expected)
            return None
        entries: list[tuple[str, Cursor, Cursor]] = []
        seen: dict[str, Cursor] = {}
        for key_node, value_node in _merged(cursor.node):
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_cursor = cursor.child(key_node, str(key))
            if not isinstance(key, str) or not key:
                self.fail(key_cursor, "keys must be plain names", got=shown(key_cursor))
            elif key in seen:
                self.fail(
                    key_cursor,
                    "duplicate key",
                    got=key,
                    expected=f"each key once (first at {seen[key].location})",
                )
            else:
                seen[key] = key_cursor
                entries.append((key, key_cursor, cursor.child(value_node, key)))
        return entries

    def mapping(
        self,
        cursor: Cursor,
        allowed: Collection[str],
        required: Collection[str] = (),
        expected: str = "a mapping of keys to values",
    ) -> Fields | None:
        """The fields of a mapping with only ``allowed`` keys and all ``required`` ones."""
        entries = self.entries(cursor, expected)
        if entries is None:
            return None
        nodes: dict[str, yaml.Node] = {}
        for key, key_cursor, value in entries:
            if key in allowed:
                nodes[key] = value.node
            else:
                self._unknown(key_cursor, key, allowed)
        for key in required:
            if key not in nodes:
                missing = cursor.child(cursor.node, key)
                self.fail(missing, "missing", expected=f"a '{key}:' entry in this mapping")
        return Fields(cursor, nodes)

    def _unknown(self, cursor: Cursor, key: str, allowed: Collection[str]) -> None:
        nearest = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean '{nearest[0]}'?" if nearest else ""
        self.fail(
            cursor,
            f"unknown key{hint}",
            got=key,
            expected="one of " + ", ".join(sorted(allowed)),
        )

    def sequence(self, cursor: Cursor, expected: str = "a list") -> list[Cursor] | None:
        if not isinstance(cursor.node, yaml.SequenceNode):
            self.wrong(cursor, expected)
            return None
        return [cursor.child(node, index) for index, node in enumerate(cursor.node.value)]

    def scalar(self, cursor: Cursor, expected: str) -> str | None:
        node = cursor.node
        if not isinstance(node, yaml.ScalarNode) or (
            node.value == "" and node.tag.endswith(":null")
        ):
            self.wrong(cursor, expected)
            return None
        return str(node.value)

    def scalar_is(self, cursor: Cursor, word: str) -> bool:
        """Whether the value is the plain word ``word`` (such as ``none``)."""
        return isinstance(cursor.node, yaml.ScalarNode) and cursor.node.value == word

    def text(self, cursor: Cursor, expected: str = "text") -> str | None:
        value = self.scalar(cursor, expected)
        if value is not None and not value.strip():
            self.fail(cursor, "empty", expected=expected)
            return None
        return value

    def number(self, cursor: Cursor, expected: str) -> Decimal | None:
        """A finite number read from its text, exactly: 0.1 stays one tenth."""
        text = self.scalar(cursor, expected)
        return None if text is None else self._parse(cursor, text.strip(), expected)

    def _parse(self, cursor: Cursor, text: str, expected: str) -> Decimal | None:
        value = parse_number(text)
        if value is None:
            self.wrong(cursor, expected)
        return value

    def decimal(
        self,
        cursor: Cursor,
        expected: str = "a number",
        *,
        positive: bool = False,
        at_most: Decimal | None = None,
    ) -> Decimal | None:
        value = self.number(cursor, expected)
        if value is None:
            return None
        return self._bounded(cursor, value, expected, positive, at_most)

    def price(self, cursor: Cursor, expected: str, at_most: Decimal) -> Decimal | None:
        """A price above 0, written to the micro-dollar at the finest."""
        value = self.decimal(cursor, expected, positive=True, at_most=at_most)
        if value is not None and too_fine(value):
            self.fail(
                cursor,
                "finer than a micro-dollar",
                got=shown(cursor),
                expected=f"{expected}; {FINEST}",
            )
            return None
        return value

    def count(
        self,
        cursor: Cursor,
        expected: str = "a whole number",
        *,
        positive: bool = False,
        at_most: int | None = None,
    ) -> int | None:
        value = self.number(cursor, expected)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.fail(cursor, "not a whole number", got=shown(cursor), expected=expected)
            return None
        bounded = self._bounded(
            cursor, value, expected, positive, None if at_most is None else Decimal(at_most)
        )
        return None if bounded is None else int(bounded)

    def _bounded(
        self,
        cursor: Cursor,
        value: Decimal,
        expected: str,
        positive: bool,
        at_most: Decimal | None,
    ) -> Decimal | None:
        if value < 0 or (positive and value == 0):
            what = "must be greater than zero" if positive else "must not be negative"
            self.fail(cursor, what, got=shown(cursor), expected=expected)
            return None
        if at_most is not None and value > at_most:
            self.fail(cursor, f"must be at most {at_most:,}", got=shown(cursor), expected=expected)
            return None
        return value

    def percent(self, cursor: Cursor) -> Decimal | None:
        """A percent of something, written 7 or 7% (both 7%), in percent units.

        A bare number below 1 is legal but almost surely a fraction meant as a
        percent (0.07 for 7%), so it is warned about; written with % it is not.
        """
        expected = "a percent from 0 to 100, such as 2 or 7.5"
        text = self.scalar(cursor, expected)
        written = None if text is None else written_percent(text)
        if written is None:
            if text is not None:
                self.wrong(cursor, expected)
            return None
        value, with_sign = written
        if not 0 <= value <= 100:
            self.fail(cursor, "percent out of range", got=shown(cursor), expected=expected)
            return None
        if not with_sign and 0 < value < 1:
            meant = _plain(value * 100)
            self.warn(
                cursor,
                f"a bare number here is a percent: {_plain(value)} is {_plain(value)}%, "
                f"not {meant}%",
                got=shown(cursor),
                expected=f"{meant} or {meant}% for {meant}%, or {_plain(value)}% to keep it",
            )
        return value

    def share(
        self,
        cursor: Cursor,
        expected: str,
        at_most: Decimal | None = None,
        *,
        signed: bool = False,
        plausible: Decimal = Decimal(1),
    ) -> Decimal | None:
        """A fraction or rate written as 0.10 or as 10%, as a fraction.

        A bare number above ``plausible`` (in size) is legal but almost surely
        a percent written without its sign (10 for 10%), so it is warned about.
        """
        text = self.scalar(cursor, expected)
        written = None if text is None else as_fraction(text)
        if written is None:
            if text is not None:
                self.wrong(cursor, expected)
            return None
        value, with_sign = written
        if not signed:
            bounded = self._bounded(cursor, value, expected, False, at_most)
            if bounded is None:
                return None
        elif at_most is not None and abs(value) > at_most:
            self.fail(
                cursor,
                f"must be from -{at_most} to {at_most}",
                got=shown(cursor),
                expected=expected,
            )
            return None
        if not with_sign and abs(value) > plausible:
            bare, kept = _plain(value), _plain(value * 100)
            self.warn(
                cursor,
                f"a bare number here is a fraction: {bare} is {kept}%",
                got=shown(cursor),
                expected=f"{bare}% for {bare}%, or {kept}% to keep it",
            )
        return value

    def date(self, cursor: Cursor, expected: str = "a date such as 2007-09-21") -> date | None:
        text = self.scalar(cursor, expected)
        if text is None:
            return None
        if not _DATE.fullmatch(text.strip()):
            self.wrong(cursor, expected)
            return None
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            self.fail(cursor, "no such date", got=shown(cursor), expected=expected)
            return None
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            self.fail(
                cursor,
                "date out of range",
                got=shown(cursor),
                expected=f"a date from {EARLIEST_YEAR} to {LATEST_YEAR}",
            )
            return None
        return value

    def boolean(self, cursor: Cursor) -> bool | None:
        text = self.scalar(cursor, "true or false")
        if text is None:
            return None
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        self.wrong(cursor, "true or false")
        return None

    def choice(self, cursor: Cursor, options: Collection[str]) -> str | None:
        expected = "one of " + ", ".join(options)
        text = self.scalar(cursor, expected)
        if text is None:
            return None
        if text not in options:
            self.fail(cursor, "not a known choice", got=shown(cursor), expected=expected)
            return None
        return text


def _plain(value: Decimal) -> str:
    """A number as a reader would write it: 7, not 7.00 or 7E+0."""
    return f"{value.normalize():f}"


MERGE = "tag:yaml.org,2002:merge"
"""The tag of a merge key (``<<: *terms``)."""


def _merged(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """A mapping's pairs with YAML merge keys (``<<: *terms``) expanded.

    Keys written in the mapping itself win over merged ones, as YAML specifies.
    Iterative, with an explicit stack, so a long chain of merges (each mapping
    merging the next) cannot exhaust Python's recursion limit; the expansion
    itself is bounded by :data:`placements.load.yamlfile.MAX_VALUES`.
    """
    pairs = node.value
    if all(key.tag != MERGE for key, _ in pairs):
        yield from pairs  # the common case: no merge keys, the pairs as written
        return
    seen: set[object] = set()
    stack: list[Iterator[yaml.Node]] = [iter([node])]
    while stack:
        source = next(stack[-1], None)
        if source is None:
            stack.pop()
            continue
        if not isinstance(source, yaml.MappingNode):
            continue
        merges: list[yaml.Node] = []
        for key, value in source.value:
            if key.tag == MERGE:
                merges.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
            elif not isinstance(key, yaml.ScalarNode) or source is node:
                yield key, value
            elif key.value not in seen:
                seen.add(key.value)
                yield key, value
            continue
        if source is node:
            seen.update(key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode))
        stack.append(iter(merges))
