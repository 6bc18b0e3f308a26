"""Drawing chunks ahead in a second thread or process: the same items, errors raised,
buffers safe."""

import itertools
import os
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from placements.core.scenario.ahead import (
    HELD,
    allow_processes,
    can_fork,
    drawn_ahead,
    drawn_apart,
    shared_empty,
)
from placements.core.scenario.engine import project
from placements.core.scenario.model import RandomWalk
from placements.core.scenario.prices import FIRST_CHUNK, chunk_bounds, trading_days, walk_chunks


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


# Drawing in a forked process: the console script allows it; these tests do so
# for themselves and put the setting back.


@pytest.fixture
def processes():
    allow_processes()
    try:
        if not can_fork():
            pytest.skip("no fork here (not Linux, or other threads running)")
        yield
    finally:
        allow_processes(False)


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def squares(memory: np.ndarray, items: int) -> Iterator[int]:
    """Writes item k's square into the shared set k % HELD, as a walk's draw fills its buffers."""
    for item in range(items):
        memory[item % HELD] = item * item
        yield item


def test_a_library_caller_is_not_forked_under_unless_it_asks():
    assert not can_fork()
    memory = shared_empty((HELD,), np.int64)
    # the thread's fallback, still reading what was written in the shared arrays
    found = list(drawn_apart(squares(memory, 5), lambda item: int(memory[item % HELD])))
    assert found == [0, 1, 4, 9, 16]


def test_facts_drawn_in_another_process_are_read_from_shared_memory(processes):
    memory = shared_empty((HELD,), np.int64)
    pids = shared_empty((1,), np.int64)

    def facts() -> Iterator[int]:
        pids[0] = os.getpid()
        yield from squares(memory, 9)

    found = list(drawn_apart(facts(), lambda item: (item, int(memory[item % HELD]))))
    assert found == [(item, item * item) for item in range(9)]
    assert pids[0] not in (0, os.getpid()), "the facts were not drawn in another process"
    assert no_children_left()


def test_an_error_in_the_drawing_process_is_raised_here_at_its_item(processes):
    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("no more paths")

    seen = []
    with pytest.raises(ValueError, match="no more paths"):
        for item in drawn_apart(failing(), lambda item: item):
            seen.append(item)
    assert seen == [1]
    assert no_children_left()


def test_an_error_that_cannot_be_sent_is_raised_as_its_description(processes):
    class Local(Exception):  # a class pickle cannot find by name
        pass

    def failing() -> Iterator[int]:
        raise Local("lost in the post")
        yield 0

    with pytest.raises(RuntimeError, match="lost in the post"):
        list(drawn_apart(failing(), lambda item: item))


def test_a_drawing_process_that_dies_is_an_error_not_a_hang(processes):
    def dying() -> Iterator[int]:
        yield 1
        os._exit(3)

    with pytest.raises(RuntimeError, match="process drawing the price paths stopped"):
        list(drawn_apart(dying(), lambda item: item))
    assert no_children_left()


def test_leaving_early_ends_the_drawing_process(processes):
    memory = shared_empty((HELD,), np.int64)
    items = drawn_apart(squares(memory, 10**9), lambda item: item)
    assert next(items) == 0
    items.close()
    assert no_children_left()


@pytest.mark.parametrize("paths", [5000, 20_001])
def test_a_walk_drawn_in_another_process_is_the_walk_drawn_here(processes, paths, monkeypatch):
    """The whole projection, bridged with acceleration: the same to the last number."""
    from test_bridge import scenario

    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    days = [date(2008, 6, 30), date(2009, 6, 30)]
    apart = project(scenario(paths, 5), days, chunk=2048)
    assert forks == [1]
    allow_processes(False)
    here = project(scenario(paths, 5), days, chunk=2048)
    assert apart.paths == here.paths == paths
    assert np.array_equal(apart.checkpoint_prices, here.checkpoint_prices)
    for name, found in vars(apart.outcomes).items():
        assert np.array_equal(found, getattr(here.outcomes, name)), name


@pytest.mark.parametrize(
    ("paths", "chunk"), [(1, 8192), (8192, 8192), (8193, 8192), (100_000, 8192), (50, 7)]
)
def test_a_walk_of_several_chunks_starts_with_a_small_one(paths, chunk):
    bounds = chunk_bounds(paths, chunk)
    assert bounds[0][0] == 0 and bounds[-1][1] == paths
    assert all(high == low for (_, high), (low, _) in itertools.pairwise(bounds))
    assert all(0 < high - low <= chunk for low, high in bounds)
    assert bounds[0][1] == (paths if paths <= chunk else min(FIRST_CHUNK, chunk))


def test_a_process_that_cannot_be_forked_leaves_the_drawing_to_the_thread(processes, monkeypatch):
    def refused() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", refused)
    opened = len(os.listdir("/proc/self/fd"))
    memory = shared_empty((HELD,), np.int64)
    found = list(drawn_apart(squares(memory, 4), lambda item: int(memory[item % HELD])))
    assert found == [0, 1, 4, 9]
    assert len(os.listdir("/proc/self/fd")) == opened, "the pipes were left open"
