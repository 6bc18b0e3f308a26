"""A random-walk valuation of a fund, one independent task per issuer.

The fund's value at a horizon depends on each issuer's share price; a walk
of many paths per issuer is the heavy part. It is split so that each issuer
is one task: :func:`issuer_tasks` gathers everything one issuer's walk needs
into an :class:`IssuerTask` (plain numbers and numpy arrays, no books), and
:func:`walk_issuer` is a pure function of that task alone, returning arrays.
Nothing is shared between tasks, and each task carries its own seed (spawned
from the fund's, :class:`numpy.random.SeedSequence`), so the results are the
same whichever order, thread, process or machine the tasks run on. A mapper
(:func:`map_sequential`, :func:`map_threads`) runs them; docs/design.md says
how a Dask cluster would.

The model, kept small on purpose: each issuer's price follows geometric
Brownian motion at the risk-free rate and its volatility, independently of
the others (no correlation between issuers); at the horizon a position is
worth its shares at the price plus its warrants' exercise value at the
price in force on the horizon day (nothing once they have expired).
"""

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from math import sqrt
from typing import TypeVar

import numpy as np

from placements.core.holdings.view import PositionView

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class IssuerTask:
    """One issuer's walk: its market, its positions' counts and strikes, and its own seed.

    ``strikes`` is the exercise price in force on the horizon day of each
    position's warrants (``nan`` where none can be exercised then), per share
    issued, and ``shares_per_warrant`` what one warrant issues.
    """

    ticker: str
    spot: float
    volatility: float
    rate: float
    years: float
    paths: int
    positions: tuple[str, ...]
    shares: np.ndarray
    warrants: np.ndarray
    strikes: np.ndarray
    shares_per_warrant: np.ndarray
    seed: np.random.SeedSequence


@dataclass(frozen=True)
class IssuerWalk:
    """A task's result: the price on each path, and each position's value on it."""

    ticker: str
    positions: tuple[str, ...]
    prices: np.ndarray
    """Shape (paths,)."""
    values: np.ndarray
    """Shape (paths, positions)."""


def issuer_tasks(
    views: Sequence[PositionView], horizon: date, paths: int, seed: int
) -> list[IssuerTask]:
    """One task per issuer held, in the order first held, each with a seed of its own."""
    by_ticker: dict[str, list[PositionView]] = {}
    for view in views:
        by_ticker.setdefault(view.ticker, []).append(view)
    seeds = np.random.SeedSequence(seed).spawn(len(by_ticker))
    tasks = []
    for (ticker, mine), own in zip(by_ticker.items(), seeds, strict=True):
        market = mine[0].market
        strikes, per = [], []
        for view in mine:
            series = view.series
            price = series.schedule.price_on(horizon) if series is not None else None
            per.append(series.shares_per_exercise if series is not None else 1)
            strikes.append(float("nan") if price is None else float(price))
        tasks.append(
            IssuerTask(
                ticker=ticker,
                spot=market.spot,
                volatility=market.volatility,
                rate=market.rate,
                years=max((horizon - market.as_of).days, 0) / DAYS_PER_YEAR,
                paths=paths,
                positions=tuple(view.slice.position.id for view in mine),
                shares=np.array([view.holding.shares for view in mine], dtype=np.float64),
                warrants=np.array([view.warrants for view in mine], dtype=np.float64),
                strikes=np.array(strikes, dtype=np.float64),
                shares_per_warrant=np.array(per, dtype=np.float64),
                seed=own,
            )
        )
    return tasks


def walk_issuer(task: IssuerTask) -> IssuerWalk:
    """The issuer's price at the horizon on each path, and each position's value: pure."""
    rng = np.random.default_rng(task.seed)
    normals = rng.standard_normal(task.paths)
    drift = (task.rate - task.volatility**2 / 2) * task.years
    prices = task.spot * np.exp(drift + task.volatility * sqrt(task.years) * normals)
    exercisable = ~np.isnan(task.strikes)
    strikes = np.where(exercisable, task.strikes, 0.0)
    gain = prices[:, None] * task.shares_per_warrant[None, :] - strikes[None, :]
    payoff = np.where(exercisable[None, :], np.maximum(gain, 0.0), 0.0)
    values = prices[:, None] * task.shares[None, :] + payoff * task.warrants[None, :]
    return IssuerWalk(task.ticker, task.positions, prices, values)


T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[T], R], Sequence[T]], list[R]]


def map_sequential(function: Callable[[T], R], tasks: Sequence[T]) -> list[R]:
    """Run the tasks one after another, in order."""
    return [function(task) for task in tasks]


def map_threads(function: Callable[[T], R], tasks: Sequence[T], workers: int = 2) -> list[R]:
    """Run the tasks on a pool of threads (numpy releases the GIL), results in task order."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, tasks))


@dataclass(frozen=True)
class FundWalk:
    """Every issuer's walk, and the fund's value on each path (issuers' values added)."""

    walks: tuple[IssuerWalk, ...]
    total: np.ndarray

    def percentiles(self, percents: Iterable[float] = (5, 50, 95)) -> dict[float, float]:
        return {p: float(np.percentile(self.total, p)) for p in percents}


def fund_walks(tasks: Sequence[IssuerTask], mapper: Mapper = map_sequential) -> FundWalk:
    """Run every issuer's task with ``mapper`` and add up the fund's value path by path."""
    walks = tuple(mapper(walk_issuer, tasks))
    paths = tasks[0].paths if tasks else 0
    total = np.zeros(paths)
    for walk in walks:
        total += walk.values.sum(axis=1)
    return FundWalk(walks, total)
