"""Warrant values: textbook Black–Scholes, the step-up lattice, Hull's dilution and the command."""

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from conftest import SEED_BOOK, run
from hypothesis import given, settings
from hypothesis import strategies as st

from placements.core.terms.schedule import Period, Schedule
from placements.core.value.black_scholes import black_scholes_call, normal_cdf, years_between
from placements.core.value.dilution import dilution_adjusted, root_in_bracket
from placements.core.value.lattice import (
    DEFAULT_STEPS,
    lattice_warrant_value,
    warrant_value,
)

AS_OF = date(2020, 1, 1)


def schedule(*steps: tuple[str, int]) -> Schedule:
    """Prices each in force for a number of days from ``AS_OF``, the last ending at expiry."""
    periods, first = [], AS_OF
    for price, days in steps:
        last = first + timedelta(days=days - 1)
        periods.append(Period(Decimal(price), first, last))
        first = last + timedelta(days=1)
    return Schedule(tuple(periods))


ONE_YEAR = schedule(("100", 366))  # expiry 365 days after AS_OF: exactly one year


# Black–Scholes


def test_normal_cdf_at_known_points():
    assert normal_cdf(0) == 0.5
    assert normal_cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-15)
    assert normal_cdf(-1) + normal_cdf(1) == pytest.approx(1, abs=1e-15)


def test_black_scholes_at_the_money_textbook_value():
    # S = K = 100, r = 5%, sigma = 20%, T = 1: d1 = 0.35, d2 = 0.15.
    assert black_scholes_call(100, 100, 1, 0.05, 0.2) == pytest.approx(10.450583572185565, abs=1e-9)
    by_hand = 100 * normal_cdf(0.35) - 100 * math.exp(-0.05) * normal_cdf(0.15)
    assert black_scholes_call(100, 100, 1, 0.05, 0.2) == pytest.approx(by_hand, abs=1e-12)


def test_black_scholes_hull_example():
    # Hull, Options, Futures, and Other Derivatives: S = 42, K = 40, r = 10%, sigma = 20%,
    # six months: the call is worth 4.76 (4.7594).
    assert black_scholes_call(42, 40, 0.5, 0.10, 0.2) == pytest.approx(4.7594, abs=5e-5)


def test_black_scholes_with_no_volatility_is_the_discounted_payoff():
    assert black_scholes_call(100, 90, 1, 0.05, 0) == pytest.approx(100 - 90 * math.exp(-0.05))
    assert black_scholes_call(80, 90, 1, 0.05, 0) == 0


def test_black_scholes_at_expiry_is_intrinsic():
    assert black_scholes_call(0.28, 0.25, 0, 0.03, 0.8) == pytest.approx(0.03, abs=1e-15)
    assert black_scholes_call(0.20, 0.25, 0, 0.03, 0.8) == 0


def test_time_is_calendar_days_over_365():
    assert years_between(date(2008, 6, 30), date(2009, 6, 30)) == 1
    assert years_between(date(2008, 1, 1), date(2009, 1, 1)) == 366 / 365


# The lattice


def test_lattice_with_one_price_agrees_with_black_scholes():
    exact = black_scholes_call(100, 100, 1, 0.05, 0.2)
    assert lattice_warrant_value(100, ONE_YEAR, AS_OF, 0.05, 0.2) == pytest.approx(exact, abs=1e-3)
    assert lattice_warrant_value(100, ONE_YEAR, AS_OF, 0.05, 0.2, steps=5000) == pytest.approx(
        exact, abs=1e-4
    )


@pytest.mark.parametrize(
    ("spot", "strike", "volatility"),
    [(0.28, "0.25", 0.8), (0.10, "0.25", 1.2), (0.50, "0.25", 0.5), (0.28, "0.30", 0.05)],
)
def test_lattice_on_penny_shares_agrees_with_black_scholes(spot, strike, volatility):
    two_years = schedule((strike, 731))
    exact = black_scholes_call(spot, float(strike), 2, 0.03, volatility)
    # The default steps come within 1e-4 of the share price.
    assert lattice_warrant_value(spot, two_years, AS_OF, 0.03, volatility) == pytest.approx(
        exact, abs=1e-4 * spot
    )


