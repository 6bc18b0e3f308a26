"""Terminal tables fit COLUMNS by stacking column groups; piped output stays as wide as it needs."""

import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED_BOOK, run

SCENARIOS = sorted(str(path) for path in (ROOT / "scenarios").glob("*.yaml"))
COMMANDS = {
    "run": ["run", *SCENARIOS],
    "terms": ["terms", SEED_BOOK],
    "securities": ["securities", SEED_BOOK, "--as-of", "2008-12-31", "--price", "0.28"],
    "securities-scenario": [
        "securities",
        ROOT / "scenarios" / "flat.yaml",
        "--as-of",
        "2008-06-30",
    ],
    "compare": ["compare", *SCENARIOS],
}
ID_OR_DATE = re.compile(r"\d{4}-\d{2}-[\w-]+|\d{4}-\d{2}-\d{2}")


def printed(monkeypatch, columns: int | None, args: list) -> str:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args)
    assert result.code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_no_line_is_wider_than_the_terminal(monkeypatch, columns, command):
    text = printed(monkeypatch, columns, COMMANDS[command])
    assert max(len(line) for line in text.splitlines()) <= columns


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_ids_and_dates_stay_whole_when_fitted(monkeypatch, command):
    wide = printed(monkeypatch, None, COMMANDS[command])
    narrow = printed(monkeypatch, 80, COMMANDS[command])
    # every id and date printed in full is printed in full at 80 columns too
    assert set(ID_OR_DATE.findall(narrow)) == set(ID_OR_DATE.findall(wide))


def test_piped_output_is_as_wide_as_it_needs(monkeypatch):
    text = printed(monkeypatch, None, COMMANDS["terms"])
    assert max(len(line) for line in text.splitlines()) > 160


def test_a_wide_table_repeats_its_key_column_in_each_group(monkeypatch):
    text = printed(monkeypatch, 80, ["run", ROOT / "scenarios" / "flat.yaml"])
    timeline = text[text.index("\nTimeline\n") :]
    headers = [line for line in timeline.splitlines() if line.startswith("date ")]
    assert len(headers) >= 2
    groups = timeline.split("\n\n")
    assert all("2008-11-22" in group for group in groups[:2])


def test_a_file_gets_the_full_width(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("COLUMNS", "80")
    target = tmp_path / "terms.txt"
    assert run("terms", SEED_BOOK, "-o", target).code == 0
    assert max(len(line) for line in target.read_text().splitlines()) > 160


def test_fitted_tables_keep_every_figure(monkeypatch):
    terms = printed(monkeypatch, 80, COMMANDS["terms"])
    for figure in ("360,000.00", "481,534.92", "841,534.92", "809,529.22", "2,675,194"):
        assert figure in terms
    flat = printed(monkeypatch, 80, ["run", ROOT / "scenarios" / "flat.yaml"])
    assert "735,678.25" in flat and "2,942,713" in flat
    exercises = flat[flat.index("\nExercises\n") : flat.index("\nTimeline\n")]
    assert exercises.count("2008-11-22") == 2
