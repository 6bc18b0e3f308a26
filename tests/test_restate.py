"""Restating on the latest basis, continuity by series, and convertibles (issue 13).

The books are tests/test_ledger.py's, worked by hand there: tranche t closed
2020-01-15 with 1,000,000 units of a share and a warrant (0.30 for 12 months,
then 0.40 to 2022-01-15) and 100,000 finder's options into units at 0.20; a
base of 10,000,000 before it; options-2019: 500,000 at 0.25 to 2024-06-01.
The debentures cd: 500,000 principal from 2020-03-01, converting at 0.25 for
12 months, then 0.30 to 2022-03-01. seeds/example-ledger.yaml is the README's.
"""

import textwrap
from datetime import date, timedelta
from decimal import Decimal

import yaml
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ledger import (
    BOOK,
    CONSOLIDATED,
    DEBENTURE,
    EXAMPLE,
    book,
    ledgers,
    ok_json,
    problems,
    securities,
)


def schedule(path, first: str, last: str, *options: str) -> dict[tuple[str, str], tuple]:
    document = ok_json("continuity", path, "--from", first, "--to", last, *options)
    return {
        (row["security"], row["movement"]): (row["count"], row["waep"], row["value"])
        for row in document["continuity"]
    }


# the example ledger's fiscal years on the basis after its 10:1 consolidation of 2025-06-30


def test_the_example_ledgers_fiscal_2024_restated():
    lines = schedule(EXAMPLE, "2023-12-31", "2024-12-31", "--restate")
    assert lines == {
        # basic after each change, then / 10: 40,000,000 -> 4,000,000; + 10,000,000 units =
        # 50,000,000 -> 5,000,000; + 1,500,000 -> 5,150,000; + 5,000,000 converted -> 5,650,000;
        # + 700,000 -> 5,720,000; + 500,000 for debt -> 5,770,000
        ("common shares", "opening"): (4_000_000, None, None),
        ("common shares", "placements"): (1_000_000, None, None),
        ("common shares", "exercises"): (220_000, None, None),
        ("common shares", "other issuances"): (50_000, None, None),
        ("common shares", "conversions"): (500_000, None, None),
        ("common shares", "closing"): (5_770_000, None, None),
        # warrants-2022: 5,000,000 / 10 = 500,000 at 0.25 x 10 = 2.50 (1,250,000.00); the units'
        # 10,000,000 -> 1,000,000 at 1.50; 8,500,000 left -> 850,000, so -150,000 at 1.50;
        # 2,525,000.00 / 1,350,000 = 1.87037... -> 1.8704: the same money, a tenth the count
        ("warrants", "opening"): (500_000, "2.50", "1250000.00"),
        ("warrants", "placements"): (1_000_000, "1.50", "1500000.00"),
        ("warrants", "exercises"): (-150_000, "1.50", "-225000.00"),
        ("warrants", "closing"): (1_350_000, "1.8704", "2525000.00"),
        ("finder's options", "opening"): (0, None, "0.00"),
        ("finder's options", "finder's securities"): (70_000, "1.00", "70000.00"),
        ("finder's options", "exercises"): (-70_000, "1.00", "-70000.00"),
        ("finder's options", "closing"): (0, None, "0.00"),
        # 200,000 at 2.00; + 300,000 at 1.20; 1,750,000 left -> 175,000, so -25,000 at 2.00;
        # 710,000.00 / 475,000 = 1.49473... -> 1.4947
        ("options", "opening"): (200_000, "2.00", "400000.00"),
        ("options", "grants"): (300_000, "1.20", "360000.00"),
        ("options", "forfeitures"): (-25_000, "2.00", "-50000.00"),
        ("options", "closing"): (475_000, "1.4947", "710000.00"),
        # 500,000.00 at 0.10 x 10 = 1.00 converts into 500,000 shares
        ("convertible debentures", "opening"): (0, None, None),
        ("convertible debentures", "placements"): (500_000, "1.00", None),
        ("convertible debentures", "conversions"): (-500_000, "1.00", None),
        ("convertible debentures", "closing"): (0, None, None),
    }


