"""Bad input: one located line per problem, exit status 2, no traceback, nothing written."""

import re

import pytest
from conftest import SEED_BOOK, run

from placements.load import yamlfile

LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[\w.\[\]-]+): (?P<what>.+)$"
)

VALID = """
issuer: {name: Test Co}
tranches:
  - id: t1
    closed: 2007-09-21
    units: 1800000
    unit_price: 0.20
    unit: {warrants: 0.5}
    warrant:
      exercise: [{price: 0.30, months: 12}, {price: 0.35, months: 12}]
    fees:
      cash: {percent: 2}
"""


def problems_of(result) -> list[str]:
    assert result.code == 2, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    return result.stderr.strip().splitlines()


def located(line: str) -> dict[str, str]:
    match = LINE.match(line)
    assert match, f"not file:line:col: field: message: {line!r}"
    return match.groupdict()


def book_problems(write, text: str) -> list[dict[str, str]]:
    path = write("book.yaml", text)
    return [located(line) for line in problems_of(run("terms", path))]


def test_a_valid_book_has_no_problems(write):
    assert run("terms", write("book.yaml", VALID)).code == 0


def test_missing_file():
    (line,) = problems_of(run("terms", "no-such-book.yaml"))
    assert (
        line == "no-such-book.yaml: no such book (got no-such-book.yaml; expected an existing file)"
    )


def test_not_yaml(write):
    (line,) = problems_of(run("terms", write("book.yaml", "issuer: {name: [unclosed\n")))
    assert line.startswith(f"{write('x', '').parent}/book.yaml:2:1: not valid YAML")


def test_not_a_mapping(write):
    path = write("book.yaml", "- just\n- a list\n")
    (line,) = problems_of(run("terms", path))
    assert line == (
        f"{path}:1:1: wrong type (got a list; expected a book: a mapping with issuer and tranches)"
    )


def test_not_utf8(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_bytes(b"issuer: {name: X}\n# caf\xe9\n")
    (line,) = problems_of(run("terms", path))
    assert line == f"{path}:2:1: not UTF-8 text (got byte 0xe9; expected a text file)"


def test_alias_bomb(write):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    (line,) = problems_of(run("terms", write("bomb.yaml", "\n".join(levels) + "\n")))
    assert "aliases expand to too many values" in line


def test_recursive_alias(write):
    (line,) = problems_of(run("terms", write("loop.yaml", "a: &a [*a]\n")))
    assert "aliases expand to too many values" in line


def test_file_over_the_size_limit(write, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 100)
    path = write("big.yaml", VALID)
    (line,) = problems_of(run("terms", path))
    assert line == (
        f"{path}: the book is too large to read (got {path.stat().st_size:,} bytes; "
        "expected at most 100 bytes)"
    )


def test_unknown_key_suggests_the_nearest(write):
    (problem,) = book_problems(
        write, VALID.replace("unit_price: 0.20", "unit_price: 0.20\n    untis: 5")
    )
    assert problem["field"] == "tranches[0].untis"
    assert problem["line"] == "7"
    assert problem["what"].startswith("unknown key; did you mean 'units'? (got untis;")


def test_wrong_types(write):
    text = (
        VALID.replace("units: 1800000", "units: many")
        .replace("closed: 2007-09-21", "closed: last tuesday")
        .replace("{warrants: 0.5}", "{warrants: 0.5, flow_through: maybe}")
    )
    problems = book_problems(write, text)
    assert [(p["field"], p["what"]) for p in problems] == [
        ("tranches[0].closed", "wrong type (got last tuesday; expected a date such as 2007-09-21)"),
        (
            "tranches[0].units",
            "wrong type (got many; expected a whole number above 0, such as 1800000)",
        ),
        ("tranches[0].unit.flow_through", "wrong type (got maybe; expected true or false)"),
    ]


def test_fractional_units(write):
    (problem,) = book_problems(write, VALID.replace("units: 1800000", "units: 1800000.5"))
    assert problem["what"].startswith("not a whole number (got 1800000.5;")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("unit_price: 0.20", "unit_price: 0", "tranches[0].unit_price"),
        ("unit_price: 0.20", "unit_price: -0.20", "tranches[0].unit_price"),
        ("units: 1800000", "units: 0", "tranches[0].units"),
        ("units: 1800000", "units: -5", "tranches[0].units"),
        (
            "{price: 0.35, months: 12}",
            "{price: -0.35, months: 12}",
            "tranches[0].warrant.exercise[1].price",
        ),
    ],
)
def test_zero_or_negative_prices_and_units(write, old, new, field):
    (problem,) = book_problems(write, VALID.replace(old, new))
    assert problem["field"] == field
    assert problem["what"].startswith("must be greater than zero (got ")


