"""A format as JSON Schema (draft 2020-12), for editors that check YAML as it is typed.

VS Code's YAML extension (and others that speak the YAML language server)
read a ``# yaml-language-server: $schema=...`` line at the top of a file and
then complete keys and underline mistakes. Every mapping refuses unknown
keys, so a misspelt key is caught while typing, as ``check`` would catch it.
"""

from decimal import Decimal
from enum import Enum
from typing import Any

from placements.schema.kinds import Either, Kind, ListOf, MapOf, Nested, Shape

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(root: Shape, title: str) -> dict[str, Any]:
    """The JSON Schema of a file whose top level is ``root``."""
    shapes: dict[str, Shape] = {}
    _collect(root, shapes)
    return {
        "$schema": DRAFT,
        "$id": f"https://placements.invalid/schema/{root.name}.json",
        "title": title,
        **_object(root),
        "$defs": {name: _object(shape) for name, shape in sorted(shapes.items()) if shape != root},
    }


def _collect(shape: Shape, into: dict[str, Shape]) -> None:
    if shape.name in into:
        return
    into[shape.name] = shape
    for field in shape.fields:
        for nested in _shapes_in(field.kind):
            _collect(nested, into)


def _shapes_in(kind: Kind) -> list[Shape]:
    if isinstance(kind, Nested):
        return [kind.shape]
    if isinstance(kind, ListOf):
        return _shapes_in(kind.item)
    if isinstance(kind, MapOf):
        return _shapes_in(kind.value)
    if isinstance(kind, Either):
        return [shape for part in kind.kinds for shape in _shapes_in(part)]
    return []


def _object(shape: Shape) -> dict[str, Any]:
    properties = {}
    for field in shape.fields:
        schema = {"description": field.doc, **field.kind.json()}
        default = plain_default(shape.default(field))
        if default is not None:
            schema["default"] = default
        properties[field.key] = schema
    result: dict[str, Any] = {
        "type": "object",
        "description": shape.doc,
        "properties": properties,
        "additionalProperties": False,
    }
    if shape.required:
        result["required"] = list(shape.required)
    exclusive = [
        {"not": {"required": list(pair)}} for rule in shape.one_of for pair in _pairs(rule.keys)
    ]
    if exclusive:
        result["allOf"] = exclusive
    return result


def _pairs(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for position, a in enumerate(keys) for b in keys[position + 1 :]]


def plain_default(value: Any) -> Any:
    """A default as JSON writes it, or None where it is not a plain value (or none is set)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, (bool, int, str)):
        return value
    return None
