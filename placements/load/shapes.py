"""Reading a mapping by its declared shape: keys, kinds, rules between keys, then the object.

One function reads every mapping of every format from its
:class:`~placements.schema.Shape`, so a new field is read, checked, and
reported on (with the "did you mean" hints and every problem in one pass)
without a line of loader code.
"""

from typing import Any

from placements.load.reader import Reader
from placements.load.yamlfile import Cursor
from placements.schema.kinds import Shape

_KEYS: dict[int, tuple[Shape, tuple[str, ...], tuple[str, ...]]] = {}
"""Each shape's keys and its required keys: worked out once, not per mapping."""


def read_shape(reader: Reader, cursor: Cursor, shape: Shape) -> Any:
    """The object ``shape`` builds from the mapping at ``cursor``, or None after its problems.

    Problems go to ``reader``. Every field given is read, so each bad one is
    reported even when another already spoiled the object.
    """
    keys = _KEYS.get(id(shape))
    if keys is None or keys[0] is not shape:
        keys = _KEYS[id(shape)] = (shape, shape.keys, shape.required)
    _, allowed, required = keys
    fields = reader.mapping(cursor, allowed, required=required, expected=shape.expected)
    if fields is None or (shape.gate is not None and not shape.gate(reader, fields)):
        return None
    ok = True
    for rule in shape.one_of:
        given = [key for key in rule.keys if key in fields]
        if len(given) > 1:
            at = fields.cursor if rule.at_mapping else fields[rule.both_at or given[-1]]
            reader.fail(at, rule.both, expected=rule.both_expected)
            ok = False
        elif not given and rule.missing is not None:
            if rule.at_mapping or not rule.missing_at:
                at = fields.cursor
            else:
                at = cursor.child(cursor.node, rule.missing_at)
            reader.fail(at, rule.missing, expected=rule.missing_expected)
            ok = False
    values: dict[str, Any] = {}
    for field in shape.fields:
        if field.key not in fields:
            continue
        value = field.kind.read(reader, fields[field.key])
        if value is None:
            ok = False
        else:
            values[field.attribute] = value
    if shape.check is not None and not shape.check(reader, fields, values):
        ok = False
    ok = ok and all(key in fields for key in required)
    if not ok and not shape.lenient:
        return None
    origin = fields.origin()
    if shape.build is not None:
        return shape.build(values, origin)
    assert shape.model is not None, f"shape {shape.name} builds nothing"
    return shape.model(**values, origin=origin)