def test_warrants_without_a_schedule(write):
    text = VALID.replace(
        "    warrant:\n      exercise: [{price: 0.30, months: 12}, {price: 0.35, months: 12}]\n", ""
    )
    (problem,) = book_problems(write, text)
    assert problem["field"] == "tranches[0].unit.warrants"
    assert problem["what"] == (
        "units carry warrants but the tranche gives no warrant terms "
        "(got warrants: 0.5; expected a 'warrant:' section with an exercise schedule)"
    )


def test_a_step_ending_before_the_closing(write):
    text = VALID.replace("{price: 0.30, months: 12}", "{price: 0.30, until: 2007-06-30}")
    (problem,) = book_problems(write, text)
    assert problem["field"] == "tranches[0].warrant.exercise[0].until"
    assert problem["what"] == (
        "the step ends too early (got last day 2007-06-30; "
        "expected a day after the closing, 2007-09-21)"
    )


def test_steps_out_of_order(write):
    text = VALID.replace(
        "[{price: 0.30, months: 12}, {price: 0.35, months: 12}]",
        "[{price: 0.30, until: 2009-01-01}, {price: 0.35, until: 2008-06-30}]",
    )
    (problem,) = book_problems(write, text)
    assert problem["field"] == "tranches[0].warrant.exercise[1].until"
    assert "expected a day after the previous step's last day, 2009-01-01" in problem["what"]


def test_an_expiry_that_contradicts_the_schedule(write):
    text = VALID.replace("    fees:", "      expiry: 2009-09-30\n    fees:")
    (problem,) = book_problems(write, text)
    assert problem["field"] == "tranches[0].warrant.expiry"
    assert problem["what"] == (
        "the expiry does not match the schedule "
        "(got 2009-09-30; expected the last step's last day, 2009-09-21)"
    )


def test_a_hold_ending_before_the_closing(write):
    (problem,) = book_problems(write, VALID + "    hold: {until: 2007-01-22}\n")
    assert problem["field"] == "tranches[0].hold.until"
    assert problem["what"] == (
        "the hold ends before the closing "
        "(got 2007-01-22; expected a date on or after the closing, 2007-09-21)"
    )


def test_duplicate_tranche_ids(write):
    second = VALID.split("tranches:\n")[1]
    (problem,) = book_problems(write, VALID + second)
    assert problem["field"] == "tranches[1].id"
    assert problem["line"] == "12"
    assert problem["what"].startswith("duplicate id (got t1; expected an id not already used at ")
    assert problem["what"].endswith("book.yaml:3:9)")


@pytest.mark.parametrize("percent", ["120", "-2", "100.01"])
def test_percent_outside_0_to_100(write, percent):
    (problem,) = book_problems(write, VALID.replace("{percent: 2}", f"{{percent: {percent}}}"))
    assert problem["field"] == "tranches[0].fees.cash.percent"
    assert problem["what"] == (
        f"percent out of range (got {percent}; expected a percent from 0 to 100, such as 2 or 7.5)"
    )


def test_every_problem_is_reported_in_one_pass(write):
    text = (
        VALID.replace("unit_price: 0.20", "unit_price: free")
        .replace("{percent: 2}", "{percent: 200}")
        .replace("units: 1800000", "units: 1800000\n    colsed: 2007-09-21")
    )
    problems = book_problems(write, text + VALID.split("tranches:\n")[1] * 2)
    assert [p["field"] for p in problems] == [
        "tranches[0].colsed",
        "tranches[0].unit_price",
        "tranches[0].fees.cash.percent",
        "tranches[2].id",
    ]


def test_an_input_error_writes_no_output_file(write, tmp_path):
    path = write("book.yaml", VALID.replace("units: 1800000", "units: -1"))
    target = tmp_path / "terms.json"
    assert run("terms", path, "-o", target).code == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_check_reports_every_file_and_exits_2(write):
    bad = write("bad.yaml", VALID.replace("units: 1800000", "units: -1"))
    result = run("check", SEED_BOOK, bad, "--format", "json")
    assert result.code == 2
    document = result.json()
    assert [(f["status"], f["problems"]) for f in document["files"]] == [("ok", 0), ("problems", 1)]
    assert document["problems"] == [
        {
            "where": f"{bad}:5:12",
            "field": "tranches[0].units",
            "problem": "must be greater than zero (got -1; expected a whole number above 0, such as 1800000)",
        }
    ]


def test_check_of_clean_files_exits_0():
    result = run("check", SEED_BOOK)
    assert result.code == 0
    assert "all clean" in result.stdout
