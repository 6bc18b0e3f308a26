"""Every view reads the ledger (issue 13): vesting, calendars, scenarios and values, by the CLI.

The book is tests/test_ledger.py's, worked by hand there: tranche t closed
2020-01-15 with 1,000,000 warrants (0.30 to 2021-01-15, then 0.40 to
2022-01-15) and 100,000 finder's options into units at 0.20 to 2022-01-15;
options-2019 are 500,000 at 0.25 to 2024-06-01; the base is 10,000,000, so
basic is 11,000,000 from the closing.

The vesting grant below: 400,000 options at 0.22 to 2025-09-01, vesting 25%
on the grant (100,000), 25% a year on (200,000 by then) and the last 50% two
years on (all 400,000). 60,000 are exercised, then 150,000 forfeited, which
takes unvested options first.
"""

import textwrap

from conftest import run
from test_ledger import (
    BOOK,
    EXAMPLE,
    LEDGER,
    TERMS_LEDGER,
    book,
    ok_json,
    problems,
    securities,
)

VESTING = """
    ledger:
      - date: 2020-09-01
        grant:
          id: options-2020
          kind: options
          count: 400000
          price: 0.22
          expiry: 2025-09-01
          vesting:
            - {date: 2020-09-01, fraction: 25%}
            - {date: 2021-09-01, fraction: 25%}
            - {date: 2022-09-01, fraction: 50%}
          hold: {months: 4}
      - {date: 2021-01-10, exercise: options-2020, count: 60000}
      - {date: 2021-03-01, forfeit: options-2020, count: 150000}
"""


def vesting_book(write, extra: str = ""):
    return book(write, VESTING + extra)


def exercisable(path, day: str) -> tuple[int, int, int]:
    rows, _ = securities(path, day)
    row = rows["options-2020"]
    return row["count"], row["exercisable"], row["unvested"]


# vesting: outstanding, but not all exercisable


def test_securities_shows_what_is_vested_and_what_is_not(write):
    path = vesting_book(write)
    assert run("check", path).code == 0
    # on the grant: 100,000 of 400,000 vested
    assert exercisable(path, "2020-09-01") == (400_000, 100_000, 300_000)
    # 60,000 exercised: 340,000 left, 40,000 of them vested
    assert exercisable(path, "2021-01-10") == (340_000, 40_000, 300_000)
    # 150,000 forfeited, all unvested: 190,000 left, still 40,000 exercisable
    assert exercisable(path, "2021-03-01") == (190_000, 40_000, 150_000)
    # a year on 200,000 have vested, less the 60,000 exercised: 140,000 of the 190,000
    assert exercisable(path, "2021-09-01") == (190_000, 140_000, 50_000)
    # two years on everything left is vested
    assert exercisable(path, "2022-09-01") == (190_000, 190_000, 0)


def test_unvested_options_count_in_fully_diluted(write):
    _, counts = securities(vesting_book(write), "2021-03-01")
    # 11,000,000 + 60,000 exercised; + 1,000,000 warrants + 100,000 finder's options and their
    # 100,000 unit warrants + 500,000 options-2019 + all 190,000 options-2020
    assert (counts["basic"], counts["fully_diluted"]) == (11_060_000, 12_950_000)


def test_a_book_without_vesting_shows_no_vesting_columns(write):
    result = run("securities", book(write), "--as-of", "2020-12-31")
    assert result.code == 0
    assert "unvested" not in result.stdout and "exercisable" not in result.stdout
    result = run("securities", vesting_book(write), "--as-of", "2020-12-31")
    assert "unvested" in result.stdout and "exercisable" in result.stdout


def test_exercising_unvested_options_is_a_problem(write):
    path = vesting_book(write, "      - {date: 2021-04-01, exercise: options-2020, count: 50000}\n")
    assert problems(path) == [
        "ledger[3].count: only 40,000 of the 190,000 options-2020 outstanding on 2021-04-01 are"
        " vested and not yet exercised; 100,000 more vest on 2021-09-01"
        " (got 50,000; expected at most 40,000)"
    ]


