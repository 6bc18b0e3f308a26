"""Issue 10: every input ends in a result or a located error, never a traceback or a hang.

Each test here failed before its fix: a traceback, a hang, a figure that
silently overflowed, or an error that was not one located line.
"""

import os
import re
import threading
from datetime import date
from pathlib import Path

import pytest
from conftest import SEED_BOOK, run

LOCATED = re.compile(r"^[^\n]+?:\d+:\d+: [^\n]+$")
BASE = f"book: {SEED_BOOK}\nstart: 2007-09-21\nend: 2009-12-31\nprice: {{constant: 0.28}}\n"


def bad_input(result) -> list[str]:
    """The problem lines of a run that must exit 2 with no traceback and nothing on stdout."""
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr.strip().splitlines()


def one_located_line(result) -> str:
    (line,) = bad_input(result)
    assert LOCATED.match(line), line
    return line


def tranche(**changes: str) -> str:
    """A one-tranche book, with fields of the tranche replaced."""
    fields = {
        "id": "t1",
        "closed": "2007-09-21",
        "units": "1800000",
        "unit_price": "0.20",
        "unit": "{warrants: 0.5}",
        "warrant": "{exercise: [{price: 0.30, months: 12}, {price: 0.35, months: 12}]}",
    }
    fields.update(changes)
    body = "\n".join(f"    {key}: {value}" for key, value in fields.items() if value)
    return f"issuer: {{name: Test Co}}\ntranches:\n  - {body.lstrip()}\n"


# 2. reads of what is not a regular file


def test_a_device_is_refused_unread():
    for command in ("terms", "securities", "run", "extract"):
        line = bad_input(
            run(command, "/dev/zero", *(["--as-of", "2008-01-01"] * (command == "securities")))
        )[0]
        assert line.startswith("/dev/zero: not a regular file"), line
    result = run("check", "/dev/zero")
    assert result.code == 2 and "not a regular file" in result.stdout


def test_a_fifo_with_no_writer_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "book.yaml"
    os.mkfifo(fifo)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=run("check", fifo)))
    worker.daemon = True
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "w"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert "not a regular file" in outcome["result"].stdout


def test_a_scenarios_book_that_is_a_device_is_reported_at_the_scenario(write):
    path = write("s.yaml", BASE.replace(str(SEED_BOOK), "/dev/zero"))
    line = one_located_line(run("run", path))
    assert line.startswith(f"{path}:1:7: book: a device or a pipe, not a book file")


def test_a_scenarios_book_or_prices_that_are_a_directory_are_named_so(write, tmp_path):
    (tmp_path / "folder").mkdir()
    path = write("s.yaml", BASE.replace(str(SEED_BOOK), "folder"))
    line = one_located_line(run("run", path))
    assert line.startswith(f"{path}:1:7: book: a directory, not a book file (got folder")
    prices = write("p.yaml", BASE.replace("{constant: 0.28}", "{csv: folder}"))
    line = one_located_line(run("run", prices))
    assert ": a directory, not a price file (got folder" in line


# 3. a top-level list, scalar or null


@pytest.mark.parametrize("text", ["- a\n- b\n", "5\n", "null\n", "~\n"])
def test_a_top_level_list_or_scalar_is_reported_and_check_goes_on(write, text):
    bad = write("bad.yaml", text)
    result = run("check", bad, SEED_BOOK)
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert f"{bad}:1:1" in result.stdout and "rocmec.yaml" in result.stdout
    line = one_located_line(run("securities", bad, "--as-of", "2008-01-01"))
    assert line.startswith(f"{bad}:1:1: ")


# 5. proposed tranches get the book's checks


def test_a_proposed_tranche_whose_last_step_has_no_end(write):
    proposed = (
        "proposed:\n"
        "  - {id: next, closed: 2008-06-16, units: 1000, unit_price: 0.25,\n"
        "     unit: {warrants: 1}, warrant: {exercise: [{price: 0.35, months: 6}, {price: 0.4}]}}\n"
    )
    path = write("s.yaml", BASE + proposed)
    for command in ("check", "run"):
        result = run(command, path)
        assert result.code == 2 and "Traceback" not in result.stderr
    line = one_located_line(run("run", path))
    assert "proposed[0].warrant.exercise[1]: the last step has no end" in line


# 6. derived dates past the calendar


