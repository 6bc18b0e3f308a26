"""Searches along price paths: the first day a price, or a run of prices, clears a level.

These are the only places the engine looks at every day of every path, so
they are plain array passes: comparisons, and-ing shifted copies, and
running minima, with no Python loop over days or paths.
"""

import numpy as np

BEYOND = np.iinfo(np.int64).max // 4
"""The answer of a search that finds nothing."""

FEW = 8
"""Up to this many queries, each searches its own slots; beyond, they share one pass."""


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: ``np.unique`` of a flat array, by a sort.

    ``np.unique`` first asks whether the array is masked, which imports
    ``numpy.ma``, a hundredth of a second of every run for nothing.
    """
    ordered = np.sort(values, axis=None)
    keep = np.ones(ordered.size, dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def run_starts(above: np.ndarray, length: int) -> np.ndarray:
    """Where runs of ``length`` Trues start: (paths x slots - length + 1).

    Column j says slots j .. j + length - 1 are all True. Each pass doubles
    the run checked, so ten days take four passes.
    """
    run = above
    have = 1
    while have < length:
        step = min(have, length - have)
        run = run[:, :-step] & run[:, step:]
        have += step
    return run


def next_true(flags: np.ndarray) -> np.ndarray:
    """For each column, the first column at or after it that is True, else BEYOND."""
    columns = np.arange(flags.shape[1], dtype=np.int64)
    marked = np.where(flags, columns, BEYOND)
    return np.minimum.accumulate(marked[:, ::-1], axis=1)[:, ::-1]


def first_run_end(
    prices: np.ndarray,
    trading: np.ndarray,
    level: int,
    length: int,
    low: np.ndarray,
    high: np.ndarray,
) -> np.ndarray:
    """The slot ending the first run of ``length`` trading slots at or above ``level``.

    One search per query q, on every path: the run must lie within slots
    ``low[q]`` .. ``high[q]``. Returns (queries x paths), BEYOND where none.
    """
    if prices.shape[1] < length:
        return np.full((len(low), prices.shape[0]), BEYOND, dtype=np.int64)
    above = prices >= level
    if not trading.all():
        above &= trading
    if len(low) <= FEW:
        windows = list(zip(low.tolist(), high.tolist(), strict=True))
        found = {window: _first_run_end(above, length, *window) for window in set(windows)}
        return np.array([found[window] for window in windows]).reshape(len(low), prices.shape[0])
    starts = next_true(run_starts(above, length))
    start = starts[:, np.clip(low, 0, starts.shape[1] - 1)]
    end = start + (length - 1)
    usable = (low <= high - length + 1)[None, :] & (end <= high[None, :])
    return np.where(usable, end, BEYOND).T


def _first_run_end(above: np.ndarray, length: int, low: int, high: int) -> np.ndarray:
    """One window of :func:`first_run_end`, searching only the paths that reach the level in it."""
    found = np.full(above.shape[0], BEYOND, dtype=np.int64)
    if high - low + 1 < length:
        return found
    window = above[:, low : high + 1]
    reaching = np.flatnonzero(window.any(axis=1))
    if not reaching.size:
        return found
    run = run_starts(window[reaching], length)
    start = np.argmax(run, axis=1)
    hit = run[np.arange(len(reaching)), start]
    found[reaching] = np.where(hit, low + start + length - 1, BEYOND)
    return found


def first_at_or_above(prices: np.ndarray, low: int, high: int, level: int) -> np.ndarray:
    """The first slot from ``low`` to ``high`` at which each path is at or above ``level``."""
    above = prices[:, low : high + 1] >= level
    position = np.argmax(above, axis=1)
    hit = above[np.arange(prices.shape[0]), position]
    return np.where(hit, low + position, BEYOND)
