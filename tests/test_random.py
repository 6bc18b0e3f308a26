"""Random-walk scenarios through the CLI: percentiles, seeds, overrides, anchoring."""

import math
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from conftest import ROOT, SEED_BOOK, run
from hypothesis import given
from hypothesis import strategies as st

from placements.core.scenario.engine import project
from placements.load.scenario import load_scenario
from placements.reports.report import observed_percentiles

SCENARIOS = ROOT / "scenarios"
PERCENTILES = ["p5", "p25", "p50", "p75", "p95"]
PERCENTILE_POINTS = [0, 1, 5, 25, 50, 75, 95, 99, 100]


def walk_scenario(walk: str, extra: str = "") -> str:
    return (
        f"book: {SEED_BOOK}\nstart: 2007-09-21\nend: 2009-12-31\n"
        f"price:\n  random_walk: {walk}\n"
        "exercise: {policy: before_step_up}\n" + extra
    )


def run_json(*args):
    result = run("run", *args, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def all_percentiles(value) -> list:
    assert list(value) == PERCENTILES
    return [value[p] for p in PERCENTILES]


def test_summary_gives_percentiles_of_each_figure(write):
    path = write(
        "walk.yaml",
        walk_scenario(
            "{start: 0.28, volatility: 80%, paths: 400, seed: 11}",
            "shares_outstanding: {count: 10000000, as_of: 2007-09-20}\n",
        ),
    )
    document = run_json(path)
    summary = document["summary"]
    assert document["paths"] == 400
    for key in (
        "exercise_proceeds",
        "shares_issued_on_exercise",
        "basic_end",
        "fully_diluted_end",
        "peak_dilution_pct",
    ):
        values = all_percentiles(summary[key])
        numbers = [Decimal(str(v)) for v in values]
        assert numbers == sorted(numbers), key
    proceeds = [Decimal(v) for v in all_percentiles(summary["exercise_proceeds"])]
    # at most every warrant and option at its highest price; at least nothing
    assert proceeds[0] >= 0
    assert proceeds[-1] <= Decimal("0.35") * 900000 + Decimal("0.30") * (2675194 + 267519)
    issued = all_percentiles(summary["shares_issued_on_exercise"])
    basic = all_percentiles(summary["basic_end"])
    # the book's placements put 10,000,000 + 4,528,697 shares out before any exercise
    assert [b - i for b, i in zip(basic, issued, strict=True)] == [14528697] * 5


def test_each_series_gets_chances_of_exercise_and_acceleration(write):
    path = write("walk.yaml", walk_scenario("{start: 0.28, volatility: 80%, paths: 500, seed: 5}"))
    series = {row["series"]: row for row in run_json(path)["series"]}
    assert set(series) == {
        "2007-09-ft/warrants",
        "2007-11-mf-t4/warrants",
        "2007-11-mf-t4/finder-options",
    }
    for row in series.values():
        chance = Decimal(row["exercise_probability"])
        assert 0 < chance < 100
        assert row["acceleration_probability"] == "0.00"  # the seed book has no acceleration
        assert row["exercised_mean"] <= row["issued"]
    # the finder's options follow the warrants of their tranche, path by path
    warrants = series["2007-11-mf-t4/warrants"]
    options = series["2007-11-mf-t4/finder-options"]
    assert warrants["exercise_probability"] == options["exercise_probability"]


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others():
    first = run_json(SCENARIOS / "random.yaml", "--paths", "300")
    again = run_json(SCENARIOS / "random.yaml", "--paths", "300")
    other = run_json(SCENARIOS / "random.yaml", "--paths", "300", "--seed", "8")
    assert first == again
    assert first["series"] != other["series"]


def test_paths_and_seed_override_the_file(write):
    written = write(
        "walk.yaml",
        walk_scenario(
            "{start: 0.28, volatility: 80%, paths: 250, seed: 9}",
            "shares_outstanding: {count: 45000000, as_of: 2007-09-20}\n",
        ),
    )
    overridden = run_json(SCENARIOS / "random.yaml", "--paths", "250", "--seed", "9")
    from_file = run_json(written)
    assert overridden["paths"] == 250
    assert "250 paths, seed 9" in overridden["price"]
    assert overridden["summary"] == from_file["summary"]
    assert overridden["series"] == from_file["series"]


def test_zero_volatility_gives_exactly_the_flat_result(write):
    path = write("walk.yaml", walk_scenario("{start: 0.28, volatility: 0, paths: 7, seed: 1}"))
    walk = run_json(path, "--freq", "events")
    flat = run_json(SCENARIOS / "flat.yaml", "--freq", "events")
    for key, value in walk["summary"].items():
        if isinstance(value, dict):
            assert set(value.values()) == {flat["summary"][key]}, key
    assert all_percentiles(walk["summary"]["exercise_proceeds"]) == ["735678.25"] * 5
    assert all_percentiles(walk["summary"]["shares_issued_on_exercise"]) == [2942713] * 5

    def counts(row):
        return {key: value for key, value in row.items() if key != "events"}

    flat_rows = {row["date"]: counts(row) for row in flat["timeline"]}
    walk_rows = {row["date"]: counts(row) for row in walk["timeline"]}
    # the walk's timeline has no exercise labels, so it lacks no day the flat one has
    assert {day: flat_rows[day] for day in walk_rows} == walk_rows
    assert "2008-11-22" in walk_rows
    series = {row["series"]: row for row in walk["series"]}
    assert series["2007-11-mf-t4/warrants"]["exercise_probability"] == "100.00"
    assert series["2007-09-ft/warrants"]["exercise_probability"] == "0.00"


def test_numbers_do_not_depend_on_the_chunk_of_paths(write):
    path = write("walk.yaml", walk_scenario("{start: 0.28, volatility: 90%, paths: 37, seed: 4}"))
    scenario = load_scenario(path)
    days = [date(2008, 6, 30), date(2009, 12, 31)]
    whole = project(scenario, days, chunk=1000)
    pieces = project(scenario, days, chunk=5)
    assert np.array_equal(whole.checkpoint_prices, pieces.checkpoint_prices)
    for one, other in zip(
        whole.outcomes.__dict__.values(), pieces.outcomes.__dict__.values(), strict=True
    ):
        assert np.array_equal(one, other)


def test_acceleration_chance_is_certain_above_the_trigger_and_nil_below(write):
    accelerated = """
    proposed:
      - id: 2008-06-hd
        closed: 2007-09-21
        units: 1000000
        unit_price: 0.25
        unit: {shares: 1, warrants: 1}
        hold: none
        warrant:
          exercise: [{price: 0.35, months: 24}]
          acceleration: {trigger: 0.50, trading_days: 10, notice_days: 30}
    """

    def chance(start: str) -> str:
        walk = f"{{start: {start}, volatility: 0, paths: 4, seed: 1}}"
        path = write("walk.yaml", walk_scenario(walk, accelerated.replace("\n    ", "\n")))
        series = {row["series"]: row for row in run_json(path)["series"]}
        return series["2008-06-hd/warrants"]["acceleration_probability"]

    assert chance("0.50") == "100.00"
    assert chance("0.49") == "0.00"


def test_a_walk_anchored_to_history_starts_at_its_last_close(write):
    closes = ["date,close"]
    day, price = date(2007, 6, 1), Decimal("0.20")
    for n in range(40):
        closes.append(f"{day + timedelta(days=n)},{price if n % 2 == 0 else Decimal('0.22')}")
    write("history.csv", "\n".join(closes) + "\n")
    path = write(
        "walk.yaml",
        walk_scenario("{history: history.csv, paths: 50, seed: 3, trading_days_per_year: 250}"),
    )
    document = run_json(path)
    # 39 log returns alternating +-ln(1.1): the sample deviation, annualised on 250 days
    returns = [math.log(1.1) * (1 if n % 2 == 0 else -1) for n in range(39)]
    mean = sum(returns) / 39
    deviation = math.sqrt(sum((r - mean) ** 2 for r in returns) / 38)
    expected = round(deviation * math.sqrt(250), 6)
    assert document["price"].startswith(
        f"random walk from 0.22, volatility {Decimal(repr(expected)):%}"
    )
    assert document["price"].endswith("history.csv")
    assert document["timeline"][0]["price"] == "0.22"


def test_zero_paths_or_a_negative_seed_is_refused():
    result = run("run", SCENARIOS / "random.yaml", "--paths", "0")
    assert result.code == 2
    assert "--paths" in result.stderr
    result = run("run", SCENARIOS / "random.yaml", "--seed", "-1")
    assert result.code == 2
    assert "--seed" in result.stderr


@given(
    st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=300).flatmap(
        lambda values: st.sampled_from([values, [v % 7 for v in values]])
    ),
    st.integers(1, 4),
    st.sampled_from([PERCENTILE_POINTS, [50], [1, 99]]),
)
def test_percentiles_are_the_observed_values_numpy_would_pick(values, days, percents):
    # some days vary across paths, one does not; a timeline asks for the median alone
    samples = np.array([[v + day for day in range(days)] + [3] for v in values], dtype=np.int64)
    # laid out a path to a row, a day to a row (as a walk keeps prices), or one day
    for sample in (samples, np.asfortranarray(samples), samples[:, 0].copy()):
        before = sample.copy()
        found = observed_percentiles(sample, percents)
        expected = np.percentile(sample, percents, axis=0, method="inverted_cdf")
        assert found.dtype == np.int64
        assert np.array_equal(found, expected.astype(np.int64))
        assert np.array_equal(sample, before), "the caller's samples were reordered"


