"""Composing the block YAML that books are written in, without libyaml's Python round trips.

libyaml parses fast, but composing a node tree through PyYAML calls back into
Python for every node (its tag, its marks, the node itself): a book of 10,000
tranches is 320,000 nodes and takes most of a second. Books are written in a
small part of YAML: block mappings and lists, ``key: value`` and ``- item``
lines, one-line flow collections such as ``{price: 0.25, months: 12}``,
plain and simply quoted scalars, comments and blank lines. :func:`compose`
reads that part a line at a time and builds the tree libyaml would: the same
node classes, tags, values, styles and marks (libyaml's own ``Mark`` class),
except that its scalars are a :class:`Scalar`, a ``ScalarNode`` that makes
its marks when asked for.

Anything it is not sure of (anchors, aliases, tags, document markers,
multi-line or block scalars, tabs, odd indentation, an error) makes it give up
on the whole file, and the caller composes it with libyaml as before, so every
message and edge case stays libyaml's. Without anchors no alias can expand, but
a flat file can still hold too many values: it counts them for the caller.
"""

import functools
import re
from typing import Any

from placements.core.text import plain_lines
from placements.pyyaml import STRING, plain_tag, yaml

STREAM = "<unicode string>"
"""The name libyaml's marks carry for a document given as text."""

MAX_DEPTH = 40
"""Collections nested deeper than this are left to libyaml (no book comes close)."""

MAX_KEY = 1000
"""libyaml refuses a key whose ``:`` is 1,024 characters or more from its start."""

MAX_LINES_REMEMBERED = 4096
"""How many distinct lines are remembered, parsed, before starting again."""

_SEQUENCE = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAPPING = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG

_Mark: Any = None
"""libyaml's class of marks; None in a PyYAML built without libyaml, with no tree to match."""
try:
    from yaml import _yaml

    _Mark = _yaml.Mark
except ImportError:
    pass


@functools.cache
def _unsure() -> re.Pattern[str]:
    """What libyaml reads specially or refuses: ASCII controls but the line break (tabs,
    carriage returns), NEL, LS and PS (line breaks), byte order marks and what is not a
    character; compiled when first needed, as its ranges take a while to compile. A text
    of printable ASCII and line breaks (:func:`plain_lines`) has none of them."""
    return re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


_MARKERS = ("---", "...", "%")
"""What starts a document marker or a directive at the start of a line."""

_KEY = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}]*+"
"""A plain key and any spaces before its colon: not starting with an indicator, without
``:``, ``#`` or a flow indicator (possessive, so a long line is not tried again and again)."""

_LINE = re.compile(rf"( *)(- +)?(?:({_KEY}):( +|$))?(.*)")
"""Indentation, an item's dash, a key (with any spaces before its colon), the spaces after
the colon, and the rest."""

