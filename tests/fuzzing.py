"""A seeded mutation fuzzer: bundled inputs, mutated, through every command's public path.

Each input is a folder holding a book, a scenario naming it and a price CSV,
made from the bundled ``seeds/rocmec.yaml`` and ``scenarios/*.yaml`` with one
file mutated a few times (numbers, dates, values, lines, bytes). Every
command then loads and runs it as the CLI would (check, terms, calendar,
securities, run, compare, value, and a fund's holdings of the book priced by
the CSV), rendering the report. The rule checked:

- only :class:`InputError` escapes (a numpy RuntimeWarning counts as an escape);
- every problem is located, ``file:line:col: ...``, on one line. (Problems with
  a whole file that cannot be read at all name the file alone; the fuzzer
  mutates contents, so it never meets those.)

Used by ``tests/test_fuzz.py`` (a few hundred inputs) and ``tests/benchmark.py``
(10,000), which prints its figures.
"""

import random
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCATED = re.compile(r"^[^\n]+?:\d+:\d+: [^\n]*$")

NUMBERS = [
    "0", "-1", "1", "0.5", "7%", "100%", "1e13", "1e999999999", "1e-999999999",
    "99999999999999", "0.1234567890123456789", "0.0000001", "1000000", "1000001",
    "nan", "inf", "-0", "1_000", "0x10", "1e300", "3.000000001", "10000000000000",
    "1e999999999%", "50%%", "", "'0.28'",
]  # fmt: skip
DATES = [
    "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "2007-02-30", "2008-02-29",
    "9999-12-31", "2007-9-21", "20070921", "2009-12-31", "2007-09-20",
]  # fmt: skip
VALUES = [
    "[]", "{}", "null", "~", "[1, 2]", "{a: 1}", "yes", "|\n  two\n  lines", "!!python/object:os.system x",
    "*undefined", "&a x", '"\\x01"', "none", "same_as_warrants", "bundled", "/dev/zero",
    "x" * 300, "before_step_up", "when_in_the_money", "never",
]  # fmt: skip
CONTROLS = ["\x00", "\x01", "\x1b", "\ufeff", "\t", "\r", "\u2028", "\x85", "\xff"]
NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?%?(?![\w-])")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
VALUE = re.compile(r"(?<=: )[^\n#{}\[\],]+")


@dataclass
class Figures:
    """What a fuzz run found."""

    inputs: int = 0
    runs: int = 0
    escapes: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def line(self) -> str:
        seconds, what = self.slowest
        return (
            f"inputs {self.inputs:,}, command runs {self.runs:,}, escapes {len(self.escapes)}, "
            f"unlocated errors {len(self.unlocated)}, slowest input {seconds:.2f} s ({what})"
        )


def price_csv(rng: random.Random) -> str:
    day, rows = date(2007, 9, 21).toordinal(), ["date,close"]
    price = Decimal("0.28")
    end = date(2010, 1, 8).toordinal()
    while day <= end:
        if date.fromordinal(day).weekday() < 5:
            rows.append(f"{date.fromordinal(day).isoformat()},{price}")
            price = max(Decimal("0.01"), price + Decimal(rng.randint(-2, 2)) / 100)
        day += 1
    return "\n".join(rows) + "\n"


def seeds(rng: random.Random) -> dict[str, str]:
    """The unmutated texts: the seed book, each bundled scenario, and a price CSV."""
    texts = {"book.yaml": (ROOT / "seeds" / "rocmec.yaml").read_text(encoding="utf-8")}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        texts[path.name] = path.read_text(encoding="utf-8").replace(
            "../seeds/rocmec.yaml", "book.yaml"
        )
    texts["csv.yaml"] = texts["flat.yaml"].replace("constant: 0.28", "csv: prices.csv")
    texts["prices.csv"] = price_csv(rng)
    texts["holdings.yaml"] = HOLDINGS
    return texts


HOLDINGS = """holder: {name: Fuzz Fund, currency: CAD}
positions:
  - {id: a, book: book.yaml, tranche: 2007-09-ft, units: 600000, cost: 120000,
     acquired: 2007-09-21}
  - {id: b, book: book.yaml, series: 2007-11-mf-t4/warrants, warrants: 250000, cost: 5000,
     acquired: 2008-04-15}
prices:
  "TSXV:RMI": {csv: prices.csv}
ledger:
  - {date: 2008-05-01, exercise: b, count: 1000}
  - {date: 2008-05-02, sell: a, count: 1000, price: 0.30}
"""


