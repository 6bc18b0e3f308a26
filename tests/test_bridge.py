"""Bridged random walks (draws 3) against the daily walk (draws 1), analytic GBM and the loop.

The bridge draws a path on a coarse grid and fills in days only where an
acceleration run could be, so it must give the daily walk's distribution
exactly. These tests compare them over enough paths that a real difference
shows: every check is a two-sided z test at |z| <= 4.5 (a false alarm about
once in 150,000 runs of a check), with the standard error of the estimate.
"""

import math
from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from conftest import ROOT, SEED_BOOK, run
from hypothesis import given, settings
from hypothesis import strategies as st
from naive import project_path

from placements.core.scenario.engine import project
from placements.core.scenario.model import (
    ConstantPrice,
    ExercisePolicy,
    Policy,
    RandomWalk,
    Scenario,
)
from placements.core.scenario.prices import DRAWS_BRIDGED, DRAWS_DAILY, MAX_PRICE_MICROS
from placements.core.terms.book import Acceleration, ExerciseTerms, Tranche, Unit
from placements.core.terms.schedule import Step
from placements.load.book import load_book

Z = 4.5
DAILY_ODDS = {
    "2007-09-ft/warrants": "34.67",
    "2007-11-mf-t4/warrants": "36.67",
    "2007-11-mf-t4/finder-options": "36.67",
}
"""Chances of exercise of the bundled random walk, 300 paths, as the daily stream gave them."""
START, END = date(2007, 11, 22), date(2009, 11, 22)
CLAUSE = Acceleration(Decimal("0.40"), 10, 30, True)


def accelerated_book():
    """The seed book with an acceleration clause on its warrants (and options on their terms)."""
    book = load_book(SEED_BOOK)
    tranches = tuple(
        replace(t, warrant=replace(t.warrant, acceleration=CLAUSE)) for t in book.tranches
    )
    return replace(book, tranches=tranches)


PLAIN = Tranche(
    id="plain",
    closed=START,
    unit_price=Decimal("0.25"),
    units=1_000_000,
    unit=Unit(warrants=Decimal(1)),
    warrant=ExerciseTerms((Step(Decimal("0.35"), months=12),)),
)
"""A tranche with one step and no clause: its chance of exercise is analytic."""


def scenario(paths: int, seed: int, volatility: str = "0.8", drift: str = "0") -> Scenario:
    walk = RandomWalk(Decimal("0.28"), Decimal(volatility), Decimal(drift), paths, seed)
    policy = ExercisePolicy(Policy.BEFORE_STEP_UP)
    return Scenario("bridge", accelerated_book(), START, END, walk, policy, proposed=(PLAIN,))


def chances(projection) -> dict[str, tuple[float, float]]:
    """Each series' chance of being exercised and of being accelerated."""
    outcomes = projection.outcomes
    exercised = (outcomes.exercised.sum(axis=2) > 0).mean(axis=1)
    accelerated = (outcomes.trigger >= 0).mean(axis=1)
    ids = [plan.series.id for plan in projection.plans]
    return {
        series: (float(e), float(a))
        for series, e, a in zip(ids, exercised, accelerated, strict=True)
    }


def two_sample_z(p: float, q: float, n: int, m: int) -> float:
    pooled = (p * n + q * m) / (n + m)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m))
    return 0.0 if error == 0 else (p - q) / error


def one_sample_z(p: float, expected: float, n: int) -> float:
    return (p - expected) / math.sqrt(expected * (1 - expected) / n)


@pytest.fixture(scope="module")
def both():
    """20,000 bridged and 20,000 daily paths of the same walk, on independent streams."""
    days = [date(2008, 6, 30), date(2008, 11, 21), date(2009, 6, 30), END]
    bridged = project(scenario(20_000, 11), days)
    daily = project(scenario(20_000, 12), days, daily=True)
    return bridged, daily, days


def test_the_default_walk_is_bridged_and_daily_is_the_old_stream(both):
    bridged, daily, _ = both
    assert (bridged.draws, daily.draws) == (DRAWS_BRIDGED, DRAWS_DAILY)