_BLOCK_STARTS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that a plain scalar may not start with here (``-`` only before a space)."""

_FLOW_PLAIN = re.compile(r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^\s,\[\]{}]))[^,\[\]{}:#]*")
"""A plain scalar inside a flow collection, with any spaces after it."""

_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_AFTER = re.compile(r"(?: +#.*| *)")
"""What may follow a value on its line: spaces, then perhaps a comment."""


class _Unsure(Exception):
    """The text is outside the subset read here: libyaml composes it instead."""


_Template = tuple[Any, ...]
"""A value as parsed from its line, by column (see :func:`_build`)."""

_SCALAR, _FLOW_MAPPING, _FLOW_SEQUENCE, _FLAT_MAPPING = 0, 1, 2, 3

_Line = tuple[int, int, str | None, str, int, int, _Template | None, int]
"""A line parsed: its indentation; the column after its dash (-1 without one); its key,
the key's tag, the columns after the key and after its colon; the value on the line
(None after a key alone), and how many values that is."""

_LINES: dict[str, _Line | None] = {}
"""Lines parsed before, by their text (None for a blank line or a comment): a book
writes the same lines (``unit_price: 0.20``) again and again."""


class Scalar(yaml.ScalarNode):
    """A scalar node as libyaml composes it, its marks made only when asked for.

    A book of 10,000 tranches has 370,000 scalars, and only a problem or a
    note asks where one was written: making two marks for each is a fifth of
    composing. ``_at`` holds the index its line starts at, the line, and the
    columns it starts and ends at.
    """

    _at: tuple[int, int, int, int]

    @property
    def start_mark(self) -> Any:  # type: ignore[override]
        start, line, begin, _ = self._at
        return _Mark(STREAM, start + begin, line, begin, None, None)

    @property
    def end_mark(self) -> Any:  # type: ignore[override]
        start, line, _, end = self._at
        return _Mark(STREAM, start + end, line, end, None, None)


_new = object.__new__


def compose(text: str, max_values: int) -> yaml.Node | None:
    """The root node libyaml would compose from ``text``; None when this is not sure of it.

    None also when the document holds more than ``max_values`` values, so
    that libyaml composes it and the caller refuses it as it always has.
    """
    if _Mark is None or not (plain_lines(text) or _unsure().search(text) is None):
        return None
    if text.startswith(_MARKERS) or any(f"\n{marker}" in text for marker in _MARKERS):
        return None
    try:
        root, count = _compose(text)
    except _Unsure:
        return None
    return root if count <= max_values else None


def _compose(text: str) -> tuple[yaml.MappingNode, int]:
    mark, mapping, sequence, new = _Mark, yaml.MappingNode, yaml.SequenceNode, _new
    stream, known, build = STREAM, _LINES, _build
    stack: list[tuple[int, Any, list[Any], bool]] = []
    """Open block collections: indentation, node, its pairs or items, whether a list."""
    at, entries, in_list = -1, [], False
    """The innermost open collection's indentation, pairs or items, and whether a list."""
    pending: tuple[Any, tuple[int, int, int, int], list[Any], int] | None = None
    """A key written with no value on its line: its node, where the null after its colon
    is (as :attr:`Scalar._at`), its mapping's pairs and indentation."""
    node: Any
    count = 1
    index = 0  # of the current line's start
    for number, line in enumerate(text.split("\n")):
        start = index
        index += len(line) + 1
        try:
            parsed = known[line]
        except KeyError:
            parsed = _parse_line(line)
            if len(known) >= MAX_LINES_REMEMBERED:
                known.clear()
            known[line] = parsed
        if parsed is None:
            continue  # blank, or a comment
        column, item, key, key_tag, key_end, colon_end, value, made = parsed
        if pending is not None:
            key_node, after_colon, pairs, owner = pending
            pending = None
            if column > owner or (item >= 0 and column == owner):
                here = mark(stream, start + column, number, column, None, None)
                if item >= 0:
                    node = sequence(_SEQUENCE, [], here, None, False)
                elif key is not None:
                    node = mapping(_MAPPING, [], here, None, False)
                else:
                    raise _Unsure  # a scalar on the lines after its key
                at, entries, in_list = column, node.value, item >= 0
                stack.append((at, node, entries, in_list))
                if len(stack) > MAX_DEPTH:
                    raise _Unsure
                pairs.append((key_node, node))
            else:
                node = new(Scalar)
                node.__dict__ = {"tag": _NULL, "value": "", "style": "", "_at": after_colon}
                pairs.append((key_node, node))
            count += 1
        elif not stack:
            if column or item >= 0 or key is None:
                raise _Unsure  # the root is not a mapping at the left margin
            root = mapping(_MAPPING, [], mark(stream, start, number, 0, None, None), None, False)
            at, entries, in_list = 0, root.value, False
            stack.append((at, root, entries, in_list))
        if at > column or (in_list and at == column and item < 0):
            here = mark(stream, start + column, number, column, None, None)
            while at > column or (in_list and at == column and item < 0):
                stack.pop()[1].end_mark = here
                if not stack:
                    raise _Unsure
                at, _, entries, in_list = stack[-1]
        if at != column:
            raise _Unsure  # indented as no open collection is
        key_at = column
        if item >= 0:
            if not in_list:
                raise _Unsure  # an item where a key belongs
            if key is None:
                entries.append(build(value, start, number))  # type: ignore[arg-type]
                count += made
                continue
            # an item that is a mapping, its first key on the dash's line
            key_at = item
            node = mapping(
                _MAPPING, [], mark(stream, start + item, number, item, None, None), None, False
            )
            entries.append(node)
            at, entries, in_list = item, node.value, False
            stack.append((at, node, entries, in_list))
            count += 1
            if len(stack) > MAX_DEPTH:
                raise _Unsure
        elif in_list:
            raise _Unsure  # a key where an item belongs
        key_node = new(Scalar)
        key_node.__dict__ = {
            "tag": key_tag,
            "value": key,
            "style": "",
            "_at": (start, number, key_at, key_end),
        }
        if value is None:
            pending = (key_node, (start, number, colon_end, colon_end), entries, at)
            count += 1
        elif value[0] == _SCALAR:
            _, begin, end, written, tag, style = value
            node = new(Scalar)
            node.__dict__ = {
                "tag": tag,
                "value": written,
                "style": style,
                "_at": (start, number, begin, end),
            }
            entries.append((key_node, node))
            count += 2
        else:
            entries.append((key_node, build(value, start, number)))
            count += made + 1
    if pending is not None:
        key_node, after_colon, pairs, _ = pending
        node = new(Scalar)
        node.__dict__ = {"tag": _NULL, "value": "", "style": "", "_at": after_colon}
        pairs.append((key_node, node))
        count += 1
    if not stack:
        raise _Unsure  # nothing but comments: libyaml says what that is
    # At the end, libyaml closes what is indented past the last line's end there, then
    # the rest on a line of its own (unless the text ends with a line break).
    last, column = text.count("\n"), len(text) - text.rfind("\n") - 1
    end = mark(stream, len(text), last + (column > 0), 0, None, None)
    short = mark(stream, len(text), last, column, None, None) if column else end
    for at, node, _, _ in stack:
        node.end_mark = short if at > column else end
    return stack[0][1], count


