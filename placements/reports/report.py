"""What a command prints: titled tables of typed columns, before any formatting.

A report says what each column holds (a count, money, a price, a date...), and
the renderers decide how that looks in each output format: ``1,800,000`` in a
terminal table, ``1800000`` in CSV and JSON. Commands build reports; they
never format numbers themselves.

Each kind of row is a :class:`Row`: a frozen dataclass whose fields, declared
with :func:`column`, are the table's columns, headers and kinds, in order.
A misspelt field is an error where the row is made, never a blank cell.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field, fields, replace
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from placements.core.money import observed_rank
from placements.core.values import attributes_getter, value
from placements.output import Format


class Kind(Enum):
    """What a column holds, which decides how it is written in each format."""

    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    PRICE = "price"
    DATE = "date"
    PERCENT = "percent"
    NUMBER = "number"
    FLAG = "flag"
    SCHEDULE = "schedule"
    ACCELERATION = "acceleration"


@value
class Column:
    """A column: its JSON key, its header in tables, and what it holds.

    ``optional`` columns are left out of printed tables (not of JSON) when no
    row has a value in them.
    """

    key: str
    header: str
    kind: Kind = Kind.TEXT
    optional: bool = False
    summed: bool = False


def column(
    header: str, kind: Kind = Kind.TEXT, *, optional: bool = False, summed: bool = False
) -> Any:
    """A :class:`Row` field and the column it fills; ``optional`` ones default to empty.

    ``summed`` columns are added up in the table's totals row by :func:`totals_of`.
    """
    spec = {"header": header, "kind": kind, "optional": optional, "summed": summed}
    if optional:
        return field(default=None, metadata=spec)
    return field(metadata=spec)


class Row:
    """A report row: subclasses are ``@dataclass(frozen=True, kw_only=True)`` of columns."""

    _columns: ClassVar[dict[type, tuple[Column, ...]]] = {}
    _getters: ClassVar[dict[type, Callable[[Any], tuple[Any, ...]]]] = {}

    @classmethod
    def columns(cls) -> tuple[Column, ...]:
        """The row's columns, in field order, made once per kind of row."""
        found = Row._columns.get(cls)
        if found is None:
            found = tuple(
                Column(f.name, **f.metadata)
                for f in fields(cls)  # type: ignore[arg-type]
            )
            Row._columns[cls] = found
        return found

    def values(self) -> tuple[Any, ...]:
        """The row's values in column order, read by one getter made per kind of row."""
        getter = Row._getters.get(type(self))
        if getter is None:
            getter = attributes_getter([column.key for column in self.columns()])
            Row._getters[type(self)] = getter
        return getter(self)


@value
class Table:
    """Rows of one shape, with an optional totals row.

    ``rows`` hold each row's values in column order. ``record`` tables hold a
    single row, written to JSON as one object. ``sideways`` tables (records
    always) print a line per column and a column per row, headed by the
    first column's values: a comparison of scenarios.
    """

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    title: str | None = None
    totals: Mapping[str, Any] | None = None
    record: bool = False
    sideways: bool = False

    @property
    def printed_sideways(self) -> bool:
        return self.record or self.sideways

    def values_of(self, key: str) -> list[Any]:
        """One column's values, row by row."""
        position = next(i for i, column in enumerate(self.columns) if column.key == key)
        return [row[position] for row in self.rows]

    def led_by(self, column: Column, values: Sequence[Any]) -> "Table":
        """The table with a first column of ``values``, one per row (what each row is of)."""
        rows = tuple((value, *row) for value, row in zip(values, self.rows, strict=True))
        return replace(self, columns=(column, *self.columns), rows=rows)

    def select(self, keys: Sequence[str], name: str) -> "Table":
        """The table with only the columns ``keys`` (a part of a wide one)."""
        positions = [i for i, column in enumerate(self.columns) if column.key in keys]
        totals = None
        if self.totals is not None:
            totals = {key: value for key, value in self.totals.items() if key in keys} or None
        return Table(
            name,
            tuple(self.columns[i] for i in positions),
            tuple(tuple(row[i] for i in positions) for row in self.rows),
            self.title,
            totals,
            self.record,
            self.sideways,
        )


PERCENTILES = (5, 25, 50, 75, 95)
INT32 = (-(2**31), 2**31 - 1)