def test_exercise_and_acceleration_chances_match_the_daily_walk(both):
    bridged, daily, _ = both
    mine, theirs = chances(bridged), chances(daily)
    accelerated = 0
    for series in mine:
        for kind in (0, 1):
            z = two_sample_z(mine[series][kind], theirs[series][kind], 20_000, 20_000)
            assert abs(z) <= Z, (series, kind, mine[series], theirs[series])
        accelerated += mine[series][1] > 0.3
    assert accelerated == 3  # the clause bites on the three series that have it


def test_the_chance_of_exercise_at_a_step_is_n_of_d2(both):
    """P(S_T >= K) = N(d2) for the plain tranche, with T its trading days to the step."""
    bridged, daily, _ = both
    step_day = date(2008, 11, 22)  # the plain tranche's expiry, a Saturday
    cal = bridged.calendar
    trading = int(cal.slot_of(cal.offset(step_day)))  # slots after the first are trading days
    years = trading / 252
    # prices round to the micro-dollar: the close is at least 0.35 once S >= 0.3499995
    strike, sigma = 0.3499995, 0.8
    d2 = (math.log(0.28 / strike) - sigma * sigma / 2 * years) / (sigma * math.sqrt(years))
    expected = 0.5 * math.erfc(-d2 / math.sqrt(2))
    for projection in (bridged, daily):
        found = chances(projection)["plain/warrants"][0]
        assert abs(one_sample_z(found, expected, projection.paths)) <= Z, (found, expected)


def test_price_percentiles_match_the_lognormal_on_grid_and_filled_days(both):
    """The share of paths below each analytic percentile is that percentile."""
    bridged, _, days = both
    completed = project(scenario(3_000, 13), keep_prices=True)
    cal = completed.calendar
    grid = set(cal.slot_of(np.array([cal.offset(day) for day in days])).tolist())
    # a day between grid days, which the bridge fills in (or draws when asked)
    off_grid = next(slot for slot in range(200, 260) if slot not in grid and slot % 10)
    sigma = 0.8
    checks = [
        (bridged.checkpoint_prices[:, position], int(cal.slot_of(cal.offset(day))))
        for position, day in enumerate(days)
    ] + [(completed.full_prices[:, off_grid], off_grid)]
    for prices, slot in checks:
        years = slot / 252
        for p in (5, 25, 50, 75, 95):
            normal = math.sqrt(2) * _inverse_erf(2 * p / 100 - 1)
            quantile = 280_000 * math.exp(
                -sigma * sigma / 2 * years + sigma * math.sqrt(years) * normal
            )
            below = float((prices <= quantile).mean())
            assert abs(one_sample_z(below, p / 100, len(prices))) <= Z, (slot, p, below)


def test_proceeds_percentiles_match_the_daily_walk(both):
    """The two walks' distributions of exercise proceeds agree at each daily percentile."""
    bridged, daily, _ = both
    mine = bridged.outcomes.payment_cents.sum(axis=(0, 2))
    theirs = daily.outcomes.payment_cents.sum(axis=(0, 2))
    for p in (5, 25, 50, 75, 95):
        level = np.percentile(theirs, p, method="inverted_cdf")
        z = two_sample_z(
            float((mine <= level).mean()), float((theirs <= level).mean()), 20_000, 20_000
        )
        assert abs(z) <= Z, (p, level)


def test_completed_bridged_paths_give_what_the_day_by_day_loop_gives():
    """The engine's answers on a bridged chunk hold on every day filled in afterwards.

    Days the bridge left undrawn cannot change an answer: completing the
    paths by the bridge and running the plain loop on every day agrees with
    the engine on each exercise, trigger and expiry.
    """
    projection = project(scenario(150, 5, volatility="1.2"), keep_prices=True)
    assert projection.draws == DRAWS_BRIDGED
    accelerated = 0
    for path in range(projection.paths):
        expected = project_path(
            projection.plans, projection.calendar, list(projection.full_prices[path])
        )
        for outcome, naive in zip(projection.outcomes, expected, strict=True):
            got = sorted(
                (int(d), int(n), int(p))
                for d, n, p in zip(
                    outcome.day[path],
                    outcome.exercised[path],
                    outcome.price_micros[path],
                    strict=True,
                )
                if n > 0
            )
            assert got == sorted(naive.exercises)
            assert int(outcome.trigger[path]) == naive.trigger
            assert int(outcome.expiry[path]) == naive.expiry
            accelerated += naive.trigger >= 0
    assert accelerated > 50


