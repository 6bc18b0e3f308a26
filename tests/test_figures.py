"""Every figure a user sees is right (issue 9): each view, through the CLI, with exact figures."""

from conftest import ROOT, run

SCENARIOS = ROOT / "scenarios"

PROBE_BOOK = """
    issuer: {name: Probe Corp}
    shares_outstanding: {count: 10000000, as_of: 2020-01-01}
    tranches:
      - id: t
        closed: 2020-01-15
        units: 1000000
        unit_price: 0.20
        unit: {warrants: 1}
        warrant:
          exercise: [{price: 0.30, months: 12}]
        fees:
          options:
            count: 100000
            into: units
            exercise: [{price: 0.20, months: 24}]
"""


def probe_scenario(write, body: str = "", start: str = "2020-01-15") -> str:
    write("book.yaml", PROBE_BOOK)
    return write(
        "scenario.yaml",
        f"""
        book: book.yaml
        start: {start}
        end: 2022-03-31
        price: {{constant: 0.50}}
        """
        + body,
    )


def checked(*files) -> list[str]:
    """``check``'s problems, each as the line the other commands print."""
    result = run("check", *files, "--format", "json")
    return [
        f"{p['where']}: {p['field'] + ': ' if p['field'] else ''}{p['problem']}"
        for p in result.json()["problems"]
    ]


