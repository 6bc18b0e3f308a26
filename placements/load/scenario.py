"""Scenarios from YAML, read by their declared format (:mod:`placements.schema.scenario`).

A scenario names its book by a path relative to itself (or ``bundled``), so
the book and any price CSV are read from there, and their problems are
reported at their own ``file:line:col``.
"""

from dataclasses import replace
from pathlib import Path

from placements import bundled
from placements.collector import kept
from placements.core.problems import InputError, in_file_order
from placements.core.scenario.checks import scenario_problems
from placements.core.scenario.model import Scenario
from placements.core.terms.book import Book
from placements.load.book import book_from_yaml
from placements.load.reader import Reader
from placements.load.shapes import read_shape
from placements.load.yamlfile import Cursor, no_file, read_yaml, resolved
from placements.pyyaml import yaml
from placements.schema.scenario import BUNDLED, SCENARIO

SCENARIO_KEYS = SCENARIO.keys


def load_scenario(path: Path) -> Scenario:
    """Read, check and return the scenario at ``path``, or raise :class:`InputError`."""
    return scenario_from_yaml(read_yaml(path, "scenario"), path)


def scenario_from_yaml(root: Cursor, path: Path) -> Scenario:
    """The scenario in a parsed YAML file (``path`` names it), or every problem with it.

    Its warnings (legal but implausible values) and its book's ride along on
    the scenario; with problems, they are reported with them.
    """
    reader = Reader()
    scenario, price_read = read_shape(reader, root, SCENARIO) or (None, False)
    problems = reader.problems
    if scenario is not None:
        # cross-field checks run on what was read cleanly, so one pass reports both kinds
        every_tranche = len(scenario.proposed) == _items(root, "proposed")
        problems = problems + [
            p
            for p in scenario_problems(scenario, prices=price_read, every_tranche=every_tranche)
            if p not in problems
        ]
    warnings = reader.warnings + list(scenario.book.warnings if scenario else ())
    if problems or scenario is None or not price_read:
        raise InputError(in_file_order(problems + warnings))
    return kept(replace(scenario, warnings=tuple(in_file_order(warnings))))


def _items(root: Cursor, key: str) -> int:
    """How many items the list under a top-level key holds as written (0 if none)."""
    if isinstance(root.node, yaml.MappingNode):
        for key_node, value in root.node.value:
            if key_node.value == key and isinstance(value, yaml.SequenceNode):
                return len(value.value)
    return 0


def read_named_book(reader: Reader, cursor: Cursor, name: str) -> Book | None:
    """The book a scenario names; its own problems are reported against its own file."""
    book_path = bundled.BOOK if name == BUNDLED else (Path(cursor.file).parent / name)
    trouble = no_file(book_path, "book")
    if trouble is not None:
        reader.fail(
            cursor,
            trouble,
            got=f"{name}, resolved to {resolved(book_path)}",
            expected=f"a book file relative to the scenario, or '{BUNDLED}'",
        )
        return None
    try:
        return book_from_yaml(read_yaml(book_path, "book"))
    except InputError as error:
        reader.problems.extend(error.problems)
        return None