def test_the_example_ledgers_fiscal_2025_restated_has_no_consolidation_line():
    lines = schedule(EXAMPLE, "2024-12-31", "2025-12-31", "--restate")
    assert lines == {
        # 5,770,000 (2024's restated close) + 8,000,000 / 10 exercised; the consolidation moves
        # nothing on its own basis; + 300,000 for the property, after it = 6,870,000, as reported
        ("common shares", "opening"): (5_770_000, None, None),
        ("common shares", "exercises"): (800_000, None, None),
        ("common shares", "other issuances"): (300_000, None, None),
        ("common shares", "closing"): (6_870_000, None, None),
        # 8,500,000 - 8,000,000 = 500,000 -> 50,000, so -800,000 at 1.50; the 50,000 lapse at 1.50
        # (75,000.00) and warrants-2022's 500,000 at 2.50 (1,250,000.00): 1,325,000.00 / 550,000
        ("warrants", "opening"): (1_350_000, "1.8704", "2525000.00"),
        ("warrants", "exercises"): (-800_000, "1.50", "-1200000.00"),
        ("warrants", "expiries"): (-550_000, "2.4091", "-1325000.00"),
        ("warrants", "closing"): (0, None, "0.00"),
        # options-2024: 3,000,000 - 200,000 = 2,800,000 -> 280,000, so -20,000 at 1.20
        ("options", "opening"): (475_000, "1.4947", "710000.00"),
        ("options", "grants"): (400_000, "1.50", "600000.00"),
        ("options", "cancellations"): (-20_000, "1.20", "-24000.00"),
        ("options", "closing"): (855_000, "1.5041", "1286000.00"),
        # the debentures converted in 2024: no section
    }


def test_the_heading_says_which_basis_is_shown():
    def basis(*options: str) -> str | None:
        document = ok_json("continuity", EXAMPLE, *options)
        return document.get("basis")

    assert basis("--from", "2023-12-31", "--to", "2024-12-31") == (
        "as reported: days before the 10:1 consolidation of 2025-06-30 on their own basis"
        " (--restate for the latest)"
    )
    assert basis("--from", "2023-12-31", "--to", "2024-12-31", "--restate") == (
        "restated on the basis after the 10:1 consolidation of 2025-06-30"
    )
    # after the consolidation every day is on the latest basis already: nothing to say
    assert basis("--from", "2025-06-30", "--to", "2025-12-31", "--restate") is None
    shown = run("securities", EXAMPLE, "--as-of", "2024-12-31", "--restate").stdout
    assert "basis: restated on the basis after the 10:1 consolidation of 2025-06-30" in shown


def test_securities_restated_on_the_latest_basis():
    document = ok_json(
        "securities", EXAMPLE, "--as-of", "2024-12-31", "--restate", "--price", "2.00"
    )
    rows = {
        r["series"]: (r["count"], r["price_in_force"], r["in_the_money"])
        for r in document["series"]
    }
    # the 2024-12-31 counts / 10 and prices x 10; 2.00 is a share price on the new basis
    assert rows == {
        "2024-03-units/warrants": (850_000, "1.50", True),
        "options-2021": (175_000, "2.00", False),
        "warrants-2022": (500_000, "2.50", False),
        "options-2024": (300_000, "1.20", True),
    }
    counts = document["share_counts"]
    # 57,700,000 / 10; + 1,825,000 on exercise; treasury: (850,000 x 0.50 + 300,000 x 0.80)
    # / 2.00 = 332,500 more
    assert (counts["basic"], counts["fully_diluted"], counts["tsm_diluted"]) == (
        5_770_000,
        7_595_000,
        6_102_500,
    )


def test_a_restated_day_is_what_the_consolidation_leaves_if_nothing_else_happens(write):
    # a 3:1 consolidation on 2020-09-01, after one exercise: restated per series, rounded down
    path = book(
        write,
        """
        ledger:
          - {date: 2020-06-01, exercise: t/warrants, count: 200000}
          - {date: 2020-09-01, consolidate: 3}
        """,
    )
    restated = ok_json("securities", path, "--as-of", "2020-06-30", "--restate")
    after = ok_json("securities", path, "--as-of", "2020-09-01")
    for document in (restated, after):
        rows = {r["series"]: (r["count"], r["price_in_force"]) for r in document["series"]}
        # 800,000 / 3 = 266,666 at 0.90; 100,000 / 3 = 33,333 at 0.60; 500,000 / 3 = 166,666
        # at 0.75; basic 11,200,000 / 3 = 3,733,333; fully diluted + 266,666 + 33,333 x 2 (each
        # option brings a share and a unit warrant) + 166,666
        assert rows == {
            "t/warrants": (266_666, "0.90"),
            "t/finder-options": (33_333, "0.60"),
            "options-2019": (166_666, "0.75"),
        }
        counts = document["share_counts"]
        assert (counts["basic"], counts["fully_diluted"]) == (3_733_333, 4_233_331)
    lines = schedule(path, "2019-12-31", "2020-06-30", "--restate")
    # the running count, / 3 after each change: 1,000,000 -> 333,333 at 0.90 (299,999.70);
    # 800,000 -> 266,666, so the exercise is -66,667 (-60,000.30); 266,666 x 0.90 = 239,999.40
    assert lines[("warrants", "placements")] == (333_333, "0.90", "299999.70")
    assert lines[("warrants", "exercises")] == (-66_667, "0.90", "-60000.30")
    assert lines[("warrants", "closing")] == (266_666, "0.90", "239999.40")
    # basic: 10,000,000 -> 3,333,333; 11,000,000 -> 3,666,666; 11,200,000 -> 3,733,333
    assert lines[("common shares", "opening")] == (3_333_333, None, None)
    assert lines[("common shares", "placements")] == (333_333, None, None)
    assert lines[("common shares", "exercises")] == (66_667, None, None)
    assert lines[("common shares", "closing")] == (3_733_333, None, None)