def test_one_price_left_is_valued_by_black_scholes():
    assert warrant_value(100, ONE_YEAR, AS_OF, 0.05, 0.2) == black_scholes_call(
        100, 100, 1, 0.05, 0.2
    )
    step_up = schedule(("0.25", 365), ("0.30", 366))
    in_second_year = AS_OF + timedelta(days=400)
    years = years_between(in_second_year, step_up.expiry)
    assert warrant_value(0.28, step_up, in_second_year, 0.03, 0.8) == black_scholes_call(
        0.28, 0.30, years, 0.03, 0.8
    )


def test_step_up_is_worth_between_its_low_and_high_price():
    step_up = schedule(("0.25", 365), ("0.30", 366))
    low, high = schedule(("0.25", 731)), schedule(("0.30", 731))
    value = lattice_warrant_value(0.28, step_up, AS_OF, 0.03, 0.8)
    assert lattice_warrant_value(0.28, high, AS_OF, 0.03, 0.8) < value
    assert value < lattice_warrant_value(0.28, low, AS_OF, 0.03, 0.8)
    assert black_scholes_call(0.28, 0.30, 2, 0.03, 0.8) - 1e-5 < value
    assert value < black_scholes_call(0.28, 0.25, 2, 0.03, 0.8) + 1e-5


def test_step_up_is_exercised_before_the_price_rises():
    # Deep in the money on the last day at $1, with $5 from tomorrow: exercise today.
    step_up = schedule(("1", 1), ("5", 365))
    assert lattice_warrant_value(10, step_up, AS_OF, 0.03, 0.5) == pytest.approx(9, abs=1e-12)
    european = black_scholes_call(10, 5, 365 / 365, 0.03, 0.5)
    assert european < 9


def test_step_up_with_no_volatility_exercises_on_the_best_last_day():
    step_up = schedule(("0.25", 146), ("0.30", 365))
    first_last_day = 145 / 365
    best = 0.28 - 0.25 * math.exp(-0.03 * first_last_day)
    assert lattice_warrant_value(0.28, step_up, AS_OF, 0.03, 0) == pytest.approx(best, abs=1e-15)
    assert lattice_warrant_value(0.28, step_up, AS_OF, 0.03, 1e-6) == pytest.approx(best, abs=1e-4)
    assert lattice_warrant_value(0.20, step_up, AS_OF, 0.03, 0) == 0


def test_on_expiry_a_warrant_is_worth_its_intrinsic_value():
    step_up = schedule(("0.25", 365), ("0.30", 366))
    expiry = step_up.expiry
    for value in (
        lattice_warrant_value(0.38, step_up, expiry, 0.03, 0.8),
        warrant_value(0.38, step_up, expiry, 0.03, 0.8),
    ):
        assert value == pytest.approx(0.08, abs=1e-15)
    assert warrant_value(0.28, step_up, expiry, 0.03, 0.8) == 0
    assert warrant_value(0.38, step_up, expiry + timedelta(days=1), 0.03, 0.8) == 0


def test_default_steps_are_fast_enough():
    import time

    step_up = schedule(("0.25", 365), ("0.30", 366))
    start = time.perf_counter()
    lattice_warrant_value(0.28, step_up, AS_OF, 0.03, 0.8, steps=DEFAULT_STEPS)
    assert time.perf_counter() - start < 1


# Hull's dilution adjustment


def plain_call(spot: float) -> float:
    return black_scholes_call(spot, 0.25, 1.5, 0.03, 0.8)


def test_dilution_lowers_the_value_and_solves_hulls_equation():
    shares, new_shares = 10_000_000, 2_500_000
    value = dilution_adjusted(plain_call, 0.28, shares, new_shares)
    assert value < plain_call(0.28)
    assert value == pytest.approx(
        shares / (shares + new_shares) * plain_call(0.28 + new_shares / shares * value), abs=1e-12
    )


def test_dilution_vanishes_as_new_shares_become_few():
    shares, plain = 10_000_000, plain_call(0.28)
    gaps = [
        plain - dilution_adjusted(plain_call, 0.28, shares, new_shares)
        for new_shares in (1_000_000, 10_000, 100, 1)
    ]
    assert all(gap > 0 for gap in gaps[:-1])
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-8
    assert dilution_adjusted(plain_call, 0.28, shares, 0) == plain