def observed_percentiles(samples: Any, percents: Sequence[int]) -> Any:
    """The values at ``percents`` across the first axis (paths), as observed, not interpolated.

    This is numpy's "inverted_cdf" percentile: the smallest sample with at
    least p% of the samples at or below it, at position ceil(n p / 100) - 1
    in sorted order. ``np.percentile`` partitions, which slows to a crawl on
    the few repeated values counts take (4,528,697 or 8,371,410 shares on
    every path), so each day is copied into one reused row, as 32-bit
    integers when they fit, and sorted there if a sample of it repeats
    itself, partitioned if not (a price, of many values). The one row stays
    in cache: copies the size of every day's values, made fresh, cost more
    in page faults than the sorting. A day on which every path agrees
    (before anything can be exercised) is read off its least value.
    """
    import numpy as np

    size = samples.shape[0]
    positions = [observed_rank(size, percent) for percent in percents]
    integers = samples.dtype.kind in "iu"
    if samples.ndim == 1:
        narrow = integers and INT32[0] <= samples.min() and samples.max() <= INT32[1]
        row = samples.astype(np.int32 if narrow else samples.dtype)  # a copy: sorted in place
        row.sort()
        return row[positions].astype(samples.dtype)
    low, high = samples.min(axis=0), samples.max(axis=0)
    found = np.repeat(low[:, None], len(positions), axis=1)
    varying = np.flatnonzero(low != high)
    if not varying.size:
        return found.T
    narrow = integers and INT32[0] <= int(low.min()) and int(high.max()) <= INT32[1]
    row = np.empty(size, dtype=np.int32 if narrow else samples.dtype)
    step = max(1, size // SAMPLED)
    kth = sorted(set(positions))
    # a day to a row, as a walk keeps its prices; else transposed once, not gathered by day
    days = samples.T
    if not days.flags.c_contiguous:
        days = np.ascontiguousarray(days, dtype=row.dtype)
    for day in varying.tolist():
        np.copyto(row, days[day], casting="unsafe")
        sample = np.sort(row[::step])
        if (sample[1:] == sample[:-1]).sum() * REPEATED <= sample.size:
            row.partition(kth)
        else:
            row.sort()
        found[day] = row[positions]
    return found.T


SAMPLED = 1024
"""Paths sampled to tell a day of many values from one of few..."""
REPEATED = 64
"""...which repeats more than one sampled value in this many: among 100,000
paths a price repeats a handful of a thousand, a count hundreds."""


@value
class Distribution:
    """A figure across many price paths: its percentiles, labelled p5 to p95."""

    values: Mapping[str, Any]

    @classmethod
    def of(cls, samples: Any, convert: Any = int) -> "Distribution":
        """The percentiles of ``samples`` (integers, one per path), each an observed value."""
        found = observed_percentiles(samples, PERCENTILES)
        return cls({f"p{p}": convert(value) for p, value in zip(PERCENTILES, found, strict=True)})


@value
class Note:
    """A remark on a figure: how it was derived, or what was assumed."""

    text: str
    where: str | None = None


class Deferred(Mapping[Format, str]):
    """A report's own documents, each written when first asked for, then kept.

    A calendar's feed is as long as its table; a command that prints the
    table should not write the feed too.
    """

    def __init__(self, makers: Mapping[Format, Callable[[], str]]) -> None:
        self._makers = dict(makers)
        self._made: dict[Format, str] = {}

    def __getitem__(self, format: Format) -> str:
        found = self._made.get(format)
        if found is None:
            found = self._made[format] = self._makers[format]()
        return found

    def __iter__(self) -> Iterator[Format]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __repr__(self) -> str:
        return f"Deferred({sorted(self._makers)})"


@value
class Report:
    """Everything one command prints.

    ``meta`` holds top-level facts (the file read, the issuer) that JSON
    carries as keys and tables show in the heading. ``csv_table`` names the
    table that CSV, a format of one table, holds. ``documents`` are renderings
    the report makes itself (a draft book is its own YAML), and
    ``default_format`` is printed when the user asks for none.
    """

    title: str
    tables: tuple[Table, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    csv_table: str | None = None
    exit_code: int = 0
    documents: Mapping[Format, str] = field(default_factory=dict)
    default_format: Format = Format.TABLE

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def table(
    name: str,
    kind: type[Row],
    rows: Iterable[Row],
    *,
    title: str | None = None,
    totals: Mapping[str, Any] | None = None,
    record: bool = False,
    sideways: bool = False,
) -> Table:
    """A :class:`Table` of rows of one ``kind``; totals may only name its columns."""
    columns = kind.columns()
    if totals is not None:
        unknown = set(totals) - {column.key for column in columns}
        assert not unknown, f"totals name no column of {kind.__name__}: {sorted(unknown)}"
    made = []
    for row in rows:
        assert type(row) is kind, f"a {type(row).__name__} in a table of {kind.__name__}"
        made.append(row.values())
    return Table(name, columns, tuple(made), title, totals, record, sideways)


def totals_of(kind: type[Row], rows: Sequence[Row]) -> dict[str, Any]:
    """The sums of a kind of row's ``summed`` columns: money in cents, counts whole.

    A column with an unknown figure (None) in any row has an unknown total.
    """
    totals: dict[str, Any] = {}
    for column in kind.columns():
        if column.summed:
            values = [getattr(row, column.key) for row in rows]
            zero: Decimal | int = Decimal("0.00") if column.kind is Kind.MONEY else 0
            totals[column.key] = None if None in values else sum(values, start=zero)
    return totals
