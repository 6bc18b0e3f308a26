"""Checking input files: every problem in each, without stopping at the first."""

from dataclasses import dataclass
from pathlib import Path

from placements.core.problems import InputError, Problem
from placements.core.terms.book import Book
from placements.load.files import kind_of, load_file
from placements.load.yamlfile import read_yaml


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one file."""

    file: str
    kind: str
    problems: tuple[Problem, ...]
    tranches: int | None = None


def check_file(path: Path) -> Checked:
    """Check a book or a scenario (and the book and prices it names)."""
    kind = "file"
    try:
        root = read_yaml(path, "file")
        kind = kind_of(root)
        loaded = load_file(path, root)
    except InputError as error:
        return Checked(str(path), kind, tuple(error.problems))
    book = loaded if isinstance(loaded, Book) else loaded.projected_book
    return Checked(str(path), kind, (), len(book.tranches))
