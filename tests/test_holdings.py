"""A fund's holdings: the bundled example's every figure, worked out by hand, and bad files.

The example fund (placements/examples/holdings.yaml) holds, of Rocmec,
600,000 units of 2007-09-ft (one share and half a warrant each: 600,000
shares, 300,000 warrants at 0.30 then 0.35), 1,000,000 units of
2007-11-mf-t4 (1,000,000 shares and 1,000,000 warrants at 0.25 then 0.30)
and 250,000 more of those warrants bought on 2008-04-15; of Example Ledger,
2,000,000 units of 2024-03-units and 500,000 warrants-2022. Rocmec is marked
at 0.22 from 2007-09-21, 0.34 from 2008-06-30 and 0.31 from 2008-12-31, at
80% volatility; the rate is 3%.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, run
from hypothesis import given, settings
from hypothesis import strategies as st

import placements.api as pl

FUND = ROOT / "placements" / "examples" / "holdings.yaml"
RMI = ROOT / "seeds" / "rocmec.yaml"
EXL = ROOT / "seeds" / "example-ledger.yaml"


def positions(as_of: str, *more: str) -> dict[str, dict]:
    result = run("holdings", FUND, "--as-of", as_of, "-f", "json", *more)
    assert result.code == 0, result.stderr
    return {row["position"]: row for row in result.json()["positions"]}


def report(as_of: str, *more: str) -> dict:
    result = run("holdings", FUND, "--as-of", as_of, "-f", "json", *more)
    assert result.code == 0, result.stderr
    return result.json()


# what is held, and free


def test_units_are_the_tranches_shares_and_whole_warrants():
    held = positions("2007-11-30")
    assert set(held) == {"rmi-ft", "rmi-mf"}  # the others were acquired later
    assert (held["rmi-ft"]["shares"], held["rmi-ft"]["warrants"]) == (600000, 300000)
    assert (held["rmi-mf"]["shares"], held["rmi-mf"]["warrants"]) == (1000000, 1000000)
    assert held["rmi-ft"]["series"] == "2007-09-ft/warrants"


def test_free_trading_splits_follow_each_tranches_hold():
    # 2007-09-ft: four months and a day, free from 2008-01-22; 2007-11-mf-t4: until 2008-03-23
    before = positions("2008-01-21")
    assert (before["rmi-ft"]["free_shares"], before["rmi-ft"]["frees_on"]) == (0, "2008-01-22")
    between = positions("2008-02-15")
    assert (between["rmi-ft"]["free_shares"], between["rmi-ft"]["free_warrants"]) == (
        600000,
        300000,
    )
    assert between["rmi-ft"]["frees_on"] is None
    assert (between["rmi-mf"]["free_shares"], between["rmi-mf"]["free_warrants"]) == (0, 0)
    assert between["rmi-mf"]["frees_on"] == "2008-03-23"
    after = positions("2008-03-23")
    assert after["rmi-mf"]["free_shares"] == 1000000
    exl = positions("2024-06-30")
    assert (exl["exl-units"]["shares"], exl["exl-units"]["free_shares"]) == (2000000, 0)
    assert exl["exl-units"]["frees_on"] == "2024-07-16"
    assert exl["exl-w22"]["free_warrants"] == 500000  # older warrants, no hold


def test_price_in_force_next_step_up_and_expiry():
    held = positions("2008-06-30")
    ft = held["rmi-ft"]
    assert (ft["price_in_force"], ft["next_price"], ft["next_step_up"]) == (
        "0.30",
        "0.35",
        "2008-09-22",
    )
    assert (ft["expiry"], ft["days_to_expiry"]) == ("2009-09-21", 448)
    mf = held["rmi-mf-w"]
    assert (mf["price_in_force"], mf["next_step_up"], mf["expiry"]) == (
        "0.25",
        "2008-11-23",
        "2009-11-22",
    )
    assert mf["days_to_expiry"] == 510


def test_expired_warrants_leave_the_shares():
    held = positions("2024-06-30")
    assert (held["rmi-mf"]["shares"], held["rmi-mf"]["warrants"]) == (1000000, 0)
    assert held["rmi-mf"]["expiry"] is None
    assert held["rmi-mf"]["warrant_value"] == "0.00"


# values: exactly placements value's


def value_of(book: Path, as_of: str, price: str, volatility: str) -> dict[str, dict]:
    result = run(
        "value", book, "--as-of", as_of, "--price", price, "--volatility", volatility, "-f", "json"
    )
    assert result.code == 0, result.stderr
    return {row["series"]: row for row in result.json()["series"]}


def test_values_per_warrant_are_placements_values():
    held = positions("2008-06-30")
    book = value_of(RMI, "2008-06-30", "0.34", "0.8")
    for position, series in (
        ("rmi-ft", "2007-09-ft/warrants"),
        ("rmi-mf", "2007-11-mf-t4/warrants"),
        ("rmi-mf-w", "2007-11-mf-t4/warrants"),
    ):
        row = held[position]
        assert row["value"] == book[series]["value"]
        assert row["plain_value"] == book[series]["plain_value"]
        value = Decimal(str(book[series]["value"]))
        assert Decimal(row["warrant_value"]) == (row["warrants"] * value).quantize(Decimal("0.01"))
        intrinsic = Decimal(str(book[series]["intrinsic"]))
        assert Decimal(row["intrinsic_value"]) == row["warrants"] * intrinsic


def test_values_with_dilution_and_an_estimated_volatility_are_placements_values():
    result = report("2024-06-30")
    prices = {row["issuer"]: row for row in result["prices"]}
    assert prices["EXL"]["estimated"] is True
    assert (prices["EXL"]["price"], prices["EXL"]["price_date"]) == ("0.103", "2024-06-28")
    volatility = str(prices["EXL"]["volatility"])
    assert volatility == "0.751547"
    book = value_of(EXL, "2024-06-30", "0.103", volatility)
    held = {row["position"]: row for row in result["positions"]}
    for position, series in (("exl-units", "2024-03-units/warrants"), ("exl-w22", "warrants-2022")):
        assert held[position]["value"] == book[series]["value"]
        assert held[position]["value"] < held[position]["plain_value"]  # Hull's dilution


def test_the_volatility_is_estimated_from_closes_up_to_the_day_only():
    early = {row["issuer"]: row for row in report("2024-03-29")["prices"]}
    late = {row["issuer"]: row for row in report("2024-06-30")["prices"]}
    assert early["EXL"]["volatility"] != late["EXL"]["volatility"]
    assert early["EXL"]["price_date"] == "2024-03-29"


# cost, gain and totals


def test_gain_at_the_share_price_and_totals_by_issuer_and_fund():
    result = report("2008-06-30")
    held = {row["position"]: row for row in result["positions"]}
    # 600,000 x 0.34 + 300,000 x (0.34 - 0.30) = 216,000.00, less the cost of 120,000
    assert (held["rmi-ft"]["market_value"], held["rmi-ft"]["gain"]) == ("216000.00", "96000.00")
    assert (held["rmi-mf"]["market_value"], held["rmi-mf"]["gain"]) == ("430000.00", "250000.00")
    assert (held["rmi-mf-w"]["market_value"], held["rmi-mf-w"]["gain"]) == ("22500.00", "17500.00")
    (issuer,) = result["issuers"]
    assert (issuer["issuer"], issuer["positions"], issuer["cost"]) == ("TSXV:RMI", 3, "305000.00")
    assert (issuer["market_value"], issuer["gain"]) == ("668500.00", "363500.00")
    totals = pl.holdings(FUND, date(2008, 6, 30)).totals("issuers")
    assert totals["gain"] == Decimal("363500.00")
    assert totals["shares"] == 1600000
    assert totals["warrants"] == 1550000


def test_the_holders_ledger_exercises_and_sells():
    # 300,000 warrants exercised at 0.30 on 2008-09-19 (90,000.00), 200,000 shares sold at 0.38
    held = positions("2008-12-31")["rmi-ft"]
    assert (held["shares"], held["warrants"]) == (700000, 0)
    assert (held["paid"], held["sold"]) == ("90000.00", "76000.00")
    # 700,000 x 0.31 + 76,000 - 120,000 - 90,000
    assert (held["market_value"], held["gain"]) == ("217000.00", "83000.00")
    # the issuer's book is not changed: its series still counts all 900,000
    book = value_of(RMI, "2008-12-31", "0.31", "0.8")
    assert book["2007-09-ft/warrants"]["count"] == 900000


def test_two_issuers_totals():
    result = report("2024-06-30")
    issuers = {row["issuer"]: row for row in result["issuers"]}
    assert set(issuers) == {"TSXV:RMI", "EXL"}
    assert issuers["EXL"]["shares"] == 2000000
    assert issuers["EXL"]["warrants"] == 2500000
    assert issuers["EXL"]["cost"] == "210000.00"
    totals = pl.holdings(FUND, date(2024, 6, 30)).totals("issuers")
    assert totals["positions"] == 5
    assert totals["cost"] == Decimal("515000.00")


# liquidity and the exercise plan


def test_liquidity_month_by_month():
    result = report("2007-12-31", "--liquidity")
    months = [(r["month"], r["shares"], r["warrants"], r["value"]) for r in result["months"]]
    assert months == [
        ("2008-01", 600000, 300000, "132000.00"),  # 600,000 x 0.22
        ("2008-03", 1000000, 1000000, "220000.00"),
    ]
    assert [r["cumulative_shares"] for r in result["months"]] == [600000, 1600000]
    assert result["free_shares"] == 0
    days = [(r["day"], r["position"]) for r in result["freeing"]]
    assert days == [("2008-01-22", "rmi-ft"), ("2008-03-23", "rmi-mf")]


def test_liquidity_of_the_example_ledger_units():
    result = report("2024-06-30", "--liquidity")
    assert [(r["month"], r["shares"], r["value"]) for r in result["months"]] == [
        ("2024-07", 2000000, "206000.00")  # 2,000,000 x 0.103
    ]
    assert result["free_shares"] == 1700000  # Rocmec's, long free


def test_exercise_plan_within_ninety_days():
    result = report("2008-06-30", "--exercise-plan", "--horizon", "90")
    (row,) = result["exercises"]
    assert (row["position"], row["last_day"], row["event"]) == ("rmi-ft", "2008-09-21", "step-up")
    assert (row["warrants"], row["cash"], row["shares"]) == (300000, "90000.00", 300000)
    weeks = result["weeks"]
    assert weeks[0]["week"] == "2008-06-30" and weeks[-1]["week"] == "2008-09-22"
    due = [(w["week"], w["cash"]) for w in weeks if w["cash"] != "0.00"]
    assert due == [("2008-09-15", "90000.00")]
    assert weeks[-1]["cumulative_cash"] == "90000.00"


def test_exercise_plan_over_a_longer_horizon():
    result = report("2008-06-30", "--exercise-plan", "--horizon", "150")
    rows = [(r["position"], r["last_day"], r["cash"]) for r in result["exercises"]]
    assert rows == [
        ("rmi-ft", "2008-09-21", "90000.00"),
        ("rmi-mf", "2008-11-22", "250000.00"),
        ("rmi-mf-w", "2008-11-22", "62500.00"),
    ]
    due = [(w["week"], w["cash"]) for w in result["weeks"] if w["cash"] != "0.00"]
    assert due == [("2008-09-15", "90000.00"), ("2008-11-17", "312500.00")]
    assert result["weeks"][-1]["cumulative_cash"] == "402500.00"


def test_out_of_the_money_warrants_are_left_out():
    # on 2007-12-31 Rocmec is at 0.22, below both exercise prices
    result = report("2007-12-31", "--exercise-plan", "--horizon", "365")
    assert result["exercises"] == []


# the fund's calendar


def test_the_funds_calendar_has_its_own_counts(tmp_path):
    result = run("calendar", FUND, "-f", "json")
    assert result.code == 0, result.stderr
    events = [(e["date"], e["event"], e["subject"], e["count"]) for e in result.json()["events"]]
    assert ("2008-03-23", "free trading", "2007-11-mf-t4", 1000000) in events
    assert ("2008-11-22", "step-up", "2007-11-mf-t4/warrants", 1250000) in events
    # extended to 2025-10-01 and consolidated 10:1 on 2025-06-30 by the issuer's ledger
    assert ("2025-10-01", "expiry", "warrants-2022", 50000) in events
    assert ("2025-06-30", "consolidate", "common shares", None) in events
    assert ("2024-07-15", "exercise", "2024-03-units/warrants", 1500000) in events  # the issuer's
    assert not any(e[2].endswith("finder-options") or e[2].startswith("options") for e in events)
    feed = tmp_path / "fund.ics"
    assert run("calendar", FUND, "--format", "ics", "-o", feed).code == 0
    import icalendar

    parsed = icalendar.Calendar.from_ical(feed.read_text())
    assert len(parsed.walk("VEVENT")) == len(events) == 19


def test_check_accepts_holdings():
    result = run("check", FUND)
    assert result.code == 0, result.stderr
    assert "holdings" in result.stdout and "all clean" in result.stdout


# bad holdings


def holdings_file(tmp_path: Path, positions: str, prices: str = "", ledger: str = "") -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    for book in (RMI, EXL):
        (tmp_path / "seeds" / book.name).write_text(book.read_text())
    text = "holder: {name: Test Fund}\npositions:\n" + positions
    text += "prices:\n" + (
        prices or '  "TSXV:RMI": {points: {2007-09-21: 0.22}, volatility: 0.8}\n'
    )
    if ledger:
        text += "ledger:\n" + ledger
    path = tmp_path / "holdings.yaml"
    path.write_text(text)
    return path


def failing(path: Path, *more: str) -> list[str]:
    result = run("holdings", path, "--as-of", "2008-06-30", *more)
    assert result.code == 2, result.stdout
    assert result.stdout == "" and "Traceback" not in result.stderr
    return result.stderr.splitlines()


FT = "  - {id: a, book: seeds/rocmec.yaml, tranche: 2007-09-ft, units: 1000, cost: 200, acquired: 2007-09-21}\n"


def test_an_unknown_book_is_located(tmp_path):
    path = holdings_file(
        tmp_path,
        FT
        + "  - {id: b, book: seeds/nope.yaml, tranche: x, units: 5, cost: 1, acquired: 2008-01-01}\n",
    )
    (line,) = failing(path)
    assert line.startswith(f"{path}:4:19: positions[1].book: no such book (got seeds/nope.yaml")


def test_a_directory_is_not_a_book(tmp_path):
    path = holdings_file(
        tmp_path, "  - {id: b, book: seeds, tranche: x, units: 5, cost: 1, acquired: 2008-01-01}\n"
    )
    assert any("positions[0].book: a directory, not a book file" in line for line in failing(path))


def test_an_unknown_tranche_or_series_is_located(tmp_path):
    path = holdings_file(
        tmp_path,
        "  - {id: a, book: seeds/rocmec.yaml, tranche: 2007-09-fx, units: 5, cost: 1, acquired: 2008-01-01}\n"
        "  - {id: b, book: seeds/rocmec.yaml, series: 2007-09-ft/warrantz, warrants: 5, cost: 1, acquired: 2008-01-01}\n",
    )
    lines = failing(path)
    assert (
        f"{path}:3:47: positions[0].tranche: no tranche '2007-09-fx' in seeds/rocmec.yaml (expected one of 2007-09-ft, 2007-11-mf-t4)"
        in lines
    )
    assert any(
        line.startswith(f"{path}:4:46: positions[1].series: no series '2007-09-ft/warrantz'")
        for line in lines
    )


def test_an_unknown_ticker_is_located(tmp_path):
    path = holdings_file(
        tmp_path, FT, prices='  "TSXV:RMX": {points: {2007-09-21: 0.22}, volatility: 0.8}\n'
    )
    lines = failing(path)
    assert (
        f"{path}:5:15: prices.TSXV:RMX: unknown ticker; did you mean 'TSXV:RMI'? (got TSXV:RMX; expected the ticker of a book held: TSXV:RMI)"
        in lines
    )
    assert any("positions[0].book: no prices for TSXV:RMI" in line for line in lines)


def test_a_holding_larger_than_the_series_is_located(tmp_path):
    path = holdings_file(
        tmp_path,
        FT
        + "  - {id: b, book: seeds/rocmec.yaml, series: 2007-09-ft/warrants, warrants: 899501, cost: 1, acquired: 2008-01-01}\n",
    )
    (line,) = failing(path)
    # 500 warrants with the units, and 899,501 more: one more than the 900,000 issued
    assert line == (
        f"{path}:4:77: positions[1].warrants: the fund's 900,001 warrants of 2007-09-ft/warrants "
        "exceed the 900,000 outstanding on 2008-01-01 (got 900,001; expected at most 900,000 in all)"
    )
    assert failing(path, "--liquidity") == [line]
    assert run("check", path).code == 2


def test_more_units_than_the_tranche_sold(tmp_path):
    path = holdings_file(
        tmp_path,
        "  - {id: a, book: seeds/rocmec.yaml, tranche: 2007-09-ft, units: 1800001, cost: 1, acquired: 2007-09-21}\n",
    )
    assert any(
        "positions[0].units: the fund's units of 2007-09-ft add up to more than it sold "
        "(got 1,800,001; expected at most 1,800,000)" in line
        for line in failing(path)
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "{date: 2008-01-02, exercise: zz, count: all}",
            "ledger[0].exercise: no position 'zz' (expected one of a)",
        ),
        (
            "{date: 2008-01-10, sell: a, count: 100, price: 0.3}",
            "ledger[0].count: more than the 0 free-trading shares of a on 2008-01-10; the rest is held until 2008-01-22 (got 100; expected at most 0)",
        ),
        (
            "{date: 2008-02-10, exercise: a, count: 501}",
            "ledger[0].count: more than the 500 warrants of a held on 2008-02-10 (got 501; expected at most 500)",
        ),
        (
            "{date: 2009-09-22, exercise: a, count: all}",
            "ledger[0].date: 2007-09-ft/warrants is not outstanding on 2009-09-22",
        ),
        (
            "{date: 2008-02-10, sell: a, count: all, price: 0.3}",
            "ledger[0].count: a sale states its count",
        ),
    ],
)
def test_bad_ledger_entries_are_located(tmp_path, entry, expected):
    path = holdings_file(tmp_path, FT, ledger=f"  - {entry}\n")
    lines = failing(path)
    assert any(expected in line for line in lines), lines
    assert all(line.startswith(f"{path}:") for line in lines)


def test_no_price_before_the_day(tmp_path):
    path = holdings_file(
        tmp_path, FT, prices='  "TSXV:RMI": {points: {2008-09-01: 0.22}, volatility: 0.8}\n'
    )
    (line,) = failing(path)
    assert line == (
        f"{path}:5:15: prices.TSXV:RMI: no price on or before 2008-06-30 "
        "(expected a price dated on or before it (the first is 2008-09-01))"
    )


def test_a_price_csv_that_is_a_directory(tmp_path):
    (tmp_path / "closes").mkdir()
    path = holdings_file(tmp_path, FT, prices='  "TSXV:RMI": {csv: closes}\n')
    assert any(
        "prices.TSXV:RMI.csv: a directory, not a price file" in line for line in failing(path)
    )


def test_each_book_is_read_once(tmp_path, monkeypatch):
    import placements.load.holdings as loader

    reads = []
    real = loader.load_book_file

    def counting(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(loader, "load_book_file", counting)
    many = "".join(
        f"  - {{id: p{i}, book: seeds/rocmec.yaml, tranche: 2007-09-ft, units: 10, cost: 2, acquired: 2007-09-21}}\n"
        for i in range(20)
    )
    loaded = pl.load_holdings(holdings_file(tmp_path, many))
    assert len(reads) == 1 and len(loaded.slices) == 20


def test_the_api_frames(tmp_path):
    frame = pl.holdings(FUND, date(2008, 6, 30))["positions"]
    assert list(frame["position"]) == ["rmi-ft", "rmi-mf", "rmi-mf-w"]
    assert json.loads(pl.holdings(FUND, date(2008, 6, 30)).render("json"))["as_of"] == "2008-06-30"


def test_a_book_given_as_holdings_is_refused_in_one_line():
    result = run("holdings", RMI, "--as-of", "2008-06-30")
    assert result.code == 2
    assert result.stderr.strip() == (
        f"{RMI}:1:1: this is a book, not holdings (expected holdings: a mapping with holder and positions)"
    )


@settings(max_examples=60, deadline=None)
@given(
    units=st.integers(min_value=1, max_value=1_800_000),
    day=st.dates(min_value=date(2007, 9, 21), max_value=date(2010, 1, 1)),
)
def test_units_split_into_shares_and_whole_warrants_free_by_the_hold(units, day):
    from placements.core.holdings.model import Held, Holder, Holdings, Position
    from placements.core.holdings.positions import BookIndex, position_slice, replay

    index = BookIndex(pl.load_book(RMI))
    position = Position(
        "p", "rocmec.yaml", Held.UNITS, units, Decimal(0), date(2007, 9, 21), "2007-09-ft"
    )
    found = position_slice(position, index)
    assert found is not None
    assert (found.shares, found.warrants) == (units, units // 2)
    holdings = Holdings(Holder("fund"), (position,))
    (held,) = replay(holdings, {"p": found}, day).values()
    free = day >= date(2008, 1, 22)  # 2007-09-21 + four months and a day
    assert held.free_shares(day) == (units if free else 0)
    assert held.free_warrants(day) == (units // 2 if free else 0)
    assert held.frees_on(day) == (None if free else date(2008, 1, 22))


def test_the_issuers_consolidation_applies_to_the_holding():
    # Example Ledger consolidates 10:1 on 2025-06-30: 2,000,000 shares are 200,000 and the
    # 500,000 warrants-2022 (extended to 2025-10-01) are 50,000 at 0.25 x 10 = 2.50
    result = report("2025-07-15")
    held = {row["position"]: row for row in result["positions"]}
    assert (held["exl-units"]["shares"], held["exl-units"]["warrants"]) == (200000, 0)
    assert held["exl-units"]["market_value"] == "126400.00"  # 200,000 x 0.632
    w22 = held["exl-w22"]
    assert (w22["warrants"], w22["price_in_force"], w22["expiry"]) == (50000, "2.50", "2025-10-01")
    # the volatility is estimated from the closes on the new basis only: 12, from 2025-06-30
    from placements.core.scenario.prices import estimated_volatility
    from placements.load.prices import load_price_history

    closes = load_price_history(ROOT / "seeds" / "exl-closes.csv").closes
    since = [c for c in closes if date(2025, 6, 30) <= c[0] <= date(2025, 7, 15)]
    assert len(since) == 12
    prices = {row["issuer"]: row for row in result["prices"]}
    assert prices["EXL"]["volatility"] == str(estimated_volatility(since, 252))
    book = value_of(EXL, "2025-07-15", "0.632", prices["EXL"]["volatility"])
    assert w22["value"] == book["warrants-2022"]["value"]
    assert book["warrants-2022"]["count"] == 500000  # the issuer's series, rebased: 5,000,000 / 10


def test_with_no_file_the_bundled_fund_is_used():
    result = run("holdings", "--as-of", "2008-06-30", "--table", "issuers", "-f", "csv")
    assert result.code == 0, result.stderr
    assert "using the bundled example" in result.stderr and "holdings.yaml" in result.stderr
    assert "TSXV:RMI,Rocmec Mining Inc.,3," in result.stdout and ",363500.00" in result.stdout


def test_a_holdings_file_read_as_a_book_or_holdings_is_the_holdings_read_directly():
    from placements.load.files import load_book_or_holdings
    from placements.load.holdings import Loaded, load_holdings

    either, direct = load_book_or_holdings(FUND), load_holdings(FUND)
    assert isinstance(either, Loaded) and isinstance(direct, Loaded)
    assert either.holdings == direct.holdings
