"""One output mechanism for every command: --format, --output and --force."""

import csv
import io
import json
from decimal import Decimal

import pytest
from conftest import ROOT, SEED_BOOK, run

from placements.cli import app

REPORT_COMMANDS = [["terms", SEED_BOOK], ["calendar", SEED_BOOK], ["check", SEED_BOOK]]


@pytest.mark.parametrize("command", REPORT_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("format", ["table", "markdown", "csv", "json", "html", "yaml"])
def test_every_command_takes_every_format(command, format):
    result = run(*command, "--format", format)
    assert result.code == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("terms.json", lambda text: json.loads(text)["totals"]["net_proceeds"] == "809529.22"),
        ("terms.csv", lambda text: text.startswith("id,closed,units,unit_price,gross_proceeds,")),
        ("terms.md", lambda text: text.startswith("# Rocmec Mining Inc.")),
        ("terms.html", lambda text: text.startswith("<!DOCTYPE html>")),
        ("terms.txt", lambda text: text.startswith("Rocmec Mining Inc. (TSXV:RMI)")),
    ],
)
def test_the_format_follows_the_output_extension(tmp_path, name, check):
    target = tmp_path / name
    result = run("terms", SEED_BOOK, "--output", target)
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert check(target.read_text(encoding="utf-8"))


def test_an_explicit_format_wins_over_the_extension(tmp_path):
    target = tmp_path / "terms.txt"
    assert run("terms", SEED_BOOK, "-o", target, "-f", "json").code == 0
    assert json.loads(target.read_text())["tranches"][0]["id"] == "2007-09-ft"


def test_an_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "terms.json"
    target.write_text("keep me")
    result = run("terms", SEED_BOOK, "-o", target)
    assert result.code == 2
    assert result.stderr == f"{target}: --output: already exists; pass --force to replace it\n"
    assert target.read_text() == "keep me"
    assert run("terms", SEED_BOOK, "-o", target, "--force").code == 0
    assert json.loads(target.read_text())["totals"]["units"] == 4475194


def test_an_unknown_extension_asks_for_a_format(tmp_path):
    result = run("terms", SEED_BOOK, "-o", tmp_path / "terms.docx")
    assert result.code == 2
    assert "cannot tell the format from the file name (got .docx; expected one of" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_is_an_error(tmp_path):
    result = run("terms", SEED_BOOK, "-o", tmp_path / "nowhere" / "terms.json")
    assert result.code == 2
    assert "no such directory" in result.stderr


def test_csv_holds_plain_numbers_and_no_totals_row():
    rows = list(csv.DictReader(io.StringIO(run("terms", SEED_BOOK, "-f", "csv").stdout)))
    assert [row["id"] for row in rows] == ["2007-09-ft", "2007-11-mf-t4"]
    assert rows[0]["gross_proceeds"] == "360000.00"
    assert rows[1]["gross_proceeds"] == "481534.92"
    assert rows[1]["units"] == "2675194"
    assert rows[0]["exercise_schedule"] == "0.30 to 2008-09-21; 0.35 to 2009-09-21"
    # a reader summing a column gets the total once
    assert sum(Decimal(row["net_proceeds"]) for row in rows) == Decimal("809529.22")


def test_table_picks_the_table_csv_writes():
    text = run("run", ROOT / "scenarios" / "flat.yaml", "--table", "exercises", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sum(Decimal(row["proceeds"]) for row in rows) == Decimal("735678.25")
    assert sum(int(row["count"]) for row in rows) == 2_942_713
    assert {row["date"] for row in rows} == {"2008-11-22"}


def test_an_unknown_table_is_an_error_naming_the_tables():
    result = run("run", ROOT / "scenarios" / "flat.yaml", "--table", "nope", "-f", "csv")
    assert result.code == 2
    assert "no such table (got nope; expected one of summary, exercises, timeline)" in result.stderr


def test_markdown_is_a_pipe_table_with_bold_totals():
    text = run("terms", SEED_BOOK, "-f", "markdown").stdout
    row = next(line for line in text.splitlines() if line.startswith("| 2007-11-mf-t4 |"))
    assert [cell.strip() for cell in row.split("|")[1:5]] == [
        "2007-11-mf-t4",
        "2007-11-22",
        "2,675,194",
        "0.18",
    ]
    assert "| **Total**" in text
    assert "**809,529.22**" in text


def test_html_escapes_and_aligns():
    text = run("calendar", SEED_BOOK, "-f", "html").stdout
    assert "<title>Rocmec Mining Inc.: calendar of placement events</title>" in text
    assert '<td style="text-align: right;">2,675,194</td>' in text


def test_every_command_has_help_with_examples():
    for command in app.registered_commands:
        name = command.callback.__name__
        doc = command.callback.__doc__ or ""
        assert doc.strip(), f"{name} has no help"
        assert f"placements {name}" in doc, f"{name} help shows no example"
        result = run(name, "--help")
        assert result.code == 0
        for option in ("--format", "--output", "--force"):
            assert option in result.stdout, f"{name} lacks {option}"


def test_a_csv_text_a_spreadsheet_would_run_stays_text_and_numbers_stay_numbers(write):
    """An id or an issuer drafted from a release may begin with = + - @: in CSV such a
    text leads with an apostrophe, which spreadsheets read as text; figures do not."""
    book = write(
        "b.yaml",
        """
        issuer: {name: Test Co}
        tranches:
          - {id: "=1+2", closed: 2007-09-21, units: 1000, unit_price: 0.2, unit: {warrants: 1},
             warrant: {exercise: [{price: 0.3, months: 12}]}}
          - {id: "@sum", closed: 2007-09-22, units: 1000, unit_price: 0.2}
          - {id: "-t3", closed: 2007-09-23, units: 1000, unit_price: 0.2}
          - {id: plain, closed: 2007-09-24, units: 1000, unit_price: 0.2}
        """,
    )
    rows = list(csv.DictReader(io.StringIO(run("terms", book, "-f", "csv").stdout)))
    assert [row["id"] for row in rows] == ["'=1+2", "'@sum", "'-t3", "plain"]
    assert rows[0]["gross_proceeds"] == "200.00"
    # JSON keeps the text as it is
    assert [row["id"] for row in run("terms", book, "-f", "json").json()["tranches"]] == [
        "=1+2",
        "@sum",
        "-t3",
        "plain",
    ]
    # a negative count is a figure, written as one
    text = run("continuity", SEED_BOOK, "--from", "2007-01-01", "--to", "2009-12-31", "-f", "csv")
    counts = [row["count"] for row in csv.DictReader(io.StringIO(text.stdout))]
    assert "-3575194" in counts
