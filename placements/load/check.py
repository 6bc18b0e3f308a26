"""Checking input files: every problem in each, without stopping at the first."""

from pathlib import Path

from placements.collector import collector_paused
from placements.core.problems import InputError, Problem
from placements.core.terms.book import Book
from placements.core.values import value
from placements.load.files import kind_of, load_file, looks_like_holdings
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
    """Check a book, a scenario or holdings (and the books and prices they name)."""
    kind = "file"
    try:
        root = read_yaml(path, "file")
        if looks_like_holdings(root):
            from placements.load.holdings import holdings_from_yaml  # books' checks need none of it

            kind = "holdings"
            held = holdings_from_yaml(root, path)
            return Checked(str(path), kind, (), None, held.warnings)
        kind = kind_of(root)
        loaded = load_file(path, root)
    except InputError as error:
        errors = tuple(p for p in error.problems if not p.is_warning)
        warnings = tuple(p for p in error.problems if p.is_warning)
        return Checked(str(path), kind, errors, warnings=warnings)
    book = loaded if isinstance(loaded, Book) else loaded.projected_book
    return Checked(str(path), kind, (), len(book.tranches), loaded.warnings)
