"""Checking input files: every problem in each, without stopping at the first."""

from pathlib import Path

from placements.collector import collector_paused
from placements.core.problems import InputError, Problem
from placements.core.terms.book import Book
from placements.core.values import value
from placements.load.files import kind_of, load_file
from placements.load.yamlfile import read_yaml


@value
class Checked:
    """The outcome of checking one file."""

    file: str
    kind: str
    problems: tuple[Problem, ...]
    tranches: int | None = None
    warnings: tuple[Problem, ...] = ()


@collector_paused
def check_file(path: Path) -> Checked:
    """Check a book or a scenario (and the book and prices it names)."""
    kind = "file"
    try:
        root = read_yaml(path, "file")
        kind = kind_of(root)
        loaded = load_file(path, root)
    except InputError as error:
        errors = tuple(p for p in error.problems if not p.is_warning)
        warnings = tuple(p for p in error.problems if p.is_warning)
        return Checked(str(path), kind, errors, warnings=warnings)
    book = loaded if isinstance(loaded, Book) else loaded.projected_book
    return Checked(str(path), kind, (), len(book.tranches), loaded.warnings)