_NULL = plain_tag("")


def _parse_line(line: str) -> _Line | None:
    """What a line holds (None if nothing), without regard to the lines around it."""
    indent, dash, written, spaces, rest = _LINE.match(line).groups()  # type: ignore[union-attr]
    if dash is None and written is None and (not rest or rest[0] == "#"):
        return None
    column = len(indent)
    item = column + len(dash) if dash is not None else -1
    if written is None:
        if dash is None or not rest or rest[0] == "#":
            raise _Unsure  # a value where a key belongs, or an item on the lines after its dash
        value, made = _parse_value(line, item)
        return column, item, None, "", 0, 0, value, made
    key = written.rstrip(" ")
    at = item if dash is not None else column
    key_end, colon_end = at + len(key), at + len(written) + 1
    if colon_end - at > MAX_KEY:
        raise _Unsure  # libyaml would not find the colon
    if not rest or rest[0] == "#":
        return column, item, key, plain_tag(key), key_end, colon_end, None, 0
    value, made = _parse_value(line, colon_end + len(spaces))
    return column, item, key, plain_tag(key), key_end, colon_end, value, made


def _build(template: _Template, start: int, line: int) -> yaml.Node:
    """The node ``template`` stands for, on the line starting at index ``start``."""
    kind, begin, end, content = template[:4]
    new = _new
    if kind == _SCALAR:
        node = new(Scalar)
        node.__dict__ = {
            "tag": template[4],
            "value": content,
            "style": template[5],
            "_at": (start, line, begin, end),
        }
        return node
    mark, stream = _Mark, STREAM
    start_mark = mark(stream, start + begin, line, begin, None, None)
    end_mark = mark(stream, start + end, line, end, None, None)
    pairs: list[tuple[yaml.Node, yaml.Node]]
    if kind == _FLAT_MAPPING:  # the common case, built without a call for each scalar
        pairs = []
        for kb, ke, kv, kt, ks, vb, ve, vv, vt, vs in content:
            key, value = new(Scalar), new(Scalar)
            key.__dict__ = {"tag": kt, "value": kv, "style": ks, "_at": (start, line, kb, ke)}
            value.__dict__ = {"tag": vt, "value": vv, "style": vs, "_at": (start, line, vb, ve)}
            pairs.append((key, value))
        return yaml.MappingNode(_MAPPING, pairs, start_mark, end_mark, True)
    if kind == _FLOW_MAPPING:
        pairs = [(_build(key, start, line), _build(value, start, line)) for key, value in content]
        return yaml.MappingNode(_MAPPING, pairs, start_mark, end_mark, True)
    items = [_build(item, start, line) for item in content]
    return yaml.SequenceNode(_SEQUENCE, items, start_mark, end_mark, True)


