"""Reading a mapping by its declared shape: keys, kinds, rules between keys, then the object.

One function reads every mapping of every format from its
:class:`~placements.schema.Shape`, so a new field is read, checked, and
reported on (with the "did you mean" hints and every problem in one pass)
without a line of loader code.
"""

from typing import Any

from placements.load.blockyaml import Scalar
from placements.load.reader import MERGE, Fields, Reader, field_cursor
from placements.load.yamlfile import Cursor
from placements.pyyaml import yaml
from placements.schema.kinds import (
    Choice,
    Date,
    Field,
    Flag,
    Kind,
    Nested,
    Number,
    Percent,
    Price,
    ScalarOr,
    Shape,
    Share,
    Text,
    Whole,
)

_PLAIN_KINDS = (Text, Whole, Number, Percent, Price, Share, Date, Flag, Choice)
"""Kinds whose value, when read without a problem or warning, depends only on the
scalar's text, tag and quoting: a book repeats most of them (``0.25``, ``12``,
``6``) thousands of times, and each is read once per file."""


_PLAIN, _NESTED, _OTHER = 0, 1, 2
"""How a field is read: by its plain-scalar memory, as a nested shape, or by its kind."""


_FieldPlan = tuple[str, Kind, Any, str, int, "Shape | None"]

_MAX_LAYOUTS = 256
"""Key orders remembered per shape; a file (or a process) with more reads the rest the long way."""


class _Plan:
    """What reading a shape needs, worked out once per shape rather than per mapping.

    ``layouts`` remembers, for each order of keys met in a clean mapping, the
    fields to read (in declaration order) when no rule between keys is
    broken, or None when one is: the few orders a file uses are worked out once.
    """

    __slots__ = ("allowed", "fields", "keys", "layouts", "required", "shape")

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.keys = shape.keys
        self.allowed = frozenset(self.keys)
        self.required = shape.required
        self.fields = tuple(_field_plan(field) for field in shape.fields)
        self.layouts: dict[tuple[str, ...], tuple[_FieldPlan, ...] | None] = {}

    def layout(self, keys: tuple[str, ...]) -> tuple[_FieldPlan, ...] | None:
        """The fields to read from a mapping of distinct ``keys``; None if the long way must.

        None when a key is not allowed, a required one is missing, or a rule
        between keys is broken: the long way finds and reports it.
        """
        layout = self.layouts.get(keys, _UNSEEN)
        if layout is not _UNSEEN:
            return layout
        given = frozenset(keys)
        broken = (
            not given <= self.allowed
            or not given.issuperset(self.required)
            or any(
                len(given.intersection(rule.keys)) > 1
                or (rule.missing is not None and given.isdisjoint(rule.keys))
                for rule in self.shape.one_of
            )
        )
        found = None if broken else tuple(f for f in self.fields if f[0] in given)
        if len(self.layouts) < _MAX_LAYOUTS:
            self.layouts[keys] = found
        return found


_UNSEEN: Any = object()


def _field_plan(field: Field) -> _FieldPlan:
    kind = field.kind
    if type(kind) in _PLAIN_KINDS:
        return field.key, kind, kind.read, field.attribute, _PLAIN, None
    if type(kind) is ScalarOr and type(kind.scalar) in _PLAIN_KINDS:
        # a scalar is read (and remembered) as its plain kind reads it; a mapping by its shape
        return field.key, kind.scalar, kind.read, field.attribute, _PLAIN, None
    if type(kind) is Nested:
        return field.key, kind, kind.read, field.attribute, _NESTED, kind.shape
    return field.key, kind, kind.read, field.attribute, _OTHER, None


_PLANS: dict[Shape, _Plan] = {}


