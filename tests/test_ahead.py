"""Drawing chunks ahead in a second thread: the same items, errors raised, buffers safe."""

import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from placements.core.scenario.ahead import HELD, drawn_ahead
from placements.core.scenario.model import RandomWalk
from placements.core.scenario.prices import trading_days, walk_chunks


def counting(items: int, asked: list[int]) -> Iterator[int]:
    for item in range(items):
        asked.append(item)
        yield item


def test_the_items_come_in_order_and_all_of_them():
    assert list(drawn_ahead(counting(7, []))) == list(range(7))
    assert list(drawn_ahead(counting(0, []))) == []


def test_the_thread_never_starts_an_item_that_would_reuse_a_held_ones_buffers():
    asked: list[int] = []
    for item in drawn_ahead(counting(9, asked)):
        # while the caller holds item k the thread may have started k + 1, never k + 2
        assert max(asked) <= item + HELD - 1
    assert asked == list(range(9))


def test_an_error_in_the_source_is_raised_to_the_caller_at_its_item():
    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("no more paths")

    seen = []
    with pytest.raises(ValueError, match="no more paths"):
        for item in drawn_ahead(failing()):
            seen.append(item)
    assert seen == [1]


def test_leaving_early_stops_the_thread():
    before = threading.active_count()
    items = drawn_ahead(counting(1000, []))
    assert next(items) == 0
    items.close()
    assert threading.active_count() == before


def test_a_walk_drawn_ahead_is_the_walk_drawn_in_turn():
    walk = RandomWalk(Decimal("0.28"), Decimal("0.8"), Decimal(0), 1000, 7)
    cal = trading_days(walk, date(2024, 1, 1), date(2024, 12, 31))
    plain = np.concatenate(list(walk_chunks(walk, cal, 300)))
    ahead = np.concatenate(list(drawn_ahead(walk_chunks(walk, cal, 300))))
    assert np.array_equal(plain, ahead)
    assert plain.shape == (1000, len(cal.slots))