def test_exercising_options_granted_later_or_before_a_series_is_issued_is_a_problem(write):
    path = vesting_book(write, "      - {date: 2020-08-01, exercise: t/warrants, count: 1}\n")
    assert problems(path) == []
    early = """
        ledger:
          - {date: 2019-06-01, exercise: options-2020, count: 1}
          - date: 2019-07-01
            grant: {id: options-2020, kind: options, count: 5, price: 0.1, expiry: 2021-01-01}
          - {date: 2020-01-14, exercise: t/warrants, count: 1}
    """
    # the first exercise names a series not granted yet; the last comes the day before the closing
    found = problems(book(write, early))
    assert found[0].startswith("ledger[0].series: no series 'options-2020' on 2019-06-01")
    assert found[1:] == [
        "ledger[2].date: t/warrants may not be exercised before it is issued"
        " (got 2020-01-14; expected a day from 2020-01-15)"
    ]


def locations(path) -> list[str]:
    result = run("check", path, "--format", "json")
    return [f"{p['where']}: {p['field']}: {p['problem']}" for p in result.json()["problems"]]


def test_a_vesting_schedule_that_does_not_add_up_is_located_at_the_field(write):
    counts = VESTING.replace(
        """            - {date: 2020-09-01, fraction: 25%}
            - {date: 2021-09-01, fraction: 25%}
            - {date: 2022-09-01, fraction: 50%}""",
        """            - {date: 2020-09-01, count: 100000}
            - {date: 2021-09-01, count: 250000}""",
    )
    path = book(write, counts)
    # at the book's `vesting:` list, on line 29 (its first date)
    assert locations(path) == [
        f"{path}:29:9: ledger[0].grant.vesting: the vesting counts add up to 350,000, not the"
        " 400,000 granted (got 100,000 + 250,000; expected counts that add up to 400,000)"
    ]
    fractions = VESTING.replace("fraction: 50%", "fraction: 0.4")
    assert problems(book(write, fractions)) == [
        "ledger[0].grant.vesting: the vesting fractions add up to 0.9, not 1"
        " (got 0.25 + 0.25 + 0.4; expected fractions that add up to 1 (100%))"
    ]
    mixed = VESTING.replace("fraction: 50%", "count: 200000")
    assert problems(book(write, mixed)) == [
        "ledger[0].grant.vesting: a vesting schedule gives counts and fractions"
        " (expected a count on every date, or a fraction on every date)"
    ]


def test_thirds_written_to_six_decimals_add_up_and_the_last_date_vests_the_rest(write):
    thirds = VESTING.replace("fraction: 25%", "fraction: 0.333333").replace(
        "fraction: 50%", "fraction: 0.333333"
    )
    path = book(write, thirds.split("      - {date: 2021-01-10")[0])
    assert run("check", path).code == 0
    # floor(400,000 x 0.333333) = 133,333; floor(400,000 x 0.666666) = 266,666; then all
    assert exercisable(path, "2020-09-01") == (400_000, 133_333, 266_667)
    assert exercisable(path, "2021-09-01") == (400_000, 266_666, 133_334)
    assert exercisable(path, "2022-09-01") == (400_000, 400_000, 0)


def test_vesting_dates_out_of_order_or_outside_the_term(write):
    dates = VESTING.replace("2021-09-01, fraction", "2020-08-31, fraction").replace(
        "2022-09-01, fraction", "2026-09-01, fraction"
    )
    assert problems(book(write, dates)) == [
        "ledger[0].grant.vesting[1].date: a vesting date outside the grant's term"
        " (got 2020-08-31; expected a day from the grant, 2020-09-01, to its expiry, 2025-09-01)",
        "ledger[0].grant.vesting[2].date: a vesting date outside the grant's term"
        " (got 2026-09-01; expected a day from the grant, 2020-09-01, to its expiry, 2025-09-01)",
    ]
    order = VESTING.replace("2022-09-01, fraction", "2021-06-01, fraction")
    assert problems(book(write, order)) == [
        "ledger[0].grant.vesting[2].date: vesting dates out of order"
        " (got 2021-06-01; expected a day after 2021-09-01)"
    ]