def test_steps_that_run_past_the_calendar(write):
    steps = ", ".join(["{price: 0.30, months: 1200}"] * 78)
    book = write("b.yaml", tranche(closed="2200-12-31", warrant=f"{{exercise: [{steps}]}}"))
    for command in ("check", "terms", "calendar"):
        result = run(command, book)
        assert result.code == 2 and "Traceback" not in result.stderr, result.stderr
    line = one_located_line(run("terms", book))
    assert "tranches[0].warrant.exercise[1].months: the step ends too late" in line


# 9. huge exponents


@pytest.mark.parametrize(
    "field, value",
    [("premium", "1e999999999%"), ("fraction", "1e-999999999"), ("premium", "1e40")],
)
def test_huge_exponents_in_yaml(write, field, value):
    path = write("s.yaml", BASE + f"exercise: {{{field}: '{value}'}}\n")
    line = one_located_line(run("run", path))
    assert f"exercise.{field}" in line


def test_a_huge_drift_is_refused(write):
    walk = "price: {random_walk: {start: 0.28, volatility: 0.5, drift: 1e999999999, paths: 10}}\n"
    path = write("s.yaml", BASE.replace("price: {constant: 0.28}\n", walk))
    line = one_located_line(run("run", path))
    assert "price.random_walk.drift" in line


@pytest.mark.parametrize("price", ["1e999999", "99999999999999", "1e300", "1e-999999"])
def test_huge_prices_on_the_command_line(price):
    result = run("securities", SEED_BOOK, "--as-of", "2008-06-30", "--price", price)
    assert result.code == 2 and "Traceback" not in result.stderr
    result = run(
        "value", SEED_BOOK, "--as-of", "2008-06-30", "--price", price, "--volatility", "0.5"
    )
    assert result.code == 2 and "Traceback" not in result.stderr


# 10. long chains of merge keys


def test_a_long_chain_of_merge_keys(write):
    chain = "".join(f"{{y{i}: {i}, <<: " for i in range(950)) + "{x: 1}" + "}" * 950
    lines = [f"issuer: {{name: X, <<: {chain}}}", "tranches: []"]
    result = run("check", write("b.yaml", "\n".join(lines) + "\n"))
    assert "Traceback" not in result.stderr and result.code == 2
    assert "RecursionError" not in result.stderr + result.stdout
    assert "issuer.x" in result.stdout and "unknown key" in result.stdout


def test_merge_keys_still_merge(write):
    text = "t: &t {name: Merged Co}\nissuer: {<<: *t}\ntranches: []\n"
    result = run("check", write("b.yaml", text))
    assert "unknown key" in result.stdout  # the anchor's own top-level key 't'
    assert "issuer.name" not in result.stdout


# 11. a CSV field past csv's limit; 15. an unterminated quote


def csv_scenario(write, rows: str) -> Path:
    write("p.csv", rows)
    return write("s.yaml", BASE.replace("{constant: 0.28}", "{csv: p.csv}"))


def test_a_csv_field_over_128_kb(write):
    path = csv_scenario(write, "date,close\n2007-09-21," + "9" * 200_000 + "\n")
    for command in ("check", "run"):
        result = run(command, path)
        assert result.code == 2 and "Traceback" not in result.stderr
    line = one_located_line(run("run", path))
    assert "p.csv:2:" in line


def test_an_unterminated_csv_quote_is_one_short_line(write):
    rows = 'date,close\n2007-09-21,"0.28\n' + "".join(
        f"2007-10-{day:02d},0.28\n" for day in range(1, 29)
    )
    lines = bad_input(run("run", csv_scenario(write, rows)))
    assert len(lines) == 1 and LOCATED.match(lines[0]) and len(lines[0]) < 400, lines


# 12. names too long for the file system


@pytest.mark.parametrize("key", ["book", "csv"])
def test_a_name_too_long(write, key):
    name = "x" * 300 + ".yaml"
    text = BASE.replace(str(SEED_BOOK), name) if key == "book" else BASE
    if key == "csv":
        text = text.replace("{constant: 0.28}", f"{{csv: {name}}}")
    line = one_located_line(run("run", write("s.yaml", text)))
    assert f"{key}: no such" in line


def test_a_book_argument_too_long():
    line = bad_input(run("terms", "y" * 300 + ".yaml"))[0]
    assert "File name too long" in line or "no such book" in line


# 15. one located line, whatever the value


def test_a_block_scalar_is_quoted_on_one_line(write):
    text = tranche(unit_price="|\n      0.20\n      and more\n      lines")
    line = one_located_line(run("terms", write("b.yaml", text)))
    assert "unit_price" in line


