"""How a command's process manages memory: the cyclic collector paused, freed memory kept.

A large book makes (and its loading reads) tens of thousands of small objects (series, periods,
events, exercises, rows) that live until the report is printed. The cyclic
collector would scan them over and over as they are made, a third of the run
time on a book of 10,000 tranches, and find nothing: they hold no cycles.
Reference counting frees them as usual either way.

The same objects cost again when the process ends: the interpreter's last
collections scan whatever is still alive (caches, modules' globals) several
times over, 7 s of a 12 s run on a book of 10,000 tranches. A process that is
about to exit has no garbage worth finding, so its survivors are frozen first.

Freeing them costs too: reference counting takes a book's parsed tree and its
tranches apart object by object when a command returns, and the interpreter's
teardown frees what is left, about 0.15 s of a 2 s check of 10,000 tranches.
The console script keeps what it loads (:func:`kept`) and ends with
:func:`exit_at_once`, which skips both. A library's caller keeps nothing.
"""

import atexit
import contextlib
import functools
import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused, restoring it after."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


_kept: list[object] | None = None
"""What the console script's process holds until it exits; None when nothing is kept."""


def keep_until_exit() -> None:
    """From now on, :func:`kept` values live until the process ends (the console script only)."""
    global _kept
    _kept = []


def kept(value: T) -> T:
    """``value``, kept alive until the process exits when the console script asked for that."""
    if _kept is not None:
        _kept.append(value)
    return value


def exit_at_once(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without freeing its objects one by one.

    Exit handlers run and standard output and error are flushed first, so
    nothing written is lost; files a command writes are closed by then.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(status)


def exit_without_scanning() -> None:
    """Freeze every surviving object so the collections at interpreter exit skip them.

    Unlike ``os._exit`` this keeps exit handlers and the flushing of open files.
    """
    gc.freeze()


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's mallopt parameters."""


def keep_freed_memory() -> None:
    """Have the C library keep freed memory for reuse instead of giving it back.

    For a process that runs scenarios and exits (``placements run``), not for
    a library's caller, whose memory is its own. A random walk makes and frees
    temporaries the size of a chunk's arrays for every chunk. glibc maps large
    blocks fresh and gives the top of its heap back, so each chunk faulted their
    pages in again (a fault per 4 KB page, microseconds each on a virtual
    machine): blocks up to 32 MB now come from the heap, which keeps up to 1 GB
    free for the next chunk. Elsewhere than glibc nothing changes.
    """
    import ctypes  # only here: the other commands need none of it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(M_MMAP_THRESHOLD, 32 << 20)
    mallopt(M_TRIM_THRESHOLD, 1 << 30)
