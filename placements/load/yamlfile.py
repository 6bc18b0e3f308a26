"""Reading a YAML file safely into a node tree that remembers positions.

We compose (parse without constructing Python objects) with the safe loader,
so no tag can run code, every value keeps its line and column, and numbers
keep their text for Decimal. Inputs are bounded: the file size, the nesting
depth, and how far aliases may expand (a "billion laughs" file is a few
hundred bytes that expand to billions of values). A file in the plain block
YAML books are written in is composed by :mod:`placements.load.blockyaml`
into the same tree, faster; anything else by libyaml.
"""

import stat
from pathlib import Path

from placements.collector import kept
from placements.core.problems import InputError, Location, Problem, explain
from placements.load import blockyaml
from placements.pyyaml import STRING, plain_tag, yaml

MAX_BYTES = 8 * 1024 * 1024
"""Larger than any real book; a book of 10,000 tranches is about 3 MB."""

MAX_VALUES = 2_000_000
"""How many values a file may expand to, aliases included."""

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):
    """The safe loader, with plain scalars' tags as :func:`~placements.pyyaml.plain_tag` has them.

    Even with libyaml, every scalar's implicit tag is resolved in Python by
    regular expressions, and a book repeats most of its words thousands of
    times. The tags are exactly the resolver's own: a plain scalar's depends
    on its text alone, and a quoted one is a string (the safe loader has no
    path resolvers).
    """

    def resolve(self, kind: type, value: str | None, implicit: object) -> str:
        if kind is not yaml.ScalarNode:
            tag = _COLLECTION_TAGS.get(kind)
            return super().resolve(kind, value, implicit) if tag is None else tag
        if type(implicit) is not tuple or not isinstance(value, str):
            return super().resolve(kind, value, implicit)
        return plain_tag(value) if implicit[0] else STRING

    # Without path resolvers (asserted below) the resolver keeps no path, so stepping
    # in and out of each node is nothing to do; the inherited methods check that first,
    # once for each node.
    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_COLLECTION_TAGS: dict[type, str] = {
    yaml.SequenceNode: yaml.SafeLoader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.SafeLoader.DEFAULT_MAPPING_TAG,
}
"""An untagged collection's tag: with no path resolvers, the resolver's default for its kind."""
assert not yaml.SafeLoader.yaml_path_resolvers, "quoted scalars' tags would depend on their path"


class Cursor:
    """A YAML node, the file it is in, and its field path from the root.

    A plain slotted class rather than a frozen dataclass: a book of 10,000
    tranches makes 400,000 of them, and a frozen dataclass's ``__init__``
    sets each field through ``object.__setattr__``. Treat it as immutable.
    """

    __slots__ = ("file", "node", "path")

    def __init__(self, node: yaml.Node, file: str, path: str = "") -> None:
        self.node, self.file, self.path = node, file, path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cursor):
            return NotImplemented
        return (self.node, self.file, self.path) == (other.node, other.file, other.path)

    def __hash__(self) -> int:
        return hash((id(self.node), self.file, self.path))

    def __repr__(self) -> str:
        return f"Cursor(node={self.node!r}, file={self.file!r}, path={self.path!r})"

    @property
    def location(self) -> Location:
        mark = self.node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1)

    def child(self, node: yaml.Node, name: str | int) -> "Cursor":
        if isinstance(name, int):
            path = f"{self.path}[{name}]"
        else:
            path = f"{self.path}.{name}" if self.path else name
        return Cursor(node, self.file, path)


def no_file(path: Path, what: str) -> str | None:
    """Why ``path`` names no regular file, in words about the ``what`` (a book, a price
    file) the user meant it for; None when it names one.

    A name too long, or one the system will not look up, is missing.
    """
    file = what if what.endswith("file") else f"{what} file"
    try:
        if path.is_file():
            return None
        if path.is_dir():
            return f"a directory, not a {file}"
        if path.exists():
            return f"a device or a pipe, not a {file}"
    except (OSError, ValueError):
        pass
    return f"no such {what}"


