"""Bad scenarios: located one-line errors, exit status 2, nothing written."""

from conftest import SEED_BOOK, run

BASE = f"book: {SEED_BOOK}\nstart: 2007-09-21\nend: 2009-12-31\nprice: {{constant: 0.28}}\n"


def problems(result) -> list[str]:
    assert result.code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr.strip().splitlines()


def test_an_unknown_series_in_an_event_suggests_the_nearest(write):
    path = write(
        "s.yaml", BASE + "events:\n  - {date: 2008-05-01, series: 2007-11-mf-t4/warrant}\n"
    )
    (line,) = problems(run("run", path))
    assert line.startswith(
        f"{path}:6:32: events[0].series: no such series; did you mean '2007-11-mf-t4/warrants'? (got 2007-11-mf-t4/warrant; expected one of "
    )


def test_an_unknown_series_in_an_override(write):
    path = write("s.yaml", BASE + "exercise:\n  series:\n    nope/warrants: {policy: never}\n")
    (line,) = problems(run("run", path))
    assert f"{path}:7:" in line and "no such series" in line and "nope/warrants" in line


def test_an_event_outside_the_range(write):
    path = write(
        "s.yaml", BASE + "events:\n  - {date: 2010-05-01, series: 2007-11-mf-t4/warrants}\n"
    )
    (line,) = problems(run("run", path))
    assert (
        line
        == f"{path}:6:12: events[0].date: outside the scenario (got 2010-05-01; expected a date from 2007-09-21 to 2009-12-31)"
    )


def test_an_event_after_the_series_expired(write):
    path = write("s.yaml", BASE + "events:\n  - {date: 2009-10-01, series: 2007-09-ft/warrants}\n")
    (line,) = problems(run("run", path))
    assert (
        line
        == f"{path}:6:12: events[0].date: the series cannot be exercised then (got 2009-10-01; expected a date from 2007-09-21 to its expiry, 2009-09-21)"
    )


def test_an_end_before_the_start(write):
    path = write("s.yaml", BASE.replace("end: 2009-12-31", "end: 2006-12-31"))
    (line,) = problems(run("run", path))
    assert line.startswith(f"{path}:3:6: end: the end is out of range (got 2006-12-31;")


def test_a_book_that_does_not_exist_is_named_as_resolved(write, tmp_path):
    path = write("s.yaml", BASE.replace(str(SEED_BOOK), "../books/missing.yaml"))
    (line,) = problems(run("run", path))
    resolved = (tmp_path / "../books/missing.yaml").resolve()
    assert (
        line
        == f"{path}:1:7: book: no such book (got ../books/missing.yaml, resolved to {resolved}; expected a book file relative to the scenario, or 'bundled')"
    )


def test_problems_in_the_book_point_at_the_book(write):
    book = write(
        "book.yaml",
        "issuer: {name: X}\ntranches:\n  - {id: a, closed: 2007-09-21, units: 0, unit_price: 0.1}\n",
    )
    path = write("s.yaml", BASE.replace(str(SEED_BOOK), "book.yaml"))
    (line,) = problems(run("run", path))
    assert line.startswith(f"{book}:3:40: tranches[0].units: must be greater than zero")


def test_price_csv_with_a_gap_bad_rows_and_non_positive_prices(write):
    write(
        "closes.csv",
        "date,close\n2007-09-21,0.20\n2007-09-24,0.21\n2007-10-15,0.22\n2007-10-16,abc\nyesterday,0.2\n2007-10-17,-0.1\n2007-10-18,0\n2007-10-19\n2007-10-19,0.25\n2007-10-18,0.25\n",
    )
    path = write("s.yaml", BASE.replace("price: {constant: 0.28}", "price: {csv: closes.csv}"))
    lines = problems(run("run", path))
    csv = path.parent / "closes.csv"
    assert lines == [
        f"{csv}:4:1: a gap in the prices (got 21 days after 2007-09-24; expected a close at least every 7 days)",
        f"{csv}:5:12: not a price (got abc; expected a close such as 0.28)",
        f"{csv}:6:1: not a date (got yesterday; expected a date such as 2008-06-30)",
        f"{csv}:7:12: not a positive price (got -0.1; expected a close above 0)",
        f"{csv}:8:12: not a positive price (got 0; expected a close above 0)",
        f"{csv}:9:1: not a date,close row (got 2007-10-19; expected two columns: date,close)",
        f"{csv}:11:1: dates out of order (got 2007-10-18; expected a date after 2007-10-19)",
    ]


