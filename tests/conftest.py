"""Shared helpers: run the CLI as a user would, and write small input files."""

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placements.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED_BOOK = ROOT / "seeds" / "rocmec.yaml"


class Run:
    """The outcome of one CLI invocation."""

    def __init__(self, result) -> None:
        self.code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def json(self):
        return json.loads(self.stdout)


def run(*args: object) -> Run:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result)


@pytest.fixture
def write(tmp_path: Path):
    """Write a dedented text to a file under the test's temporary folder."""

    def write_file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write_file
