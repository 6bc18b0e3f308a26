"""The pieces formats are declared with: kinds of value, fields, and shapes (mappings).

A :class:`Kind` knows three things about one kind of value: how to read it
from a YAML node (through the reader, which records a located problem when
it cannot), how to describe it in the format reference, and its JSON Schema.
A :class:`Shape` is a mapping of fields, with the rules that tie fields
together (:class:`OneOf`) and the domain object it builds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import MISSING as NO_DEFAULT
from dataclasses import fields as model_fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from placements.core.problems import Origin
    from placements.load.reader import Reader
    from placements.load.yamlfile import Cursor

JSON = dict[str, Any]
NUMBER_TEXT = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
PERCENT_TEXT = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*%\s*$"


def _bounds(minimum: Decimal | None, maximum: Decimal | None, positive: bool) -> JSON:
    schema: JSON = {}
    if positive:
        schema["exclusiveMinimum"] = 0
    elif minimum is not None:
        schema["minimum"] = _json_number(minimum)
    if maximum is not None:
        schema["maximum"] = _json_number(maximum)
    return schema


def _json_number(value: Decimal | int) -> int | float:
    return int(value) if value == int(value) else float(value)


class Kind:
    """A kind of value: how it is read, described and schematised."""

    expected: str = "a value"

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return self.expected

    def json(self) -> JSON:
        raise NotImplementedError


class Text(Kind):
    def __init__(self, expected: str = "text") -> None:
        self.expected = expected

    def read(self, reader: Reader, cursor: Cursor) -> str | None:
        return reader.text(cursor, self.expected)

    def describe(self) -> str:
        return "text"

    def json(self) -> JSON:
        return {"type": "string", "minLength": 1}


class Whole(Kind):
    """A whole number, such as a count of units or of months."""

    def __init__(self, expected: str, *, positive: bool = False, at_most: int | None = None):
        self.expected, self.positive, self.at_most = expected, positive, at_most

    def read(self, reader: Reader, cursor: Cursor) -> int | None:
        return reader.count(cursor, self.expected, positive=self.positive, at_most=self.at_most)

    def describe(self) -> str:
        if self.at_most is None:
            return "a whole number"
        return f"a whole number from {1 if self.positive else 0} to {self.at_most:,}"

    def json(self) -> JSON:
        high = None if self.at_most is None else Decimal(self.at_most)
        return {"type": "integer", **_bounds(Decimal(0), high, self.positive)}


class Number(Kind):
    """An exact decimal number: a price, an amount, a ratio."""

    def __init__(
        self,
        expected: str,
        *,
        positive: bool = False,
        at_most: Decimal | None = None,
        signed: bool = False,
    ) -> None:
        self.expected, self.positive, self.at_most, self.signed = (
            expected,
            positive,
            at_most,
            signed,
        )

    def read(self, reader: Reader, cursor: Cursor) -> Decimal | None:
        if self.signed:
            return reader.number(cursor, self.expected)
        return reader.decimal(cursor, self.expected, positive=self.positive, at_most=self.at_most)

    def describe(self) -> str:
        if self.signed:
            return "a number"
        low = "above 0" if self.positive else "from 0"
        high = f" to {self.at_most:,}" if self.at_most is not None else ""
        return f"a number {low}{high}"

    def json(self) -> JSON:
        low = None if self.signed else Decimal(0)
        return {"type": "number", **_bounds(low, self.at_most, self.positive)}


class Percent(Kind):
    """A percent of something, written 7 or 7%: both are seven percent."""

    expected = "a percent from 0 to 100, such as 2 or 7.5"

    def read(self, reader: Reader, cursor: Cursor) -> Decimal | None:
        return reader.percent(cursor)

    def describe(self) -> str:
        return "a percent from 0 to 100 (7 or 7%)"

    def json(self) -> JSON:
        return {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "string", "pattern": PERCENT_TEXT},
            ]
        }


class Price(Number):
    """A price per share or unit: above 0, and at most six decimals (a whole micro-dollar)."""

    def __init__(self, expected: str, at_most: Decimal) -> None:
        super().__init__(expected, positive=True, at_most=at_most)

    def read(self, reader: Reader, cursor: Cursor) -> Decimal | None:
        return reader.price(cursor, self.expected, self.at_most or Decimal(0))

    def describe(self) -> str:
        return f"a price above 0 to {self.at_most:,}, at most 6 decimals"


class Share(Kind):
    """A share of a whole, written as a fraction (0.5) or a percent (50%).

    ``signed`` shares may be negative (a drift); a bare number larger than
    ``plausible`` is warned about, as a percent that lost its sign.
    """

    def __init__(
        self,
        expected: str,
        at_most: Decimal | None = None,
        *,
        signed: bool = False,
        plausible: Decimal = Decimal(1),
    ) -> None:
        self.expected, self.at_most = expected, at_most
        self.signed, self.plausible = signed, plausible

    def read(self, reader: Reader, cursor: Cursor) -> Decimal | None:
        return reader.share(
            cursor, self.expected, self.at_most, signed=self.signed, plausible=self.plausible
        )

    def describe(self) -> str:
        high = f" up to {self.at_most:%}".replace(".000000%", "%") if self.at_most else ""
        return f"a fraction (0.5) or a percent (50%){high}"

    def json(self) -> JSON:
        if self.signed:
            high = self.at_most
            number: JSON = {"type": "number"}
            if high is not None:
                number |= {"minimum": -_json_number(high), "maximum": _json_number(high)}
        else:
            number = {"type": "number", **_bounds(Decimal(0), self.at_most, False)}
        return {"anyOf": [number, {"type": "string", "pattern": PERCENT_TEXT}]}


class Date(Kind):
    def __init__(self, expected: str = "a date such as 2007-09-21") -> None:
        self.expected = expected

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        return reader.date(cursor, self.expected)

    def describe(self) -> str:
        return "a date, YYYY-MM-DD"

    def json(self) -> JSON:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Flag(Kind):
    expected = "true or false"

    def read(self, reader: Reader, cursor: Cursor) -> bool | None:
        return reader.boolean(cursor)

    def describe(self) -> str:
        return "true or false"

    def json(self) -> JSON:
        return {"type": "boolean"}


class Choice(Kind):
    """One of a few words; ``convert`` turns the word into the domain's value (an enum)."""

    def __init__(self, options: Sequence[str], convert: Callable[[str], Any] = str) -> None:
        self.options, self.convert = tuple(options), convert
        self.expected = "one of " + ", ".join(self.options)

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        chosen = reader.choice(cursor, self.options)
        return None if chosen is None else self.convert(chosen)

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{option}`" for option in self.options)

    def json(self) -> JSON:
        return {"enum": list(self.options)}


class Word(Kind):
    """A single word that stands for a value, such as ``none`` for no hold.

    ``value`` makes the value from the word's origin, so it can say where it was written.
    """

    def __init__(self, word: str, value: Callable[[Origin], Any]) -> None:
        self.word, self.value, self.expected = word, value, f"'{word}'"

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        if not reader.scalar_is(cursor, self.word):
            return None
        from placements.core.problems import Origin

        return self.value(Origin(cursor.location, cursor.path))

    def describe(self) -> str:
        return f"`{self.word}`"

    def json(self) -> JSON:
        return {"const": self.word}


class Nested(Kind):
    """A mapping of its own shape."""

    def __init__(self, shape: Shape | Callable[[], Shape]) -> None:
        self._shape = shape

    @property
    def shape(self) -> Shape:
        return self._shape if isinstance(self._shape, Shape) else self._shape()

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.shape.expected

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        shape = self._shape if type(self._shape) is Shape else self.shape
        return _read_shape()(reader, cursor, shape)

    def describe(self) -> str:
        return f"a [{self.shape.name}](#{self.shape.name}) mapping"

    def json(self) -> JSON:
        return {"$ref": f"#/$defs/{self.shape.name}"}


@functools.cache
def _read_shape() -> Callable[[Reader, Cursor, Shape], Any]:
    """The loader's reading of shapes (which itself reads by these kinds)."""
    from placements.load.shapes import read_shape

    return read_shape


class Either(Kind):
    """A value of the first kind that fits: a word, or else a mapping."""

    def __init__(self, *kinds: Kind, expected: str) -> None:
        self.kinds, self.expected = kinds, expected

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        *words, last = self.kinds
        for kind in words:
            value = kind.read(reader, cursor)
            if value is not None:
                return value
        return last.read(reader, cursor)

    def describe(self) -> str:
        return " or ".join(kind.describe() for kind in self.kinds)

    def json(self) -> JSON:
        return {"anyOf": [kind.json() for kind in self.kinds]}


class ListOf(Kind):
    """A list of values of one kind; every item is read, and the good ones kept."""

    def __init__(
        self,
        item: Kind,
        expected: str,
        *,
        empty: tuple[str, str] | None = None,
        at_most: int | None = None,
        noun: str = "items",
        whole: bool = False,
    ) -> None:
        self.item, self.expected, self.empty = item, expected, empty
        self.at_most, self.noun, self.whole = at_most, noun, whole

    def read(self, reader: Reader, cursor: Cursor) -> tuple[Any, ...] | None:
        """The items read cleanly; with ``whole``, None unless every item was."""
        items = reader.sequence(cursor, self.expected)
        if items is None:
            return None
        if not items and self.empty is not None:
            what, expected = self.empty
            reader.fail(cursor, what, expected=expected)
            return None
        if self.at_most is not None and len(items) > self.at_most:
            reader.fail(
                cursor, f"too many {self.noun}", got=len(items), expected=f"at most {self.at_most}"
            )
            return None
        read = [self.item.read(reader, item) for item in items]
        kept = tuple(value for value in read if value is not None)
        if self.whole and len(kept) != len(read):
            return None
        return kept

    def describe(self) -> str:
        if isinstance(self.item, Nested):
            return f"a list of [{self.item.shape.name}](#{self.item.shape.name}) mappings"
        return f"a list of {self.item.describe()}"

    def json(self) -> JSON:
        schema: JSON = {"type": "array", "items": self.item.json()}
        if self.empty is not None:
            schema["minItems"] = 1
        if self.at_most is not None:
            schema["maxItems"] = self.at_most
        return schema


class MapOf(Kind):
    """A mapping whose keys are data (dates, series ids), each read with ``key``."""

    def __init__(self, key: Kind | None, value: Kind, expected: str, key_doc: str) -> None:
        self.key, self.value, self.expected, self.key_doc = key, value, expected, key_doc

    def read(self, reader: Reader, cursor: Cursor) -> tuple[tuple[Any, Any], ...] | None:
        entries = reader.entries(cursor, self.expected)
        if entries is None:
            return None
        pairs = []
        for name, key_cursor, value_cursor in entries:
            key = name if self.key is None else self.key.read(reader, key_cursor)
            value = self.value.read(reader, value_cursor)
            if key is not None and value is not None:
                pairs.append((key, value))
        return tuple(pairs) if len(pairs) == len(entries) else None

    def describe(self) -> str:
        return f"a mapping of {self.key_doc} to {self.value.describe()}"

    def json(self) -> JSON:
        schema: JSON = {"type": "object", "additionalProperties": self.value.json()}
        if isinstance(self.key, Date):
            schema["propertyNames"] = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
        return schema


class Field:
    """One key of a mapping: what it holds, whether it must be given, and what it means.

    ``attribute`` is the domain object's name for the value (the key by
    default). The default shown in the reference is the domain object's own
    default, so it is stated in one place. A draft written from an object
    leaves out a field at its default, unless the field is ``explicit``: one
    a reviewer should see stated (such as the days of notice).
    """

    def __init__(
        self,
        key: str,
        kind: Kind,
        doc: str,
        *,
        example: Any = None,
        required: bool = False,
        attribute: str | None = None,
        default: Any = NO_DEFAULT,
        explicit: bool = False,
    ) -> None:
        self.key, self.kind, self.doc, self.example = key, kind, doc, example
        self.required, self.attribute, self.default = required, attribute or key, default
        self.explicit = explicit


class OneOf:
    """Keys of which exactly one (with ``missing``) or at most one may be given.

    The messages are the problem's words: ``both`` when two are given,
    reported at ``both_at`` (by default the last of them given); ``missing``
    when none is, reported where ``missing_at`` would go (by default the
    first key; "" is the mapping itself). With ``at_mapping`` both are
    reported at the mapping.
    """

    def __init__(
        self,
        keys: Sequence[str],
        *,
        both: str,
        both_expected: str = "one of them",
        missing: str | None = None,
        missing_expected: str | None = None,
        both_at: str | None = None,
        missing_at: str | None = None,
        at_mapping: bool = False,
    ) -> None:
        self.keys, self.both, self.both_expected = tuple(keys), both, both_expected
        self.missing, self.missing_expected, self.at_mapping = missing, missing_expected, at_mapping
        self.both_at = both_at
        self.missing_at = self.keys[0] if missing_at is None else missing_at

    @property
    def required(self) -> bool:
        return self.missing is not None


class Shape:
    """A mapping in a file: its fields, the rules between them, and the object it builds.

    ``build`` makes the domain object from the values read (by attribute
    name) and the mapping's origin; by default ``model(**values, origin=...)``.
    ``check`` adds rules that depend on several values, recording problems
    with the reader; ``gate`` does so before any value is read, for rules
    that make reading the rest pointless. A ``lenient`` shape is built from whatever was read, so
    the checks across its parts still run when some part has a problem.
    """

    def __init__(
        self,
        name: str,
        fields: Sequence[Field],
        *,
        doc: str,
        expected: str = "a mapping of keys to values",
        model: type | None = None,
        build: Callable[..., Any] | None = None,
        one_of: Sequence[OneOf] = (),
        check: Callable[..., bool] | None = None,
        gate: Callable[..., bool] | None = None,
        extra_keys: Sequence[str] = (),
        lenient: bool = False,
    ) -> None:
        self.name, self.fields, self.doc, self.expected = name, tuple(fields), doc, expected
        self.model, self.build, self.one_of = model, build, tuple(one_of)
        self.check, self.gate = check, gate
        self.extra_keys, self.lenient = tuple(extra_keys), lenient
        self.by_key = {field.key: field for field in self.fields}

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.by_key, *self.extra_keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields if field.required)

    def default(self, field: Field) -> Any:
        """The field's default: as declared, else the domain model's, else none."""
        if field.default is not NO_DEFAULT:
            return field.default
        if self.model is not None:
            for attribute in model_fields(self.model):
                if attribute.name == field.attribute:
                    if attribute.default is not NO_DEFAULT:
                        return attribute.default
                    factory = attribute.default_factory
                    if callable(factory):
                        return factory()
        return NO_DEFAULT


class ScalarOr(Kind):
    """A plain value of one kind, or a mapping of another (``closed: 2024-03-15`` or a mapping)."""

    def __init__(self, scalar: Kind, mapping: Kind, *, expected: str) -> None:
        self.scalar, self.mapping, self.expected = scalar, mapping, expected

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        import yaml

        if isinstance(cursor.node, yaml.MappingNode):
            return self.mapping.read(reader, cursor)
        return self.scalar.read(reader, cursor)

    def describe(self) -> str:
        return f"{self.scalar.describe()} or {self.mapping.describe()}"

    def json(self) -> JSON:
        return {"anyOf": [self.scalar.json(), self.mapping.json()]}