def test_dilution_of_a_warrant_for_two_shares_is_twice_that_of_two_warrants_for_one():
    shares = 10_000_000

    def two_shares(spot: float) -> float:
        return black_scholes_call(2 * spot, 0.50, 1.5, 0.03, 0.8)

    one = dilution_adjusted(plain_call, 0.28, shares, 2_000_000)
    two = dilution_adjusted(two_shares, 0.28, shares, 2_000_000, shares_per_warrant=2)
    assert two == pytest.approx(2 * one, abs=1e-12)


def test_dilution_adjusts_a_step_up_on_the_lattice():
    step_up = schedule(("0.25", 365), ("0.30", 366))

    def plain(spot: float) -> float:
        return lattice_warrant_value(spot, step_up, AS_OF, 0.03, 0.8, steps=500)

    value = dilution_adjusted(plain, 0.28, 10_000_000, 2_675_194)
    assert 0.8 * plain(0.28) < value < plain(0.28)


def test_root_in_bracket_finds_a_root_to_the_tolerance():
    assert root_in_bracket(lambda x: x * x - 2, 0, 2) == pytest.approx(math.sqrt(2), abs=1e-12)
    assert root_in_bracket(lambda x: x, 0, 1) == 0


# Properties

spots = st.floats(min_value=0.01, max_value=5)
strikes = st.sampled_from(["0.05", "0.10", "0.25", "0.30", "1.00"])
volatilities = st.floats(min_value=0, max_value=2)
rates = st.floats(min_value=0, max_value=0.1)


@st.composite
def schedules(draw) -> Schedule:
    steps = draw(st.lists(st.tuples(strikes, st.integers(1, 500)), min_size=1, max_size=3))
    return schedule(*sorted(steps, key=lambda step: Decimal(step[0])))


@settings(max_examples=60, deadline=None)
@given(spots, spots, schedules(), volatilities, rates)
def test_value_lies_between_intrinsic_and_spot_and_rises_with_it(
    spot, other, terms, volatility, rate
):
    low, high = sorted((spot, other))
    low_value = warrant_value(low, terms, AS_OF, rate, volatility, steps=200)
    high_value = warrant_value(high, terms, AS_OF, rate, volatility, steps=200)
    intrinsic = max(low - float(terms.periods[0].price), 0)
    assert intrinsic - 1e-12 <= low_value <= low + 1e-12
    assert low_value <= high_value + 1e-12


@settings(max_examples=60, deadline=None)
@given(spots, strikes, st.integers(1, 10**8), st.integers(0, 10**8))
def test_dilution_keeps_the_value_between_intrinsic_and_plain(spot, strike, shares, new_shares):
    def plain(share_price: float) -> float:
        return black_scholes_call(share_price, float(strike), 1.5, 0.03, 0.8)

    value = dilution_adjusted(plain, spot, shares, new_shares)
    assert max(spot - float(strike), 0) - 1e-12 <= value <= plain(spot) + 1e-12


# The command


def value_json(*args: object) -> dict:
    result = run("value", *args, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def rocmec_on(day: str, price: str = "0.28") -> dict:
    return value_json(SEED_BOOK, "--as-of", day, "--price", price, "--volatility", "0.8")


def test_rocmec_series_on_30_june_2008():
    document = rocmec_on("2008-06-30")
    rows = {row["series"]: row for row in document["series"]}
    assert list(rows) == [
        "2007-09-ft/warrants",
        "2007-11-mf-t4/warrants",
        "2007-11-mf-t4/finder-options",
    ]
    assert [row["count"] for row in rows.values()] == [900000, 2675194, 267519]
    assert [row["price_in_force"] for row in rows.values()] == ["0.30", "0.25", "0.25"]
    assert [row["next_price"] for row in rows.values()] == ["0.35", "0.30", "0.30"]
    assert [row["intrinsic"] for row in rows.values()] == [0, 0.03, 0.03]
    for row in rows.values():
        assert row["method"] == "lattice"
        assert row["value"] == row["plain_value"]
        assert row["intrinsic"] + row["time_value"] == pytest.approx(row["value"], abs=1e-9)
        assert row["intrinsic"] < row["value"] < 0.28
    assert rows["2007-11-mf-t4/warrants"]["value"] == rows["2007-11-mf-t4/finder-options"]["value"]
    assert document["shares_outstanding"] is None
    assert document["totals"]["count"] == 900000 + 2675194 + 267519
    assert any("Only the plain value is given" in note["note"] for note in document["notes"])


def test_rocmec_values_in_a_table():
    result = run(
        "value", SEED_BOOK, "--as-of", "2008-06-30", "--price", "0.28", "--volatility", "0.8"
    )
    assert result.code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("2007-09-ft"))
    assert "900,000" in line
    assert "0.30" in line
    assert "Only the plain value is given" in result.stdout


