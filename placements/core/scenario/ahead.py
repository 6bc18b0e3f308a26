"""Drawing the next chunk of price paths while the engine works on this one.

numpy lets go of the GIL inside its loops (drawing normals, arithmetic on
arrays, sorts and gathers), so a second thread drawing chunk k + 1 runs on
another core while the engine and the counts work on chunk k. Each thread
draws from its own streams, in the same order as without the thread, so
every number, and so every result, is the same: only the wall time changes.
"""

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

Item = TypeVar("Item")

HELD = 2
"""Chunks alive at once: the one the caller holds and the one drawn ahead. A
source that reuses its buffers keeps this many sets of them, in turn."""

_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def drawn_ahead(source: Iterator[Item]) -> Iterator[Item]:
    """``source``'s items, each drawn in a second thread while the caller holds the one before.

    The caller holds an item until it asks for the next, and the thread
    starts on item k + 2 only then, so item k + 2 may reuse item k's buffers
    (:data:`HELD` sets in turn). An error in the thread is raised here, at
    the item it would have been; closing this iterator stops the thread
    after the item it is drawing.
    """
    free = threading.Semaphore(HELD)
    ready: queue.SimpleQueue[object] = queue.SimpleQueue()
    stopped = threading.Event()

    def draw() -> None:
        try:
            while True:
                free.acquire()
                if stopped.is_set():
                    return
                item = next(source, _DONE)
                ready.put(item)
                if item is _DONE:
                    return
        except BaseException as error:  # handed to the caller, which raises it
            ready.put(_Failed(error))

    drawer = threading.Thread(target=draw, name="placements-draw-ahead", daemon=True)
    drawer.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
            free.release()
    finally:
        stopped.set()
        free.release()
        drawer.join()