def read_shape(reader: Reader, cursor: Cursor, shape: Shape) -> Any:
    """The object ``shape`` builds from the mapping at ``cursor``, or None after its problems.

    Problems go to ``reader``. Every field given is read, so each bad one is
    reported even when another already spoiled the object.
    """
    plan = _PLANS.get(shape)
    if plan is None:
        plan = _PLANS[shape] = _Plan(shape)
    node = cursor.node
    layout = None
    if type(node) is yaml.MappingNode:
        pairs = node.value
        try:
            # a merge key ("<<", or "!!merge name:" written out) is left out, and so missed
            nodes = {key.value: value for key, value in pairs if key.tag != MERGE}
        except TypeError:  # a key that is a list or a mapping (its value a list)
            pass
        else:
            if len(nodes) == len(pairs):  # every key a scalar, once, and none a merge
                layout = plan.layout(tuple(nodes))
    if layout is None:
        return _read_long_way(reader, cursor, shape, plan)
    # the keys are clean and keep every rule between them: read what is given
    fields = Fields(cursor, nodes)
    if shape.gate is not None and not shape.gate(reader, fields):
        return None
    values: dict[str, Any] = {}
    ok = _read_fields(reader, cursor, nodes, layout, values)
    return _built(reader, shape, fields, values, ok)


def _read_long_way(reader: Reader, cursor: Cursor, shape: Shape, plan: _Plan) -> Any:
    """:func:`read_shape` of a mapping with something to report."""
    required = plan.required
    fields = reader.mapping(cursor, plan.keys, required=required, expected=shape.expected)
    if fields is None or (shape.gate is not None and not shape.gate(reader, fields)):
        return None
    ok = True
    nodes = fields.nodes
    for rule in shape.one_of:
        given = [key for key in rule.keys if key in nodes]
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
    if not _read_fields(reader, cursor, nodes, plan.fields, values):
        ok = False
    for key in required:
        if key not in nodes:
            ok = False
            break
    return _built(reader, shape, fields, values, ok)


def _read_fields(
    reader: Reader,
    cursor: Cursor,
    nodes: dict[str, yaml.Node],
    plans: tuple[_FieldPlan, ...],
    values: dict[str, Any],
) -> bool:
    """Read into ``values`` each field of ``plans`` given in ``nodes``; whether all were clean."""
    ok = True
    memory = reader.read_before
    for key, kind, read, attribute, how, nested in plans:
        node = nodes.get(key)
        if node is None:
            continue
        if how == _PLAIN and (type(node) is Scalar or type(node) is yaml.ScalarNode):
            # a plain value read cleanly before, with the same text, is the same value
            value = memory.get((kind, node.value, node.tag, node.style))
            if value is None:
                value = _read_fresh(reader, kind, read, node, field_cursor(cursor, node, key))
        elif nested is not None:
            value = read_shape(reader, field_cursor(cursor, node, key), nested)
        else:
            value = read(reader, field_cursor(cursor, node, key))
        if value is None:
            ok = False
        else:
            values[attribute] = value
    return ok


def _built(reader: Reader, shape: Shape, fields: Fields, values: dict[str, Any], ok: bool) -> Any:
    """The object, after the shape's own check; None when something was wrong (unless lenient)."""
    if shape.check is not None and not shape.check(reader, fields, values):
        ok = False
    if not ok and not shape.lenient:
        return None
    origin = fields.origin()
    if shape.build is not None:
        return shape.build(values, origin)
    assert shape.model is not None, f"shape {shape.name} builds nothing"
    return shape.model(**values, origin=origin)


def _read_fresh(
    reader: Reader, kind: Kind, read: Any, node: yaml.ScalarNode, cursor: Cursor
) -> Any:
    """``read`` of a plain scalar, remembered for the file when it is clean.

    A value that gave a problem or a warning is read again each time, so
    each place it is written is reported, as without the memory.
    """
    problems, warnings = len(reader.problems), len(reader.warnings)
    value = read(reader, cursor)
    if value is not None and problems == len(reader.problems) and warnings == len(reader.warnings):
        reader.read_before[(kind, node.value, node.tag, node.style)] = value
    return value
