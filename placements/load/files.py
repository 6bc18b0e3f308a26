"""Any input file: a book or a scenario, told apart by what it holds."""

from pathlib import Path

from placements.core.scenario.model import Scenario
from placements.core.terms.book import Book
from placements.load.book import book_from_yaml
from placements.load.scenario import looks_like_scenario, scenario_from_yaml
from placements.load.yamlfile import Cursor, read_yaml


def kind_of(root: Cursor) -> str:
    """ "scenario" for a file that names a price or a policy, else "book"."""
    return "scenario" if looks_like_scenario(root) else "book"


def load_file(path: Path, root: Cursor | None = None) -> Book | Scenario:
    """The book or scenario at ``path`` (already parsed as ``root``, if given)."""
    root = root or read_yaml(path, "file")
    if kind_of(root) == "scenario":
        return scenario_from_yaml(root, path)
    return book_from_yaml(root)
