"""Benchmark: figures and ratios measured in one run, against the targets of the team.

    python tests/benchmark.py           # the full measurement (a few minutes)
    python tests/benchmark.py --quick   # small sizes, to check the script runs
    python tests/benchmark.py --only-extract   # only section 4, extract on hostile text

It prints medians of repeated runs, and ratios of things measured side by
side in the same run (machines here are shared and noisy, so absolute times
vary; ratios much less). Nothing here is a pass/fail test.
"""

import argparse
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hostile import HOSTILE, RECOGNISERS, SIZE, hostile  # noqa: E402
from naive import count_path, project_path, walk_path  # noqa: E402

from placements.core.book import (  # noqa: E402
    Acceleration,
    BaseShares,
    Book,
    CashFee,
    ExerciseTerms,
    Fees,
    FinderOptions,
    Issuer,
    Quantity,
    Tranche,
    Unit,
)
from placements.core.engine import project  # noqa: E402
from placements.core.prices import calendar  # noqa: E402
from placements.core.scenario import (  # noqa: E402
    ConstantPrice,
    ExercisePolicy,
    Policy,
    RandomWalk,
    Scenario,
)
from placements.core.schedule import Step  # noqa: E402
from placements.core.timeline import Frequency, regular_days  # noqa: E402
from placements.extract import extract  # noqa: E402
from placements.extract.text import Release, Sentence, normalise  # noqa: E402
from placements.load.book import load_book  # noqa: E402
from placements.reports.run import run_report, run_scenario  # noqa: E402

SEED_BOOK = HERE.parent / "seeds" / "rocmec.yaml"
START, END = date(2007, 11, 22), date(2009, 11, 22)


def median_time(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
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


def monte_carlo(paths: int, sample: int, repeats: int) -> dict[str, float]:
    book = accelerated_seed_book()
    walk = RandomWalk(Decimal("0.28"), Decimal("0.8"), Decimal(0), paths, 7)
    scenario = Scenario("benchmark", book, START, END, walk, ExercisePolicy(Policy.BEFORE_STEP_UP))
    slots = len(calendar(walk, START, END).slots)

    def normals() -> None:
        np.random.Generator(np.random.PCG64(7)).standard_normal((paths, slots - 1))

    engine, numpy_only = alternate_medians(
        lambda: run_report(run_scenario(scenario), "benchmark"), normals, repeats
    )

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
    return {
        "engine": engine,
        "normals": numpy_only,
        "loop_per_path": per_path,
        "loop_extrapolated": per_path * paths,
        "agree": float(agree),
        "peak_mb": peak_memory(paths),
    }


def peak_memory(paths: int) -> float:
    """Peak resident memory, in MB, of a fresh process that runs the Monte Carlo once."""
    code = (
        f"import resource, sys; sys.path.insert(0, {str(HERE)!r})\n"
        "from benchmark import accelerated_seed_book, START, END\n"
        "from decimal import Decimal\n"
        "from placements.core.scenario import RandomWalk, Scenario, ExercisePolicy, Policy\n"
        "from placements.reports.run import run_scenario, run_report\n"
        f"walk = RandomWalk(Decimal('0.28'), Decimal('0.8'), Decimal(0), {paths}, 7)\n"
        "s = Scenario('m', accelerated_seed_book(), START, END, walk, ExercisePolicy(Policy.BEFORE_STEP_UP))\n"
        "run_report(run_scenario(s), 'm')\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def synthetic_book(tranches: int) -> Book:
    """``tranches`` placements over five years: units with half warrants, cash fees, options."""
    first = date(2020, 1, 1)
    return Book(
        Issuer("Synthetic Resources"),
        tuple(
            Tranche(
                id=f"t{n}",
                closed=first + timedelta(days=(n * 1826) // tranches),
                unit_price=Decimal("0.20"),
                units=100_000 + n,
                unit=Unit(warrants=Decimal("0.5")),
                warrant=ExerciseTerms(
                    (Step(Decimal("0.25"), months=12), Step(Decimal("0.30"), months=12))
                ),
                fees=Fees(
                    cash=CashFee(percent=Decimal(6)),
                    options=FinderOptions(Quantity(percent_of_units=Decimal(6))),
                ),
            )
            for n in range(tranches)
        ),
        (),
        BaseShares(50_000_000, date(2019, 12, 31)),
    )


def synthetic(sizes: list[int], repeats: int) -> dict[int, float]:
    timings = {}
    for size in sizes:
        scenario = Scenario(
            "synthetic",
            synthetic_book(size),
            date(2020, 1, 1),
            date(2024, 12, 31),
            ConstantPrice(Decimal("0.28")),
            ExercisePolicy(Policy.BEFORE_STEP_UP),
        )
        timings[size] = median_time(
            lambda s=scenario: run_report(run_scenario(s, Frequency.MONTHLY), "synthetic"),
            repeats,
        )
    return timings


def start_up(repeats: int) -> dict[str, float]:
    """Command start-up against the imports it cannot avoid, run alternately."""
    bindir = Path(sys.executable).parent
    tool = str(bindir / "placements")
    pairs = {
        "help": ([tool, "--help"], [sys.executable, "-c", "import typer"]),
        "run": ([tool, "run"], [sys.executable, "-c", "import pandas"]),
    }
    found = {}
    for name, (ours, theirs) in pairs.items():
        mine, base = [], []
        for _ in range(repeats):
            for command, into in ((ours, mine), (theirs, base)):
                began = time.perf_counter()
                subprocess.run(
                    command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
                )
                into.append(time.perf_counter() - began)
        found[name] = statistics.median(mine)
        found[name + "_base"] = statistics.median(base)
    return found


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
    print(f"4. Extract on hostile text: {size:,} characters of each kind, in seconds")
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


def verdict(met: bool) -> str:
    return "meets target" if met else "MISSES target"


def compile_package() -> None:
    """Write the package's bytecode, as pip does on install.

    Some machines set PYTHONDONTWRITEBYTECODE, and an editable install would
    then compile every module on every start, which no installed copy does.
    """
    import compileall

    compileall.compile_dir(str(HERE.parent / "placements"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: check the script runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--only-extract", action="store_true", help="only section 4: extract on hostile text"
    )
    options = parser.parse_args()
    quick = options.quick
    hostile_size = 64 * 1024 if quick else SIZE
    if options.only_extract:
        compile_package()
        print_hostile_extract(hostile_size, hostile_extract(hostile_size))
        return
    paths = 2_000 if quick else 100_000
    sizes = [100, 200, 500, 1_000] if quick else [1_000, 2_000, 5_000, 10_000]
    repeats = 1 if quick else 3

    compile_package()
    print(f"placements benchmark ({'quick' if quick else 'full'}), Python {sys.version.split()[0]}")
    print()
    mc = monte_carlo(paths, 20 if quick else 200, 1 if quick else 5)
    print(
        f"1. Monte Carlo: {paths:,} paths x 2 years daily, seed book, before_step_up, acceleration"
    )
    print(f"   engine (project, count, report)      {mc['engine']:8.2f} s")
    print(f"   numpy standard normals alone         {mc['normals']:8.2f} s")
    ratio = mc["engine"] / mc["normals"]
    print(
        f"   ratio to normals                     {ratio:8.2f} x   (target <= 3x: {verdict(ratio <= 3)})"
    )
    speedup = mc["loop_extrapolated"] / mc["engine"]
    print(f"   plain Python loop, per path          {mc['loop_per_path'] * 1000:8.2f} ms")
    print(f"   ... extrapolated to {paths:,} paths   {mc['loop_extrapolated']:8.1f} s")
    print(
        f"   engine faster than the loop by       {speedup:8.0f} x   (target >= 50x: {verdict(speedup >= 50)})"
    )
    print(
        f"   engine agrees with the loop          {'yes' if mc['agree'] else 'NO'} (on its first paths)"
    )
    print(
        f"   peak memory (whole process)          {mc['peak_mb']:8.0f} MB  (target < 2 GB: {verdict(mc['peak_mb'] < 2048)})"
    )
    print()
    timings = synthetic(sizes, repeats)
    print("2. Synthetic book over 5 years, deterministic, monthly timeline")
    for size, seconds in timings.items():
        print(
            f"   {size:>6,} tranches                      {seconds:8.2f} s   ({seconds / size * 1e6:6.0f} us per tranche)"
        )
    growth = timings[sizes[-1]] / timings[sizes[0]]
    expected = sizes[-1] / sizes[0]
    largest = timings[sizes[-1]]
    print(f"   {sizes[-1]:,} tranches in {largest:.2f} s (target < 2 s: {verdict(largest < 2)})")
    print(
        f"   growth {sizes[0]:,} -> {sizes[-1]:,}: {growth:.1f}x for {expected:.0f}x the tranches (linear is {expected:.0f}x)"
    )
    print()
    launch = start_up(3 if quick else 11)
    help_ratio = launch["help"] / launch["help_base"]
    run_ratio = launch["run"] / launch["run_base"]
    print("3. Start-up, medians of alternate runs")
    print(
        f"   placements --help {launch['help']:.3f} s vs import typer {launch['help_base']:.3f} s: {help_ratio:.2f} x  (target <= 1.3x: {verdict(help_ratio <= 1.3)})"
    )
    print(
        f"   placements run    {launch['run']:.3f} s vs import pandas {launch['run_base']:.3f} s: {run_ratio:.2f} x  (target <= 1.3x: {verdict(run_ratio <= 1.3)})"
    )
    print()
    hostile_timings = hostile_extract(hostile_size)
    print_hostile_extract(hostile_size, hostile_timings)
    if options.json:
        figures = {
            "monte_carlo": mc,
            "synthetic": timings,
            "start_up": launch,
            "extract_hostile": hostile_timings,
        }
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
