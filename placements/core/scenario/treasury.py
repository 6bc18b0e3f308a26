"""The treasury stock method (IAS 33, ASC 260): the shares in-the-money series add, net of buy-back.

Exercising n warrants at K brings n x K of cash, which buys back n x K / P
shares at the market price P; the series adds n x (P - K) / P shares, and
nothing when it is out of the money. For a warrant that brings k shares (an
option into units) the gain is k x P - K. The incremental shares are summed
over the series first and rounded down once, so the count is whole.
"""

import numpy as np

from placements.core.scenario.engine import exact_products

ROWS = 1024
"""Paths of the treasury numerator worked at once: small buffers, reused, stay in cache
(fresh arrays the size of a chunk's would be faulted in page by page on every chunk)."""


def treasury_numerator(
    held_by_price: np.ndarray,
    shares: np.ndarray,
    strikes: np.ndarray,
    prices: np.ndarray,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """The sum of n x (k x P - K) over what is in the money, in micro-dollar units.

    ``held_by_price`` is (buckets x paths x days): the count outstanding of
    each (exercise price ``strikes[b]``, shares per exercise ``shares[b]``)
    bucket; ``prices`` is (paths x days) in micros. With ``rows``, the counts
    are a row per outcome and ``rows`` gives each path's. Exact: products
    that could pass int64 are made with Python integers.
    """
    numerator: np.ndarray = np.zeros(prices.shape, dtype=np.int64)
    if not len(held_by_price):
        return numerator
    top = int(prices.max(initial=0))
    most = int(np.abs(held_by_price).max(initial=0))
    # the buckets in the money on some path and day
    buckets = [b for b in range(len(held_by_price)) if int(shares[b]) * top > int(strikes[b])]
    if most * max(int(shares.max()) * top, 1) * len(held_by_price) >= 2**62:
        for bucket in buckets:  # a product could pass int64
            counts = held_by_price[bucket] if rows is None else held_by_price[bucket][rows]
            gain = np.maximum(shares[bucket] * prices - strikes[bucket], 0)
            numerator = numerator + exact_products(counts, gain)
        return numerator
    # every product and their sum within int64: worked in place, a block of paths at a
    # time, each bucket only on the days some count of it is held (its exercise period)
    held_days = []
    for bucket in buckets:
        days = np.flatnonzero(held_by_price[bucket].any(axis=0))
        if days.size:
            held_days.append((bucket, int(days[0]), int(days[-1]) + 1))
    size = min(ROWS, len(prices))
    gain = np.empty((size, prices.shape[1]), dtype=np.int64)
    held = np.empty((size, prices.shape[1]), dtype=held_by_price.dtype)
    for low in range(0, len(prices), ROWS):
        block = prices[low : low + ROWS]
        into = numerator[low : low + ROWS]
        for bucket, first, end in held_days:
            shape = (len(block), end - first)
            part, counted = _scratch(gain, shape), _scratch(held, shape)
            counts = held_by_price[bucket, :, first:end]
            if rows is not None:
                counts = np.take(counts, rows[low : low + ROWS], axis=0, out=counted)
            else:
                counts = counts[low : low + ROWS]
            np.multiply(block[:, first:end], shares[bucket], out=part)
            part -= strikes[bucket]
            np.maximum(part, 0, out=part)
            part *= counts
            into[:, first:end] += part
    return numerator


def _scratch(buffer: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A contiguous ``shape`` array in the start of ``buffer``, for numpy to work in."""
    return buffer.reshape(-1)[: shape[0] * shape[1]].reshape(shape)


def treasury_shares(numerator: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """The whole incremental shares: the summed numerator over P, rounded down.

    An int64 numerator is divided in place: the numerator is made for this.
    """
    if numerator.dtype == np.int64:
        return np.floor_divide(numerator, prices, out=numerator)
    return (numerator // prices).astype(np.int64)


def treasury_on_day(held: list[tuple[int, int, int]], price: int) -> int:
    """The incremental shares of one day's holdings: (count, shares each, strike in micros).

    The same rule as the arrays above, for a table of one day whose counts are
    not the engine's (a restated securities table).
    """
    if not held or price <= 0:
        return 0
    counts = np.array([[[count]] for count, _, _ in held], dtype=np.int64)
    shares = np.array([each for _, each, _ in held], dtype=np.int64)
    strikes = np.array([strike for _, _, strike in held], dtype=np.int64)
    prices = np.array([[price]], dtype=np.int64)
    return int(treasury_shares(treasury_numerator(counts, shares, strikes, prices), prices)[0, 0])
