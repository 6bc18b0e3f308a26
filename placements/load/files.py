"""Any input file: a book or a scenario, told apart by what it holds.

The scenario loader (and the scenario model, checks and price reading it
brings) is imported only for a scenario, so ``terms`` or ``check`` on a book
start without it.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from placements.collector import collector_paused
from placements.core.problems import InputError
from placements.core.terms.book import Book
from placements.load.book import book_from_yaml
from placements.load.yamlfile import Cursor, read_yaml
from placements.pyyaml import yaml

if TYPE_CHECKING:
    from placements.core.scenario.model import Scenario
    from placements.load.holdings import Loaded

SCENARIO_SIGNS = {"price", "exercise", "book", "start", "end"}
"""Top-level keys only a scenario has: it names a price, a policy, a book or its dates."""


def top_keys(root: Cursor) -> set[str]:
    """The keys of a file's top-level mapping (none if it is not one)."""
    if not isinstance(root.node, yaml.MappingNode):
        return set()
    return {key.value for key, _ in root.node.value if isinstance(key, yaml.ScalarNode)}


def looks_like_scenario(root: Cursor) -> bool:
    """Whether a parsed file is a scenario rather than a book (it names a price or a policy)."""
    keys = top_keys(root)
    return bool(keys & SCENARIO_SIGNS) and "tranches" not in keys


def looks_like_holdings(root: Cursor) -> bool:
    """Whether a parsed file is holdings (it names a holder or positions, and no tranches)."""
    keys = top_keys(root)
    return bool(keys & {"holder", "positions"}) and "tranches" not in keys


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
    return _book(read_yaml(path, "book"), path)


def _book(root: Cursor, path: Path) -> Book:
    """The book in a parsed file, in one line if the file is plainly a scenario."""
    _refuse_the_other_kind(root, path, "book")
    return book_from_yaml(root)


@collector_paused
def load_book_or_holdings(path: Path) -> "Book | Loaded":
    """The book at ``path``, or the holdings if it is a holdings file, read once.

    The holdings loader (a fifth of a small command's start-up) is imported
    only for holdings.
    """
    root = read_yaml(path, "file")
    if looks_like_holdings(root):
        from placements.load.holdings import holdings_from_yaml

        return holdings_from_yaml(root, path)
    return _book(root, path)


@collector_paused
def load_scenario_file(path: Path) -> "Scenario":
    """The scenario at ``path``, or raise :class:`InputError` (in one line if it is a book)."""
    from placements.load.scenario import scenario_from_yaml

    root = read_yaml(path, "scenario")
    _refuse_the_other_kind(root, path, "scenario")
    return scenario_from_yaml(root, path)


@collector_paused
def load_file(path: Path, root: Cursor | None = None) -> "Book | Scenario":
    """The book or scenario at ``path`` (already parsed as ``root``, if given)."""
    root = root or read_yaml(path, "file")
    if kind_of(root) == "scenario":
        from placements.load.scenario import scenario_from_yaml

        return scenario_from_yaml(root, path)
    return book_from_yaml(root)
