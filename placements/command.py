"""The ``placements`` console script: the CLI, with the cyclic collector off from the first import.

Importing the CLI makes tens of thousands of objects (typer, PyYAML, the
schema, the value classes), and the collector would scan them again and again
as they are made, finding nothing: 4% of a small command's run. Commands
already run with it paused (:mod:`placements.collector`); a process that
prints one report and exits does not need it before either. For the same
reason the process keeps what it loads and ends without freeing it.
"""

import gc


def main() -> None:
    gc.disable()
    from placements.cli import main as run
    from placements.collector import exit_at_once, keep_until_exit

    keep_until_exit()
    try:
        run()
    except SystemExit as done:
        exit_at_once(done.code)
    exit_at_once(0)