def test_a_scenarios_securities_restated_with_its_own_price(write):
    write("book.yaml", textwrap.dedent(BOOK) + textwrap.dedent(CONSOLIDATED))
    path = write(
        "scenario.yaml",
        """
        book: book.yaml
        start: 2020-12-31
        end: 2021-06-30
        price: {constant: 0.50}
        exercise: {policy: never}
        """,
    )
    document = ok_json("securities", path, "--as-of", "2021-03-31", "--restate")
    rows = {r["series"]: (r["count"], r["price_in_force"]) for r in document["series"]}
    # the ledger's 2021-09-01 10:1 consolidation, after the scenario: 700,000 warrants at 0.40
    # -> 70,000 at 4.00; 40,000 unit warrants -> 4,000; options 400,000 -> 40,000, 250,000 ->
    # 25,000; the scenario's 0.50 -> 5.00
    assert rows == {
        "t/warrants": (70_000, "4.00"),
        "t/finder-options": (6_000, "2.00"),
        "t/finder-unit-warrants": (4_000, "4.00"),
        "options-2019": (40_000, "2.50"),
        "options-2020": (25_000, "2.20"),
    }
    counts = document["share_counts"]
    # treasury at 5.00, (count x (P - K)) summed: 70,000 x 1.00; the options into units
    # 6,000 x 3.00 and the 6,000 warrants they bring x 1.00; 4,000 x 1.00; 40,000 x 2.50;
    # 25,000 x 2.80: 70,000 + 18,000 + 6,000 + 4,000 + 100,000 + 70,000 = 268,000.00 / 5.00
    assert counts["tsm_diluted"] == 1_159_000 + 53_600


def test_a_split_restates_prices_to_its_stated_step(write):
    path = book(write, "ledger:\n  - {date: 2021-09-01, split: 3, prices_to: 0.001}\n")
    rows, _ = securities(path, "2021-06-30")
    assert rows["t/warrants"]["price_in_force"] == "0.40"
    document = ok_json("securities", path, "--as-of", "2021-06-30", "--restate")
    rows = {r["series"]: (r["count"], r["price_in_force"]) for r in document["series"]}
    # x 3, and 0.40 / 3 = 0.1333... -> 0.133, 0.20 / 3 -> 0.067, 0.25 / 3 -> 0.083
    assert rows == {
        "t/warrants": (3_000_000, "0.133"),
        "t/finder-options": (300_000, "0.067"),
        "options-2019": (1_500_000, "0.083"),
    }
    assert document["share_counts"]["basic"] == 33_000_000


def test_continuity_restated_across_a_consolidation_in_the_range(write):
    lines = schedule(book(write, CONSOLIDATED), "2019-12-31", "2020-12-31", "--restate")
    # the 2021-09-01 10:1 consolidation, on tests/test_ledger.py's fiscal 2020: every running
    # count / 10 and price x 10: 1,000,000 units' warrants -> 100,000 at 3.00; 800,000 after
    # the exercise -> 80,000; the 40,000 unit warrants -> 4,000
    assert lines[("warrants", "placements")] == (100_000, "3.00", "300000.00")
    assert lines[("warrants", "finder's securities")] == (4_000, "3.00", "12000.00")
    assert lines[("warrants", "exercises")] == (-20_000, "3.00", "-60000.00")
    assert lines[("warrants", "closing")] == (84_000, "3.00", "252000.00")
    # 500,000 -> 50,000 at 2.50; + 30,000 at 2.20; 400,000 -> 40,000: 166,000.00 / 70,000
    assert lines[("options", "closing")] == (70_000, "2.3714", "166000.00")
    # 10,000,000 -> 1,000,000; + 100,000; + 20,000 + 4,000 exercised; + 25,000 for debt
    assert lines[("common shares", "exercises")] == (24_000, None, None)
    assert lines[("common shares", "closing")] == (1_149_000, None, None)
    # the next year's restated opening is this close; it ends as reported
    later = schedule(book(write, CONSOLIDATED), "2020-12-31", "2021-12-31", "--restate")
    plain = schedule(book(write, CONSOLIDATED), "2020-12-31", "2021-12-31")
    assert later[("warrants", "opening")] == (84_000, "3.00", "252000.00")
    assert ("warrants", "consolidation") not in later
    assert later[("warrants", "closing")] == plain[("warrants", "closing")]
    assert later[("common shares", "closing")] == plain[("common shares", "closing")]


