"""The Python API: what the ``placements`` commands do, for notebooks and scripts.

Each function takes a book or scenario (loaded, or a path to load) and
returns a :class:`Result`: the report the command would print, whose tables
are pandas DataFrames with proper dtypes (see :mod:`placements.reports.frames`).
The CLI calls these same functions, so a notebook and a terminal agree.

    >>> import placements.api as pl
    >>> terms = pl.terms("seeds/rocmec.yaml")
    >>> terms["tranches"][["id", "gross_proceeds"]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placements.core.scenario.timeline import Frequency
from placements.core.terms.book import Book

if TYPE_CHECKING:
    import pandas as pd

    from placements.core.scenario.model import Scenario
    from placements.reports.report import Report

Progress = Callable[[int, int], None]
"""Told (paths done, paths in all) as a random walk is projected."""

__all__ = [
    "Result",
    "calendar",
    "compare",
    "continuity",
    "load_book",
    "load_scenario",
    "run",
    "securities",
    "terms",
    "value",
]


@dataclass(frozen=True)
class Result:
    """A report, with each of its tables as a typed DataFrame: ``result["tranches"]``."""

    report: Report

    @property
    def names(self) -> list[str]:
        """The tables' names, in the order the report prints them."""
        return [table.name for table in self.report.tables]

    def __getitem__(self, name: str) -> pd.DataFrame:
        from placements.reports.frames import typed_frame

        return typed_frame(self.report.table(name))

    def totals(self, name: str) -> dict[str, Any]:
        """A table's totals row (exact values), or an empty mapping."""
        return dict(self.report.table(name).totals or {})

    @property
    def notes(self) -> list[str]:
        return [note.text for note in self.report.notes]

    def render(self, format: str = "table") -> str | bytes:
        """The report as the command prints it: table, markdown, csv, json, html or yaml."""
        from placements.output import Format
        from placements.render import render

        return render(self.report, Format(format))


def load_book(path: str | Path) -> Book:
    """The book at ``path``, checked; bad input raises ``InputError`` with every problem."""
    from placements.load.book import load_book as load

    return load(Path(path))


def load_scenario(path: str | Path) -> Scenario:
    """The scenario at ``path``, with its book and prices, checked."""
    from placements.load.scenario import load_scenario as load

    return load(Path(path))


def _book(book: Book | str | Path) -> tuple[Book, str]:
    if isinstance(book, Book):
        return book, book.origin.at.file
    return load_book(book), str(book)


def _book_or_scenario(loaded: Book | Scenario | str | Path) -> tuple[Book | Scenario, str]:
    if isinstance(loaded, (str, Path)):
        from placements.load.files import load_file

        return load_file(Path(loaded)), str(loaded)
    return loaded, loaded.origin.at.file


def _scenario(scenario: Scenario | str | Path) -> tuple[Scenario, str]:
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario), str(scenario)
    return scenario, scenario.origin.at.file


def terms(book: Book | str | Path) -> Result:
    """One row per tranche: proceeds, fees, shares, warrants, hold and exercise steps."""
    from placements.reports.terms import terms_report

    return Result(terms_report(*_book(book)))


def calendar(
    books: Book | str | Path | Sequence[Book | str | Path],
    start: date | None = None,
    end: date | None = None,
    remind: int | None = None,
    stamp: datetime | None = None,
) -> Result:
    """The books' dated events from ``start`` to ``end``: closings, holds, step-ups, expiries.

    ``remind`` adds an alarm that many days before each step-up and expiry
    to the ics feed, stamped ``stamp`` (now by default).
    """
    from placements.reports.calendar import calendar_report

    many = books if isinstance(books, Sequence) and not isinstance(books, str) else [books]
    return Result(calendar_report([_book(book) for book in many], start, end, remind, stamp))


def continuity(
    book: Book | str | Path, first: date, last: date, period: str | None = None
) -> Result:
    """The continuity of shares, warrants and options from the end of ``first`` to ``last``.

    ``period``: ``quarter`` or ``year`` splits the range into fiscal periods.
    """
    from placements.reports.continuity import continuity_report

    return Result(continuity_report(*_book(book), first, last, period))


def securities(
    book: Book | Scenario | str | Path, as_of: date, price: Decimal | str | None = None
) -> Result:
    """The series outstanding at the end of ``as_of``, then basic, diluted and treasury counts."""
    from placements.reports.securities import securities_report

    loaded, source = _book_or_scenario(book)
    share_price = None if price is None else Decimal(price)
    return Result(securities_report(loaded, source, as_of, share_price))


def run(
    scenario: Scenario | str | Path,
    freq: Frequency | str = Frequency.MONTHLY,
    paths: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    daily: bool = False,
) -> Result:
    """A scenario projected: its summary, exercises (or series odds) and timeline.

    ``progress(done, total)`` is called as chunks of paths are projected.
    ``daily`` draws a random walk's every day (draws 1) instead of bridging
    it (draws 2): the same distribution, another stream of numbers.
    """
    from placements.reports.run import run_report, run_scenario

    loaded, source = _scenario(scenario)
    projected = run_scenario(loaded, Frequency(freq), paths, seed, progress, daily)
    return Result(run_report(projected, source))


def compare(
    scenarios: Sequence[Scenario | str | Path],
    paths: int | None = None,
    seed: int | None = None,
    progress: Callable[[Scenario], Progress | None] | None = None,
) -> Result:
    """Scenarios side by side; a random walk by its medians.

    ``progress(scenario)`` gives each scenario's progress hook, if any.
    """
    from placements.reports.compare import compare_report
    from placements.reports.run import run_scenario

    runs = []
    for scenario in scenarios:
        loaded, source = _scenario(scenario)
        hook = progress(loaded) if progress else None
        runs.append((run_scenario(loaded, Frequency.EVENTS, paths, seed, hook), source))
    return Result(compare_report(runs))


def value(
    book: Book | str | Path,
    as_of: date,
    price: Decimal | str,
    volatility: float,
    rate: float = 0.03,
    steps: int | None = None,
) -> Result:
    """Each warrant and option series outstanding on ``as_of``, valued per warrant and in total."""
    from placements.core.value.lattice import DEFAULT_STEPS
    from placements.core.value.series import Market
    from placements.reports.value import value_report

    market = Market(as_of, Decimal(price), float(volatility), float(rate), steps or DEFAULT_STEPS)
    return Result(value_report(*_book(book), market))