def mutate(text: str, rng: random.Random) -> str:
    """One mutation of ``text``, chosen at random."""
    kind = rng.randrange(10)
    if kind == 0 and (found := list(NUMBER.finditer(text))):
        match = rng.choice(found)
        return text[: match.start()] + rng.choice(NUMBERS) + text[match.end() :]
    if kind == 1 and (found := list(DATE.finditer(text))):
        match = rng.choice(found)
        return text[: match.start()] + rng.choice(DATES) + text[match.end() :]
    if kind == 2 and (found := list(VALUE.finditer(text))):
        match = rng.choice(found)
        return text[: match.start()] + rng.choice(VALUES) + text[match.end() :]
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    if kind == 3:
        del lines[at]
    elif kind == 4:
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif kind == 5:
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == 6:
        column = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:column] + rng.choice(CONTROLS) + lines[at][column:]
    elif kind == 7:
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 8:
        lines[at] = lines[at].replace(",", ',"', 1) if rng.random() < 0.5 else lines[at] + ",x"
    else:
        indent = " " * rng.choice([0, 2, 4, 6])
        lines.insert(at, f"{indent}{rng.choice(['price', 'units', 'zzz', 'months', '<<'])}: "
                         f"{rng.choice(NUMBERS + VALUES[:6])}")  # fmt: skip
    return "\n".join(lines)


def make_input(rng: random.Random, texts: dict[str, str], folder: Path) -> tuple[str, str]:
    """Write one input to ``folder``: the files, one mutated; its scenario's name and what."""
    scenario = rng.choice(
        [name for name in texts if name.endswith(".yaml") and name not in ("book.yaml",)]
    )
    target = rng.choice(
        ["book.yaml", scenario, scenario, "prices.csv" if scenario == "csv.yaml" else scenario]
    )
    for name in dict.fromkeys(("book.yaml", scenario, "prices.csv", "holdings.yaml")):
        text = texts[name]
        if name == target:
            for _ in range(rng.choice([1, 1, 2, 3])):
                text = mutate(text, rng)
        data = text.encode("utf-8", "surrogatepass")
        if name == target and rng.random() < 0.03:
            data = data.replace(b"\xc3", b"\xc3\x28", 1) + b"\xfe"
        (folder / name).write_bytes(data)
    return scenario, f"{target} of {scenario}"


def commands(
    folder: Path, scenario: str, rng: random.Random | None = None
) -> list[tuple[str, Callable[[], object]]]:
    """Each command's public load-and-run path (the API the CLI calls), rendered as it prints."""
    import placements.api as pl
    from placements.load.check import check_file
    from placements.output import Format
    from placements.render import render
    from placements.reports.check import check_report

    book, scene = folder / "book.yaml", folder / scenario
    on = date(2008, 6, 30)

    def shown(report) -> str | bytes:
        formats = [format for format in Format if format is not Format.ICS]
        return render([report], rng.choice(formats) if rng else Format.JSON)

    def check() -> str | bytes:
        checked = [check_file(book), check_file(scene)]
        for result in checked:
            for problem in result.problems:
                yield_problem(str(problem))
        return shown(check_report(checked))

    return [
        ("check", check),
        ("terms", lambda: shown(pl.terms(book).report)),
        ("calendar", lambda: shown(pl.calendar(book).report)),
        ("securities", lambda: shown(pl.securities(scene, on).report)),
        ("run", lambda: shown(pl.run(scene, paths=20).report)),
        ("compare", lambda: shown(pl.compare([scene], paths=20).report)),
        ("value", lambda: shown(pl.value(book, on, "0.28", 0.8, 0.03, 40).report)),
        ("holdings", lambda: shown(pl.holdings(folder / "holdings.yaml", on, 40).report)),
    ]


_problems: list[str] = []


def yield_problem(line: str) -> None:
    """Problems that ``check`` reports in its table rather than raises."""
    _problems.append(line)


def fuzz(count: int, seed: int = 10, keep: int = 20, per_input: int = 7) -> Figures:
    """Run ``count`` mutated inputs through ``per_input`` of the 8 commands (7 by default).

    Each run renders its report in a format chosen at random. ``keep`` examples
    of each kind of failure are kept, with the inputs that made them.
    """
    from placements.core.problems import InputError

    rng = random.Random(seed)
    texts = seeds(rng)
    figures = Figures()
    folder = Path(tempfile.mkdtemp(prefix="placements-fuzz-"))
    try:
        for number in range(count):
            for old in folder.iterdir():
                old.unlink()
            scenario, what = make_input(rng, texts, folder)
            figures.inputs += 1
            began = time.perf_counter()
            chosen = commands(folder, scenario, rng)
            for name, command in rng.sample(chosen, min(per_input, len(chosen))):
                figures.runs += 1
                _problems.clear()
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error", RuntimeWarning)
                        command()
                except InputError as error:
                    _problems.extend(str(problem) for problem in error.problems)
                except Exception as error:
                    if len(figures.escapes) < keep:
                        kept = folder.with_name(f"{folder.name}-escape-{number}")
                        shutil.copytree(folder, kept, dirs_exist_ok=True)
                        figures.escapes.append(
                            f"input {number} ({what}, kept in {kept}): {name}: "
                            f"{type(error).__name__}: {error}"[:500]
                        )
                    else:
                        figures.escapes.append(name)
                for line in _problems:
                    if not LOCATED.match(line) and len(figures.unlocated) < 10 * keep:
                        figures.unlocated.append(f"input {number} ({what}): {name}: {line!r}")
            took = time.perf_counter() - began
            if took > figures.slowest[0]:
                figures.slowest = (took, f"input {number}, {what}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures
