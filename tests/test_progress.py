"""The progress bar: drawn on stderr only after a second of work, never touching the results."""

import io

import numpy as np
from conftest import ROOT, run

from placements.core.scenario.engine import project
from placements.load.scenario import load_scenario
from placements.progress import Bar, bar_for

RANDOM = ROOT / "scenarios" / "random.yaml"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_waits_a_second_then_shows_paths_rate_and_time_left():
    clock, stream = Clock(), io.StringIO()
    bar = Bar("walk", stream, clock)
    clock.now = 0.5
    bar(1_000, 10_000)
    assert stream.getvalue() == ""
    clock.now = 2.0
    bar(4_000, 10_000)
    line = stream.getvalue()
    assert line.startswith("\rwalk [#########...............] 4,000/10,000 paths")
    assert "2,000/s, 3s left" in line
    bar(10_000, 10_000)
    assert stream.getvalue().endswith("\r\x1b[K")


def test_a_quick_run_draws_nothing():
    clock, stream = Clock(), io.StringIO()
    bar = Bar("walk", stream, clock)
    clock.now = 0.2
    bar(10_000, 10_000)
    assert stream.getvalue() == ""


def test_no_bar_when_quiet_or_stderr_is_not_a_terminal():
    assert bar_for("walk", quiet=True) is None
    assert bar_for("walk", quiet=False) is None  # pytest's stderr is not a terminal


def test_the_engine_reports_paths_done_and_its_results_do_not_change():
    scenario = load_scenario(RANDOM).with_walk(5_000, 11)
    calls: list[tuple[int, int]] = []
    hooked = project(
        scenario, chunk=1_024, progress=lambda done, total: calls.append((done, total))
    )
    plain = project(scenario, chunk=1_024)
    assert calls == [(1_024, 5_000), (2_048, 5_000), (3_072, 5_000), (4_096, 5_000), (5_000, 5_000)]
    assert np.array_equal(hooked.checkpoint_prices, plain.checkpoint_prices)
    assert np.array_equal(hooked.outcomes.exercised, plain.outcomes.exercised)


def test_quiet_output_is_byte_identical():
    loud = run("run", RANDOM, "--paths", "500")
    quiet = run("run", RANDOM, "--paths", "500", "--quiet")
    assert loud.code == quiet.code == 0
    assert loud.stdout == quiet.stdout
    assert run("compare", RANDOM, "--paths", "500", "-q").code == 0


def test_a_long_walk_draws_the_bar_on_a_terminal_and_prints_the_same_report():
    import os
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "placements",
        "run",
        str(RANDOM),
        "--paths",
        "60000",
    ]
    # the bar appears at once, however fast the machine draws the paths
    env = {**os.environ, "COLUMNS": "100", "PLACEMENTS_PROGRESS_DELAY": "0"}
    leader, follower = os.openpty()
    try:
        on_terminal = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=follower, env=env, check=True, timeout=120
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    piped = subprocess.run(command, capture_output=True, env=env, check=True, timeout=120)
    quiet = subprocess.run(
        [*command, "--quiet"], capture_output=True, env=env, check=True, timeout=120
    )
    assert b"/60,000 paths" in drawn and b"s left" in drawn
    assert b"paths" not in piped.stderr
    assert on_terminal.stdout == piped.stdout == quiet.stdout
