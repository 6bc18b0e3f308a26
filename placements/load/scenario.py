"""Scenarios from YAML, read by their declared format (:mod:`placements.schema.scenario`).

A scenario names its book by a path relative to itself (or ``bundled``), so
the book and any price CSV are read from there, and their problems are
reported at their own ``file:line:col``.
"""

from pathlib import Path

from placements import bundled
from placements.core.problems import InputError, in_file_order
from placements.core.scenario.checks import scenario_problems
from placements.core.scenario.model import PriceHistory, Scenario
from placements.core.terms.book import Book
from placements.load.book import book_from_yaml
from placements.load.prices import load_price_history
from placements.load.reader import Reader
from placements.load.shapes import read_shape
from placements.load.yamlfile import Cursor, read_yaml
from placements.schema.scenario import BUNDLED, SCENARIO

SCENARIO_KEYS = SCENARIO.keys


def looks_like_scenario(root: Cursor) -> bool:
    """Whether a parsed file is a scenario rather than a book (it names a price or a policy)."""
    keys = {key.value for key, _ in getattr(root.node, "value", []) if hasattr(key, "value")}
    return bool(keys & {"price", "exercise", "book", "start", "end"}) and "tranches" not in keys


def load_scenario(path: Path) -> Scenario:
    """Read, check and return the scenario at ``path``, or raise :class:`InputError`."""
    return scenario_from_yaml(read_yaml(path, "scenario"), path)


def scenario_from_yaml(root: Cursor, path: Path) -> Scenario:
    """The scenario in a parsed YAML file (``path`` names it), or every problem with it."""
    reader = Reader()
    scenario = read_shape(reader, root, SCENARIO)
    problems = reader.problems
    if scenario is not None and not problems:
        problems = scenario_problems(scenario)
    if problems or scenario is None:
        raise InputError(in_file_order(problems))
    return scenario


def read_named_book(reader: Reader, cursor: Cursor, name: str) -> Book | None:
    """The book a scenario names; its own problems are reported against its own file."""
    book_path = bundled.BOOK if name == BUNDLED else (Path(cursor.file).parent / name)
    if not book_path.is_file():
        reader.fail(
            cursor,
            "no such book",
            got=f"{name}, resolved to {book_path.resolve()}",
            expected=f"a book file relative to the scenario, or '{BUNDLED}'",
        )
        return None
    try:
        return book_from_yaml(read_yaml(book_path, "book"))
    except InputError as error:
        reader.problems.extend(error.problems)
        return None


def read_named_prices(reader: Reader, cursor: Cursor, name: str) -> PriceHistory | None:
    """The price history a scenario names, relative to the scenario."""
    csv_path = Path(cursor.file).parent / name
    if not csv_path.is_file():
        reader.fail(
            cursor,
            "no such price file",
            got=f"{name}, resolved to {csv_path.resolve()}",
            expected="a CSV file of date,close rows, relative to the scenario",
        )
        return None
    try:
        return load_price_history(csv_path)
    except InputError as error:
        reader.problems.extend(error.problems)
        return None
