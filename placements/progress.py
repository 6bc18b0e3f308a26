"""A progress bar on stderr for long random walks: paths done, rate, time left.

The engine only calls a hook with the paths done; this draws it, and only
once a run has taken about a second, so quick runs print nothing. It writes
to stderr alone, so the report on stdout is byte-identical with or without it.
"""

import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0
"""Seconds of work before the bar appears; ``PLACEMENTS_PROGRESS_DELAY`` sets another."""
WIDTH = 24


class Bar:
    """A hook ``(done, total)`` that draws a one-line bar, redrawn in place."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.drawn = False
        self.delay = _delay()

    def __call__(self, done: int, total: int) -> None:
        elapsed = self.clock() - self.started
        if done >= total:
            if self.drawn:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            return
        if elapsed < self.delay or done <= 0:
            return
        rate = done / elapsed
        left = (total - done) / rate
        filled = WIDTH * done // total
        line = (
            f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] "
            f"{done:,}/{total:,} paths, {rate:,.0f}/s, {left:.0f}s left"
        )
        # one line that never wraps, so the carriage return redraws it in place
        columns = shutil.get_terminal_size().columns
        self.stream.write(f"\r{line[-(columns - 1) :]}\x1b[K")
        self.stream.flush()
        self.drawn = True


def bar_for(label: str, quiet: bool) -> Bar | None:
    """A bar when stderr is a terminal and the user did not ask for quiet; else None."""
    if quiet or not sys.stderr.isatty():
        return None
    return Bar(label)


def _delay() -> float:
    """The seconds before the bar: the environment's, when it is a number of them, else DELAY."""
    try:
        seconds = float(os.environ.get("PLACEMENTS_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY
    return seconds if 0 <= seconds < float("inf") else DELAY
