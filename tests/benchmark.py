"""Benchmark: figures and ratios measured in one run, against the targets of the team.

    python tests/benchmark.py           # the full measurement (a few minutes)
    python tests/benchmark.py --quick   # small sizes, to check the script runs

It prints medians of repeated runs, and ratios of things measured side by
side in the same run (machines here are shared and noisy, so absolute times
vary; ratios much less). Nothing here is a pass/fail test.
"""

import argparse
import functools
import gc
import itertools
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fuzzing import fuzz  # noqa: E402
from hostile import HOSTILE, RECOGNISERS, SIZE, hostile  # noqa: E402
from naive import count_path, project_path, walk_path  # noqa: E402

from placements.core.scenario.engine import project  # noqa: E402
from placements.core.scenario.model import (  # noqa: E402
    ExercisePolicy,
    Policy,
    RandomWalk,
    Scenario,
)
from placements.core.scenario.prices import trading_days  # noqa: E402
from placements.core.scenario.timeline import Frequency, regular_days  # noqa: E402
from placements.core.terms.book import (  # noqa: E402
    Acceleration,
    Book,
)
from placements.extract import extract  # noqa: E402
from placements.extract.text import Release, Sentence, normalise  # noqa: E402
from placements.load.book import load_book  # noqa: E402

SEED_BOOK = HERE.parent / "seeds" / "rocmec.yaml"
START, END = date(2007, 11, 22), date(2009, 11, 22)


def median_time(
    work: Callable[[], object], repeats: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        began = clock()
        work()
        times.append(clock() - began)
    return statistics.median(times)


def alternate_medians(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median times of two pieces of work run in turn, so both meet the same noise."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for work, found in ((first, times[0]), (second, times[1])):
            gc.collect()
            began = time.perf_counter()
            work()
            found.append(time.perf_counter() - began)
    return statistics.median(times[0]), statistics.median(times[1])


def accelerated_seed_book() -> Book:
    """The seed book with an acceleration clause on its warrants (and options on their terms)."""
    book = load_book(SEED_BOOK)
    clause = Acceleration(Decimal("0.40"), 10, 30, True)
    tranches = tuple(
        replace(t, warrant=replace(t.warrant, acceleration=clause)) for t in book.tranches
    )
    return replace(book, tranches=tranches)


def loop_check(paths: int, sample: int) -> dict[str, float]:
    """The plain per-path Python loop's time per path, and whether the engine agrees with it."""
    book = accelerated_seed_book()
    walk = RandomWalk(Decimal("0.28"), Decimal("0.8"), Decimal(0), paths, 7)
    scenario = Scenario("benchmark", book, START, END, walk, ExercisePolicy(Policy.BEFORE_STEP_UP))
    slots = len(trading_days(walk, START, END).slots)

    # the same work, one path and one day at a time, on a sample of paths
    small = replace(scenario, price=replace(walk, paths=1))
    projection = project(small)
    days = sorted(
        {projection.calendar.offset(d) for d in regular_days(START, END, Frequency.MONTHLY)}
    )
    rng = random.Random(7)
    began = time.perf_counter()
    for _ in range(sample):
        prices = walk_path(0.28, 0.8, 0.0, slots - 1, 252, rng)
        results = project_path(projection.plans, projection.calendar, prices)
        count_path(
            projection.plans, projection.calendar, prices, results, small.projected_book, days
        )
    per_path = (time.perf_counter() - began) / sample

    # and the engine agrees with the loop on the engine's own first paths
    checked = project(
        replace(scenario, price=replace(walk, paths=min(sample, 50))), keep_prices=True
    )
    agree = all(
        sorted(
            (int(d), int(n))
            for d, n in zip(outcome.day[path], outcome.exercised[path], strict=True)
            if n > 0
        )
        == sorted((d, n) for d, n, _ in expected.exercises)
        for path in range(checked.paths)
        for outcome, expected in zip(
            checked.outcomes,
            project_path(checked.plans, checked.calendar, list(checked.full_prices[path])),
            strict=True,
        )
    )
    return {"loop_per_path": per_path, "loop_extrapolated": per_path * paths, "agree": float(agree)}


# ---------------------------------------------------------------- whole processes


@dataclass
class Timed:
    """The wall times and peak memory of one command, run as a user runs it."""

    times: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    cpu: list[float] = field(default_factory=list)
    """User plus system CPU seconds of each run: steadier than wall time on a shared machine."""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def shown(self) -> str:
        low, high = min(self.times), max(self.times)
        cpu = f"; cpu {self.cpu_median:.3f} s" if self.cpu else ""
        return f"{self.median:7.3f} s  ({low:.3f}-{high:.3f}, n={len(self.times)}{cpu})"


SPAWNER = """
import json, os, subprocess, sys, threading, time
PAGE = os.sysconf("SC_PAGE_SIZE")

def tree_resident(pid):
    # the resident memory of a process and of every process under it, summed (pages
    # shared between them counted in each: an upper bound)
    total = 0
    try:
        with open(f"/proc/{pid}/statm") as statm:
            total = int(statm.read().split()[1]) * PAGE
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                total += sum(tree_resident(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total

def watch(child, peak, stop):
    while not stop.wait(0.01):
        peak[0] = max(peak[0], tree_resident(child.pid))

for line in sys.stdin:
    command = json.loads(line)
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, stop = [0], threading.Event()
    watcher = threading.Thread(target=watch, args=(child, peak, stop))
    if sys.platform.startswith("linux"):
        watcher.start()
    errors = child.stderr.read().decode(errors="replace")[-2000:]
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    stop.set()
    if watcher.is_alive():
        watcher.join()
    resident = max(usage.ru_maxrss * 1024, peak[0]) / 2**20
    print(json.dumps([wall, resident, usage.ru_utime + usage.ru_stime,
                      os.waitstatus_to_exitcode(status), errors]), flush=True)
"""


class _Spawner:
    """A small process that starts every measured command and reports its wait4 figures.

    Linux gives a process the peak resident memory of the process that forked
    it as a floor of its own (exec keeps the larger of the two), so a command
    started by this script, grown by its in-process sections to hundreds of
    megabytes, would report that as its peak. Started before any of that work,
    the spawner stays small.

    The peak is the larger of the process's own (wait4) and the most that it
    and the processes it started (the Monte Carlo's drawing process) held
    together, polled every 10 ms: summed, so pages they share count twice.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def run(self, command: list[str]) -> tuple[float, float, float]:
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SPAWNER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        wall, peak, cpu, code, errors = json.loads(self.process.stdout.readline())
        if code != 0:
            raise SystemExit(f"benchmark: {' '.join(command)} exited {code}: {errors}")
        return wall, peak, cpu


SPAWNED = _Spawner()


def run_process(command: list[str]) -> tuple[float, float, float]:
    """Wall time, peak resident memory (MB) and CPU time of one whole process; output discarded."""
    return SPAWNED.run(command)


def alternate(commands: dict[str, list[str]], repeats: int) -> dict[str, Timed]:
    """Each command run ``repeats`` times, in turn, so all meet the same noise."""
    found = {name: Timed() for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            wall, peak, cpu = run_process(command)
            found[name].times.append(wall)
            found[name].cpu.append(cpu)
            found[name].peak_mb = max(found[name].peak_mb, peak)
    return found


def tool() -> str:
    return str(Path(sys.executable).parent / "placements")


NORMALS = """
import sys
import numpy as np
paths, days, chunk = map(int, sys.argv[1:])
rng = np.random.default_rng(7)
buffer = np.empty((chunk, days))
for first in range(0, paths, chunk):
    rows = min(chunk, paths - first)
    rng.standard_normal(out=buffer[:rows])
"""


def normals_process(paths: int, days: int) -> list[str]:
    """A process that only draws the daily normals, in reused chunks (float64, default_rng)."""
    from placements.core.scenario.engine import CHUNK

    return [sys.executable, "-c", NORMALS, str(paths), str(days), str(CHUNK)]


def accelerated_files(folder: Path, paths: int) -> Path:
    """The seed book with an acceleration clause on its warrants, and a random-walk scenario."""
    import yaml

    book = yaml.safe_load(SEED_BOOK.read_text())
    for tranche in book["tranches"]:
        tranche["warrant"]["acceleration"] = {
            "trigger": 0.40,
            "trading_days": 10,
            "notice_days": 30,
            "after_hold": True,
        }
    (folder / "book.yaml").write_text(yaml.safe_dump(book, sort_keys=False))
    scenario = {
        "name": "benchmark",
        "book": "book.yaml",
        "start": START.isoformat(),
        "end": END.isoformat(),
        "price": {
            "random_walk": {
                "start": 0.28,
                "volatility": 0.8,
                "drift": 0,
                "paths": paths,
                "seed": 7,
            }
        },
        "exercise": {"policy": "before_step_up"},
    }
    path = folder / "random.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def slot_count() -> int:
    walk = RandomWalk(Decimal("0.28"), Decimal("0.8"), Decimal(0), 1, 7)
    return len(trading_days(walk, START, END).slots)


def monte_carlo_cli(folder: Path, paths: int, repeats: int) -> dict[str, Timed]:
    scenario = accelerated_files(folder, paths)
    return alternate(
        {
            "cli": [tool(), "run", str(scenario), "--quiet"],
            "normals": normals_process(paths, slot_count() - 1),
        },
        repeats,
    )


def synthetic_yaml(tranches: int) -> str:
    """``synthetic_book(tranches)`` as a book file, written as a user would write it."""
    first = date(2020, 1, 1)
    lines = [
        "issuer:",
        "  name: Synthetic Resources",
        "shares_outstanding: {count: 50000000, as_of: 2019-12-31}",
        "tranches:",
    ]
    for n in range(tranches):
        closed = first + timedelta(days=(n * 1826) // tranches)
        lines += [
            f"  - id: t{n}",
            f"    closed: {closed.isoformat()}",
            f"    units: {100_000 + n}",
            "    unit_price: 0.20",
            "    unit: {shares: 1, warrants: 0.5}",
            "    warrant:",
            "      exercise:",
            "        - {price: 0.25, months: 12}",
            "        - {price: 0.30, months: 12}",
            "    fees:",
            "      cash: {percent: 6}",
            "      options: {percent_of_units: 6, terms: same_as_warrants}",
        ]
    return "\n".join(lines) + "\n"


SYNTHETIC_SCENARIO = """name: Synthetic, constant price
book: book-{size}.yaml
start: 2020-01-01
end: 2024-12-31
price: {{constant: 0.28}}
exercise:
  policy: before_step_up
"""


def synthetic_cli(folder: Path, sizes: list[int], repeats: int) -> dict[tuple[str, int], Timed]:
    """check, terms and run (monthly) on synthetic books, sizes and commands alternated."""
    commands = {}
    for size in sizes:
        book = folder / f"book-{size}.yaml"
        book.write_text(synthetic_yaml(size))
        scenario = folder / f"scenario-{size}.yaml"
        scenario.write_text(SYNTHETIC_SCENARIO.format(size=size))
        commands[("check", size)] = [tool(), "check", str(book)]
        commands[("terms", size)] = [tool(), "terms", str(book)]
        commands[("run", size)] = [tool(), "run", str(scenario), "--freq", "monthly"]
    named = {f"{c} {s}": argv for (c, s), argv in commands.items()}
    found = alternate(named, repeats)
    return {(c, s): found[f"{c} {s}"] for c, s in commands}


def fund_book(number: int) -> str:
    """A small book of one synthetic issuer: three tranches of units, one with a step-up."""
    closed = date(2022, 6, 1) + timedelta(days=number % 150)
    lines = [
        "issuer:",
        f"  name: Synthetic Issuer {number}",
        f"  ticker: SYN{number}",
        f"shares_outstanding: {{count: {40_000_000 + number}, as_of: 2022-05-31}}",
        "tranches:",
    ]
    for t in range(3):
        steps = (
            "[{price: 0.25, months: 12}, {price: 0.30, months: 12}]"
            if t == 0
            else "[{price: 0.25, months: 24}]"
        )
        lines += [
            f"  - id: t{t}",
            f"    closed: {(closed + timedelta(days=30 * t)).isoformat()}",
            f"    units: {1_000_000 + number}",
            "    unit_price: 0.20",
            "    unit: {shares: 1, warrants: 0.5}",
            f"    warrant: {{exercise: {steps}}}",
        ]
    return "\n".join(lines) + "\n"


def synthetic_fund(folder: Path, books: int) -> Path:
    """A holdings file of 5 positions in each of ``books`` books (units, warrants, shares)."""
    own = folder / f"fund-{books}"
    (own / "books").mkdir(parents=True, exist_ok=True)
    lines = ["holder: {name: Synthetic Fund}", "positions:"]
    prices = ["prices:"]
    for n in range(books):
        (own / "books" / f"b{n}.yaml").write_text(fund_book(n))
        book = f"books/b{n}.yaml"
        for t in range(3):
            lines.append(
                f"  - {{id: p{n}-{t}, book: {book}, tranche: t{t}, units: {10_000 + t}, "
                "cost: 2000, acquired: 2023-01-03}"
            )
        lines.append(
            f"  - {{id: p{n}-w, book: {book}, series: t1/warrants, warrants: 5000, cost: 100, "
            "acquired: 2023-01-03}"
        )
        lines.append(
            f"  - {{id: p{n}-s, book: {book}, tranche: t2, shares: 3000, cost: 600, "
            "acquired: 2023-01-03}"
        )
        prices.append(
            f"  SYN{n}: {{points: {{2022-06-01: 0.22, 2023-12-29: 0.{27 + n % 5}}}, "
            "volatility: 80%}"
        )
    path = own / "holdings.yaml"
    path.write_text("\n".join(lines + prices) + "\n")
    return path


HOLDINGS_AS_OF = "2024-01-15"


def holdings_cli(
    folder: Path, sizes: list[int], repeats: int
) -> tuple[dict[tuple[str, int], Timed], dict[tuple[str, int], Timed]]:
    """holdings --as-of on funds of growing size, as a table and as CSV, alternated.

    Returns the wall times and, separately, the CPU times of the same runs.
    """
    commands = {}
    for books in sizes:
        path = str(synthetic_fund(folder, books))
        base = [tool(), "holdings", path, "--as-of", HOLDINGS_AS_OF]
        commands[("table", books)] = base
        commands[("csv", books)] = [*base, "-f", "csv"]
    found = alternate({f"{f} {b}": command for (f, b), command in commands.items()}, repeats)
    timed = {key: found[f"{key[0]} {key[1]}"] for key in commands}
    walls = {key: Timed(times=t.times, peak_mb=t.peak_mb) for key, t in timed.items()}
    cpus = {key: Timed(times=t.cpu, peak_mb=t.peak_mb) for key, t in timed.items()}
    return walls, cpus


def holdings_parts(folder: Path, books: int) -> dict[str, float]:
    """Where one run's CPU time goes, in process (collector paused, as the CLI runs)."""
    import gc

    from placements.api import holdings as view
    from placements.load.files import load_book_file
    from placements.load.holdings import load_holdings
    from placements.output import Format
    from placements.render import render

    path = folder / f"fund-{books}" / "holdings.yaml"
    gc.disable()
    try:
        clock = time.process_time
        began = clock()
        for book in sorted((path.parent / "books").glob("*.yaml")):
            load_book_file(book)
        books_alone = clock() - began
        began = clock()
        loaded = load_holdings(path)
        loading = clock() - began
        began = clock()
        report = view(loaded, date.fromisoformat(HOLDINGS_AS_OF)).report
        reporting = clock() - began
        began = clock()
        render(report, Format.TABLE)
        table = clock() - began
        began = clock()
        render(report, Format.CSV)
        csv = clock() - began
    finally:
        gc.enable()
    return {
        "books alone": books_alone,
        "loading (books included)": loading,
        "positions valued": reporting,
        "table rendered": table,
        "csv rendered": csv,
    }


def start_up(repeats: int) -> dict[str, Timed]:
    """Commands on the bundled files against the imports they cannot avoid, alternated."""
    book = str(HERE.parent / "seeds" / "rocmec.yaml")
    return alternate(
        {
            "import typer": [sys.executable, "-c", "import typer"],
            "import pandas": [sys.executable, "-c", "import pandas"],
            "--help": [tool(), "--help"],
            "terms": [tool(), "terms", book],
            "calendar": [tool(), "calendar", book],
            "check": [tool(), "check", book],
            "run": [tool(), "run"],
        },
        repeats,
    )


def instructions(command: list[str]) -> int | None:
    """Instructions one whole process executes, counted by callgrind (None without valgrind).

    Unlike seconds, the count is the same run after run whatever else the
    machine is doing, so a start-up ratio read from it does not move with the load.
    """
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    return None


def start_up_instructions() -> dict[str, int]:
    """:func:`start_up`'s commands counted in instructions, once each (they do not vary)."""
    book = str(HERE.parent / "seeds" / "rocmec.yaml")
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "--help": [tool(), "--help"],
        "terms": [tool(), "terms", book],
        "calendar": [tool(), "calendar", book],
        "check": [tool(), "check", book],
    }
    found = {name: instructions(command) for name, command in commands.items()}
    return {name: count for name, count in found.items() if count is not None}


def heavy_imports() -> dict[str, list[str]]:
    """Which of numpy and pandas each table command imports (python -X importtime)."""
    book = str(HERE.parent / "seeds" / "rocmec.yaml")
    found = {}
    for name in ("terms", "calendar", "check"):
        command = [sys.executable, "-X", "importtime", "-m", "placements", name, book]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        modules = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
        found[name] = [heavy for heavy in ("numpy", "pandas") if heavy in modules]
    return found


def rendering(rows: int, repeats: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of a report's first rendering in each format, in a fresh
    process each time, the report already built.

    A fresh process, because a report renders once per command: what the first
    rendering pays (importing the writer, filling its caches) is what a user
    waits for, and a second rendering in the same process would hide it. The
    terms report of a synthetic book of ``rows`` tranches. A tranche of that
    book has 6 events, so the ics feed is of a calendar of ``rows`` events,
    from a book of a sixth as many tranches; "ics, whole" is the calendar of
    the ``rows``-tranche book, six times the rows. The feed is written when
    the calendar is first rendered.
    """
    import tempfile

    from placements.output import Format

    found: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        book, fewer = Path(folder) / "book.yaml", Path(folder) / "fewer.yaml"
        book.write_text(synthetic_yaml(rows))
        fewer.write_text(synthetic_yaml(-(-rows // EVENTS_PER_TRANCHE)))
        works = {
            format.value: (format.value, book) for format in Format if format is not Format.ICS
        }
        works["ics"], works["ics, whole"] = ("ics", fewer), ("ics", book)
        for _ in range(repeats):
            for name, (format, source) in works.items():
                done = subprocess.run(
                    [sys.executable, "-c", FIRST_RENDERING, str(source), format],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                timing = json.loads(done.stdout)
                into = found.setdefault(name, {})
                for key, value in timing.items():
                    into.setdefault(key, []).append(value)
    return {
        name: {key: statistics.median(values) for key, values in timing.items()}
        for name, timing in found.items()
    }


FIRST_RENDERING = """
import gc, json, sys, time
from placements import api
from placements.output import Format
from placements.render import render
gc.disable()  # as the commands run (placements/collector.py)
path, format = sys.argv[1], Format(sys.argv[2])
if format is Format.ICS:
    built = api.calendar(path)
    report, events = built.report, len(built.report.tables[0].rows)
else:
    report, events = api.terms(path).report, None
wall, cpu = time.perf_counter(), time.process_time()
render([report], format, None)
timing = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
print(json.dumps(timing if events is None else {**timing, "events": events}))
"""


EVENTS_PER_TRANCHE = 6
"""Events in the calendar of each tranche of :func:`synthetic_yaml`'s book."""


LOAD_ONLY = """
import gc, sys
from placements import api
gc.disable()  # as the commands run (placements/collector.py)
api.terms(sys.argv[1]).report
"""


def rendering_cli(folder: Path, rows: int, repeats: int) -> dict[str, Timed]:
    """``placements terms BOOK --format F -o FILE`` for each format, whole processes, alternated
    with a process that loads the same book and builds the same report without rendering it.

    The difference is what rendering adds to the command a user runs.
    """
    from placements.output import EXTENSIONS, Format

    book = folder / f"render-{rows}.yaml"
    book.write_text(synthetic_yaml(rows))
    extension = {format: ext for ext, format in reversed(EXTENSIONS.items())}
    commands = {"load only": [sys.executable, "-c", LOAD_ONLY, str(book)]}
    for format in Format:
        command = ["calendar" if format is Format.ICS else "terms", str(book)]
        target = folder / f"rendered{extension[format]}"
        commands[format.value] = [
            tool(),
            *command,
            "--format",
            format.value,
            "--output",
            str(target),
            "--force",
        ]
    commands["calendar, no output"] = [sys.executable, "-c", CALENDAR_ONLY, str(book)]
    return alternate(commands, repeats)


CALENDAR_ONLY = """
import gc, sys
from placements import api
gc.disable()
api.calendar(sys.argv[1]).report
"""


def million_paths(folder: Path, sizes: list[int], repeats: int) -> dict[int, Timed]:
    """Whole runs of the Monte Carlo at growing path counts, alternated: time and peak memory."""
    scenario = accelerated_files(folder, sizes[0])
    commands = {
        str(paths): [tool(), "run", str(scenario), "--paths", str(paths), "--quiet"]
        for paths in sizes
    }
    found = alternate(commands, repeats)
    return {paths: found[str(paths)] for paths in sizes}


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log time against log size, by least squares."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(value) for value in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    top = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return top / sum((x - mean_x) ** 2 for x in xs)


def verdict(met: bool) -> str:
    return "meets target" if met else "MISSES target"


def compile_package() -> None:
    """Write the package's bytecode, as pip does on install.

    Some machines set PYTHONDONTWRITEBYTECODE, and an editable install would
    then compile every module on every start, which no installed copy does.
    """
    import compileall

    compileall.compile_dir(str(HERE.parent / "placements"), quiet=1)


def ratio_line(label: str, mine: Timed, base: Timed, base_name: str, target: float) -> str:
    ratio = mine.median / base.median
    cpu_ratio = mine.cpu_median / base.cpu_median
    return (
        f"   {label:<24} {mine.shown()}  = {ratio:5.2f} x {base_name}"
        f" (cpu {cpu_ratio:4.2f} x)  (target <= {target}x: {verdict(ratio <= target)})"
    )


MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RELEASE_FILLER = (
    "The Company holds a portfolio of exploration properties in the northern part of the "
    "province and will use the net proceeds for drilling, geophysical surveys and general "
    "working capital. This release holds forward-looking statements, which involve risks and "
    "uncertainties; actual results may differ materially from those expressed or implied. "
    "Neither the Exchange nor its Regulation Services Provider accepts responsibility for the "
    "adequacy or accuracy of this release. "
)


def spoken(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def invented_release(number: int, rng: random.Random) -> str:
    """A closing release of about 5 kB, written for the benchmark: one closing each.

    The phrasings vary (units or flow-through units, a price in dollars or in
    cents, warrants with a step-up, finder's fees in cash and warrants), and
    one release in ten also recalls the closing before it.
    """
    closed = date(2015, 1, 5) + timedelta(days=3 * number)
    released = closed + timedelta(days=rng.randint(0, 4))
    units = rng.randint(10, 400) * 10_000
    cents_each = rng.randint(5, 60)
    price = f"${cents_each / 100:.2f}" if rng.random() < 0.7 else f"{cents_each} cents"
    gross = units * cents_each // 100
    flow_through = rng.random() < 0.4
    kind = "flow-through units" if flow_through else "units"
    share = "one flow-through common share" if flow_through else "one common share"
    first, second = cents_each / 100 + 0.05, cents_each / 100 + 0.10
    text = (
        f"Tamarind Ridge Minerals Ltd.\nTSX-V: TRM\n\n{spoken(released)}\n\n"
        f'VANCOUVER - Tamarind Ridge Minerals Ltd. (the "Company") announces that on '
        f"{spoken(closed)} it closed tranche {number + 1} of its non-brokered private placement, "
        f"issuing {units:,} {kind} at a price of {price} per unit for gross proceeds of "
        f"${gross:,}. Each unit consists of {share} and one-half of one non-transferable share "
        f"purchase warrant. Each whole warrant entitles the holder to acquire one common share "
        f"at ${first:.2f} for the first twelve months and at ${second:.2f} for the following "
        f"twelve months.\n\n"
        f"The Company paid finder's fees of ${gross * 6 // 100:,} in cash and issued "
        f"{units * 6 // 100:,} finder's warrants, each exercisable at {price} for 24 months. "
        f"All securities issued are subject to a hold period of four months and one day.\n\n"
    )
    if number and number % 10 == 0:
        before = closed - timedelta(days=3)
        text += (
            f"The previous tranche, which closed on {spoken(before)}, is described in the "
            f"Company's release of that day.\n\n"
        )
    while len(text) < 5000:
        text += RELEASE_FILLER
    return text


def many_releases(folder: Path, count: int, repeats: int) -> tuple[Timed, list[float]]:
    """``placements extract`` on ``count`` invented releases at once, whole process.

    Besides the wall times, the CPU seconds (user and system) of each run: the
    command is single-threaded, so on a shared, loaded machine they are close
    to what the wall time is on an idle one.
    """
    releases = folder / "releases"
    releases.mkdir(exist_ok=True)
    rng = random.Random(16)
    paths = []
    for number in range(count):
        path = releases / f"release-{number:04d}.txt"
        path.write_text(invented_release(number, rng), encoding="utf-8")
        paths.append(str(path))
    command = [tool(), "extract", *paths]
    timed, cpu = Timed(), []
    for _ in range(repeats):
        wall, peak, seconds = run_process(command)
        timed.times.append(wall)
        timed.peak_mb = max(timed.peak_mb, peak)
        cpu.append(seconds)
    return timed, cpu


def hostile_extract(size: int) -> dict[str, dict[str, float]]:
    """Seconds each recogniser, and extract as a whole, takes on each hostile text of ``size``.

    Each recogniser is fed the whole text as one sentence, as the sentence
    splitter hands it on. Extract's time at a quarter of the size is there
    too: a linear pass takes about a quarter of the time.
    """
    extract([Release("warm-up.txt", normalise(hostile("release words", 4096)))])
    timings: dict[str, dict[str, float]] = {}
    for kind in HOSTILE:
        gc.collect()  # once a kind: before each of these short runs, it would cost more than they do
        text = hostile(kind, size)
        sentence = Sentence(text, 0)
        row = {
            name: seconds(lambda r=recogniser, s=sentence: r(s))
            for name, recogniser in RECOGNISERS.items()
        }
        for label, part in (("extract", text), ("extract, a quarter", text[: size // 4])):
            row[label] = seconds(lambda t=part: extract([Release("hostile.txt", normalise(t))]))
        timings[kind] = row
    return timings


def seconds(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def print_hostile_extract(size: int, timings: dict[str, dict[str, float]]) -> None:
    print(f"7. Extract on hostile text: {size:,} characters of each kind, in seconds")
    print("   kind                   slowest recogniser        s  recognisers  extract  growth")
    names = list(RECOGNISERS)
    for kind, row in timings.items():
        slowest = max(names, key=lambda name: row[name])
        growth = row["extract"] / max(row["extract, a quarter"], 1e-9)
        print(
            f"   {kind:<22} {slowest:<18} {row[slowest]:7.3f} {sum(row[n] for n in names):12.3f}"
            f" {row['extract']:8.3f} {growth:5.1f} x"
        )
    print("   (growth: extract on the whole text over extract on a quarter of it; linear is 4 x)")
    print("   recogniser             slowest kind              s    all kinds")
    for name in names:
        slowest = max(timings, key=lambda kind: timings[kind][name])
        total = sum(row[name] for row in timings.values())
        print(f"   {name:<22} {slowest:<22} {timings[slowest][name]:7.3f} {total:12.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: check the script runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--fuzz", type=int, default=10_000, help="fuzz inputs (default 10,000)")
    parser.add_argument("--only-fuzz", action="store_true", help="run the fuzzer alone")
    parser.add_argument(
        "--only",
        type=int,
        action="append",
        metavar="N",
        help="run only section N (repeatable), besides the fuzz unless --fuzz 0",
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="runs of each command (default 3; quick 1)"
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="end with the README's table of figures against targets, from this run",
    )
    options = parser.parse_args()
    quick = options.quick
    paths = 2_000 if quick else 100_000
    sizes = [100, 200, 500, 1_000] if quick else [1_000, 2_000, 5_000, 10_000]
    million = [2_500, 5_000, 10_000, 20_000] if quick else [125_000, 250_000, 500_000, 1_000_000]
    repeats = options.repeats or (1 if quick else 3)
    wanted = set(options.only or range(1, 10))

    if options.only_fuzz:
        figures = fuzz(options.fuzz)
        print(f"Fuzz: {options.fuzz:,} mutated inputs through all 8 commands: {figures.line()}")
        for found in figures.escapes[:20] + figures.unlocated[:20]:
            print(f"   {found}")
        return
    import tempfile

    SPAWNED.run([sys.executable, "-c", "pass"])  # started while this process is small
    compile_package()
    print(f"placements benchmark ({'quick' if quick else 'full'}), Python {sys.version.split()[0]}")
    print(f"{date.today().isoformat()}, {platform.node() or 'a machine'}: {machine()}")
    print("Every figure is a whole process (the CLI as a user runs it), medians of")
    print("alternated runs, (range, n); ratios are against baselines run in turn with them.")
    print()
    figures_json: dict[str, object] = {}
    summary: list[tuple[str, str, str]] = []  # the README's rows: measure, measured, target
    folder = Path(tempfile.mkdtemp(prefix="placements-benchmark-"))

    if 1 in wanted:
        mc = monte_carlo_cli(folder, paths, options.repeats or (1 if quick else 5))
        loop = loop_check(paths, 20 if quick else 200)
        cli, normals = mc["cli"], mc["normals"]
        print(
            f"1. Monte Carlo: {paths:,} paths x 2 years (bridged, draws 3), seed book, before_step_up, acceleration"
        )
        print(f"   placements run (whole CLI)   {cli.shown()}")
        print(
            f"   daily normals alone          {normals.shown()}  (a process drawing them in chunks)"
        )
        ratio = cli.median / normals.median
        print(
            f"   ratio to the normals         {ratio:7.2f} x  (target <= 1.0x, issue 17: {verdict(ratio <= 1.0)})"
        )
        speedup = loop["loop_extrapolated"] / cli.median
        print(f"   plain Python loop, per path          {loop['loop_per_path'] * 1000:8.2f} ms")
        print(f"   ... extrapolated to {paths:,} paths   {loop['loop_extrapolated']:8.1f} s")
        print(
            f"   whole CLI faster than the loop by    {speedup:8.0f} x   (target >= 50x: {verdict(speedup >= 50)})"
        )
        print(
            f"   engine agrees with the loop          {'yes' if loop['agree'] else 'NO'} (on its first paths)"
        )
        print(f"   peak memory (its processes summed)   {cli.peak_mb:8.0f} MB")
        print()
        summary += [
            (
                f"1. Monte Carlo, {paths:,} paths x 2 years with acceleration, whole CLI",
                f"{cli.median:.2f} s ({cli.cpu_median:.2f} s CPU); {ratio:.2f}x the chunked "
                f"daily normals ({normals.median:.2f} s); peak {cli.peak_mb:.0f} MB",
                f"<= 1.0x ({verdict(ratio <= 1.0)})",
            ),
            (
                "against a per-path Python loop",
                f"{speedup:.0f}x faster; agrees: {'yes' if loop['agree'] else 'NO'}",
                f">= 50x ({verdict(speedup >= 50)})",
            ),
        ]
        figures_json["monte_carlo"] = {"cli": cli.times, "normals": normals.times, **loop}

    if 2 in wanted:
        synthetic = synthetic_cli(folder, sizes, repeats)
        print(
            "2. Synthetic book over 5 years: whole CLI on a YAML book, loading and rendering included"
        )
        for command in ("check", "terms", "run"):
            for size in sizes:
                timed = synthetic[(command, size)]
                print(
                    f"   {command:<5} {size:>6,} tranches  {timed.shown()}"
                    f"  ({timed.median / size * 1e6:6.0f} us per tranche, {timed.peak_mb:4.0f} MB)"
                )
            first, last = synthetic[(command, sizes[0])], synthetic[(command, sizes[-1])]
            growth = last.median / first.median
            expected = sizes[-1] / sizes[0]
            limit = expected * 1.1
            print(
                f"   {command:<5} {sizes[-1]:,} tranches in {last.median:.2f} s (target < 2 s: {verdict(last.median < 2)});"
                f" growth {growth:.1f}x for {expected:.0f}x the tranches (target <= {limit:.0f}x: {verdict(growth <= limit)})"
            )
            print(
                f"   {command:<5} CPU: {last.cpu_median:.2f} s at {sizes[-1]:,} tranches;"
                f" growth {last.cpu_median / first.cpu_median:.1f}x"
            )
            summary.append(
                (
                    f"2. `{command}`, {sizes[-1]:,} tranches, whole CLI",
                    f"{last.median:.2f} s ({last.cpu_median:.2f} s CPU); {growth:.1f}x the "
                    f"{sizes[0]:,}-tranche run",
                    f"< 2 s ({verdict(last.median < 2)}); <= {limit:.0f}x ({verdict(growth <= limit)})",
                )
            )
        print()
        figures_json["synthetic"] = {f"{c} {s}": t.times for (c, s), t in synthetic.items()}
        figures_json["synthetic_cpu"] = {f"{c} {s}": t.cpu for (c, s), t in synthetic.items()}

    if 3 in wanted:
        # A start-up is a tenth of a second, so its noise is large beside it: always
        # enough runs for a steady median, whatever --repeats asks of the long sections.
        launch = start_up(3 if quick else max(options.repeats or 0, 21))
        typer_, pandas_ = launch["import typer"], launch["import pandas"]
        print("3. Start-up on the bundled files, medians of alternated runs")
        print(f"   {'python -c import typer':<24} {typer_.shown()}")
        print(f"   {'python -c import pandas':<24} {pandas_.shown()}")
        print(ratio_line("placements --help", launch["--help"], typer_, "typer", 1.2))
        for name in ("terms", "calendar", "check"):
            print(ratio_line(f"placements {name}", launch[name], typer_, "typer", 1.5))
        print(ratio_line("placements run", launch["run"], pandas_, "pandas", 1.3))
        counted = start_up_instructions()
        if "import typer" in counted:
            base = counted["import typer"]
            shown = ", ".join(
                f"{name} {counted[name] / base:.2f}x"
                for name in ("--help", "terms", "calendar", "check")
                if name in counted
            )
            print(f"   instructions (callgrind) against import typer's {base / 1e6:.0f} M: {shown}")
        imported = heavy_imports()
        for name, heavy in imported.items():
            shown = ", ".join(heavy) if heavy else "neither numpy nor pandas"
            print(f"   placements {name} imports {shown} (target none: {verdict(not heavy)})")
        print()
        for name, base_name, target in (
            ("--help", "import typer", 1.2),
            ("terms", "import typer", 1.5),
            ("calendar", "import typer", 1.5),
            ("check", "import typer", 1.5),
            ("run", "import pandas", 1.3),
        ):
            mine, base = launch[name], launch[base_name]
            ratio = mine.median / base.median
            counted_ratio = (
                f"; {counted[name] / counted[base_name]:.2f}x in instructions"
                if name in counted and base_name in counted
                else ""
            )
            summary.append(
                (
                    f"3. `placements {name}`" + ("" if name == "--help" else " (bundled files)"),
                    f"{ratio:.2f}x `{base_name}` ({mine.median:.3f} s against "
                    f"{base.median:.3f} s){counted_ratio}",
                    f"<= {target}x ({verdict(ratio <= target)})",
                )
            )
        figures_json["start_up"] = {name: timed.times for name, timed in launch.items()}
        figures_json["start_up_instructions"] = counted

    if 4 in wanted:
        rows = 1_000 if quick else 10_000
        rendered = rendering(rows, repeats)
        print(
            f"4. Rendering the terms report of {rows:,} tranches; ics: a calendar of "
            f"{rendered['ics']['events']:,.0f} events, and the {rows:,}-tranche book's"
        )
        print(
            "   each the first rendering in a fresh process, the report built (wall and CPU, medians):"
        )
        for format, timing in rendered.items():
            events = f", {timing['events']:,.0f} events" if "events" in timing else ""
            target = (
                f"(target < 0.5 s: {verdict(timing['wall'] < 0.5)})"
                if format != "ics, whole"
                else "(six times the rows: for scale)"
            )
            print(
                f"   {format:<10} {timing['wall']:7.3f} s wall  {timing['cpu']:7.3f} s CPU"
                f"  {target}{events}"
            )
        whole = rendering_cli(folder, rows, repeats)
        base, calendar_base = whole["load only"], whole["calendar, no output"]
        print("   whole CLI, `terms BOOK --format F -o FILE`, against a process that loads the")
        print("   book and builds the report without rendering it (the difference is rendering;")
        print(f"   ics: the calendar of the {rows:,}-tranche book):")
        print(f"   {'load only':<10} {base.shown()}")
        for format in whole:
            if format in ("load only", "calendar, no output"):
                continue
            timed = whole[format]
            baseline = calendar_base if format == "ics" else base
            print(
                f"   {format:<10} {timed.shown()}  rendering adds {timed.median - baseline.median:6.3f} s"
            )
        print(f"   (ics against the calendar report built alone: {calendar_base.shown()})")
        print()
        held = [timing for format, timing in rendered.items() if format != "ics, whole"]
        summary.append(
            (
                f"4. rendering a {rows:,}-row report, first rendering in a fresh process (ics: a "
                f"calendar of {rendered['ics']['events']:,.0f} events; ics, whole: the "
                f"{rows:,}-tranche book's {rendered['ics, whole']['events']:,.0f})",
                ", ".join(
                    f"{format} {timing['wall']:.2f} s" for format, timing in rendered.items()
                ),
                f"< 0.5 s ({verdict(max(timing['wall'] for timing in held) < 0.5)})",
            )
        )
        figures_json["rendering"] = rendered
        figures_json["rendering_cli"] = {name: timed.times for name, timed in whole.items()}

    if 5 in wanted:
        grown = million_paths(folder, million, repeats)
        print("5. Paths: the Monte Carlo of section 1, whole CLI, growing path counts alternated")
        for count, timed in grown.items():
            print(f"   {count:>9,} paths  {timed.shown()}  peak {timed.peak_mb:6.0f} MB")
        slope = exponent(million, [timed.median for timed in grown.values()])
        peak = grown[million[-1]].peak_mb
        print(f"   time grows as paths^{slope:.2f} (target <= 1.05: {verdict(slope <= 1.05)})")
        print(
            f"   peak memory at {million[-1]:,} paths {peak:.0f} MB (target < 1 GB: {verdict(peak < 1024)})"
        )
        print()
        first_count, last_count = million[0], million[-1]
        summary.append(
            (
                f"5. {first_count:,} -> {last_count:,} paths, whole CLI",
                f"{grown[first_count].median:.1f} s -> {grown[last_count].median:.1f} s, time as "
                f"paths^{slope:.2f}; peak {grown[first_count].peak_mb:.0f} MB -> {peak:.0f} MB",
                f"<= 1.05 ({verdict(slope <= 1.05)}); < 1 GB ({verdict(peak < 1024)})",
            )
        )
        figures_json["paths"] = {str(n): t.times for n, t in grown.items()}

    if 7 in wanted:
        size = 64 * 1024 if quick else SIZE
        extract_timings = hostile_extract(size)
        print_hostile_extract(size, extract_timings)
        figures_json["extract_hostile"] = extract_timings
        print()
    if 8 in wanted:
        funds = [20, 50, 100] if quick else [100, 250, 500]
        walls, cpus = holdings_cli(folder, funds, repeats)
        parts = holdings_parts(folder, funds[-1])
        print(
            f"8. A fund's holdings: {funds[-1]} synthetic books x 5 positions, holdings --as-of, "
            "whole CLI (wall, and the process's own CPU time)"
        )
        for format in ("table", "csv"):
            for books in funds:
                wall, cpu = walls[(format, books)], cpus[(format, books)]
                print(
                    f"   {format:<5} {books:>4} books, {5 * books:>5,} positions  wall {wall.shown()}"
                    f"  cpu {cpu.median:6.3f} s  ({cpu.median / (5 * books) * 1e3:5.2f} ms cpu per "
                    f"position, {wall.peak_mb:4.0f} MB)"
                )
            last = cpus[(format, funds[-1])]
            # linear: each added position costs the same; start-up is paid once
            slopes = [
                (cpus[(format, b)].median - cpus[(format, a)].median) / (5 * (b - a)) * 1e3
                for a, b in itertools.pairwise(funds)
            ]
            even = max(slopes) <= 1.5 * min(slopes) if min(slopes) > 0 else False
            print(
                f"   {format:<5} {5 * funds[-1]:,} positions in {last.median:.2f} s of CPU "
                f"(target < 2 s: {verdict(last.median < 2)}); each added position costs "
                + ", then ".join(f"{slope:.2f}" for slope in slopes)
                + f" ms of CPU (linear, within 1.5x: {verdict(even)})"
            )
        table = cpus[("table", funds[-1])]
        summary.append(
            (
                f"8. `holdings --as-of`, {funds[-1]} books x 5 positions, whole CLI, table",
                f"{walls[('table', funds[-1])].median:.2f} s ({table.median:.2f} s CPU); CSV "
                f"{walls[('csv', funds[-1])].median:.2f} s",
                f"< 2 s ({verdict(table.median < 2)})",
            )
        )
        print(f"   CPU seconds in process, {funds[-1]} books:")
        for part, seconds in parts.items():
            print(f"     {part:<26} {seconds:6.3f} s")
        print()
        figures_json["holdings"] = {
            **{f"wall {f} {b}": t.times for (f, b), t in walls.items()},
            **{f"cpu {f} {b}": t.times for (f, b), t in cpus.items()},
            "parts": parts,
        }

    if 9 in wanted:
        count = 100 if quick else 1_000
        timed, cpu = many_releases(folder, count, repeats)
        seconds = statistics.median(cpu)
        print(f"9. Extract on {count:,} invented releases of about 5 kB each at once, whole CLI")
        print(f"   placements extract, wall      {timed.shown()}  peak {timed.peak_mb:4.0f} MB")
        print(f"   placements extract, CPU       {seconds:7.3f} s  (user + system, median)")
        print(
            f"   {timed.median / count * 1000:.1f} ms per release (target: 1,000 in < 10 s: "
            f"{verdict(timed.median * 1_000 / count < 10)}; on CPU time "
            f"{verdict(seconds * 1_000 / count < 10)})"
        )
        print()
        summary.append(
            (
                f"9. `extract` on {count:,} releases of ~5 kB at once, whole CLI",
                f"{timed.median:.2f} s ({seconds:.2f} s CPU); peak {timed.peak_mb:.0f} MB",
                f"< 10 s for 1,000 ({verdict(timed.median * 1_000 / count < 10)})",
            )
        )
        figures_json["extract_many"] = {"releases": count, "times": timed.times, "cpu": cpu}
    count = 200 if quick else options.fuzz
    if count and 6 in wanted:
        began = time.perf_counter()
        figures = fuzz(count)
        print(f"6. Fuzz: {count:,} mutated inputs through all 8 commands (tests/fuzzing.py)")
        print(f"   {figures.line()}; {time.perf_counter() - began:.0f} s in all")
        print(
            f"   0 escapes and 0 unlocated: {verdict(not figures.escapes and not figures.unlocated)}"
        )
        for found in figures.escapes[:20] + figures.unlocated[:20]:
            print(f"   {found}")
        summary.append(
            (
                f"6. fuzz, {count:,} mutated inputs through every command",
                f"{len(figures.escapes)} escapes, {len(figures.unlocated)} unlocated errors",
                f"0 and 0 ({verdict(not figures.escapes and not figures.unlocated)})",
            )
        )
        figures_json["fuzz"] = {
            "inputs": figures.inputs,
            "escapes": len(figures.escapes),
            "unlocated": len(figures.unlocated),
            "slowest": figures.slowest,
        }
    shutil.rmtree(folder, ignore_errors=True)
    if options.markdown:
        print(readme_table(summary, sys.argv[1:]))
    if options.json:
        print(json.dumps(figures_json, indent=2))


def readme_table(rows: list[tuple[str, str, str]], arguments: list[str]) -> str:
    """The README's table of this run's figures against their targets, headed by when and where."""
    shown = " ".join(arguments) or "(no options)"
    lines = [
        f"Measured {date.today().isoformat()} on {machine()}, `python tests/benchmark.py {shown}`:",
        "",
        "| measure | measured | target |",
        "|---|---|---|",
    ]
    lines += [f"| {measure} | {measured} | {target} |" for measure, measured, target in rows]
    return "\n".join(lines)


def machine() -> str:
    """The processor and its cores, as the README's table states them."""
    name = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{name}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"Python speed {python_speed():.2f} s"
    )


REFERENCE_LOOP = """
import time
began = time.process_time()
total = 0
for number in range(10_000_000):
    total += number
print(time.process_time() - began)
"""


@functools.cache
def python_speed() -> float:
    """CPU seconds a fresh process takes to add up ten million numbers in a Python loop.

    The absolute targets (2 s for a 10,000-tranche command) are in seconds,
    and VMs of the same name here have run the same command 2.2 times slower
    one day than another, so the table says how fast its machine was.
    """
    times = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", REFERENCE_LOOP], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout))
    return statistics.median(times)


if __name__ == "__main__":
    main()