def _parse_value(line: str, at: int) -> tuple[_Template, int]:
    """The template of the value at column ``at`` of a block line, and its number of values."""
    first = line[at]
    if first in "{[":
        template, end, count = _flow(line, at, 1)
    elif first == "'" or first == '"':
        template, end = _quoted(line, at)
        count = 1
    elif first in _BLOCK_STARTS and (first != "-" or line[at + 1 : at + 2] in ("", " ")):
        raise _Unsure  # an anchor, alias, tag, block scalar, nested item...
    else:
        cut = line.find(" #", at)
        text = (line[at:] if cut < 0 else line[at:cut]).rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _Unsure  # a mapping where a scalar belongs: libyaml's error
        return (_SCALAR, at, at + len(text), text, plain_tag(text), ""), 1
    if _AFTER.fullmatch(line, end) is None:
        raise _Unsure
    return template, count


def _quoted(text: str, at: int) -> tuple[_Template, int]:
    """A one-line quoted scalar at ``at``: its template and where it ends."""
    if text[at] == "'":
        found = _SINGLE.match(text, at)
        if found is None:
            raise _Unsure  # continues on the next line, or is not closed
        value, style = found.group(1).replace("''", "'"), "'"
    else:
        found = _DOUBLE.match(text, at)
        if found is None:
            raise _Unsure  # an escape, or continues on the next line
        value, style = found.group(1), '"'
    end = found.end()
    return (_SCALAR, at, end, value, STRING, style), end


def _flow(text: str, at: int, depth: int) -> tuple[_Template, int, int]:
    """A flow collection opening at ``at``: its template, where it ends, its number of values."""
    if depth > MAX_DEPTH:
        raise _Unsure
    mapping = text[at] == "{"
    close = "}" if mapping else "]"
    kind = _FLOW_MAPPING if mapping else _FLOW_SEQUENCE
    content: list[Any] = []
    count = 1
    position = _skip(text, at + 1)
    if text[position : position + 1] == close:
        return (kind, at, position + 1, content), position + 1, count
    while True:
        if mapping:
            key_at = position
            key, position, made = _flow_node(text, position, depth, key=True)
            if text[position : position + 2] != ": " or position - key_at > MAX_KEY:
                raise _Unsure  # a key not followed by ": ", or too long for libyaml
            value, position, more = _flow_node(text, _skip(text, position + 1), depth)
            content.append((key, value))
            count += made + more
        else:
            item, position, made = _flow_node(text, position, depth)
            content.append(item)
            count += made
        position = _skip(text, position)
        following = text[position : position + 1]
        if following == close:
            break
        if following != ",":
            raise _Unsure
        position = _skip(text, position + 1)
        if text[position : position + 1] in (close, ""):
            raise _Unsure  # a trailing comma, or the collection goes on to the next line
    if mapping and all(value[0] == _SCALAR for _, value in content):
        kind = _FLAT_MAPPING  # of scalars: each pair's fields in one tuple
        content = [(*key[1:], *value[1:]) for key, value in content]
    return (kind, at, position + 1, content), position + 1, count


def _flow_node(text: str, at: int, depth: int, key: bool = False) -> tuple[_Template, int, int]:
    """A value inside a flow collection at ``at``: its template, where it ends, its values."""
    first = text[at : at + 1]
    if first in ("{", "["):
        if key:
            raise _Unsure
        return _flow(text, at, depth + 1)
    if first in ("'", '"'):
        if key:
            raise _Unsure
        template, end = _quoted(text, at)
        return template, end, 1
    found = _FLOW_PLAIN.match(text, at)
    if found is None:
        raise _Unsure  # nothing (a null), or an indicator
    value = found.group().rstrip(" ")
    end = at + len(value)
    return (_SCALAR, at, end, value, plain_tag(value), ""), end, 1


def _skip(text: str, at: int) -> int:
    """The position of the first character from ``at`` that is not a space."""
    while text[at : at + 1] == " ":
        at += 1
    return at