def test_a_split_that_rounds_a_price_to_nothing_is_a_located_error(write):
    path = book(write, "ledger:\n  - {date: 2021-09-01, split: 50}\n")
    # 0.20 / 50 = 0.004, to the cent 0.00
    assert problems(path) == [
        "ledger[0].prices_to: the split rounds t/finder-options's price of 0.20 to 0.00"
        " (expected a finer prices_to, such as 0.0001)"
    ]
    assert run("securities", path, "--as-of", "2021-12-31").code == 2


def test_value_restated_on_the_latest_basis(write):
    document = ok_json(
        "value",
        EXAMPLE,
        "--as-of",
        "2024-12-31",
        "--price",
        "2.00",
        "--volatility",
        "0.8",
        "--restate",
    )
    rows = {r["series"]: (r["count"], r["price_in_force"]) for r in document["series"]}
    assert rows["2024-03-units/warrants"] == (850_000, "1.50")
    # Hull's N is the shares outstanding that day on the new basis: 57,700,000 / 10
    assert document["shares_outstanding"] == 5_770_000


# continuity --by series


def by_series(path, first: str, last: str, *options: str):
    document = ok_json(
        "continuity", path, "--from", first, "--to", last, "--by", "series", *options
    )
    return document["continuity"], document["series"]


def test_by_series_lists_each_series_at_the_close_and_foots_to_the_class():
    lines, rows = by_series(EXAMPLE, "2023-12-31", "2024-12-31")
    assert [
        (r["security"], r["series"], r["count"], r["price"], r["expiry"], r["remaining_life"])
        for r in rows
    ] == [
        # 439 days to 2026-03-15 / 365 = 1.20; 274 days to the extended 2025-10-01 = 0.75
        ("warrants", "2024-03-units/warrants", 8_500_000, "0.15", "2026-03-15", "1.20"),
        ("warrants", "warrants-2022", 5_000_000, "0.25", "2025-10-01", "0.75"),
        # 517 days = 1.42; 1,582 days = 4.33
        ("options", "options-2021", 1_750_000, "0.20", "2026-06-01", "1.42"),
        ("options", "options-2024", 3_000_000, "0.12", "2029-05-01", "4.33"),
    ]
    closing = {r["security"]: r for r in lines if r["movement"] == "closing"}
    for security in ("warrants", "options"):
        mine = [r for r in rows if r["security"] == security]
        assert sum(r["count"] for r in mine) == closing[security]["count"]
        assert sum(Decimal(r["value"]) for r in mine) == Decimal(closing[security]["value"])


def test_convertibles_step_up_consolidate_and_convert(write):
    ledger = """
        ledger:
          - {date: 2020-09-01, convert: cd, principal: 100000}
          - {date: 2021-09-01, consolidate: 10}
          - {date: 2021-10-01, convert: cd, principal: 150000}
    """
    path = write(
        "debenture.yaml",
        textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + textwrap.dedent(ledger),
    )
    assert run("check", path).code == 0
    lines = schedule(path, "2019-12-31", "2021-12-31")
    debentures = {m: v for (s, m), v in lines.items() if s == "convertible debentures"}
    assert debentures == {
        "opening": (0, None, None),
        # 500,000.00 / 0.25 = 2,000,000 shares on issue; 100,000.00 of it converted, -400,000
        "placements": (2_000_000, "0.25", None),
        # the 400,000.00 left at 0.30 from the step: floor(1,333,333.3) - 1,600,000 = -266,667;
        # at 3.00 from the consolidation: floor(133,333.3) - 1,333,333 = -1,200,000
        "step-ups": (-266_667, None, None),
        "consolidation": (-1_200_000, None, None),
        # 150,000.00 at 3.00: 250,000.00 left -> floor(83,333.3) = 83,333, so -50,000
        "conversions": (-450_000, "0.5556", None),
        "closing": (83_333, "3.00", None),
    }
    document = ok_json("continuity", path, "--from", "2019-12-31", "--to", "2021-12-31")
    principal = {
        r["movement"]: r["principal"]
        for r in document["continuity"]
        if r["security"] == "convertible debentures"
    }
    assert principal == {
        "opening": "0.00",
        "placements": "500000.00",
        "step-ups": "0.00",
        "consolidation": "0.00",
        "conversions": "-250000.00",
        "closing": "250000.00",
    }
    # shares: 100,000 / 0.25 = 400,000 converted; 150,000 / 3.00 = 50,000 after the consolidation
    assert lines[("common shares", "conversions")] == (450_000, None, None)
    _, rows = by_series(path, "2019-12-31", "2021-12-31")
    assert [(r["series"], r["count"], r["price"], r["principal"], r["expiry"]) for r in rows][
        -1
    ] == ("cd", 83_333, "3.00", "250000.00", "2022-03-01")