def ok_json(*args):
    result = run(*args, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


# 4. basic at start


def test_basic_at_start_is_before_the_first_days_exercises(write):
    scenario = probe_scenario(write, "exercise: {policy: before_step_up}\n", start="2021-01-15")
    document = ok_json("run", scenario)
    assert document["exercises"][0]["date"] == "2021-01-15"
    assert document["summary"]["basic_start"] == 11_000_000
    assert document["summary"]["basic_end"] == 12_100_000


def test_basic_at_start_leaves_out_a_closing_on_the_first_day():
    document = ok_json("run", SCENARIOS / "acceleration.yaml")
    assert document["summary"]["basic_start"] == 4_528_697


# 5. premium: 0 in an override


def test_a_zero_premium_override_is_not_ignored(write):
    scenario = probe_scenario(
        write,
        """
        exercise:
          policy: before_step_up
          premium: 200%
          series:
            t/warrants: {premium: 0}
        """,
    )
    exercised = [
        (e["series"], e["count"], e["proceeds"]) for e in ok_json("run", scenario)["exercises"]
    ]
    assert exercised == [("t/warrants", 1_000_000, "300000.00")]


# 1. as-of views use only what is known by their day


def securities_rows(*args):
    return {row["series"]: row for row in ok_json("securities", *args)["series"]}


def test_securities_as_of_does_not_see_a_later_acceleration():
    scenario = SCENARIOS / "acceleration.yaml"
    before = securities_rows(scenario, "--as-of", "2008-07-31")["2008-06-hd/warrants"]
    assert (before["count"], before["expiry"]) == (2_500_000, "2010-06-16")
    triggered = securities_rows(scenario, "--as-of", "2008-10-30")["2008-06-hd/warrants"]
    assert (triggered["count"], triggered["expiry"]) == (2_500_000, "2008-11-29")


def test_run_timeline_drops_the_terms_expiry_after_an_acceleration(write):
    text = (SCENARIOS / "acceleration.yaml").read_text()
    text = text.replace("../seeds/rocmec.yaml", str(ROOT / "seeds" / "rocmec.yaml"))
    scenario = write("later.yaml", text.replace("end: 2009-12-31", "end: 2010-12-31"))
    events = {
        row["date"]: row["events"]
        for row in ok_json("run", scenario, "--freq", "events")["timeline"]
    }
    assert "2008-06-hd/warrants: last day to exercise, accelerated" in events["2008-11-29"]
    assert "2008-06-hd/warrants: void" in events["2008-11-30"]
    assert "2008-06-hd" not in events.get("2010-06-16", "")
    assert "2008-06-hd" not in events.get("2010-06-17", "")


# 2. and 3. finder's options into units, after the unit warrants' expiry


def test_fully_diluted_leaves_out_unit_warrants_past_their_expiry(write):
    book = write("book.yaml", PROBE_BOOK)
    document = ok_json("securities", book, "--as-of", "2021-06-01", "--price", "0.50")
    assert document["share_counts"]["fully_diluted"] == 11_100_000
    (options,) = document["series"]
    assert (options["series"], options["shares_on_exercise"]) == ("t/finder-options", 100_000)
    assert options["exercise_proceeds"] == "20000.00"


def test_run_fully_diluted_agrees_with_what_the_exercise_issues(write):
    scenario = probe_scenario(write, "exercise: {policy: before_step_up}\n")
    document = ok_json("run", scenario, "--freq", "events")
    rows = {row["date"]: row for row in document["timeline"]}
    assert rows["2021-01-15"]["fully_diluted"] == 12_200_000
    assert rows["2021-01-16"]["fully_diluted"] == 12_100_000
    assert rows["2022-01-15"]["basic"] == rows["2021-01-16"]["fully_diluted"]
    assert document["exercises"][-1]["count"] == 100_000


def test_securities_proceeds_pay_the_unit_warrants_too(write):
    book = write("book.yaml", PROBE_BOOK)
    document = ok_json("securities", book, "--as-of", "2020-06-01", "--price", "0.50")
    options = {row["series"]: row for row in document["series"]}["t/finder-options"]
    assert options["shares_on_exercise"] == 200_000
    assert options["exercise_proceeds"] == "50000.00"
    assert document["share_counts"]["fully_diluted"] == 12_200_000
    assert document["totals"]["exercise_proceeds"] == "350000.00"


# 10. a scenario given to a book's command, and the reverse


def test_terms_given_a_scenario_says_so_in_one_line():
    result = run("terms", SCENARIOS / "flat.yaml")
    assert result.code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "this is a scenario, not a book; placements run, compare or securities read it" in line
    assert "unknown key" not in line


def test_run_given_a_book_says_so_in_one_line():
    result = run("run", ROOT / "seeds" / "rocmec.yaml")
    assert result.code == 2
    (line,) = result.stderr.splitlines()
    assert "this is a book, not a scenario; placements terms, calendar, securities or value" in line


# 6. prices finer than a micro-dollar


def test_an_exercise_price_finer_than_a_micro_dollar_is_refused_where_written(write):
    book = write(
        "book.yaml",
        PROBE_BOOK.replace("{price: 0.30, months: 12}", "{price: 0.1234567, months: 12}"),
    )
    line = (
        f"{book}:10:26: tranches[0].warrant.exercise[0].price: finer than a micro-dollar "
        "(got 0.1234567; expected a price per share or unit above 0, such as 0.25; "
        "at most 6 decimals, a whole micro-dollar)"
    )
    assert checked(book) == [line]
    result = run("securities", book, "--as-of", "2020-06-01")
    assert (result.code, result.stderr) == (2, line + "\n")


def test_price_points_finer_than_a_micro_dollar_fail_check_not_run(write):
    scenario = probe_scenario(write)
    text = scenario.read_text().replace(
        "price: {constant: 0.50}", "price:\n  points: {2020-01-15: 0.5000001}"
    )
    scenario.write_text(text)
    (line,) = checked(scenario)
    assert line.startswith(f"{scenario}:5:24: price.points.2020-01-15: finer than a micro-dollar")
    for command in (["run"], ["compare"], ["securities", "--as-of", "2020-06-01"]):
        result = run(*command, scenario)
        assert (result.code, result.stderr) == (2, line + "\n"), command


def test_a_csv_close_finer_than_a_micro_dollar_is_refused(write):
    closes = write("closes.csv", "date,close\n2020-01-15,0.50\n2020-01-16,0.1234567\n")
    scenario = probe_scenario(write)
    scenario.write_text(scenario.read_text().replace("{constant: 0.50}", "{csv: closes.csv}"))
    assert checked(scenario) == [
        f"{closes}:3:12: finer than a micro-dollar "
        "(got 0.1234567; expected a close such as 0.28; at most 6 decimals, a whole micro-dollar)"
    ]


def test_the_price_option_finer_than_a_micro_dollar_is_refused():
    result = run("securities", "--as-of", "2008-06-30", "--price", "0.1234567")
    assert result.code == 2
    assert (
        "got '0.1234567'; expected a share price above 0, such as 0.28; at most 6" in result.stderr
    )


# 8. a scenario's problems, every layer in one pass


def test_check_reports_a_scenarios_unknown_key_and_unknown_series_together(write):
    scenario = probe_scenario(
        write,
        """
        colour: blue
        exercise:
          policy: before_step_up
          series:
            t/warrantz: {policy: never}
        events:
          - {date: 2020-06-01, series: nope/warrants}
        """,
    )
    known = "expected one of t/warrants, t/finder-options, t/finder-unit-warrants)"
    assert checked(scenario) == [
        f"{scenario}:6:1: colour: unknown key (got colour; expected one of acceleration, book, "
        "description, end, events, exercise, name, price, proposed, shares_outstanding, start)",
        f"{scenario}:10:17: exercise.series.t/warrantz: no such series; did you mean "
        f"'t/warrants'? (got t/warrantz; {known}",
        f"{scenario}:12:32: events[0].series: no such series; did you mean 't/warrants'? "
        f"(got nope/warrants; {known}",
    ]


def test_a_scenario_whose_price_is_wrong_still_has_its_series_checked(write):
    scenario = probe_scenario(
        write,
        """
        events:
          - {date: 2020-06-01, series: t/warrantz}
        """,
    )
    scenario.write_text(scenario.read_text().replace("{constant: 0.50}", "{constant: -1}"))
    problems = checked(scenario)
    assert len(problems) == 2
    assert problems[0].startswith(f"{scenario}:4:19: price.constant: must be greater than zero")
    assert problems[1].startswith(f"{scenario}:7:32: events[0].series: no such series")


# 7. terms shows every term it knows

TERMS_BOOK = """
    issuer: {name: Terms Corp}
    tranches:
      - id: hd
        closed: 2024-03-15
        units: 1000000
        unit_price: 0.12
        unit: {warrants: 0.5}
        warrant:
          exercise: [{price: 0.18, months: 12}, {price: 0.25, months: 12}]
          acceleration: {trigger: 0.40, trading_days: 10, notice_days: 30, after_hold: true}
        fees:
          options:
            count: 70000
            into: units
            exercise: [{price: 0.12, months: 24}]
      - id: ft
        closed: 2024-03-15
        units: 500000
        unit_price: 0.15
        unit: {flow_through: true}
    securities:
      - {id: options-2022, kind: options, count: 2500000, price: 0.15, expiry: 2027-06-30}
      - id: warrants-2023
        kind: warrants
        count: 3000000
        issued: 2023-05-01
        exercise: [{price: 0.20, months: 12}, {price: 0.30, months: 12}]
"""


def test_terms_json_carries_flow_through_acceleration_and_finders_own_terms(write):
    document = ok_json("terms", write("book.yaml", TERMS_BOOK))
    hd, ft = document["tranches"]
    assert (hd["flow_through"], ft["flow_through"]) == (False, True)
    assert hd["acceleration"] == {
        "trigger": "0.40",
        "trading_days": 10,
        "notice_days": 30,
        "after_hold": True,
    }
    assert ft["acceleration"] is None
    assert hd["finder_options_into"] == "units"
    assert hd["finder_option_schedule"] == [
        {"price": "0.12", "from": "2024-03-15", "to": "2026-03-15"}
    ]
    assert hd["finder_option_expiry"] == "2026-03-15"
    assert (ft["finder_options_into"], ft["finder_option_schedule"]) == (None, None)
    assert ft["finder_option_expiry"] is None
    assert document["securities"] == [
        {
            "id": "options-2022",
            "kind": "options",
            "count": 2500000,
            "issued": None,
            "exercise_schedule": [{"price": "0.15", "from": None, "to": "2027-06-30"}],
            "expiry": "2027-06-30",
            "acceleration": None,
        },
        {
            "id": "warrants-2023",
            "kind": "warrants",
            "count": 3000000,
            "issued": "2023-05-01",
            "exercise_schedule": [
                {"price": "0.20", "from": "2023-05-01", "to": "2024-05-01"},
                {"price": "0.30", "from": "2024-05-02", "to": "2025-05-01"},
            ],
            "expiry": "2025-05-01",
            "acceleration": None,
        },
    ]


def test_terms_table_shows_the_terms_too(write):
    result = run("terms", write("book.yaml", TERMS_BOOK))
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    hd = next(line for line in lines if line.startswith("hd "))
    assert "at 0.40 for 10 trading days:" in hd
    assert "units" in hd and "0.12 to 2026-03-15" in hd and hd.rstrip().endswith("2026-03-15")
    assert "30 days' notice, after the hold" in lines[lines.index(hd) + 1]
    assert "Other securities outstanding" in result.stdout
    options = next(line for line in lines if line.startswith("options-2022"))
    assert options.split() == [
        "options-2022",
        "options",
        "2,500,000",
        "0.15",
        "to",
        "2027-06-30",
        "2027-06-30",
    ]
    warrants = next(line for line in lines if line.startswith("warrants-2023"))
    assert "2023-05-01" in warrants and "0.20 to 2024-05-01" in warrants


# 9. one way to write a percent, and warnings for the implausible


def fee_book(write, cash: str, shares: str = "{count: 0}"):
    book = PROBE_BOOK + f"          cash: {{percent: {cash}}}\n          shares: {shares}\n"
    return write("book.yaml", book)


def test_a_books_percent_may_be_written_with_its_sign(write):
    book = fee_book(write, "7%", "{percent_of_units: 2.5%}")
    assert checked(book) == []
    (tranche,) = ok_json("terms", book)["tranches"]
    assert (tranche["cash_fees"], tranche["finder_shares"]) == ("14000.00", 25_000)
    (same,) = ok_json("terms", fee_book(write, "7", "{percent_of_units: 2.5}"))["tranches"]
    assert (same["cash_fees"], same["finder_shares"]) == ("14000.00", 25_000)


def test_a_books_percent_written_as_a_fraction_is_warned_about(write):
    book = fee_book(write, "0.07")
    line = (
        f"{book}:16:23: tranches[0].fees.cash.percent: warning: a bare number here is a "
        "percent: 0.07 is 0.07%, not 7% (got 0.07; expected 7 or 7% for 7%, or 0.07% to keep it)"
    )
    result = run("check", book, "--format", "json")
    assert result.code == 0
    document = result.json()
    assert [(f["status"], f["problems"], f["warnings"]) for f in document["files"]] == [
        ("warnings", 0, 1)
    ]
    assert document["problems"] == []
    (warning,) = document["warnings"]
    assert f"{warning['where']}: {warning['field']}: warning: {warning['warning']}" == line
    table = run("check", book)
    assert table.code == 0 and "1 with warnings" in table.stdout and "0.07 is 0.07%" in table.stdout
    terms = run("terms", book, "--format", "json")
    assert (terms.code, terms.stderr) == (0, line + "\n")
    assert terms.json()["tranches"][0]["cash_fees"] == "140.00"
    assert checked(fee_book(write, "0.07%")) == []


def test_a_scenario_premium_of_ten_is_warned_about_and_drift_takes_a_percent(write):
    scenario = probe_scenario(write, "exercise: {policy: before_step_up, premium: 10}\n")
    result = run("check", scenario, "--format", "json")
    assert result.code == 0
    (warning,) = result.json()["warnings"]
    assert (warning["where"], warning["field"]) == (f"{scenario}:5:45", "exercise.premium")
    assert warning["warning"] == (
        "a bare number here is a fraction: 10 is 1000% (got 10; expected 10% for 10%, "
        "or 1000% to keep it)"
    )
    ran = run("run", scenario, "--format", "json")
    assert ran.code == 0 and "exercise.premium: warning: " in ran.stderr
    assert ran.json()["exercises"] == []
    walk = probe_scenario(write)
    walk.write_text(
        walk.read_text().replace(
            "{constant: 0.50}",
            "{random_walk: {start: 0.50, volatility: 80%, drift: 25%, paths: 10, seed: 1}}",
        )
    )
    assert checked(walk) == []
    percent = ok_json("run", walk)
    walk.write_text(walk.read_text().replace("drift: 25%", "drift: 0.25"))
    assert ok_json("run", walk)["summary"] == percent["summary"]


def test_the_command_line_takes_a_volatility_and_a_rate_as_percents():
    common = ("--as-of", "2008-06-30", "--price", "0.28")
    as_percents = ok_json("value", *common, "--volatility", "80%", "--rate", "3%")
    as_fractions = ok_json("value", *common, "--volatility", "0.8", "--rate", "0.03")
    assert as_percents["series"] == as_fractions["series"]
    assert as_percents["totals"] == as_fractions["totals"]


def test_securities_of_a_book_does_not_take_the_price_as_a_run_of_closes(write):
    book = write(
        "book.yaml",
        """
        issuer: {name: Acc Corp}
        tranches:
          - id: a
            closed: 2020-01-15
            units: 1000000
            unit_price: 0.20
            unit: {warrants: 1}
            warrant:
              exercise: [{price: 0.30, months: 24}]
              acceleration: {trigger: 0.40, trading_days: 1, notice_days: 30}
        """,
    )
    rows = securities_rows(book, "--as-of", "2020-06-01", "--price", "0.50")
    assert rows["a/warrants"]["expiry"] == "2022-01-15"


def test_a_proposed_tranche_that_cannot_be_read_does_not_make_its_series_unknown(write):
    scenario = probe_scenario(
        write,
        """
        exercise:
          series:
            next/warrants: {policy: never}
        proposed:
          - id: next
            closed: 2020-06-01
            units: 1000000
            unit_price: free
            unit: {warrants: 1}
            warrant: {exercise: [{price: 0.30, months: 12}]}
        """,
    )
    (problem,) = checked(scenario)
    assert problem.startswith(f"{scenario}:13:17: proposed[0].unit_price: wrong type (got free")