def test_a_vesting_date_gives_a_count_or_a_fraction(write):
    both = VESTING.replace("fraction: 50%", "fraction: 50%, count: 1")
    found = problems(book(write, both))
    # the grant is not read, so the entries on it are reported too
    assert found[0] == (
        "ledger[0].grant.vesting[2]: give a count or a fraction, not both (expected one of them)"
    )


# value: what is outstanding on the day, on the terms then in force


def values(path, day: str, price: str) -> dict:
    document = ok_json(
        "value", path, "--as-of", day, "--price", price, "--volatility", "0", "--rate", "0"
    )
    rows = {
        row["series"]: (row["count"], row["price_in_force"], row["value"])
        for row in document["series"]
    }
    return {"rows": rows, "notes": [n["note"] for n in document["notes"]]}


def test_value_uses_the_amended_price_from_the_amendment_on(write):
    path = book(write, TERMS_LEDGER)
    # with no volatility and no rate the value is max(S - K, 0): 0.30 - 0.25 before the
    # repricing of 2021-03-01, 0.30 - 0.15 from it; the warrants extended to 2023-01-15
    before = values(path, "2021-02-28", "0.30")["rows"]
    assert before["options-2019"] == (500_000, "0.25", 0.05)
    after = ok_json(
        "value",
        path,
        "--as-of",
        "2021-06-30",
        "--price",
        "0.30",
        "--volatility",
        "0",
        "--rate",
        "0",
    )
    rows = {row["series"]: row for row in after["series"]}
    assert (rows["options-2019"]["price_in_force"], rows["options-2019"]["value"]) == ("0.15", 0.15)
    # 500,000 x 0.15
    assert rows["options-2019"]["total_value"] == "75000.00"
    assert rows["t/warrants"]["expiry"] == "2023-01-15"


def test_value_counts_the_unvested_options_too_and_says_so(write):
    found = values(vesting_book(write), "2021-06-30", "0.30")
    # all 190,000 outstanding, 150,000 of them unvested, at 0.30 - 0.22 = 0.08
    assert found["rows"]["options-2020"] == (190_000, "0.22", 0.08)
    assert (
        "options-2020: 150,000 of the count are not yet vested; they are valued like the vested"
        " ones (vesting is ignored, so the value is an upper bound)." in found["notes"]
    )


# scenarios: the policy acts only after what the ledger records


def scenario_file(write, ledger: str, body: str, end: str = "2022-03-31") -> str:
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(ledger))
    return write(
        "scenario.yaml",
        "book: book.yaml\nstart: 2020-01-15\n"
        f"end: {end}\nprice: {{constant: 0.50}}\n" + textwrap.dedent(body).lstrip(),
    )


