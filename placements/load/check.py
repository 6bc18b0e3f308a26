"""Checking input files: every problem in each, without stopping at the first."""

from dataclasses import dataclass
from pathlib import Path

from placements.core.origin import InputError, Problem
from placements.load.book import book_from_yaml
from placements.load.yamlfile import read_yaml


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking one file."""

    file: str
    kind: str
    problems: tuple[Problem, ...]
    tranches: int | None = None


def check_file(path: Path) -> Checked:
    try:
        book = book_from_yaml(read_yaml(path, "book"))
    except InputError as error:
        return Checked(str(path), "book", tuple(error.problems))
    return Checked(str(path), "book", (), len(book.tranches))