def test_paths_stop_filling_only_after_every_clause_has_had_its_run():
    """Clauses of other triggers, lengths and holds: each finds its own first run.

    A path stops being filled once it has had a run of every clause, so the
    engine's answers on the part drawn must hold on the paths completed.
    """
    clauses = [
        Acceleration(Decimal("0.40"), 10, 30, True),
        Acceleration(Decimal("0.33"), 4, 20, False, test="exceeds"),
    ]
    book = load_book(SEED_BOOK)
    tranches = tuple(
        replace(t, warrant=replace(t.warrant, acceleration=clause))
        for t, clause in zip(book.tranches, clauses, strict=True)
    )
    walk = RandomWalk(Decimal("0.28"), Decimal("1.1"), Decimal(0), 200, 9)
    chosen = Scenario(
        "clauses",
        replace(book, tranches=tranches),
        START,
        END,
        walk,
        ExercisePolicy(Policy.BEFORE_STEP_UP),
    )
    projection = project(chosen, [date(2008, 6, 30)], keep_prices=True)
    assert projection.draws == DRAWS_BRIDGED
    triggered = set()
    for path in range(projection.paths):
        expected = project_path(
            projection.plans, projection.calendar, list(projection.full_prices[path])
        )
        for row, (outcome, naive) in enumerate(zip(projection.outcomes, expected, strict=True)):
            assert int(outcome.trigger[path]) == naive.trigger
            assert int(outcome.expiry[path]) == naive.expiry
            got = sorted(
                (int(d), int(n))
                for d, n in zip(outcome.day[path], outcome.exercised[path], strict=True)
                if n
            )
            assert got == sorted((day, count) for day, count, _ in naive.exercises)
            if naive.trigger >= 0:
                triggered.add(row)
    assert triggered == set(range(len(projection.plans)))


def test_bridged_numbers_do_not_depend_on_the_chunk_of_paths():
    whole = project(scenario(60, 3), [date(2008, 6, 30)], chunk=1000)
    pieces = project(scenario(60, 3), [date(2008, 6, 30)], chunk=7)
    assert np.array_equal(whole.checkpoint_prices, pieces.checkpoint_prices)
    for one, other in zip(
        whole.outcomes.__dict__.values(), pieces.outcomes.__dict__.values(), strict=True
    ):
        assert np.array_equal(one, other)


@pytest.mark.parametrize("start", ["0.28", "0.45"])
def test_zero_volatility_bridged_is_the_constant_price_exactly(start):
    """Below and above the trigger: every path is the flat run, acceleration and all."""
    walk = replace(scenario(5, 1, volatility="0").price, start=Decimal(start))
    bridged = project(replace(scenario(5, 1), price=walk), [END])
    flat = project(replace(scenario(5, 1), price=ConstantPrice(Decimal(start))), [END])
    assert bridged.draws == DRAWS_BRIDGED
    for name in ("day", "exercised", "price_micros", "expiry", "trigger"):
        mine, theirs = getattr(bridged.outcomes, name), getattr(flat.outcomes, name)
        assert (mine == theirs[:, :1]).all(), name
    assert (bridged.outcomes.trigger >= 0).any() == (start == "0.45")


def test_daily_flag_keeps_the_every_day_walk():
    random = ROOT / "scenarios" / "random.yaml"
    bridged = run("run", random, "--paths", "300", "--format", "json")
    daily = run("run", random, "--paths", "300", "--daily", "--format", "json")
    assert bridged.code == daily.code == 0
    assert bridged.json()["price"].endswith("seed 2007, draws 3 (bridged)")
    assert daily.json()["price"].endswith("seed 2007, draws 1 (daily)")
    # the daily walk is the stream of earlier releases, figure for figure
    odds = {row["series"]: row["exercise_probability"] for row in daily.json()["series"]}
    assert odds == DAILY_ODDS