def test_the_policy_waits_for_the_ledgers_last_entry(write):
    path = scenario_file(write, LEDGER, "exercise: {policy: before_step_up}\n")
    document = ok_json("run", path)
    # the ledger records what happened through 2021-06-01: its exercises stand, and the policy
    # does not exercise at the step-up of 2021-01-15, which the ledger shows did not happen
    # (100,000 were exercised on 2021-02-01 at 0.40). Its first occasion is the expiry,
    # 2022-01-15: 700,000 warrants at 0.40, the 60,000 finder's options left at 0.20, and the
    # 40,000 + 60,000 unit warrants at 0.40
    assert [(e["date"], e["series"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2020-06-01", "t/warrants", 200_000, "60000.00"),
        ("2020-07-01", "t/finder-options", 40_000, "8000.00"),
        ("2021-02-01", "t/warrants", 100_000, "40000.00"),
        ("2022-01-15", "t/warrants", 700_000, "280000.00"),
        ("2022-01-15", "t/finder-options", 60_000, "12000.00"),
        ("2022-01-15", "t/finder-unit-warrants", 100_000, "40000.00"),
    ]
    # 60,000 + 8,000 + 40,000 + 280,000 + 12,000 + 40,000
    assert document["summary"]["exercise_proceeds"] == "440000.00"


def test_when_in_the_money_starts_looking_the_day_after_the_last_entry(write):
    path = scenario_file(write, LEDGER, "exercise: {policy: when_in_the_money}\n")
    exercises = ok_json("run", path)["exercises"]
    # the warrants are in the money all along, so the policy's first day is 2021-06-02
    policy = [(e["date"], e["series"], e["count"]) for e in exercises if e["date"] > "2021-06-01"]
    assert policy == [
        ("2021-06-02", "t/warrants", 700_000),
        ("2021-06-02", "t/finder-options", 60_000),
        ("2021-06-02", "t/finder-unit-warrants", 100_000),
        ("2021-06-02", "options-2020", 250_000),
    ]


def test_an_event_on_a_series_the_ledger_emptied_names_the_entry(write):
    path = scenario_file(
        write,
        LEDGER,
        """
        events:
          - {date: 2021-07-01, series: options-2019, action: cancel}
        """,
    )
    book_file = path.parent / "book.yaml"
    # options-2019's 400,000 left expired by ledger[7], {date: 2021-06-01, expire: options-2019}
    assert locations(path) == [
        f"{path}:6:32: events[0].series: the book's ledger leaves none of options-2019 outstanding"
        f" on 2021-07-01: ledger[7] at {book_file}:29:5 expired the last of it"
        " (got options-2019; expected a series the ledger leaves outstanding)"
    ]


def test_an_event_after_a_recorded_acceleration_names_the_entry(write):
    path = scenario_file(
        write,
        TERMS_LEDGER,
        """
        events:
          - {date: 2022-08-01, series: t/warrants, count: 1000}
        """,
        end="2022-12-31",
    )
    book_file = path.parent / "book.yaml"
    # accelerated to 2022-07-01 by ledger[2], on the book's line 23
    assert problems(path) == [
        "events[0].date: the series cannot be exercised then (got 2022-08-01; expected a date"
        f" from 2020-01-15 to its expiry, 2022-07-01, as ledger[2] at {book_file}:23:5 set it)"
    ]


def test_a_scenario_event_exercising_unvested_options_is_an_error(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(VESTING))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2021-06-30
        end: 2021-12-31
        price: {constant: 0.50}
        events:
          - {date: 2021-07-01, series: options-2020, count: 50000}
        """,
    )
    assert problems(path) == [
        "events[0].count: only 40,000 of the 190,000 options-2020 outstanding on 2021-07-01 are"
        " vested and not yet exercised (got 50,000; expected at most 40,000)"
    ]


# the calendar: the ledger's entries and the dates they change


def calendar(path, *args) -> list[tuple]:
    document = ok_json("calendar", path, *args)
    return [
        (r["date"], r["event"], r["subject"], r["count"], r["detail"]) for r in document["events"]
    ]


def test_the_calendar_lists_entries_vesting_dates_and_the_grants_hold(write):
    rows = calendar(vesting_book(write), "--from", "2020-06-01")
    assert rows == [
        (
            "2020-09-01",
            "grant",
            "options-2020",
            400_000,
            "400,000 options granted at 0.22, to 2025-09-01, vesting on 3 dates",
        ),
        (
            "2020-09-01",
            "vesting",
            "options-2020",
            100_000,
            "vest: they may be exercised from this day",
        ),
        # the grant's hold of 4 months: 2020-09-01 + 4 months + 1 day
        (
            "2021-01-02",
            "free trading",
            "options-2020",
            400_000,
            "hold ends: shares issued on exercising them may trade from this day",
        ),
        (
            "2021-01-10",
            "exercise",
            "options-2020",
            60_000,
            "60,000 exercised at 0.22: 60,000 shares issued",
        ),
        (
            "2021-01-15",
            "step-up",
            "t/warrants",
            1_000_000,
            "last day at 0.30; 0.40 from the next day",
        ),
        ("2021-03-01", "forfeit", "options-2020", 150_000, "150,000 forfeited"),
        (
            "2021-09-01",
            "vesting",
            "options-2020",
            100_000,
            "vest: they may be exercised from this day",
        ),
        ("2022-01-15", "expiry", "t/warrants", 1_000_000, "last day to exercise, at 0.40"),
        ("2022-01-15", "expiry", "t/finder-options", 100_000, "last day to exercise, at 0.20"),
        # the last 50% of the grant would be 200,000, but the forfeiture took 150,000 unvested:
        # what is left to vest is 190,000 outstanding - 140,000 vested and not exercised
        (
            "2022-09-01",
            "vesting",
            "options-2020",
            50_000,
            "vest: they may be exercised from this day",
        ),
        ("2024-06-01", "expiry", "options-2019", 500_000, "last day to exercise, at 0.25"),
        # what is left of the grant when it expires: 400,000 - 60,000 - 150,000
        ("2025-09-01", "expiry", "options-2020", 190_000, "last day to exercise, at 0.22"),
    ]


def test_an_amended_expiry_replaces_the_old_one_from_the_amendment_on(write):
    path = book(write, TERMS_LEDGER)
    rows = calendar(path, "--from", "2021-01-01")
    assert rows == [
        (
            "2021-01-10",
            "amend",
            "t/warrants",
            None,
            "terms amended: expiry moved from 2022-01-15 to 2023-01-15 (source: TSXV approval)",
        ),
        (
            "2021-01-15",
            "step-up",
            "t/warrants",
            1_000_000,
            "last day at 0.30; 0.40 from the next day",
        ),
        # a repricing is the amendment's, not a step-up on 2021-02-28
        ("2021-03-01", "amend", "options-2019", None, "terms amended: 0.15 from this day"),
        ("2022-01-15", "expiry", "t/finder-options", 100_000, "last day to exercise, at 0.20"),
        (
            "2022-06-01",
            "accelerate",
            "t/warrants",
            None,
            "notice of acceleration: expiry moved from 2023-01-15 to 2022-07-01",
        ),
        (
            "2022-07-01",
            "expiry",
            "t/warrants",
            1_000_000,
            "last day to exercise, at 0.40 (brought forward from 2023-01-15 by the notice of"
            " 2022-06-01)",
        ),
        ("2024-06-01", "expiry", "options-2019", 500_000, "last day to exercise, at 0.15"),
    ]


def test_the_calendar_as_of_a_day_knows_only_the_entries_to_then(write):
    path = book(write, TERMS_LEDGER)
    expiries = {
        (subject, day): detail
        for day, event, subject, _, detail in calendar(path, "--as-of", "2021-01-09")
        if event == "expiry"
    }
    # before the extension of 2021-01-10 the warrants still expire on 2022-01-15
    assert expiries[("t/warrants", "2022-01-15")] == "last day to exercise, at 0.40"
    assert not [r for r in calendar(path, "--as-of", "2021-01-09") if r[1] == "amend"]
    # once it is in the book, the new expiry, and no notice of acceleration yet
    rows = calendar(path, "--as-of", "2021-06-30")
    assert (
        "2023-01-15",
        "expiry",
        "t/warrants",
        1_000_000,
        "last day to exercise, at 0.40 (extended from 2022-01-15 by the amendment of 2021-01-10)",
    ) in rows
    assert [r[0] for r in rows if r[1] in ("amend", "accelerate")] == ["2021-01-10", "2021-03-01"]


def test_the_example_ledgers_calendar_ends_with_what_is_left(write):
    rows = calendar(EXAMPLE, "--from", "2025-03-05")
    # the accelerated expiry, with the 8,500,000 left that morning; the extended one of
    # warrants-2022 with its 500,000 (5,000,000 consolidated 10:1); the debentures, converted
    # in full, have no maturity left to show
    assert (
        "2025-03-05",
        "expiry",
        "2024-03-units/warrants",
        8_500_000,
        "last day to exercise, at 0.15 (brought forward from 2026-03-15 by the notice of"
        " 2025-02-03)",
    ) in rows
    assert (
        "2025-10-01",
        "expiry",
        "warrants-2022",
        500_000,
        "last day to exercise, at 2.50 (extended from 2024-10-01 by the amendment of 2024-09-20)",
    ) in rows
    assert (
        "2025-04-02",
        "free trading",
        "common shares",
        500_000,
        "hold ends: the 500,000 shares issued on 2024-12-01 may trade from this day",
    ) in rows
    assert not [r for r in rows if r[2] == "2024-06-cd"]


def ics_events(path, *args) -> dict[str, tuple[str, str]]:
    """Each event's UID: its summary and day, from the feed written with --format ics."""
    result = run("calendar", path, *args, "--format", "ics")
    assert result.code == 0, result.stderr
    found = {}
    unfolded = result.stdout.replace("\r\n", "\n").replace("\n ", "")
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
        found[fields["UID"]] = (fields["SUMMARY"], fields["DTSTART;VALUE=DATE"])
    return found


def test_the_feed_carries_the_entries_with_uids_that_stay(write):
    path = book(write, TERMS_LEDGER)
    early = ics_events(path, "--as-of", "2021-01-09")
    late = ics_events(path)
    summaries = sorted(summary for summary, _ in late.values())
    assert "Ledger Corp t/warrants: amend" in summaries
    assert "Ledger Corp t/warrants: accelerate" in summaries
    assert "Ledger Corp options-2019: amend" in summaries
    # the warrants' expiry is one event that moves: the same UID, a new day
    (uid,) = [u for u, (summary, _) in early.items() if summary == "Ledger Corp t/warrants: expiry"]
    assert (early[uid][1], late[uid][1]) == ("20220115", "20220701")
    # an entry added to the book leaves the others' UIDs as they were
    more = book(
        write, TERMS_LEDGER + "      - {date: 2021-02-01, exercise: t/warrants, count: 5}\n"
    )
    grown = ics_events(more)
    assert set(late) < set(grown)
    assert [s for s, _ in grown.values() if s not in summaries] == [
        "Ledger Corp t/warrants: exercise"
    ]


def test_the_example_ledgers_options_vest_over_two_years():
    # options-2024: 1,000,000 of 3,000,000 vest on each of 2024-05-01, 2025-05-01 and 2026-05-01;
    # the 200,000 cancelled on 2025-04-15 were unvested, and the 10:1 consolidation of 2025-06-30
    # leaves 280,000, of which 2,000,000 / 10 = 200,000 are vested
    rows, _ = securities(EXAMPLE, "2025-04-15")
    assert (rows["options-2024"]["count"], rows["options-2024"]["exercisable"]) == (
        2_800_000,
        1_000_000,
    )
    rows, _ = securities(EXAMPLE, "2025-12-31")
    options = rows["options-2024"]
    assert (options["count"], options["exercisable"], options["unvested"]) == (
        280_000,
        200_000,
        80_000,
    )
    vesting = [
        (day, count) for day, event, subject, count, _ in calendar(EXAMPLE) if event == "vesting"
    ]
    # the last date vests the 80,000 left, on the new basis
    assert vesting == [("2024-05-01", 1_000_000), ("2025-05-01", 1_000_000), ("2026-05-01", 80_000)]


def test_restated_vesting_is_carried_through_the_later_consolidation():
    # on 2024-12-31 options-2024 are 3,000,000 of which the first 1,000,000 vested (2024-05-01);
    # restated on the 10:1 basis of 2025-06-30: 300,000, 100,000 exercisable, 200,000 unvested
    rows, _ = ok_json_securities_restated("2024-12-31")
    options = rows["options-2024"]
    assert (options["count"], options["exercisable"], options["unvested"]) == (
        300_000,
        100_000,
        200_000,
    )


def ok_json_securities_restated(day: str):
    document = ok_json("securities", EXAMPLE, "--as-of", day, "--restate")
    return {row["series"]: row for row in document["series"]}, document["share_counts"]


def test_a_grants_hold_restricts_the_shares_its_exercise_issues(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(VESTING))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2020-09-01
        end: 2021-01-05
        price: {constant: 0.50}
        events:
          - {date: 2020-10-01, series: options-2020, count: 50000}
        """,
    )
    timeline = {r["date"]: r for r in ok_json("run", path)["timeline"]}
    # exercised within the grant's 4-month hold, the 50,000 shares are restricted to 2021-01-01
    assert (timeline["2020-10-01"]["basic"], timeline["2020-10-01"]["restricted"]) == (
        11_050_000,
        50_000,
    )
    assert timeline["2021-01-02"]["restricted"] == 0


def test_an_exercise_before_the_first_vesting_date_is_located_at_its_date(write):
    later = VESTING.replace("2020-09-01, fraction: 25%", "2020-12-01, fraction: 25%")
    path = book(write, later.split("      - {date: 2021-01-10")[0])
    path.write_text(
        path.read_text() + "  - {date: 2020-10-01, exercise: options-2020, count: 1000}\n"
    )
    assert problems(path) == [
        "ledger[1].date: options-2020 may not be exercised before its first vesting date"
        " (got 2020-10-01; expected a day from 2020-12-01)"
    ]


def test_a_scenario_exercises_only_what_has_vested(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(VESTING))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2021-06-30
        end: 2022-12-31
        price: {constant: 0.50}
        exercise:
          policy: when_in_the_money
          series: {t/warrants: {policy: never}, t/finder-options: {policy: never},
                   options-2019: {policy: never}}
        events:
          - {date: 2021-10-01, series: options-2020}
        """,
    )
    document = ok_json("run", path)
    # the policy's one occasion, on the first day: the 100,000 vested less the 60,000 the
    # ledger exercised; the event for all of them on 2021-10-01: 200,000 vested less the
    # 100,000 exercised; the 50,000 left vest on 2022-09-01 but have no occasion left
    assert [(e["date"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2021-06-30", 40_000, "8800.00"),
        ("2021-10-01", 100_000, "22000.00"),
    ]
    rows, _ = securities(path, "2021-12-31")
    options = rows["options-2020"]
    assert (options["count"], options["exercisable"], options["unvested"]) == (50_000, 0, 50_000)
    rows, _ = securities(path, "2022-09-01")
    assert (rows["options-2020"]["exercisable"], rows["options-2020"]["unvested"]) == (50_000, 0)


def test_a_price_path_does_not_accelerate_what_the_ledger_records(write):
    # the units' warrants may be accelerated at 0.30 for 10 trading days; at 0.50 a projection
    # would give notice within a fortnight of the closing and void them in April 2024, losing the
    # exercises the ledger records. Its days count only after the ledger's last entry in the
    # scenario (2025-04-15), by when the recorded notice had ended them on 2025-03-05.
    path = write(
        "scenario.yaml",
        f"""
        book: {EXAMPLE}
        start: 2024-03-15
        end: 2025-06-29
        price: {{constant: 0.50}}
        """,
    )
    document = ok_json("run", path)
    assert [(e["date"], e["count"], e["proceeds"]) for e in document["exercises"]] == [
        ("2024-07-15", 1_500_000, "225000.00"),
        ("2024-11-01", 700_000, "70000.00"),
        ("2025-03-05", 8_000_000, "1200000.00"),
    ]
    summary = document["summary"]
    # the continuity's 57,700,000 at the end of 2024 + 8,000,000; fully diluted + warrants-2022's
    # 5,000,000 + options-2021's 1,750,000 + options-2024's 2,800,000
    assert (summary["basic_end"], summary["fully_diluted_end"]) == (65_700_000, 75_250_000)
    assert summary["exercise_proceeds"] == "1495000.00"
