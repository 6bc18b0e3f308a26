"""Books from YAML: read by the book format's declaration (:mod:`placements.schema.book`).

The format's shapes read and check every value, with every problem located;
the cross-field checks of :mod:`placements.core.terms.checks` then run on
whatever tranches and securities were read cleanly, so one pass reports both
kinds of problem.
"""

from dataclasses import replace
from pathlib import Path

from placements.collector import kept
from placements.core.problems import InputError, in_file_order
from placements.core.terms.book import BaseShares, Book, Tranche
from placements.core.terms.checks import book_problems, book_warnings
from placements.load.reader import Reader
from placements.load.shapes import read_shape
from placements.load.yamlfile import Cursor, read_yaml
from placements.schema.book import (
    BASE_SHARES,
    BOOK,
    COUNT,
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_DAYS,
    MAX_MONTHS,
    MAX_PRICE,
    MAX_STEPS,
    PRICE,
    TRANCHE,
)

__all__ = [
    "COUNT",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_DAYS",
    "MAX_MONTHS",
    "MAX_PRICE",
    "MAX_STEPS",
    "PRICE",
    "book_from_yaml",
    "load_book",
    "read_base_shares",
    "read_tranche",
]


def load_book(path: Path) -> Book:
    """Read, check and return the book at ``path``, or raise :class:`InputError`."""
    return book_from_yaml(read_yaml(path, "book"))


def book_from_yaml(root: Cursor) -> Book:
    """The book in a parsed YAML file, or every problem with it."""
    reader = Reader()
    book = read_shape(reader, root, BOOK)
    problems = reader.problems + (book_problems(book) if book else [])
    if problems or book is None:
        raise InputError(in_file_order(problems + reader.warnings))
    warnings = reader.warnings + book_warnings(book)
    return kept(replace(book, warnings=tuple(in_file_order(warnings))))


def read_tranche(reader: Reader, cursor: Cursor) -> Tranche | None:
    return read_shape(reader, cursor, TRANCHE)


def read_base_shares(reader: Reader, cursor: Cursor) -> BaseShares | None:
    return read_shape(reader, cursor, BASE_SHARES)
