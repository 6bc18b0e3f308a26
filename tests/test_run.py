"""Scenarios through the CLI: the reference result, policies, events, prices, acceleration."""

from decimal import Decimal

import pytest
from conftest import ROOT, SEED_BOOK, run

SCENARIOS = ROOT / "scenarios"


def scenario_text(body: str, book: str = str(SEED_BOOK)) -> str:
    return f"book: {book}\nstart: 2007-09-21\nend: 2009-12-31\n" + body


def run_json(*args):
    result = run("run", *args, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def rows_by_date(document):
    return {row["date"]: row for row in document["timeline"]}


def test_flat_reference_case():
    document = run_json(SCENARIOS / "flat.yaml")
    summary = document["summary"]
    assert summary["exercise_proceeds"] == "735678.25"
    assert summary["shares_issued_on_exercise"] == 2942713
    assert summary["basic_end"] == 4528697 + 2942713
    assert summary["fully_diluted_end"] == 4528697 + 2942713
    assert document["exercises"] == [
        {
            "date": "2008-11-22",
            "series": "2007-11-mf-t4/warrants",
            "count": 2675194,
            "price": "0.25",
            "proceeds": "668798.50",
        },
        {
            "date": "2008-11-22",
            "series": "2007-11-mf-t4/finder-options",
            "count": 267519,
            "price": "0.25",
            "proceeds": "66879.75",
        },
    ]
    assert document["totals"] == {"count": 2942713, "proceeds": "735678.25"}
    exercised = {exercise["series"] for exercise in document["exercises"]}
    assert "2007-09-ft/warrants" not in exercised


def test_flat_timeline_around_the_exercise():
    rows = rows_by_date(run_json(SCENARIOS / "flat.yaml", "--freq", "events"))
    before, on = rows["2008-09-21"], rows["2008-11-22"]
    assert (before["basic"], before["warrants_outstanding"], before["options_outstanding"]) == (
        4528697,
        3575194,
        267519,
    )
    assert (on["basic"], on["warrants_outstanding"], on["options_outstanding"]) == (
        7471410,
        900000,
        0,
    )
    assert on["cumulative_exercise_proceeds"] == "735678.25"
    assert on["cumulative_placement_net"] == "809529.22"
    assert rows["2009-09-22"]["fully_diluted"] == 7471410


def test_treasury_method_at_28_cents_on_2008_06_30():
    rows = rows_by_date(run_json(SCENARIOS / "flat.yaml"))
    row = rows["2008-06-30"]
    incremental = int(2942713 * (Decimal("0.28") - Decimal("0.25")) / Decimal("0.28"))
    assert incremental == 315290
    assert row["tsm_diluted"] == 4528697 + incremental
    assert row["fully_diluted"] == 4528697 + 3575194 + 267519
    assert row["price"] == "0.28"


def test_securities_at_28_cents_on_2008_06_30():
    result = run("securities", SEED_BOOK, "--as-of", "2008-06-30", "--price", "0.28", "-f", "json")
    assert result.code == 0, result.stderr
    document = result.json()
    money = {row["series"]: row["in_the_money"] for row in document["series"]}
    assert money == {
        "2007-09-ft/warrants": False,
        "2007-11-mf-t4/warrants": True,
        "2007-11-mf-t4/finder-options": True,
    }
    assert document["share_counts"]["tsm_diluted"] == 4528697 + 315290
    assert document["share_counts"]["fully_diluted"] == 8371410
    assert document["totals"]["exercise_proceeds"] == "1005678.25"
    steps = {row["series"]: (row["next_step_up"], row["next_price"]) for row in document["series"]}
    assert steps["2007-09-ft/warrants"] == ("2008-09-22", "0.35")


def test_securities_from_a_scenario_reflects_its_exercises():
    result = run("securities", SCENARIOS / "flat.yaml", "--as-of", "2008-12-31", "-f", "json")
    document = result.json()
    assert [row["series"] for row in document["series"]] == ["2007-09-ft/warrants"]
    assert document["share_counts"] == {
        "as_of": "2008-12-31",
        "price": "0.28",
        "basic": 7471410,
        "fully_diluted": 8371410,
        "tsm_diluted": 7471410,
    }


def test_never_raises_nothing_and_fully_diluted_falls_on_each_expiry(write):
    path = write(
        "never.yaml", scenario_text("price: {constant: 0.40}\nexercise: {policy: never}\n")
    )
    document = run_json(path)
    assert document["summary"]["exercise_proceeds"] == "0.00"
    assert document["exercises"] == []
    rows = rows_by_date(document)
    assert rows["2009-09-21"]["fully_diluted"] == 8371410
    assert rows["2009-09-22"]["fully_diluted"] == 8371410 - 900000
    assert rows["2009-11-22"]["fully_diluted"] == 7471410
    assert rows["2009-11-23"]["fully_diluted"] == 4528697
    assert rows["2009-12-31"]["warrants_outstanding"] == 0


def test_second_price_exercise_raises_the_design_figure(write):
    # all warrants and options held to their last day and exercised at the second price
    text = scenario_text(
        "price: {constant: 0.40}\n"
        "exercise:\n  policy: before_step_up\n  series:\n"
        "    2007-09-ft/warrants: {policy: never}\n"
        "    2007-11-mf-t4/warrants: {policy: never}\n"
        "    2007-11-mf-t4/finder-options: {policy: never}\n"
        "events:\n"
        "  - {date: 2009-09-21, series: 2007-09-ft/warrants}\n"
        "  - {date: 2009-11-22, series: 2007-11-mf-t4/warrants}\n"
        "  - {date: 2009-11-22, series: 2007-11-mf-t4/finder-options}\n"
    )
    document = run_json(write("second.yaml", text))
    assert document["summary"]["exercise_proceeds"] == "1197813.90"


def test_rally_exercises_every_series_at_its_first_price():
    document = run_json(SCENARIOS / "rally.yaml")
    assert document["summary"]["exercise_proceeds"] == "1005678.25"
    assert [(e["date"], e["series"]) for e in document["exercises"]] == [
        ("2008-09-21", "2007-09-ft/warrants"),
        ("2008-11-22", "2007-11-mf-t4/warrants"),
        ("2008-11-22", "2007-11-mf-t4/finder-options"),
    ]


def test_when_in_the_money_waits_for_the_premium(write):
    closes = write(
        "closes.csv",
        "date,close\n"
        + "".join(
            f"2008-06-{day:02d},{price}\n"
            for day, price in [(2, "0.26"), (3, "0.27"), (4, "0.275"), (5, "0.276")]
        ),
    )
    text = (
        f"book: {SEED_BOOK}\nstart: 2008-06-02\nend: 2008-06-10\n"
        f"price: {{csv: {closes.name}}}\n"
        "exercise: {policy: when_in_the_money, premium: 10%}\n"
    )
    document = run_json(write("itm.yaml", text), "--freq", "daily")
    # 0.25 x 1.10 = 0.275: first reached on June 4
    assert {(e["date"], e["series"], e["count"]) for e in document["exercises"]} == {
        ("2008-06-04", "2007-11-mf-t4/warrants", 2675194),
        ("2008-06-04", "2007-11-mf-t4/finder-options", 267519),
    }
    rows = rows_by_date(document)
    assert rows["2008-06-06"]["price"] == "0.276"
    assert rows["2008-06-07"]["price"] == "0.276"  # a Saturday keeps Friday's close


def test_a_fraction_exercises_that_share_at_each_occasion(write):
    text = scenario_text(
        "price: {constant: 0.50}\nexercise: {policy: before_step_up, fraction: 0.5}\n"
    )
    document = run_json(write("half.yaml", text))
    counts = [(e["date"], e["series"], e["count"]) for e in document["exercises"]]
    assert counts == [
        ("2008-09-21", "2007-09-ft/warrants", 450000),
        ("2008-11-22", "2007-11-mf-t4/warrants", 1337597),
        ("2008-11-22", "2007-11-mf-t4/finder-options", 133759),
        ("2009-09-21", "2007-09-ft/warrants", 225000),
        ("2009-11-22", "2007-11-mf-t4/warrants", 668798),
        ("2009-11-22", "2007-11-mf-t4/finder-options", 66880),
    ]


def test_events_exercise_cancel_and_expire(write):
    text = scenario_text(
        "price: {constant: 0.10}\n"
        "events:\n"
        "  - {date: 2008-02-01, series: 2007-11-mf-t4/warrants, count: 1000000}\n"
        "  - {date: 2008-03-01, series: 2007-11-mf-t4/warrants, fraction: 50%, action: cancel}\n"
        "  - {date: 2008-04-01, series: 2007-09-ft/warrants, action: expire}\n"
    )
    document = run_json(write("events.yaml", text))
    assert document["exercises"] == [
        {
            "date": "2008-02-01",
            "series": "2007-11-mf-t4/warrants",
            "count": 1000000,
            "price": "0.25",
            "proceeds": "250000.00",
        }
    ]
    rows = rows_by_date(document)
    assert rows["2008-03-01"]["warrants_outstanding"] == 900000 + 1675194 - 837597
    assert rows["2008-04-01"]["warrants_outstanding"] == 900000 + 837597
    assert rows["2008-04-02"]["warrants_outstanding"] == 837597


def test_acceleration_moves_the_expiry_and_holders_exercise_before_it():
    document = run_json(SCENARIOS / "acceleration.yaml")
    june = [e for e in document["exercises"] if e["series"] == "2008-06-hd/warrants"]
    assert june == [
        {
            "date": "2008-11-29",
            "series": "2008-06-hd/warrants",
            "count": 2500000,
            "price": "0.35",
            "proceeds": "875000.00",
        }
    ]
    notes = " ".join(note["note"] for note in document["notes"])
    assert "expiry moved from 2010-06-16 to 2008-11-29" in notes


def test_acceleration_unexercised_out_of_the_money_expires_early(write):
    text = (
        f"book: {SEED_BOOK}\nstart: 2008-01-02\nend: 2008-12-31\n"
        "price: {constant: 0.60}\n"
        "exercise: {policy: never}\n"
        "proposed:\n"
        "  - id: acc\n    closed: 2008-01-02\n    units: 1000\n    unit_price: 0.50\n"
        "    unit: {warrants: 1}\n    hold: none\n"
        "    warrant:\n      exercise: [{price: 0.75, months: 24}]\n"
        "      acceleration: {trigger: 0.60, trading_days: 5, notice_days: 10}\n"
    )
    document = run_json(write("acc.yaml", text))
    rows = rows_by_date(document)
    # Jan 2 is a Wednesday: 5 trading days end on Jan 8; expiry Jan 18, void from Jan 19
    assert rows["2008-01-18"]["warrants_outstanding"] == 3575194 + 1000
    assert rows["2008-01-19"]["warrants_outstanding"] == 3575194


def test_a_proposed_tranche_adds_shares_warrants_and_proceeds():
    rows = rows_by_date(run_json(SCENARIOS / "proforma.yaml"))
    before, after = rows["2008-05-31"], rows["2008-06-16"]
    assert after["basic"] - before["basic"] == 5000000
    assert after["warrants_outstanding"] - before["warrants_outstanding"] == 2500000
    assert after["options_outstanding"] - before["options_outstanding"] == 350000
    assert Decimal(after["cumulative_placement_net"]) - Decimal(
        before["cumulative_placement_net"]
    ) == Decimal("1162500.00")
    assert after["restricted"] == 5000000
    assert after["dilution_pct"] == "36.05"


def test_timeline_frequencies(write):
    path = SCENARIOS / "flat.yaml"
    daily = run_json(path, "--freq", "daily")["timeline"]
    assert len(daily) == 833  # 2007-09-21 to 2009-12-31
    weekly = [row["date"] for row in run_json(path, "--freq", "weekly")["timeline"]]
    assert "2007-09-28" in weekly and "2007-10-05" in weekly and "2007-10-31" not in weekly
    events = [row["date"] for row in run_json(path, "--freq", "events")["timeline"]]
    assert events[:4] == ["2007-09-21", "2007-11-22", "2008-01-22", "2008-03-23"]
    assert events[-1] == "2009-12-31"


def test_json_contract_keys():
    document = run_json(SCENARIOS / "flat.yaml")
    assert {"scenario", "summary", "exercises", "timeline"} <= set(document)
    assert {
        "exercise_proceeds",
        "shares_issued_on_exercise",
        "basic_end",
        "fully_diluted_end",
    } <= set(document["summary"])
    assert set(document["exercises"][0]) == {"date", "series", "count", "price", "proceeds"}
    assert {
        "date",
        "price",
        "basic",
        "fully_diluted",
        "tsm_diluted",
        "warrants_outstanding",
        "options_outstanding",
        "restricted",
        "free_trading",
        "cumulative_exercise_proceeds",
    } <= set(document["timeline"][0])


def test_without_arguments_run_uses_the_bundled_scenario():
    result = run("run", "--format", "json")
    assert result.code == 0
    assert result.json()["summary"]["exercise_proceeds"] == "735678.25"
    assert "bundled example" in result.stderr


def test_several_scenarios_print_one_report_each():
    result = run("run", SCENARIOS / "flat.yaml", SCENARIOS / "slump.yaml", "-f", "json")
    names = [document["scenario"] for document in result.json()]
    assert names == ["Flat at 28 cents", "Slump"]


def test_compare_has_a_column_per_scenario():
    result = run(
        "compare", SCENARIOS / "flat.yaml", SCENARIOS / "rally.yaml", SCENARIOS / "slump.yaml"
    )
    assert result.code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("figure"))
    assert (
        "Flat at 28 cents" in header
        and "Rally through the step-ups" in header
        and "Slump" in header
    )
    rows = run("compare", SCENARIOS / "flat.yaml", SCENARIOS / "slump.yaml", "-f", "json").json()[
        "scenarios"
    ]
    assert [(row["scenario"], row["exercise_proceeds"]) for row in rows] == [
        ("Flat at 28 cents", "735678.25"),
        ("Slump", "0.00"),
    ]


@pytest.mark.parametrize("name", ["flat", "rally", "slump", "acceleration", "proforma"])
def test_bundled_scenarios_check_clean_and_run(name):
    assert run("check", SCENARIOS / f"{name}.yaml").code == 0
    assert run("run", SCENARIOS / f"{name}.yaml").code == 0


def test_what_a_scenario_adds_to_its_book_is_checked_against_the_book(write):
    """The book alone was checked as it was read; a base the scenario gives is checked with it."""
    text = scenario_text(
        "price: {constant: 0.28}\nshares_outstanding: {count: 1000, as_of: 2008-01-31}\n"
    )
    path = write("s.yaml", text)
    result = run("run", path)
    assert result.code == 2 and result.stdout == "", result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{path}:5:29: shares_outstanding.count: fewer shares than the tranches")
    assert "expected at least 4,528,697" in line


def test_a_scenario_adding_nothing_runs_on_its_book_as_read(write):
    body = "price: {constant: 0.28}\nexercise: {policy: before_step_up}\n"
    document = run_json(write("s.yaml", scenario_text(body)))
    assert document["summary"]["exercise_proceeds"] == "735678.25"
    assert document["summary"]["shares_issued_on_exercise"] == 2942713