def test_a_control_character_gives_line_and_column(write):
    path = write("b.yaml", tranche().replace("Test Co", "Test\x01Co"))
    line = one_located_line(run("terms", path))
    assert line.startswith(f"{path}:1:")


# exit codes: a bug exits 3, in one line naming the input


def test_an_unexpected_exception_is_a_bug_with_status_3(monkeypatch):
    from placements.reports import terms

    def broken(*args, **kwargs):
        raise ZeroDivisionError("deliberately broken")

    monkeypatch.setattr(terms, "terms_report", broken)
    result = run("terms", SEED_BOOK)
    assert result.code == 3
    (line,) = result.stderr.strip().splitlines()
    assert "internal error" in line and "bug" in line and str(SEED_BOOK) in line
    assert "ZeroDivisionError" in line and "Traceback" not in result.stderr


# 13. an unwritable --output fails before the work; 16. no temporaries left; 17. links


def test_an_unwritable_output_fails_first_in_one_line(monkeypatch):
    from placements.reports import terms

    def never(*args, **kwargs):
        raise AssertionError("the work ran before the destination was checked")

    monkeypatch.setattr(terms, "terms_report", never)
    for target in ("/proc/x.csv", "/proc/self/x.csv"):
        (line,) = bad_input(run("terms", SEED_BOOK, "-o", target))
        assert line.startswith(f"{target}: --output: "), line


def test_a_failed_replace_is_one_line(tmp_path, monkeypatch):
    target = tmp_path / "terms.csv"

    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "replace", refuse)
    (line,) = bad_input(run("terms", SEED_BOOK, "-o", target))
    assert line == f"{target}: --output: cannot write the report: Operation not permitted"
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_left_by_a_killed_run_is_cleaned(tmp_path):
    import subprocess

    target = tmp_path / "terms.csv"
    dead = subprocess.run(["true"]).returncode  # noqa: F841 - a pid that has ended
    child = subprocess.Popen(["sleep", "0"])
    child.wait()
    stale = tmp_path / f".terms.csv.{child.pid}.placements-partial"
    stale.write_text("half a rep")
    assert run("terms", SEED_BOOK, "-o", target).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["terms.csv"]


def test_force_writes_through_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("terms", SEED_BOOK, "-o", link).code == 2
    assert run("terms", SEED_BOOK, "-o", link, "--force").code == 0
    assert link.is_symlink() and "t1" not in real.read_text() and real.read_text() != "old"


def test_a_dangling_link_is_refused(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    for extra in ([], ["--force"]):
        (line,) = bad_input(run("terms", SEED_BOOK, "-o", link, *extra))
        assert "a link to nothing" in line
    assert link.is_symlink() and not (tmp_path / "nowhere.csv").exists()


# 7. figures that would leave int64 are refused; those inside come out exact


AT_THE_BOUNDS = """
issuer: {name: Bounds Co}
shares_outstanding: {count: 10000000000, as_of: 2007-09-20}
tranches:
  - id: a
    closed: 2007-09-21
    units: 10000000000000
    unit_price: 0.001
    unit: {shares: 50, warrants: 49}
    warrant:
      exercise: [{price: 1.00, months: 12}, {price: 2.00, months: 12}]
"""


def test_figures_at_the_bounds_are_exact(write):
    """Near the largest book the checks accept, at the highest price: every figure exact."""
    from fractions import Fraction

    write("b.yaml", AT_THE_BOUNDS)
    path = write(
        "s.yaml",
        "book: b.yaml\nstart: 2007-09-21\nend: 2009-12-31\nprice: {constant: 1000000}\n"
        "exercise: {policy: when_in_the_money, fraction: 0.333333333333}\n",
    )
    assert run("check", path).code == 0
    result = run("run", path, "-f", "json")
    assert result.code == 0, result.stderr
    report = result.json()
    fraction = Fraction("0.333333333333")
    left, expected = 490_000_000_000_000, []
    for price in (1, 2):
        count = int(left * fraction)
        expected.append((count, f"{count * price}.00"))
        left -= count
    got = [(row["count"], row["proceeds"]) for row in report["exercises"]]
    assert got == expected
    summary = report["summary"]
    issued = sum(count for count, _ in expected)
    assert summary["shares_issued_on_exercise"] == issued
    assert summary["basic_end"] == 10_000_000_000 + 500_000_000_000_000 + issued
    assert summary["peak_fully_diluted"] == 10_000_000_000 + 500_000_000_000_000 + 490 * 10**12
    assert "RuntimeWarning" not in result.stderr


def test_a_fraction_of_a_large_count_is_exact(write):
    book = tranche(units="9000000000000", unit_price="0.01", unit="{warrants: 1}")
    write("b.yaml", book)
    path = write(
        "s.yaml",
        "book: b.yaml\nstart: 2007-09-21\nend: 2009-12-31\nprice: {constant: 0.50}\n"
        "exercise: {policy: before_step_up, fraction: 0.33333333}\n",
    )
    (first, *_) = run("run", path, "-f", "json").json()["exercises"]
    assert first["count"] == 2_999_999_970_000


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"units": "1e13", "unit_price": "1000000"}, "tranches[0].units"),
        ({"units": "", "gross_proceeds": "1e13", "unit_price": "0.000001"}, "gross_proceeds"),
        ({"unit": "{warrants: 0.1234567890123456789}"}, "unit.warrants"),
    ],
)
def test_values_too_large_together_are_refused(write, changes, field):
    book = write("b.yaml", tranche(**changes))
    for command in ("check", "terms", "calendar"):
        result = run(command, book)
        assert result.code == 2 and "Traceback" not in result.stderr
    line = one_located_line(run("terms", book))
    assert field in line, line


