"""The book is a ledger (issue 13): what happened after the closings, through the CLI.

The book below is worked by hand. Tranche t closed 2020-01-15: 1,000,000 units
of one share and one warrant (0.30 to 2021-01-15, then 0.40 to 2022-01-15),
and 100,000 finder's options into units at 0.20 to 2022-01-15. The base of
10,000,000 is dated before the closing, so basic is 11,000,000 from then.
options-2019: 500,000 at 0.25 to 2024-06-01.
"""

import textwrap
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_oracle import Known, replay

BOOK = """
    issuer: {name: Ledger Corp}
    shares_outstanding: {count: 10000000, as_of: 2020-01-01}
    tranches:
      - id: t
        closed: 2020-01-15
        units: 1000000
        unit_price: 0.20
        unit: {warrants: 1}
        warrant:
          exercise: [{price: 0.30, months: 12}, {price: 0.40, months: 12}]
        fees:
          options:
            count: 100000
            into: units
            exercise: [{price: 0.20, months: 24}]
    securities:
      - {id: options-2019, kind: options, count: 500000, issued: 2019-06-01,
         price: 0.25, expiry: 2024-06-01}
"""

LEDGER = """
    ledger:
      - {date: 2020-06-01, exercise: t/warrants, count: 200000, source: release 2020-06-02}
      - {date: 2020-07-01, exercise: t/finder-options, count: 40000}
      - {date: 2020-08-01, forfeit: options-2019, count: 100000, note: a director left}
      - date: 2020-09-01
        grant: {id: options-2020, kind: options, count: 300000, price: 0.22, expiry: 2025-09-01}
      - {date: 2020-10-01, issue: 250000, price: 0.18, note: shares for debt}
      - {date: 2021-02-01, exercise: t/warrants, count: 100000}
      - {date: 2021-03-01, cancel: options-2020, count: 50000}
      - {date: 2021-06-01, expire: options-2019}
"""


def book(write, ledger: str = LEDGER, name: str = "book.yaml"):
    return write(name, textwrap.dedent(BOOK) + textwrap.dedent(ledger))


