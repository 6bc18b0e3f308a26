"""Where each value was written, and what is wrong with it.

Every domain object carries an :class:`Origin`, so a check anywhere in the
program can point the user at ``file:line:col`` and the field path, the way an
editor or a compiler would.
"""

from collections.abc import Mapping
from enum import Enum

from placements.core.values import value


class Location:
    """A point in an input file; line and column count from 1.

    A slotted value class rather than a frozen dataclass: loading a large book
    makes hundreds of thousands, and a frozen dataclass's ``__init__`` is
    several times slower. Treat it as immutable; it compares and hashes by value.
    """

    __slots__ = ("column", "file", "line")

    def __init__(self, file: str, line: int | None = None, column: int | None = None) -> None:
        self.file, self.line, self.column = file, line, column

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return (self.file, self.line, self.column) == (other.file, other.line, other.column)

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.column))

    def __repr__(self) -> str:
        return f"Location(file={self.file!r}, line={self.line!r}, column={self.column!r})"

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


class Origin:
    """Where an object and each of its fields came from.

    ``path`` is the object's field path in its file (``tranches[1].warrant``);
    ``fields`` maps each field name that was written to the location of its value.
    A slotted value class, like :class:`Location`, as every object read has one;
    a loader may subclass it to work out ``at`` only when it is asked for.
    """

    __slots__ = ("at", "fields", "path")

    at: Location
    path: str
    fields: Mapping[str, Location]

    def __init__(
        self, at: Location, path: str = "", fields: Mapping[str, Location] | None = None
    ) -> None:
        self.at, self.path = at, path
        self.fields = {} if fields is None else fields

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.at, self.path, self.fields) == (other.at, other.path, other.fields)

    def __hash__(self) -> int:
        return hash((self.at, self.path))  # not the fields: a mapping

    def __repr__(self) -> str:
        return f"Origin(at={self.at!r}, path={self.path!r}, fields={self.fields!r})"

    def of(self, name: str) -> Location:
        """The location of a field's value, or of the object when it was left out."""
        return self.fields.get(name, self.at)

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


UNKNOWN = Origin(Location("<unknown>"))
"""The origin of objects built in code rather than read from a file."""


class Severity(Enum):
    """An error stops a file being used; a warning flags a legal but implausible value."""

    ERROR = "error"
    WARNING = "warning"


@value
class Problem:
    """One thing wrong with an input, located and explained.

    Printed as ``file:line:col: field.path: message``, which editors can jump to;
    a warning's message starts with ``warning:``.
    """

    location: Location
    field: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def __str__(self) -> str:
        where = f"{excerpt(self.field)}: " if self.field else ""
        label = "warning: " if self.is_warning else ""
        line = f"{self.location}: {where}{label}{self.message}"
        return line if line.isprintable() else excerpt(line, len(line))

    @classmethod
    def at(cls, origin: Origin, name: str, message: str) -> "Problem":
        """A problem with field ``name`` of the object that ``origin`` describes."""
        return cls(origin.of(name), origin.field_path(name), message)


MAX_EXCERPT = 240
"""The most of a value quoted back in a problem, which stays one line (values read
from YAML are already cut to 40 characters; this bounds everything else)."""


def excerpt(value: object, limit: int = MAX_EXCERPT) -> str:
    """``value`` as one line of at most ``limit`` characters: newlines and controls escaped."""
    text = str(value)
    if len(text) > 4 * limit:
        text = text[: 4 * limit]
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def explain(what: str, got: object = None, expected: str | None = None) -> str:
    """Phrase a problem as ``what is wrong (got X; expected Y)``, quoting an excerpt of X."""
    parts = []
    if got is not None:
        parts.append(f"got {excerpt(got)}")
    if expected:
        parts.append(f"expected {expected}")
    return f"{what} ({'; '.join(parts)})" if parts else what


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted as a reader meets them: by file, line and column."""
    return sorted(
        problems,
        key=lambda p: (p.location.file, p.location.line or 0, p.location.column or 0),
    )


class InputError(Exception):
    """Input that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def in_file(
        cls,
        file: str,
        what: str,
        got: object = None,
        expected: str | None = None,
        line: int | None = None,
    ) -> "InputError":
        """One problem with a whole file (or one of its lines) rather than a field."""
        location = Location(file, line, 1) if line is not None else Location(file)
        return cls([Problem(location, "", explain(what, got, expected))])