def resolved(path: Path) -> str:
    """``path`` made absolute for a message, or as given when it cannot be resolved."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return str(path)


def read_text(path: Path, what: str = "file", max_bytes: int | None = None) -> str:
    """The UTF-8 text of a file, or an :class:`InputError` saying why not.

    Files over ``max_bytes`` (by default :data:`MAX_BYTES`) are refused unread.
    """
    name = str(path)
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes

    def fail(message: str) -> InputError:
        # about the file as a whole, which may not even exist: named, with no line
        return InputError([Problem(Location(name), "", message)])

    def too_large(got: str) -> str:
        return explain(
            f"the {what} is too large to read", got=got, expected=f"at most {max_bytes:,} bytes"
        )

    try:
        status = path.stat()
    except FileNotFoundError:
        raise fail(explain(f"no such {what}", got=name, expected="an existing file")) from None
    except OSError as error:
        raise fail(f"cannot read the {what}: {error.strerror}") from None
    if stat.S_ISDIR(status.st_mode):
        raise fail(explain(f"is a directory, not a {what}", expected="a file"))
    if not stat.S_ISREG(status.st_mode):
        # a device, FIFO or socket may never end (/dev/zero) or never start (a FIFO)
        raise fail(
            explain("not a regular file", got="a device, FIFO or socket", expected=f"a {what}")
        )
    if status.st_size > max_bytes:
        raise fail(too_large(f"{status.st_size:,} bytes"))
    try:
        # bounded whatever stat said: a file may grow between the stat and the read
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise fail(f"cannot read the {what}: {error.strerror}") from None
    if len(data) > max_bytes:
        raise fail(too_large(f"more than {max_bytes:,} bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError.in_file(
            name,
            "not UTF-8 text",
            got=f"byte 0x{data[error.start]:02x}",
            expected="a text file",
            line=line,
        ) from None


def parse_yaml(text: str, file: str) -> Cursor:
    """The root node of a one-document YAML text, bounded as described above."""
    quick = blockyaml.compose(text, MAX_VALUES)
    if quick is not None:  # without anchors, so without aliases to expand
        return Cursor(quick, file)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        what = error.problem or error.context or "invalid YAML"
        raise InputError([Problem(where, "", explain(f"not valid YAML: {what}"))]) from None
    except yaml.reader.ReaderError as error:
        # control characters: PyYAML gives only a character position
        position = min(max(error.position, 0), len(text))
        before = text[:position]
        line, column = before.count("\n") + 1, position - before.rfind("\n")
        code = ord(error.character) if isinstance(error.character, str) else error.character
        what = explain(f"not valid YAML: {error.reason}", got=f"#x{code:02x}", expected="text")
        raise InputError([Problem(Location(file, line, column), "", what)]) from None
    except yaml.YAMLError as error:
        raise InputError.in_file(file, f"not valid YAML: {error}", line=1) from None
    except RecursionError:
        raise InputError.in_file(file, "not a usable YAML file: nested too deeply") from None
    if root is None:
        raise InputError.in_file(file, "the file is empty", expected="a YAML mapping", line=1)
    _check_expansion(root, file)
    _check_tags(root, file)
    return Cursor(root, file)


CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)
"""The tags a value may carry: YAML's own kinds (``!!str 012`` keeps a text a text)."""


def _check_tags(root: yaml.Node, file: str) -> None:
    """Refuse a value tagged for something else (``!!python/object``, ``!!binary``, ``!mine``).

    Nothing would be made of the tag (the file is read as plain YAML), so the
    value would be read as if untagged: the writer meant something this tool
    does not do. Each node once, aliases not followed again.
    """
    problems = []
    seen: set[int] = set()
    stack = [Cursor(root, file)]
    while stack:
        cursor = stack.pop()
        node = cursor.node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            problems.append(
                Problem(
                    cursor.location,
                    cursor.path,
                    explain(
                        "a tag this tool does not read",
                        got=tag,
                        expected="a plain value, or one of YAML's own tags (!!str, !!int...)",
                    ),
                )
            )
        # pushed last to first, so a node met twice (an alias) is named where it first is
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append(cursor.child(value, str(key.value)))
                stack.append(Cursor(key, file, cursor.path))
        elif isinstance(node, yaml.SequenceNode):
            items = list(enumerate(node.value))
            stack.extend(cursor.child(item, n) for n, item in reversed(items))
    if problems:
        problems.sort(key=lambda found: (found.location.line or 0, found.location.column or 0))
        raise InputError(problems)


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse documents whose aliases would expand past :data:`MAX_VALUES`.

    Counts every value as a walk of the expanded tree would meet it, but
    steps only into collections: a scalar is counted by its parent, so a
    book's 400,000 scalars cost one addition per collection, not a visit each.
    """
    counted, stack = 1, [root]
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    push = stack.append
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is mapping or (kind is not sequence and isinstance(node, mapping)):
            pairs = node.value
            counted += 2 * len(pairs)
            for key, value in pairs:
                if type(key) is not scalar:
                    push(key)
                if type(value) is not scalar:
                    push(value)
        elif kind is sequence or isinstance(node, sequence):
            items = node.value
            counted += len(items)
            for item in items:
                if type(item) is not scalar:
                    push(item)
        if counted > MAX_VALUES:
            raise InputError.in_file(
                file,
                "aliases expand to too many values",
                got=f"more than {MAX_VALUES:,}",
                expected="a file without recursive or exploding aliases",
                line=1,
            )


def read_yaml(path: Path, what: str = "file") -> Cursor:
    """Read and parse a YAML file; every failure is an :class:`InputError`."""
    return kept(parse_yaml(read_text(path, what), str(path)))
