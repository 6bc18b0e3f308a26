"""The per-issuer random walk of a fund: independent tasks, the same under any mapper."""

import math
from datetime import date

import numpy as np
from conftest import ROOT

import placements.api as pl
from placements.core.holdings.montecarlo import (
    fund_walks,
    issuer_tasks,
    map_sequential,
    map_threads,
    walk_issuer,
)
from placements.core.holdings.view import position_views

FUND = ROOT / "placements" / "examples" / "holdings.yaml"


def views(day: date):
    loaded = pl.load_holdings(FUND)
    found, problems = position_views(loaded.holdings, loaded.slices, day)
    assert problems == []
    return found


def test_one_task_per_issuer_with_its_own_counts_and_strikes():
    tasks = issuer_tasks(views(date(2024, 6, 30)), date(2024, 9, 30), 1000, seed=7)
    assert [task.ticker for task in tasks] == ["TSXV:RMI", "EXL"]
    rmi, exl = tasks
    assert rmi.positions == ("rmi-ft", "rmi-mf", "rmi-mf-w")
    assert rmi.shares.tolist() == [700000, 1000000, 0]
    assert rmi.warrants.tolist() == [0, 0, 0]  # expired in 2009
    assert exl.positions == ("exl-units", "exl-w22")
    assert exl.warrants.tolist() == [2000000, 500000]
    assert exl.strikes.tolist() == [0.15, 0.25]
    assert (exl.spot, exl.volatility) == (0.103, 0.751547)
    assert exl.years == 92 / 365


def test_the_walk_is_a_pure_function_of_its_task():
    (task, *_) = issuer_tasks(views(date(2008, 6, 30)), date(2008, 9, 30), 2000, seed=1)
    first, again = walk_issuer(task), walk_issuer(task)
    assert np.array_equal(first.values, again.values)
    assert first.prices.shape == (2000,) and first.values.shape == (2000, 3)


def test_threads_give_exactly_what_a_sequential_run_gives():
    tasks = issuer_tasks(views(date(2024, 6, 30)), date(2024, 12, 31), 5000, seed=2026)
    alone = fund_walks(tasks, map_sequential)
    threaded = fund_walks(tasks, lambda f, ts: map_threads(f, ts, workers=2))
    assert np.array_equal(alone.total, threaded.total)
    reversed_run = [walk_issuer(task) for task in reversed(tasks)][::-1]
    assert all(
        np.array_equal(a.values, b.values) for a, b in zip(alone.walks, reversed_run, strict=True)
    )


def test_without_volatility_the_value_is_the_forward_price():
    (task, *_) = issuer_tasks(views(date(2008, 6, 30)), date(2008, 9, 21), 10, seed=3)
    flat = task.__class__(**{**task.__dict__, "volatility": 0.0})
    walk = walk_issuer(flat)
    forward = 0.34 * math.exp(0.03 * 83 / 365)
    assert np.allclose(walk.prices, forward)
    # rmi-ft: 600,000 shares and 300,000 warrants at 0.30 on 2008-09-21
    assert np.allclose(walk.values[:, 0], 600000 * forward + 300000 * (forward - 0.30))


def test_the_fund_total_adds_the_issuers_path_by_path():
    tasks = issuer_tasks(views(date(2024, 6, 30)), date(2025, 6, 30), 300, seed=5)
    walk = fund_walks(tasks)
    assert np.allclose(walk.total, sum(w.values.sum(axis=1) for w in walk.walks))
    low, mid, high = walk.percentiles().values()
    assert low < mid < high


def test_the_api_runs_the_fund_walk_on_threads_or_not():
    one = pl.fund_walk(FUND, date(2024, 6, 30), date(2024, 12, 31), paths=1000, seed=9)
    two = pl.fund_walk(FUND, date(2024, 6, 30), date(2024, 12, 31), paths=1000, seed=9, threads=2)
    assert np.array_equal(one.total, two.total)
    assert [walk.ticker for walk in one.walks] == ["TSXV:RMI", "EXL"]