def test_after_the_step_up_one_price_is_left():
    rows = rocmec_on("2008-12-31")["series"]
    assert [row["price_in_force"] for row in rows] == ["0.35", "0.30", "0.30"]
    assert {row["method"] for row in rows} == {"Black-Scholes"}
    assert all(row["next_price"] is None for row in rows)


def test_on_expiry_the_value_is_intrinsic():
    (row, *_) = rocmec_on("2009-09-21", price="0.40")["series"]
    assert row["series"] == "2007-09-ft/warrants"
    assert row["years_to_expiry"] == 0
    assert row["value"] == row["intrinsic"] == 0.05
    assert row["time_value"] == 0


def test_no_series_outstanding_is_an_empty_table_and_a_note():
    document = rocmec_on("2012-06-30")
    assert document["series"] == []
    assert (
        document["notes"][0]["note"] == "No warrant or option series is outstanding on 2012-06-30."
    )


BOOK = """
issuer: {name: Test Co}
shares_outstanding: {count: 20000000, as_of: 2024-01-31}
tranches:
  - id: t1
    closed: 2024-03-15
    units: 4000000
    unit_price: 0.10
    unit: {warrants: 0.5}
    warrant:
      exercise: [{price: 0.15, months: 12}, {price: 0.20, months: 12}]
      acceleration: {trigger: 0.40, trading_days: 10}
    fees:
      options: {count: 200000, into: units, terms: same_as_warrants}
securities:
  - id: options-2022
    kind: options
    count: 1500000
    price: 0.12
    expiry: 2027-06-30
"""


def test_dilution_with_a_base_count(write):
    document = value_json(
        write("book.yaml", BOOK), "--as-of", "2024-06-30", "--price", "0.14", "--volatility", "0.9"
    )
    assert document["shares_outstanding"] == 24_000_000
    rows = {row["series"]: row for row in document["series"]}
    assert list(rows) == ["t1/warrants", "t1/finder-options", "options-2022"]
    for row in rows.values():
        assert row["intrinsic"] <= row["value"] < row["plain_value"]
    options = rows["options-2022"]
    assert options["method"] == "Black-Scholes"
    assert options["intrinsic"] == pytest.approx(0.02, abs=1e-12)
    assert options["total_value"] == str(
        (Decimal(1_500_000) * Decimal(str(options["value"]))).quantize(Decimal("0.01"))
    )
    # A finder's option gives a share and half a warrant for the warrant's price.
    warrant, finder = rows["t1/warrants"], rows["t1/finder-options"]
    assert finder["plain_value"] == pytest.approx(1.5 * warrant["plain_value"], abs=2e-6)
    notes = " ".join(note["note"] for note in document["notes"])
    assert "N = 24,000,000" in notes
    assert "t1/finder-options: exercisable into units" in notes
    assert "t1/warrants: the acceleration clause is ignored" in notes


@pytest.mark.parametrize(
    ("option", "text", "expected"),
    [
        ("--price", "0", "expected a share price above 0"),
        ("--price", "abc", "expected a share price above 0"),
        ("--price", "nan", "expected a share price above 0"),
        ("--volatility", "-0.1", "expected an annual volatility from 0 to 5"),
        ("--rate", "1.5", "expected an annual rate from 0 to 1"),
        ("--as-of", "2008-13-01", "expected a date as YYYY-MM-DD"),
        ("--steps", "0", "--steps"),
    ],
)
def test_bad_options_exit_2_and_say_what_to_give(option, text, expected):
    inputs = {"--as-of": "2008-06-30", "--price": "0.28", "--volatility": "0.8", option: text}
    result = run("value", SEED_BOOK, *(part for pair in inputs.items() for part in pair))
    assert result.code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_the_options_are_required():
    result = run("value", SEED_BOOK, "--price", "0.28", "--volatility", "0.8")
    assert result.code == 2
    assert "--as-of" in result.stderr


def test_help_states_the_default_steps():
    result = run("value", "--help")
    assert result.code == 0
    assert f"Default: {DEFAULT_STEPS}" in result.stdout