def ok_json(*args):
    result = run(*args, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def securities(path, day: str):
    document = ok_json("securities", path, "--as-of", day)
    rows = {row["series"]: row for row in document["series"]}
    return rows, document["share_counts"]


def test_a_book_without_a_ledger_is_unchanged(write):
    rows, counts = securities(write("plain.yaml", BOOK), "2020-12-31")
    assert {name: row["count"] for name, row in rows.items()} == {
        "t/warrants": 1_000_000,
        "t/finder-options": 100_000,
        "options-2019": 500_000,
    }
    assert (counts["basic"], counts["fully_diluted"]) == (11_000_000, 12_700_000)


def test_securities_before_the_first_entry_sees_none_of_them(write):
    rows, counts = securities(book(write), "2020-05-31")
    assert rows["t/warrants"]["count"] == 1_000_000
    assert "options-2020" not in rows
    assert (counts["basic"], counts["fully_diluted"]) == (11_000_000, 12_700_000)


def test_securities_as_of_applies_each_entry_kind(write):
    # exercise 200,000 warrants and 40,000 options into units (bringing 40,000 unit
    # warrants), forfeit 100,000 options, grant 300,000, issue 250,000 shares for debt
    rows, counts = securities(book(write), "2020-12-31")
    assert {name: row["count"] for name, row in rows.items()} == {
        "t/warrants": 800_000,
        "t/finder-options": 60_000,
        "t/finder-unit-warrants": 40_000,
        "options-2019": 400_000,
        "options-2020": 300_000,
    }
    assert rows["options-2020"]["price_in_force"] == "0.22"
    assert rows["options-2020"]["expiry"] == "2025-09-01"
    # 11,000,000 + 200,000 + 40,000 + 250,000
    assert counts["basic"] == 11_490_000
    # + 800,000 + 60,000 options and their 60,000 unit warrants + 40,000 + 400,000 + 300,000
    assert counts["fully_diluted"] == 13_150_000


def test_securities_a_year_on_sees_the_step_up_exercise_cancel_and_expiry(write):
    rows, counts = securities(book(write), "2021-12-31")
    assert {name: row["count"] for name, row in rows.items()} == {
        "t/warrants": 700_000,
        "t/finder-options": 60_000,
        "t/finder-unit-warrants": 40_000,
        "options-2020": 250_000,
    }
    assert rows["t/warrants"]["price_in_force"] == "0.40"
    assert rows["t/warrants"]["exercise_proceeds"] == "280000.00"
    assert counts["basic"] == 11_590_000
    assert counts["fully_diluted"] == 12_700_000


def test_an_entry_on_its_day_counts_at_the_end_of_it(write):
    rows, counts = securities(book(write), "2020-06-01")
    assert rows["t/warrants"]["count"] == 800_000
    assert counts["basic"] == 11_200_000


def test_check_passes_a_good_ledger(write):
    result = run("check", book(write))
    assert result.code == 0, result.stdout + result.stderr


def problems(path) -> list[str]:
    result = run("check", path, "--format", "json")
    return [f"{p['field']}: {p['problem']}" for p in result.json()["problems"]]


def test_check_reports_the_ledgers_problems_in_one_pass(write):
    found = problems(
        book(
            write,
            """
            ledger:
              - {date: 2020-06-01, exercise: t/warrants, count: 900000}
              - {date: 2020-07-01, exercise: t/warrants, count: 200000}
              - {date: 2020-07-02, exercise: t/warants, count: 1}
              - {date: 2022-02-01, expire: t/finder-options}
              - {date: 2020-01-10, exercise: t/warrants, count: 1}
            """,
        )
    )
    assert found == [
        "ledger[1].count: more than the 100,000 of t/warrants outstanding on 2020-07-01"
        " (got 200,000; expected at most 100,000)",
        "ledger[2].series: no series 't/warants' on 2020-07-02"
        " (expected one of options-2019, t/finder-options, t/finder-unit-warrants, t/warrants)",
        "ledger[3].date: t/finder-options expired on 2022-01-15"
        " (got 2022-02-01; expected a day up to 2022-01-15)",
        "ledger[4].date: t/warrants may not be exercised before it is issued"
        " (got 2020-01-10; expected a day from 2020-01-15)",
    ]


def test_entries_out_of_date_order_are_sorted_and_noted(write):
    path = book(
        write,
        """
        ledger:
          - {date: 2020-08-01, exercise: t/warrants, count: 100000}
          - {date: 2020-06-01, exercise: t/warrants, count: 900000}
        """,
    )
    result = run("check", path, "--format", "json")
    assert result.code == 0, result.stdout
    assert [f"{w['field']}: {w['warning']}" for w in result.json()["warnings"]] == [
        "ledger[1].date: entry out of date order; entries are applied by date"
        " (got 2020-06-01; expected a day from 2020-08-01 (the entry before))"
    ]
    # applied by date: 900,000 then 100,000, so none is left and none is capped
    rows, counts = securities(path, "2020-12-31")
    assert "t/warrants" not in rows
    assert counts["basic"] == 12_000_000


def test_an_entry_states_one_kind(write):
    found = problems(
        book(
            write,
            """
            ledger:
              - {date: 2020-06-01, exercise: t/warrants, cancel: t/warrants, count: 1}
              - {date: 2020-06-01, count: 1}
              - {date: 2020-06-01, exercise: t/warrants}
              - {date: 2020-06-01, issue: 1000}
              - {date: 2020-06-01, grant: {id: g, kind: options, count: 5, price: 0.1,
                 expiry: 2021-01-01}, count: 3}
            """,
        )
    )
    kinds = (
        "exercise, expire, cancel, forfeit, grant, issue, amend, accelerate, consolidate, split,"
        " convert"
    )
    assert found[:2] == [
        f"ledger[0].cancel: give one of {kinds} per entry (expected one of them)",
        f"ledger[1]: missing (expected one of {kinds})",
    ]
    assert len(found) == 5, found
    assert found[2].startswith("ledger[2].count: missing")
    assert found[3].startswith("ledger[3].price: missing")
    assert found[4].startswith("ledger[4].count: count is not used by 'grant' entries")


# the random-ledger property: securities --as-of D equals replaying the entries by hand

KNOWN = {
    "t/warrants": Known(1_000_000, date(2020, 1, 15), date(2022, 1, 15)),
    "t/finder-options": Known(
        100_000, date(2020, 1, 15), date(2022, 1, 15), child="t/finder-unit-warrants"
    ),
    "t/finder-unit-warrants": Known(0, date(2020, 1, 15), date(2022, 1, 15)),
    "options-2019": Known(500_000, date(2019, 6, 1), date(2024, 6, 1)),
}
FIRST = date(2020, 1, 15)


@st.composite
def ledgers(draw):
    """A valid ledger: entries in date order (then shuffled), never more than outstanding."""
    entries: list[dict] = []
    day = FIRST
    grants = 0
    for _ in range(draw(st.integers(0, 12))):
        day += timedelta(days=draw(st.integers(0, 120)))
        if day > date(2022, 1, 15):
            break
        left, _ = replay(KNOWN, 0, entries, day)
        kind = draw(st.sampled_from(["exercise", "expire", "cancel", "forfeit", "grant", "issue"]))
        if kind == "issue":
            entries.append({"date": day, "issue": draw(st.integers(1, 10**6)), "price": 0.1})
            continue
        if kind == "grant":
            grants += 1
            entries.append(
                {
                    "date": day,
                    "grant": {
                        "id": f"g{grants}",
                        "kind": "options",
                        "count": draw(st.integers(1, 10**6)),
                        "price": 0.15,
                        "expiry": day + timedelta(days=draw(st.integers(1, 900))),
                    },
                }
            )
            continue
        live = sorted(name for name, count in left.items() if count > 0)
        if not live:
            continue
        name = draw(st.sampled_from(live))
        entry = {"date": day, kind: name}
        if kind == "exercise" or draw(st.booleans()):
            entry["count"] = draw(st.integers(1, left[name]))
        entries.append(entry)
    order = draw(st.permutations(range(len(entries))))
    # a stable sort by date restores the written order within a day only if kept: shuffle days
    by_day: dict[date, list[dict]] = {}
    for entry in entries:
        by_day.setdefault(entry["date"], []).append(entry)
    days = sorted(by_day)
    shuffled = [days[i] for i in order if i < len(days)]
    written = [entry for d in shuffled for entry in by_day[d]]
    as_of = FIRST + timedelta(days=draw(st.integers(0, 800)))
    return written, as_of


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledgers())
def test_securities_as_of_equals_the_ledger_replayed_by_hand(write, drawn):
    entries, as_of = drawn
    text = yaml.safe_dump({"ledger": entries}, sort_keys=False) if entries else ""
    path = write("random.yaml", textwrap.dedent(BOOK) + text)
    rows, counts = securities(path, as_of.isoformat())
    expected, basic = replay(KNOWN, 11_000_000, entries, as_of)
    assert {name: row["count"] for name, row in rows.items()} == expected
    assert counts["basic"] == basic