@pytest.mark.parametrize("values", [2, 5, 40, 100_000])
def test_percentiles_of_many_paths_are_numpys_whether_values_are_few_or_many(values):
    """Days of few values are counted from a sample's guess, of many partitioned: both exact."""
    rng = np.random.default_rng(values)
    # a rare value at the median's rank makes the sample's guess wrong on some days
    samples = rng.integers(0, values, size=(20_001, 12)).astype(np.int64) * 1_000_003
    samples[10_000, ::3] = -7
    samples[:10_000, ::3] = -8
    for percents in ([50], [5, 95], PERCENTILE_POINTS):
        found = observed_percentiles(samples, percents)
        expected = np.percentile(samples, percents, axis=0, method="inverted_cdf")
        assert np.array_equal(found, expected.astype(np.int64))


def test_a_run_too_large_to_hold_is_refused_with_its_place(write, tmp_path):
    # the seed book's 3 warrant and option series and one more proposed: 4 series
    proposed = """
    proposed:
      - {id: more, closed: 2007-10-01, units: 1000, unit_price: 0.2, unit: {warrants: 1},
         warrant: {exercise: [{price: 0.3, months: 12}]}}
    """.replace("\n    ", "\n")
    path = write("walk.yaml", walk_scenario("{start: 0.28, volatility: 1, paths: 10}", proposed))
    assert run("check", path).code == 0
    output = tmp_path / "out.json"
    result = run("run", path, "--paths", "750001", "--output", output)
    assert result.code == 2
    assert result.stderr.strip() == (
        f"{path}:5:3: price: 750,001 paths of 4 warrant and option series are too many to "
        "project at once (got 3,000,004 series x paths; expected at most 3,000,000: "
        "750,000 paths or fewer)"
    )
    assert not output.exists()
    path = write("big.yaml", walk_scenario("{start: 0.28, volatility: 1, paths: 750001}", proposed))
    result = run("check", path)
    assert result.code == 2
    assert "(got 3,000,004 series x paths;" in result.stdout


def test_a_figure_the_same_on_every_path_fills_every_percentile_column():
    result = run("run", SCENARIOS / "random.yaml", "--paths", "100")
    assert result.code == 0, result.stderr
    lines = {line.split("  ")[0]: line.split() for line in result.stdout.splitlines()}
    assert lines["placements net to end"][-5:] == ["809,529.22"] * 5
    assert lines["base shares outstanding"][-5:] == ["45,000,000"] * 5