def test_a_fraction_too_fine_is_refused(write):
    path = write("s.yaml", BASE + "exercise: {fraction: 0.1234567890123456789}\n")
    line = one_located_line(run("run", path))
    assert "exercise.fraction: too many decimals" in line


def test_a_csv_close_too_high_is_refused(write):
    path = csv_scenario(write, "date,close\n2007-09-21,10000000000000\n")
    line = one_located_line(run("run", path))
    assert "p.csv:2:12: price too high" in line


def test_a_walk_that_climbs_past_the_bounds_is_capped_with_a_note(write, recwarn):
    walk = "price: {random_walk: {start: 0.28, volatility: 0.5, drift: 10, paths: 200, seed: 1}}\n"
    text = BASE.replace("price: {constant: 0.28}\n", walk).replace("2009-12-31", "2015-12-31")
    result = run("run", write("s.yaml", text), "-f", "json")
    assert result.code == 0, result.stderr
    assert "RuntimeWarning" not in result.stderr
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    notes = " ".join(note["note"] for note in result.json()["notes"])
    assert "1,000,000" in notes and "held there" in notes


# 8. a base count that cannot hold the tranches it includes


def test_a_base_count_too_small_for_its_tranches(write):
    text = tranche().replace(
        "tranches:", "shares_outstanding: {count: 1000, as_of: 2008-01-31}\ntranches:"
    )
    book = write("b.yaml", text)
    line = one_located_line(run("terms", book))
    assert "shares_outstanding.count: fewer shares than the tranches closed" in line
    result = run("value", book, "--as-of", "2007-12-31", "--price", "0.3", "--volatility", "0.5")
    assert result.code == 2 and "must be positive" not in result.stderr


# 14. the run-size limit counts the period


def test_a_long_period_bounds_the_paths(write):
    walk = "price: {random_walk: {start: 0.28, volatility: 0.5, paths: 1000000, seed: 1}}\n"
    text = BASE.replace("price: {constant: 0.28}\n", walk).replace("2009-12-31", "2057-09-20")
    line = one_located_line(run("run", write("s.yaml", text)))
    assert "1,000,000 paths of 18,263 days are too many to project at once" in line
    assert "54,755 paths or fewer" in line


def test_as_of_errors_point_at_the_scenario(write):
    path = write("s.yaml", BASE)
    line = one_located_line(run("securities", path, "--as-of", "2011-01-01"))
    assert line.startswith(f"{path}:2:8: --as-of: 2011-01-01 is outside the scenario")
    walk = "price: {random_walk: {start: 0.28, volatility: 0.5, paths: 10}}\n"
    path = write("w.yaml", BASE.replace("price: {constant: 0.28}\n", walk))
    line = one_located_line(run("securities", path, "--as-of", "2008-01-01"))
    assert line.startswith(f"{path}:4:8: --as-of: a random walk has no single price path")


def test_a_csv_close_below_a_micro_dollar_is_refused(write, recwarn):
    rows = "date,close\n2007-09-21,0.28\n2007-09-24,0.0000001\n" + "".join(
        f"2007-10-{day:02d},0.28\n" for day in range(1, 29) if date(2007, 10, day).weekday() < 5
    )
    lines = bad_input(run("run", csv_scenario(write, rows)))
    assert all(LOCATED.match(line) for line in lines)
    assert any("p.csv:3:12: price too low" in line for line in lines), lines