def test_price_csv_that_does_not_cover_the_scenario(write):
    write("closes.csv", "date,close\n2008-01-02,0.20\n2008-01-03,0.21\n")
    path = write("s.yaml", BASE.replace("price: {constant: 0.28}", "price: {csv: closes.csv}"))
    (line,) = problems(run("run", path))
    assert (
        "the price history does not cover the scenario (got closes from 2008-01-02 to 2008-01-03"
        in line
    )


def test_a_missing_price_csv(write, tmp_path):
    path = write("s.yaml", BASE.replace("price: {constant: 0.28}", "price: {csv: nowhere.csv}"))
    (line,) = problems(run("run", path))
    assert (
        f"no such price file (got nowhere.csv, resolved to {(tmp_path / 'nowhere.csv').resolve()};"
        in line
    )


def test_two_price_models(write):
    path = write("s.yaml", BASE.replace("{constant: 0.28}", "{constant: 0.28, csv: x.csv}"))
    (line,) = problems(run("run", path))
    assert (
        line
        == f"{path}:4:8: price: give one price model (got constant, csv; expected one of constant, points, csv or random_walk)"
    )


def test_bad_policy_fraction_and_premium(write):
    path = write(
        "s.yaml",
        BASE + "exercise: {policy: sometimes, fraction: 150%, premium: lots}\n",
    )
    lines = problems(run("run", path))
    assert [line.split(": ", 2)[1] for line in lines] == [
        "exercise.policy",
        "exercise.fraction",
        "exercise.premium",
    ]
    assert "must be at most 1 (got 150%" in lines[1]


def test_a_proposed_tranche_with_problems(write):
    path = write(
        "s.yaml",
        BASE
        + "proposed:\n  - {id: 2007-09-ft, closed: 2011-01-01, units: 10, unit_price: 0.2, unit: {warrants: 1}}\n",
    )
    lines = problems(run("run", path))
    assert [line.split(": ", 2)[1] for line in lines] == [
        "proposed[0].id",
        "proposed[0].closed",
        "proposed[0].unit.warrants",
    ]


def test_a_bad_scenario_writes_no_output(write, tmp_path):
    path = write("s.yaml", BASE + "events:\n  - {date: 2010-05-01, series: x}\n")
    target = tmp_path / "out.json"
    assert run("run", path, "-o", target).code == 2
    assert not target.exists()


def test_one_bad_scenario_among_several_stops_them_all(write, tmp_path):
    good = write("good.yaml", BASE)
    bad = write("bad.yaml", BASE.replace("0.28", "-1"))
    target = tmp_path / "out.csv"
    result = run("run", good, bad, "-o", target)
    assert result.code == 2
    assert not target.exists()
    assert str(bad) in result.stderr


def test_check_reads_scenarios_and_reports_their_problems(write):
    good = write("good.yaml", BASE)
    bad = write("bad.yaml", BASE + "events:\n  - {date: 2010-05-01, series: 2007-09-ft/warrants}\n")
    result = run("check", good, bad, "-f", "json")
    assert result.code == 2
    files = result.json()["files"]
    assert [(f["kind"], f["status"]) for f in files] == [
        ("scenario", "ok"),
        ("scenario", "problems"),
    ]


def test_securities_outside_a_scenario(write):
    path = write("s.yaml", BASE)
    (line,) = problems(run("securities", path, "--as-of", "2011-01-01"))
    assert (
        line
        == f"{path}:2:8: --as-of: 2011-01-01 is outside the scenario (expected a day from 2007-09-21 to 2009-12-31)"
    )