# the continuity schedule


def schedule(path, first: str, last: str) -> dict[tuple[str, str], tuple]:
    document = ok_json("continuity", path, "--from", first, "--to", last)
    return {
        (row["security"], row["movement"]): (row["count"], row["waep"], row["value"])
        for row in document["continuity"]
    }


def test_continuity_of_the_first_year(write):
    lines = schedule(book(write), "2019-12-31", "2020-12-31")
    assert lines == {
        # 10,000,000 + 1,000,000 units' shares + 200,000 + 40,000 exercised + 250,000 for debt
        ("common shares", "opening"): (10_000_000, None, None),
        ("common shares", "placements"): (1_000_000, None, None),
        ("common shares", "exercises"): (240_000, None, None),
        ("common shares", "other issuances"): (250_000, None, None),
        ("common shares", "closing"): (11_490_000, None, None),
        # 1,000,000 at 0.30, + 40,000 unit warrants at 0.30, - 200,000 exercised at 0.30
        ("warrants", "opening"): (0, None, "0.00"),
        ("warrants", "placements"): (1_000_000, "0.30", "300000.00"),
        ("warrants", "finder's securities"): (40_000, "0.30", "12000.00"),
        ("warrants", "exercises"): (-200_000, "0.30", "-60000.00"),
        ("warrants", "closing"): (840_000, "0.30", "252000.00"),
        ("finder's options", "opening"): (0, None, "0.00"),
        ("finder's options", "finder's securities"): (100_000, "0.20", "20000.00"),
        ("finder's options", "exercises"): (-40_000, "0.20", "-8000.00"),
        ("finder's options", "closing"): (60_000, "0.20", "12000.00"),
        # 400,000 at 0.25 + 300,000 at 0.22 = 166,000.00, / 700,000 = 0.237142... -> 0.2371
        ("options", "opening"): (500_000, "0.25", "125000.00"),
        ("options", "grants"): (300_000, "0.22", "66000.00"),
        ("options", "forfeitures"): (-100_000, "0.25", "-25000.00"),
        ("options", "closing"): (700_000, "0.2371", "166000.00"),
    }


def test_continuity_of_the_next_two_years_with_a_step_up_and_lapses(write):
    document = ok_json("continuity", book(write), "--from", "2020-12-31", "--to", "2022-12-31")
    lines = {(r["security"], r["movement"]): r for r in document["continuity"]}
    # the 840,000 warrants step up from 0.30 to 0.40 on 2021-01-16: + 84,000.00; 100,000 are
    # exercised at 0.40 and the 740,000 left lapse after 2022-01-15 at 0.40
    assert lines[("warrants", "step-ups")]["value"] == "84000.00"
    assert (
        lines[("warrants", "exercises")]["count"],
        lines[("warrants", "exercises")]["value"],
    ) == (
        -100_000,
        "-40000.00",
    )
    assert lines[("warrants", "expiries")]["value"] == "-296000.00"
    assert lines[("warrants", "closing")]["count"] == 0
    # options-2019's 400,000 expire by entry; 50,000 of options-2020 are cancelled
    assert lines[("options", "expiries")]["count"] == -400_000
    assert lines[("options", "cancellations")]["count"] == -50_000
    assert lines[("options", "closing")]["count"] == 250_000
    # 250,000 x (2025-09-01 - 2022-12-31 = 975 days) / 250,000 / 365 = 2.671 -> 2.67
    assert lines[("options", "closing")]["remaining_life"] == "2.67"
    assert lines[("common shares", "closing")]["count"] == 11_590_000


def test_remaining_life_at_the_close(write):
    document = ok_json("continuity", book(write), "--from", "2019-12-31", "--to", "2020-12-31")
    lives = {
        r["security"]: r["remaining_life"]
        for r in document["continuity"]
        if r["movement"] == "closing"
    }
    # warrants: 380 days to 2022-01-15 -> 1.04; options: (400,000 x 1,248 + 300,000 x 1,705)
    # / 700,000 / 365 = 3.956 -> 3.96
    assert lives == {
        "common shares": None,
        "warrants": "1.04",
        "finder's options": "1.04",
        "options": "3.96",
    }


