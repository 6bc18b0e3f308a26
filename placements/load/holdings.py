"""Holdings from YAML, read by their declared format (:mod:`placements.schema.holdings`).

Each book a position names (by a path relative to the holdings file) is
read once, however many positions cite it; its own problems are reported at
its own ``file:line:col``, and a position's (an unknown tranche or series, a
holding larger than the series) at the position's.
"""

from dataclasses import replace
from pathlib import Path

from placements.collector import collector_paused
from placements.core.holdings.checks import currency_warnings, slices_and_problems
from placements.core.holdings.model import Holdings, Position
from placements.core.holdings.positions import BookIndex, Slice, ledger_problems
from placements.core.problems import InputError, Problem, explain, in_file_order
from placements.core.terms.book import Book
from placements.load.files import load_book_file, looks_like_holdings
from placements.load.reader import Reader
from placements.load.shapes import read_shape
from placements.load.yamlfile import Cursor, no_file, read_yaml, resolved
from placements.pyyaml import yaml
from placements.schema.holdings import HOLDINGS


@collector_paused
def load_holdings(path: Path) -> "Loaded":
    """Read, check and return the holdings at ``path`` with their books, or raise InputError."""
    return holdings_from_yaml(read_yaml(path, "holdings"), path)


class Loaded:
    """Holdings with each position's slice of its book, and each book read (once)."""

    def __init__(
        self, holdings: Holdings, slices: dict[str, Slice], books: dict[str, BookIndex]
    ) -> None:
        self.holdings, self.slices, self.books = holdings, slices, books

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.holdings.warnings


def holdings_from_yaml(root: Cursor, path: Path) -> Loaded:
    """The holdings in a parsed file, with their books read, or every problem with them."""
    if not looks_like_holdings(root) and isinstance(root.node, yaml.MappingNode):
        keys = {key.value for key, _ in root.node.value if isinstance(key, yaml.ScalarNode)}
        other = "book" if "tranches" in keys else "scenario" if "book" in keys else None
        if other is not None:
            raise InputError.in_file(
                str(path),
                f"this is a {other}, not holdings",
                expected="holdings: a mapping with holder and positions",
                line=1,
            )
    reader = Reader()
    holdings: Holdings | None = read_shape(reader, root, HOLDINGS)
    problems = list(reader.problems)
    warnings = list(reader.warnings)
    if holdings is None:
        raise InputError(in_file_order(problems + warnings))
    books: dict[str, BookIndex] = {}
    by_position: dict[str, BookIndex] = {}
    failed: set[Path] = set()
    named: dict[tuple[str, str], BookIndex | None] = {}
    for position in holdings.positions:
        # positions citing a book by the same words get it without touching the file system
        key = (position.origin.at.file, position.book)
        if key in named:
            index = named[key]
        else:
            index = named[key] = _book(position, books, failed, problems)
        if index is not None:
            by_position.setdefault(position.id, index)
    prices_read = bool(holdings.prices) or not _given(root, "prices")
    slices, found = slices_and_problems(holdings, by_position, prices_read)
    problems.extend(p for p in found if p not in problems)
    if not problems and len(holdings.positions) == _items(root, "positions"):
        problems.extend(ledger_problems(holdings, slices))
    for index in books.values():
        warnings.extend(index.book.warnings)
    warnings.extend(currency_warnings(holdings, by_position))
    if problems:
        raise InputError(in_file_order(problems + warnings))
    checked = replace(holdings, warnings=tuple(in_file_order(warnings)))
    return Loaded(checked, slices, books)


def _book(
    position: Position,
    books: dict[str, BookIndex],
    failed: set[Path],
    problems: list[Problem],
) -> BookIndex | None:
    """The book a position names, read the first time it is named and indexed once."""
    book_path = Path(position.origin.at.file).parent / position.book
    key = resolved(book_path)
    known = books.get(key)
    if known is not None:
        return known
    if book_path in failed:
        return None
    failed.add(book_path)  # until it reads cleanly, so a bad book is reported once
    trouble = no_file(book_path, "book")
    if trouble is not None:
        problems.append(
            Problem.at(
                position.origin,
                "book",
                explain(
                    trouble,
                    got=f"{position.book}, resolved to {key}",
                    expected="a book file relative to the holdings file",
                ),
            )
        )
        return None
    try:
        book: Book = load_book_file(book_path)
    except InputError as error:
        problems.extend(error.problems)
        return None
    failed.discard(book_path)
    index = books[key] = BookIndex(book)
    return index


def _given(root: Cursor, key: str) -> bool:
    if isinstance(root.node, yaml.MappingNode):
        return any(key_node.value == key for key_node, _ in root.node.value)
    return False


def _items(root: Cursor, key: str) -> int:
    if isinstance(root.node, yaml.MappingNode):
        for key_node, value in root.node.value:
            if key_node.value == key and isinstance(value, yaml.SequenceNode):
                return len(value.value)
    return 0
