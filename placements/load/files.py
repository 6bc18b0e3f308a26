"""Any input file: a book or a scenario, told apart by what it holds."""

from pathlib import Path

from placements.collector import collector_paused
from placements.core.problems import InputError
from placements.core.scenario.model import Scenario
from placements.core.terms.book import Book
from placements.load.book import book_from_yaml
from placements.load.scenario import looks_like_scenario, scenario_from_yaml, top_keys
from placements.load.yamlfile import Cursor, read_yaml


def kind_of(root: Cursor) -> str:
    """ "scenario" for a file that names a price or a policy, else "book"."""
    return "scenario" if looks_like_scenario(root) else "book"


READ_BY = {
    "book": "placements terms, calendar, securities or value",
    "scenario": "placements run, compare or securities",
}


def looks_like_book(root: Cursor) -> bool:
    return "tranches" in top_keys(root) and not looks_like_scenario(root)


def _refuse_the_other_kind(root: Cursor, path: Path, kind: str) -> None:
    """One line when a file handed over as ``kind`` is plainly the other kind.

    A scenario handed to ``terms`` would otherwise be read as a book with
    eight unknown keys, which says nothing about the mistake.
    """
    other = "book" if kind == "scenario" else "scenario"
    if (looks_like_book if other == "book" else looks_like_scenario)(root):
        raise InputError.in_file(
            str(path),
            f"this is a {other}, not a {kind}; {READ_BY[other]} read it",
            expected=f"a {kind}, read by {READ_BY[kind]}",
            line=1,
        )


@collector_paused
def load_book_file(path: Path) -> Book:
    """The book at ``path``, or raise :class:`InputError` (in one line if it is a scenario)."""
    root = read_yaml(path, "book")
    _refuse_the_other_kind(root, path, "book")
    return book_from_yaml(root)


@collector_paused
def load_scenario_file(path: Path) -> Scenario:
    """The scenario at ``path``, or raise :class:`InputError` (in one line if it is a book)."""
    root = read_yaml(path, "scenario")
    _refuse_the_other_kind(root, path, "scenario")
    return scenario_from_yaml(root, path)


@collector_paused
def load_file(path: Path, root: Cursor | None = None) -> Book | Scenario:
    """The book or scenario at ``path`` (already parsed as ``root``, if given)."""
    root = root or read_yaml(path, "file")
    if kind_of(root) == "scenario":
        return scenario_from_yaml(root, path)
    return book_from_yaml(root)
