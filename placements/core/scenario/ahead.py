"""Drawing the next chunk of price paths while the engine works on this one.

numpy lets go of the GIL inside its loops (drawing normals, arithmetic on
arrays, sorts and gathers), so a second thread drawing chunk k + 1 runs on
another core while the engine and the counts work on chunk k. Each thread
draws from its own streams, in the same order as without the thread, so
every number, and so every result, is the same: only the wall time changes.

A bridged walk's drawing is many small numpy steps, between which the two
threads wait for each other's GIL: on two cores the pair ran little faster
than one thread alone. :func:`drawn_apart` draws in a forked process
instead, into memory shared with it, where the console script allows it
(:func:`allow_processes`); elsewhere it falls back to the thread.
"""

import contextlib
import mmap
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from math import prod
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import numpy as np

Item = TypeVar("Item")
Facts = TypeVar("Facts")

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


_processes = {"allowed": False}


def allow_processes(allowed: bool = True) -> None:
    """Let :func:`drawn_apart` fork: for a process that is the CLI, not a library's caller
    (a server or a notebook with threads of its own is not forked under)."""
    _processes["allowed"] = allowed


def can_fork() -> bool:
    """Whether :func:`drawn_apart` would draw in a forked process here and now: allowed,
    on Linux (macOS's system libraries are not safe to fork), and with no other thread."""
    return (
        _processes["allowed"]
        and sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def shared_empty(shape: tuple[int, ...], dtype: type) -> "np.ndarray":
    """An empty array in anonymous shared memory: a forked process writes, this one reads."""
    import numpy as np  # here, so that the console script can allow processes cheaply

    count = prod(shape)
    memory = mmap.mmap(-1, max(count * np.dtype(dtype).itemsize, 1))
    return np.frombuffer(memory, dtype=dtype, count=count).reshape(shape)


def drawn_apart(facts: Iterator[Facts], made: Callable[[Facts], Item]) -> Iterator[Item]:
    """``made(f)`` for each of ``facts``, the facts worked out in a forked process.

    ``facts`` writes what it draws into arrays made by :func:`shared_empty`
    before the fork, :data:`HELD` sets in turn, and yields what else there is
    to know, small and picklable; ``made`` reads them here. As with
    :func:`drawn_ahead`, the process starts on item k + 2 only once the
    caller has asked for item k + 1, so item k's buffers are free. An error
    there is raised here; closing this iterator ends the process. Where
    :func:`can_fork` says no, the facts are drawn by :func:`drawn_ahead`.
    """
    child = None
    if can_fork():
        messages, to_parent = os.pipe()
        from_parent, tokens = os.pipe()
        try:
            child = os.fork()
        except OSError:  # no room for another process: the thread it is
            for end in (messages, to_parent, from_parent, tokens):
                os.close(end)
    if child is None:
        yield from drawn_ahead(made(f) for f in facts)
        return
    if child == 0:  # pragma: no cover (the child's coverage is not collected)
        os.close(messages)
        os.close(tokens)
        _draw_for_parent(facts, from_parent, to_parent)
    os.close(to_parent)
    os.close(from_parent)
    finished = False
    with open(messages, "rb") as reader, open(tokens, "wb", buffering=0) as writer:
        try:
            writer.write(bytes(HELD))
            while True:
                try:
                    item: Any = pickle.load(reader)
                except EOFError:
                    raise RuntimeError("the process drawing the price paths stopped") from None
                if item is None:
                    finished = True
                    return
                if isinstance(item, _Failed):
                    raise item.error
                yield made(item)
                # a process that has ended has sent what is read next
                with contextlib.suppress(BrokenPipeError):
                    writer.write(b"\0")
        finally:
            if not finished:
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def _draw_for_parent(facts: Iterator[Any], tokens: int, messages: int) -> None:
    """The forked process: each fact once the parent frees a set of buffers, then None."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
        with open(tokens, "rb", buffering=0) as reader, open(messages, "wb") as writer:
            try:
                while reader.read(1):
                    item = next(facts, None)
                    pickle.dump(item, writer, pickle.HIGHEST_PROTOCOL)
                    writer.flush()
                    if item is None:
                        break
            except BrokenPipeError:
                status = 1
            except BaseException as error:  # handed to the parent, which raises it
                status = 1
                try:
                    sent = pickle.dumps(_Failed(error), pickle.HIGHEST_PROTOCOL)
                except Exception:
                    sent = pickle.dumps(_Failed(RuntimeError(repr(error))))
                writer.write(sent)
                writer.flush()
    except BaseException:
        status = 1
    finally:
        # no exit handlers, no flushing of the parent's buffered output: this process
        # shares them and must leave them alone
        os._exit(status)