def test_continuity_refuses_an_end_before_the_start(write):
    result = run("continuity", book(write), "--from", "2021-01-01", "--to", "2020-01-01")
    assert result.code == 2


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledgers(), st.integers(0, 800))
def test_the_continuity_schedule_foots(write, drawn, span):
    entries, first = drawn
    last = first + timedelta(days=span)
    text = yaml.safe_dump({"ledger": entries}, sort_keys=False) if entries else ""
    path = write("random.yaml", textwrap.dedent(BOOK) + text)
    document = ok_json("continuity", path, "--from", first.isoformat(), "--to", last.isoformat())
    by_class: dict[str, list[dict]] = {}
    for row in document["continuity"]:
        by_class.setdefault(row["security"], []).append(row)
    for rows in by_class.values():
        opening, *movements, closing = rows
        assert (opening["movement"], closing["movement"]) == ("opening", "closing")
        assert opening["count"] + sum(r["count"] for r in movements) == closing["count"]
        if closing["value"] is not None:
            values = [Decimal(r["value"]) for r in [opening, *movements]]
            assert sum(values) == Decimal(closing["value"])
    _, basic = replay(KNOWN, 11_000_000, entries, last)
    assert by_class["common shares"][-1]["count"] == basic


# scenarios start from the ledger's state


def scenario(write, start: str, body: str = "") -> str:
    book(write)
    return write(
        "scenario.yaml",
        f"""
        book: book.yaml
        start: {start}
        end: 2022-03-31
        price: {{constant: 0.50}}
        """
        + textwrap.indent(textwrap.dedent(body), "        "),
    )