def test_an_immutable_file_is_refused_before_the_work(tmp_path):
    import subprocess

    target = tmp_path / "terms.csv"
    target.write_text("old")
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        (line,) = bad_input(run("terms", SEED_BOOK, "-o", target, "--force"))
        assert line.startswith(f"{target}: --output: cannot replace it")
        assert target.read_text() == "old"
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)


def test_an_end_before_the_start_is_one_located_error(write):
    """Found by the fuzzer: the period's length was divided by before the end was refused."""
    book = write("book.yaml", SEED_BOOK.read_text())
    scenario = write(
        "s.yaml",
        f"""
        book: {book}
        start: 2007-09-21
        end: 2007-09-20
        price: {{constant: 0.28}}
        """,
    )
    for command in ("check", "run", "securities"):
        args = [command, scenario] + (["--as-of", "2007-09-21"] if command == "securities" else [])
        result = run(*args)
        assert result.code == 2, (command, result.stderr)
        shown = result.stdout + result.stderr
        assert "s.yaml:3:6" in shown and "the end is out of range (got 2007-09-20" in shown
        assert "Traceback" not in shown


def test_a_bug_in_the_investor_pack_also_exits_3(monkeypatch, tmp_path):
    from placements.reports import pack

    def broken(*args, **kwargs):
        raise ZeroDivisionError("deliberately broken")

    monkeypatch.setattr(pack, "build_pack", broken)
    out = tmp_path / "pack.md"
    result = run("report", SEED_BOOK, "-o", out)
    assert result.code == 3
    (line,) = result.stderr.strip().splitlines()
    assert "internal error" in line and str(SEED_BOOK) in line
    assert "Traceback" not in result.stderr and not out.exists()


# 13. tags: nothing is made of them, so a value tagged for something else is refused

TAGGED = {
    "!!python/object:os.system": "issuer: {name: !!python/object:os.system Test Co}",
    "!!binary": "issuer: {name: !!binary VGVzdA==}",
    "!mine": "issuer: {name: !mine Test Co}",
}


@pytest.mark.parametrize("tag", TAGGED)
def test_a_value_tagged_for_something_else_is_refused_by_every_command(write, tag):
    book = write("b.yaml", tranche().replace("issuer: {name: Test Co}", TAGGED[tag]))
    scenario = write("s.yaml", BASE.replace(str(SEED_BOOK), str(book)))
    holdings = write(
        "h.yaml",
        f"holder: {{name: !mine Fund}}\npositions:\n"
        f"  - {{id: p, book: {SEED_BOOK}, tranche: 2007-09-ft, units: 100}}\n",
    )
    checked = run("check", book, "--format", "json")
    assert checked.code == 2
    (problem,) = checked.json()["problems"]
    assert (problem["where"], problem["field"]) == (f"{book}:1:16", "issuer.name")
    assert problem["problem"].startswith(f"a tag this tool does not read (got {tag};")
    readers = [
        ("terms", book),
        ("calendar", book),
        ("securities", book, "--as-of", "2008-01-01"),
        ("continuity", book, "--from", "2007-01-01", "--to", "2008-12-31"),
        ("run", scenario),
        ("compare", scenario),
    ]
    for command, path, *rest in readers:
        line = one_located_line(run(command, path, *rest))
        assert line.startswith(
            f"{book}:1:16: issuer.name: a tag this tool does not read (got {tag};"
        )
    line = one_located_line(run("holdings", holdings, "--as-of", "2008-01-01"))
    assert line.startswith(
        f"{holdings}:1:16: holder.name: a tag this tool does not read (got !mine;"
    )


def test_yamls_own_tags_are_read_as_they_say(write):
    book = write("b.yaml", tranche(id="!!str 0123", units="!!int 1800000"))
    found = run("terms", book, "--format", "json").json()
    (row,) = found["tranches"]
    assert (row["id"], row["units"]) == ("0123", 1800000)


def test_a_tagged_value_met_again_by_an_alias_is_named_where_it_first_is(write):
    book = write("b.yaml", "a: &x !!binary aGk=\nb: *x\n")
    line = one_located_line(run("terms", book))
    assert line.startswith(f"{book}:1:4: a: a tag this tool does not read (got !!binary;")
