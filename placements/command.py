"""The ``placements`` console script: the CLI, with the cyclic collector off from the first import.

Importing the CLI makes tens of thousands of objects (typer, PyYAML, the
schema, the value classes), and the collector would scan them again and again
as they are made, finding nothing: 4% of a small command's run. Commands
already run with it paused (:mod:`placements.collector`); a process that
prints one report and exits does not need it before either. For the same
reason the process keeps what it loads and ends without freeing it.

numpy's BLAS is told to use one thread unless the user said otherwise: its
only products here are a bridge's small factors (ten days or so), and its
threads would spin on the cores that the drawing of a walk and the engine
use (100,000 bridged paths: 4% less wall time, 10% less CPU). The console
script also lets a walk be drawn in a forked process
(:func:`~placements.core.scenario.ahead.allow_processes`), which a library
caller's process is not.
"""

import gc
import os

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def main() -> None:
    gc.disable()
    if not any(name in os.environ for name in BLAS_THREADS):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    from placements.cli import main as run
    from placements.collector import exit_at_once, keep_until_exit
    from placements.core.scenario.ahead import allow_processes

    allow_processes()

    keep_until_exit()
    try:
        run()
    except SystemExit as done:
        exit_at_once(done.code)
    exit_at_once(0)