def test_run_replays_the_ledger_as_its_first_events(write):
    document = ok_json("run", scenario(write, "2020-01-15"))
    assert [(e["date"], e["series"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2020-06-01", "t/warrants", 200_000, "60000.00"),
        ("2020-07-01", "t/finder-options", 40_000, "8000.00"),
        ("2021-02-01", "t/warrants", 100_000, "40000.00"),
    ]
    summary = document["summary"]
    # 60,000.00 + 8,000.00 + 40,000.00; shares 200,000 + 40,000 + 100,000
    assert (summary["exercise_proceeds"], summary["shares_issued_on_exercise"]) == (
        "108000.00",
        340_000,
    )
    # the closing on the first day is left out of basic at start (as without a ledger)
    assert (summary["basic_start"], summary["basic_end"]) == (10_000_000, 11_590_000)
    # after the warrants' and finder's options' expiry only options-2020's 250,000 are left
    assert summary["fully_diluted_end"] == 11_840_000
    # reached on the day the ledger issues shares for debt: every entry's day is on the timeline
    assert (summary["peak_fully_diluted"], summary["peak_day"]) == (13_150_000, "2020-10-01")


def test_runs_timeline_names_the_ledgers_entries_on_their_days(write):
    document = ok_json("run", scenario(write, "2020-01-15"))
    events = {row["date"]: row["events"] for row in document["timeline"] if row["events"]}
    assert events["2020-06-01"] == "t/warrants: 200,000 exercised at 0.30"
    assert events["2020-09-01"] == "options-2020: 300,000 options granted at 0.22, to 2025-09-01"
    assert events["2020-10-01"] == (
        "common shares: 250,000 shares issued at a deemed 0.18 (shares for debt)"
    )


def test_run_from_mid_ledger_starts_from_its_state(write):
    document = ok_json("run", scenario(write, "2020-12-31"))
    assert [(e["date"], e["count"]) for e in document["exercises"]] == [("2021-02-01", 100_000)]
    summary = document["summary"]
    assert (summary["basic_start"], summary["basic_end"]) == (11_490_000, 11_590_000)
    assert summary["fully_diluted_end"] == 11_840_000


def test_a_scenario_event_may_act_on_a_granted_series(write):
    body = """
        events:
          - {date: 2021-06-30, series: options-2020, count: 10000}
    """
    document = ok_json("run", scenario(write, "2020-12-31", body))
    assert [(e["date"], e["series"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2021-02-01", "t/warrants", 100_000, "40000.00"),
        ("2021-06-30", "options-2020", 10_000, "2200.00"),
    ]
    assert document["summary"]["basic_end"] == 11_600_000


# amend and accelerate

TERMS_LEDGER = """
    ledger:
      - {date: 2021-01-10, amend: t/warrants, expiry: 2023-01-15, source: TSXV approval}
      - {date: 2021-03-01, amend: options-2019, exercise_steps: [{price: 0.15, until: 2024-06-01}]}
      - {date: 2022-06-01, accelerate: t/warrants, expiry: 2022-07-01}
"""


def test_an_amendment_changes_the_terms_from_its_day_only(write):
    path = book(write, TERMS_LEDGER)
    rows, _ = securities(path, "2021-01-09")
    assert (rows["t/warrants"]["expiry"], rows["options-2019"]["price_in_force"]) == (
        "2022-01-15",
        "0.25",
    )
    # extended: the 0.40 from 2021-01-16 runs on to 2023-01-15; repriced: 0.25 -> 0.15
    rows, _ = securities(path, "2021-12-31")
    assert (rows["t/warrants"]["price_in_force"], rows["t/warrants"]["expiry"]) == (
        "0.40",
        "2023-01-15",
    )
    assert rows["options-2019"]["price_in_force"] == "0.15"
    assert rows["options-2019"]["exercise_proceeds"] == "75000.00"


def test_an_acceleration_notice_brings_the_expiry_forward(write):
    path = book(write, TERMS_LEDGER)
    rows, _ = securities(path, "2022-06-30")
    assert (rows["t/warrants"]["count"], rows["t/warrants"]["expiry"]) == (1_000_000, "2022-07-01")
    rows, counts = securities(path, "2022-07-02")
    assert list(rows) == ["options-2019"]
    assert counts["fully_diluted"] == 11_500_000


def test_continuity_prices_a_repricing_and_lapses_at_the_accelerated_expiry(write):
    lines = schedule(book(write, TERMS_LEDGER), "2020-12-31", "2022-12-31")
    # 1,000,000 step up 0.30 -> 0.40 on 2021-01-16 (+100,000.00), lapse after 2022-07-01
    assert lines[("warrants", "step-ups")] == (0, None, "100000.00")
    assert lines[("warrants", "expiries")] == (-1_000_000, "0.40", "-400000.00")
    # 500,000 repriced 0.25 -> 0.15: -50,000.00
    assert lines[("options", "amendments")] == (0, None, "-50000.00")
    assert lines[("options", "closing")] == (500_000, "0.15", "75000.00")


def test_run_exercises_before_the_accelerated_expiry(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(TERMS_LEDGER))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2021-06-01
        end: 2022-12-31
        price: {constant: 0.50}
        exercise:
          policy: before_step_up
          series:
            t/finder-options: {policy: never}
        """,
    )
    document = ok_json("run", path)
    # the last day is the accelerated 2022-07-01, not the amended 2023-01-15 nor 2022-01-15
    assert [(e["date"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2022-07-01", 1_000_000, "400000.00")
    ]
    assert document["summary"]["basic_end"] == 12_000_000


def test_an_acceleration_needs_terms_or_a_stated_expiry(write):
    found = problems(book(write, "ledger:\n  - {date: 2022-06-01, accelerate: options-2019}\n"))
    assert found == [
        "ledger[0].accelerate: options-2019 has no acceleration terms to give the new expiry"
        " (expected the new 'expiry:' the notice states)"
    ]


# consolidation and split

CONSOLIDATED = LEDGER + "      - {date: 2021-09-01, consolidate: 10, source: bulletin 2021-08-30}\n"


def test_a_consolidation_divides_counts_and_multiplies_prices_from_its_day(write):
    path = book(write, CONSOLIDATED)
    rows, counts = securities(path, "2021-08-31")
    assert (rows["t/warrants"]["count"], counts["basic"]) == (700_000, 11_590_000)
    rows, counts = securities(path, "2021-12-31")
    # 700,000 / 10, 60,000 / 10, 40,000 / 10, 250,000 / 10; prices x 10
    assert {name: (row["count"], row["price_in_force"]) for name, row in rows.items()} == {
        "t/warrants": (70_000, "4.00"),
        "t/finder-options": (6_000, "2.00"),
        "t/finder-unit-warrants": (4_000, "4.00"),
        "options-2020": (25_000, "2.20"),
    }
    # floor(11,590,000 / 10); + 70,000 + 6,000 and their 6,000 unit warrants + 4,000 + 25,000
    assert (counts["basic"], counts["fully_diluted"]) == (1_159_000, 1_270_000)


def test_a_split_multiplies_counts_and_divides_prices_to_the_stated_step(write):
    path = book(write, LEDGER + "      - {date: 2021-09-01, split: 3, prices_to: 0.001}\n")
    rows, counts = securities(path, "2021-12-31")
    # 0.40 / 3 = 0.1333... -> 0.133; 0.22 / 3 = 0.07333... -> 0.073; 0.20 / 3 -> 0.067
    assert {name: (row["count"], row["price_in_force"]) for name, row in rows.items()} == {
        "t/warrants": (2_100_000, "0.133"),
        "t/finder-options": (180_000, "0.067"),
        "t/finder-unit-warrants": (120_000, "0.133"),
        "options-2020": (750_000, "0.073"),
    }
    assert counts["basic"] == 34_770_000


def test_continuity_shows_the_consolidation_as_a_movement_and_foots(write):
    lines = schedule(book(write, CONSOLIDATED), "2020-12-31", "2021-12-31")
    # 11,490,000 + 100,000 - 10,431,000 = 1,159,000
    assert lines[("common shares", "consolidation")] == (-10_431_000, None, None)
    assert lines[("common shares", "closing")] == (1_159_000, None, None)
    # 740,000 warrants become 74,000 at 4.00: the count moves, count x price does not
    assert lines[("warrants", "consolidation")] == (-666_000, None, "0.00")
    # 252,000.00 + 84,000.00 step-up - 40,000.00 exercised = 296,000.00 = 74,000 x 4.00
    assert lines[("warrants", "closing")] == (74_000, "4.00", "296000.00")
    assert lines[("options", "closing")] == (25_000, "2.20", "55000.00")


def test_a_scenario_starts_on_the_new_basis_and_may_not_span_a_consolidation(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(CONSOLIDATED))
    after = write(
        "after.yaml",
        """
        book: book.yaml
        start: 2021-10-01
        end: 2022-03-31
        price: {constant: 0.50}
        """,
    )
    summary = ok_json("run", after)["summary"]
    # the base of 10,000,000 follows to 1,000,000; 1,270,000 / 1,000,000 - 1 = 27.00%
    assert (summary["basic_start"], summary["base_shares"]) == (1_159_000, 1_000_000)
    assert (summary["peak_fully_diluted"], summary["peak_dilution_pct"]) == (1_270_000, "27.00")
    across = write("across.yaml", after.read_text().replace("2021-10-01", "2021-06-30"))
    result = run("run", across)
    assert result.code == 2
    assert "the book's consolidate of 2021-09-01 falls inside the scenario" in result.stderr


def test_a_base_count_after_a_consolidation_is_refused(write):
    text = textwrap.dedent(BOOK).replace("as_of: 2020-01-01", "as_of: 2021-10-01")
    path = write("late.yaml", text + "ledger:\n  - {date: 2021-09-01, consolidate: 10}\n")
    assert problems(path) == [
        "shares_outstanding.as_of: the base count is dated on or after the consolidate of"
        " 2021-09-01 (got 2021-10-01; expected a base count dated before 2021-09-01)"
    ]


# the bundled example: seeds/example-ledger.yaml, the README's schedule

EXAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "example-ledger.yaml"


def test_the_example_ledgers_fiscal_2024():
    lines = schedule(EXAMPLE, "2023-12-31", "2024-12-31")
    assert lines == {
        # 40,000,000 base + 10,000,000 units + 1,500,000 warrants and 700,000 finder's options
        # exercised + 500,000 for debt + 500,000.00 of debentures / 0.10 = 5,000,000 converted
        # = 57,700,000
        ("common shares", "opening"): (40_000_000, None, None),
        ("common shares", "placements"): (10_000_000, None, None),
        ("common shares", "exercises"): (2_200_000, None, None),
        ("common shares", "other issuances"): (500_000, None, None),
        ("common shares", "conversions"): (5_000_000, None, None),
        ("common shares", "closing"): (57_700_000, None, None),
        # 5,000,000 x 0.25 = 1,250,000.00; + 10,000,000 x 0.15; - 1,500,000 x 0.15 = 225,000.00;
        # 2,525,000.00 / 13,500,000 = 0.18703... -> 0.1870 (the extension moves no price)
        ("warrants", "opening"): (5_000_000, "0.25", "1250000.00"),
        ("warrants", "placements"): (10_000_000, "0.15", "1500000.00"),
        ("warrants", "exercises"): (-1_500_000, "0.15", "-225000.00"),
        ("warrants", "closing"): (13_500_000, "0.187", "2525000.00"),
        ("finder's options", "opening"): (0, None, "0.00"),
        ("finder's options", "finder's securities"): (700_000, "0.10", "70000.00"),
        ("finder's options", "exercises"): (-700_000, "0.10", "-70000.00"),
        ("finder's options", "closing"): (0, None, "0.00"),
        # 2,000,000 x 0.20 + 3,000,000 x 0.12 - 250,000 x 0.20 = 710,000.00; / 4,750,000 = 0.1495
        ("options", "opening"): (2_000_000, "0.20", "400000.00"),
        ("options", "grants"): (3_000_000, "0.12", "360000.00"),
        ("options", "forfeitures"): (-250_000, "0.20", "-50000.00"),
        ("options", "closing"): (4_750_000, "0.1495", "710000.00"),
        # the debentures: 500,000.00 issued 2024-06-01 converts at 0.10 into 5,000,000 shares,
        # converted in full on 2024-10-15; the count is those shares, the price principal / shares
        ("convertible debentures", "opening"): (0, None, None),
        ("convertible debentures", "placements"): (5_000_000, "0.10", None),
        ("convertible debentures", "conversions"): (-5_000_000, "0.10", None),
        ("convertible debentures", "closing"): (0, None, None),
    }
    lives = {
        r["security"]: r["remaining_life"]
        for r in ok_json("continuity", EXAMPLE, "--from", "2023-12-31", "--to", "2024-12-31")[
            "continuity"
        ]
        if r["movement"] == "closing" and r["remaining_life"]
    }
    # warrants: (5,000,000 x 274 days to 2025-10-01 + 8,500,000 x 439 to 2026-03-15, as known at
    # the close: the 2025 acceleration is not) / 13,500,000 / 365 = 1.035 -> 1.04; options:
    # (1,750,000 x 517 + 3,000,000 x 1,582) / 4,750,000 / 365 = 3.259 -> 3.26
    assert lives == {"warrants": "1.04", "options": "3.26"}


def test_the_example_ledgers_fiscal_2025():
    lines = schedule(EXAMPLE, "2024-12-31", "2025-12-31")
    assert lines == {
        # 57,700,000 + 8,000,000 exercised = 65,700,000, consolidated 10:1 on 2025-06-30 to
        # 6,570,000 (-59,130,000), + 300,000 for a property = 6,870,000
        ("common shares", "opening"): (57_700_000, None, None),
        ("common shares", "exercises"): (8_000_000, None, None),
        ("common shares", "other issuances"): (300_000, None, None),
        ("common shares", "consolidation"): (-59_130_000, None, None),
        ("common shares", "closing"): (6_870_000, None, None),
        # notice 2025-02-03 + 30 days: the units' warrants expire 2025-03-05; 8,000,000 exercised
        # at 0.15 that day and 500,000 lapse at 0.15 (75,000.00); warrants-2022's 5,000,000
        # become 500,000 at 2.50 and expire at the extended 2025-10-01 (1,250,000.00)
        ("warrants", "opening"): (13_500_000, "0.187", "2525000.00"),
        ("warrants", "exercises"): (-8_000_000, "0.15", "-1200000.00"),
        ("warrants", "expiries"): (-1_000_000, "1.325", "-1325000.00"),
        ("warrants", "consolidation"): (-4_500_000, None, "0.00"),
        ("warrants", "closing"): (0, None, "0.00"),
        # 4,750,000 - 200,000 cancelled at 0.12; consolidated: 175,000 at 2.00 and 280,000 at
        # 1.20; + 400,000 at 1.50: 350,000 + 336,000 + 600,000 = 1,286,000.00 / 855,000 = 1.5041
        ("options", "opening"): (4_750_000, "0.1495", "710000.00"),
        ("options", "grants"): (400_000, "1.50", "600000.00"),
        ("options", "cancellations"): (-200_000, "0.12", "-24000.00"),
        ("options", "consolidation"): (-4_095_000, None, "0.00"),
        ("options", "closing"): (855_000, "1.5041", "1286000.00"),
    }


def test_the_example_ledgers_securities_after_the_consolidation():
    rows, counts = securities(EXAMPLE, "2025-12-31")
    assert {name: (row["count"], row["price_in_force"]) for name, row in rows.items()} == {
        "options-2021": (175_000, "2.00"),
        "options-2024": (280_000, "1.20"),
        "options-2025": (400_000, "1.50"),
    }
    # the debentures converted in full, so none are left to count
    assert "2024-06-cd" not in rows
    assert (counts["basic"], counts["fully_diluted"]) == (6_870_000, 7_725_000)


def test_periods_split_the_range_at_the_fiscal_year_end(write):
    document = ok_json(
        "continuity", EXAMPLE, "--from", "2023-12-31", "--to", "2025-12-31", "--period", "year"
    )
    closings = [
        (r["period_end"], r["security"], r["count"])
        for r in document["continuity"]
        if r["movement"] == "closing"
    ]
    assert closings == [
        ("2024-12-31", "common shares", 57_700_000),
        ("2024-12-31", "warrants", 13_500_000),
        ("2024-12-31", "finder's options", 0),
        ("2024-12-31", "options", 4_750_000),
        ("2024-12-31", "convertible debentures", 0),
        ("2025-12-31", "common shares", 6_870_000),
        ("2025-12-31", "warrants", 0),
        ("2025-12-31", "options", 855_000),
    ]
    # a June year end: quarters end Sep 30, Dec 31, Mar 31, Jun 30; the range's end closes it
    text = EXAMPLE.read_text().replace("issuer:", "fiscal_year_end: 2020-06-30\nissuer:", 1)
    path = write("june.yaml", text)
    document = ok_json(
        "continuity", path, "--from", "2024-06-30", "--to", "2025-08-15", "--period", "quarter"
    )
    ends = sorted({r["period_end"] for r in document["continuity"]})
    assert ends == ["2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30", "2025-08-15"]
    shares = {
        r["period_end"]: r["count"]
        for r in document["continuity"]
        if r["security"] == "common shares" and r["movement"] == "closing"
    }
    # 40,000,000 + 10,000,000 + 1,500,000 by Sep 30; + 5,000,000 converted + 700,000 + 500,000
    # by Dec 31; + 8,000,000 by Mar 31; consolidated by Jun 30
    assert shares == {
        "2024-09-30": 51_500_000,
        "2024-12-31": 57_700_000,
        "2025-03-31": 65_700_000,
        "2025-06-30": 6_570_000,
        "2025-08-15": 6_570_000,
    }


def test_a_scenario_event_the_ledger_contradicts_is_a_located_error(write):
    among = """
        events:
          - {date: 2021-05-01, series: options-2020, count: 10000}
    """
    path = scenario(write, "2020-12-31", among)
    book_file = path.parent / "book.yaml"
    # the last entry, {date: 2021-06-01, expire: options-2019}, is on the book's line 29
    assert problems(path) == [
        "events[0].date: the book's ledger records what happened through 2021-06-01:"
        f" ledger[7] at {book_file}:29:5 is its last entry in the scenario"
        " (got 2021-05-01; expected an event after 2021-06-01)"
    ]
    gone = """
        events:
          - {date: 2021-07-01, series: t/warrants, count: 800000}
    """
    # ledger[5] exercised 100,000 of the 800,000 left on 2021-02-01
    assert problems(scenario(write, "2020-12-31", gone)) == [
        "events[0].count: more than the 700,000 the book's ledger leaves outstanding on"
        f" 2021-07-01, after ledger[5] at {book_file}:27:5"
        " (got 800,000; expected at most 700,000)"
    ]


# convert

DEBENTURE = """
    debentures:
      - id: cd
        issued: 2020-03-01
        principal: 500000
        conversion:
          - {price: 0.25, months: 12}
          - {price: 0.30}
        maturity: 2022-03-01
"""


def test_a_conversion_issues_shares_at_the_price_in_force(write):
    ledger = """
        ledger:
          - {date: 2020-09-01, convert: cd, principal: 100000}
          - {date: 2021-06-01, convert: cd, principal: 100001}
    """
    path = write(
        "debenture.yaml",
        textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + textwrap.dedent(ledger),
    )
    assert run("check", path).code == 0
    rows, counts = securities(path, "2020-08-31")
    # floor(500,000 / 0.25) = 2,000,000 shares on conversion
    assert (rows["cd"]["count"], counts["basic"]) == (2_000_000, 11_000_000)
    rows, counts = securities(path, "2020-12-31")
    # 100,000 / 0.25 = 400,000 shares issued; 400,000 / 0.25 = 1,600,000 left to convert
    assert (rows["cd"]["count"], counts["basic"]) == (1_600_000, 11_400_000)
    assert counts["fully_diluted"] == 11_400_000 + 1_600_000 + 1_700_000
    rows, counts = securities(path, "2021-12-31")
    # at 0.30: floor(100,001 / 0.30) = 333,336 shares; 299,999 / 0.30 = 999,996.67 -> 999,996
    assert (rows["cd"]["count"], counts["basic"]) == (999_996, 11_733_336)
    lines = schedule(path, "2019-12-31", "2021-12-31")
    assert lines[("common shares", "conversions")] == (733_336, None, None)
    assert lines[("common shares", "closing")] == (11_733_336, None, None)


def test_a_conversion_of_more_than_is_left_is_reported(write):
    ledger = """
        ledger:
          - {date: 2020-09-01, convert: cd, principal: 400000}
          - {date: 2020-10-01, convert: cd, principal: 200000}
          - {date: 2022-06-01, convert: cd}
          - {date: 2020-10-01, convert: cx}
    """
    path = write(
        "debenture.yaml",
        textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + textwrap.dedent(ledger),
    )
    assert problems(path) == [
        "ledger[1].principal: more than the 100,000 of cd left to convert on 2020-10-01"
        " (got 200,000; expected at most 100,000)",
        "ledger[2].date: cd is not outstanding then"
        " (got 2022-06-01; expected a day from 2020-03-01 to its maturity, 2022-03-01)",
        "ledger[3].convert: no debenture 'cx' (expected one of cd)",
    ]


def test_run_counts_conversions_as_facts_of_the_book(write):
    ledger = """
        ledger:
          - {date: 2020-09-01, convert: cd, principal: 100000}
    """
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + textwrap.dedent(ledger))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2020-06-30
        end: 2020-12-31
        price: {constant: 0.10}
        """,
    )
    summary = ok_json("run", path)["summary"]
    # 11,000,000 + 400,000 converted; fully diluted + 1,600,000 still convertible + 1,700,000
    assert (summary["basic_start"], summary["basic_end"]) == (11_000_000, 11_400_000)
    assert summary["fully_diluted_end"] == 14_700_000


def test_a_consolidation_rebases_the_conversion_price_of_debentures(write):
    ledger = """
        ledger:
          - {date: 2020-09-01, consolidate: 10}
          - {date: 2020-10-01, convert: cd, principal: 100000}
    """
    path = write(
        "debenture.yaml",
        textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + textwrap.dedent(ledger),
    )
    assert run("check", path).code == 0
    rows, counts = securities(path, "2020-08-31")
    # before it: floor(500,000 / 0.25) = 2,000,000 shares, on the old basis
    assert (rows["cd"]["count"], rows["cd"]["price_in_force"]) == (2_000_000, "0.25")
    rows, counts = securities(path, "2020-12-31")
    # 0.25 x 10 = 2.50 from 2020-09-01: 100,000 / 2.50 = 40,000 shares issued, and
    # 400,000 / 2.50 = 160,000 left to convert; the step to 0.30 becomes 3.00
    assert (rows["cd"]["count"], rows["cd"]["price_in_force"]) == (160_000, "2.50")
    assert rows["cd"]["next_price"] == "3.00"
    # floor(11,000,000 / 10) + 40,000 = 1,140,000
    assert counts["basic"] == 1_140_000
    # + 100,000 + 10,000 and their 10,000 unit warrants + 50,000 options + 160,000 convertible
    assert counts["fully_diluted"] == 1_470_000
    rows, _ = securities(path, "2021-06-01")
    # at 3.00: floor(400,000 / 3.00) = 133,333
    assert (rows["cd"]["count"], rows["cd"]["price_in_force"]) == (133_333, "3.00")
    lines = schedule(path, "2019-12-31", "2020-12-31")
    assert lines[("common shares", "conversions")] == (40_000, None, None)