def _inverse_erf(y: float) -> float:
    """erf^-1 by Newton's method from a rough start (enough for test quantiles)."""
    x = 0.0
    for _ in range(60):
        x -= (math.erf(x) - y) / (2 / math.sqrt(math.pi) * math.exp(-x * x))
    return x


def test_many_paths_kept_as_histograms_report_the_same_figures(monkeypatch, write):
    """From COMPACT_PATHS on, counts are kept as each day's histogram: the same reports."""
    import placements.reports.run as runs

    text = (ROOT / "scenarios" / "random.yaml").read_text()
    text = text.replace("../seeds/rocmec.yaml", str(SEED_BOOK)).replace("10000", "3000")
    random = write("random.yaml", text)
    arrays = run("run", random, "--format", "json").json()
    pack = run("report", random, "--format", "markdown", "--quiet")
    monkeypatch.setattr(runs, "COMPACT_PATHS", 1_000)
    histograms = run("run", random, "--format", "json").json()
    assert histograms == arrays
    assert len(histograms["timeline"]) > 20
    assert run("report", random, "--format", "markdown", "--quiet").stdout == pack.stdout


def test_paths_are_grouped_by_their_whole_outcome_even_where_hashes_collide(monkeypatch):
    """Outcomes are grouped by a hash of each path's, checked value by value: paths that
    share a hash but not an outcome (here every hash is 0) are grouped by comparing all."""
    import placements.core.scenario.engine as engine
    from placements.core.scenario.engine import OPERATION_FIELDS

    outcomes = project(scenario(3_000, 21)).outcomes
    hashed = outcomes.distinct()
    monkeypatch.setattr(engine, "_hash_weights", lambda columns: np.zeros(columns, np.uint64))
    compared = outcomes.distinct()
    for firsts, inverse in (hashed, compared):
        assert 1 < len(firsts) < 3_000
        for name in (*OPERATION_FIELDS, "expiry"):
            field = getattr(outcomes, name)
            assert np.array_equal(field, field[:, firsts[inverse]])  # each path has its group's
        whole = np.concatenate(
            [
                getattr(outcomes, name)[:, firsts].reshape(len(outcomes), len(firsts), -1)
                for name in (*OPERATION_FIELDS, "expiry")
            ],
            axis=2,
        )
        # and no two groups have the same outcome
        assert len({whole[:, group].tobytes() for group in range(len(firsts))}) == len(firsts)
    assert len(hashed[0]) == len(compared[0])


def test_the_timeline_frequency_changes_no_figure_of_a_bridged_walk():
    """The days counts are read on are drawn last, so run and compare agree."""
    random = ROOT / "scenarios" / "random.yaml"
    monthly = run("run", random, "--paths", "2000", "--format", "json").json()
    events = run("run", random, "--paths", "2000", "--freq", "events", "--format", "json").json()
    assert monthly["summary"] == events["summary"]
    assert monthly["series"] == events["series"]


@settings(max_examples=200, deadline=None)
@given(
    level=st.integers(min_value=1, max_value=MAX_PRICE_MICROS + 1),
    offsets=st.lists(st.floats(min_value=-1e-8, max_value=1e-8), min_size=1, max_size=20),
)
def test_a_grid_price_read_off_its_log_is_above_a_level_as_the_price_itself_is(level, offsets):
    from placements.core.scenario.prices import LOG_CAP, _at_or_above, _to_micros

    # logs at and around the edge where a price rounds up to the level, where float rounding decides
    edge = math.log(max(level - 0.5, 0.5))
    logs = np.array([[math.log(280_000), *(edge + offset for offset in offsets), edge]])
    expected = _to_micros(logs, LOG_CAP) >= level
    expected[:, 0] = level <= 280_000
    assert np.array_equal(_at_or_above(logs, level, 280_000), expected)