# the schedule foots, restated or not, over random ledgers with a consolidation or split


@st.composite
def rebased_ledgers(draw):
    """A random ledger, then one or two consolidations or splits after it, and conversions."""
    entries, as_of = draw(ledgers())
    last = max((entry["date"] for entry in entries), default=date(2020, 1, 15))
    for _ in range(draw(st.integers(1, 2))):
        last += timedelta(days=draw(st.integers(1, 200)))
        kind = draw(st.sampled_from(["consolidate", "split"]))
        entry: dict = {"date": last, kind: draw(st.sampled_from([2, 3, 7, 10]))}
        if kind == "split" or draw(st.booleans()):
            entry["prices_to"] = 0.001  # two splits of 10 take 0.15 to 0.0015
        entries.append(entry)
    left = 500_000
    for _ in range(draw(st.integers(0, 2))):
        amount = draw(st.integers(1, left)) if left > 1 else 0
        if not amount:
            break
        day = date(2020, 3, 1) + timedelta(days=draw(st.integers(0, 730)))
        entries.append({"date": day, "convert": "cd", "principal": amount})
        left -= amount
    return entries, as_of


def foots(rows: list[dict]) -> None:
    by_class: dict[str, list[dict]] = {}
    for row in rows:
        by_class.setdefault(row["security"], []).append(row)
    for found in by_class.values():
        opening, *movements, closing = found
        assert (opening["movement"], closing["movement"]) == ("opening", "closing")
        assert opening["count"] + sum(r["count"] for r in movements) == closing["count"]
        for key in ("value", "principal"):
            if closing[key] is not None:
                money = [Decimal(r[key]) for r in [opening, *movements]]
                assert sum(money) == Decimal(closing[key])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rebased_ledgers(), st.integers(0, 900), st.booleans())
def test_the_schedule_foots_restated_or_not_and_by_series(write, drawn, span, restate):
    entries, first = drawn
    last = first + timedelta(days=span)
    text = yaml.safe_dump({"ledger": entries}, sort_keys=False)
    path = write("random.yaml", textwrap.dedent(BOOK) + textwrap.dedent(DEBENTURE) + text)
    options = ["--restate"] if restate else []
    lines, rows = by_series(path, first.isoformat(), last.isoformat(), *options)
    foots(lines)
    closing = {r["security"]: r for r in lines if r["movement"] == "closing"}
    for security, line in closing.items():
        mine = [r for r in rows if r["security"] == security]
        if security != "common shares":
            assert sum(r["count"] for r in mine) == line["count"]
        if line["value"] is not None and security != "common shares":
            assert sum(Decimal(r["value"]) for r in mine) == Decimal(line["value"])
        if line["principal"] is not None:
            assert sum(Decimal(r["principal"]) for r in mine) == Decimal(line["principal"])
    # the close, per series and in basic, is the securities table of the day on the same basis
    document = ok_json("securities", path, "--as-of", last.isoformat(), *options)
    assert {r["series"]: r["count"] for r in document["series"]} == {
        r["series"]: r["count"] for r in rows
    }
    assert document["share_counts"]["basic"] == closing["common shares"]["count"]


def test_restating_without_a_later_consolidation_changes_nothing(write):
    path = book(write, CONSOLIDATED)
    # the 2021-09-01 consolidation is inside neither range's days after it: the same figures
    for first, last in (("2021-09-01", "2021-12-31"), ("2021-12-31", "2022-12-31")):
        plain = ok_json("continuity", path, "--from", first, "--to", last, "--by", "series")
        restated = ok_json(
            "continuity", path, "--from", first, "--to", last, "--by", "series", "--restate"
        )
        assert restated == plain
        assert "basis" not in plain
    plain = ok_json("securities", path, "--as-of", "2021-12-31", "--price", "5.00")
    assert ok_json("securities", path, "--as-of", "2021-12-31", "--price", "5.00", "--restate") == (
        plain
    )
