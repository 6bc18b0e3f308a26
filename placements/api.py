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
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placements.core.scenario.timeline import Frequency
from placements.core.terms.book import Book
from placements.core.values import value as value_class

if TYPE_CHECKING:
    import pandas as pd

    from placements.core.scenario.model import Scenario
    from placements.load.holdings import Loaded
    from placements.reports.report import Report

Progress = Callable[[int, int], None]
"""Told (paths done, paths in all) as a random walk is projected."""

__all__ = [
    "Result",
    "calendar",
    "compare",
    "continuity",
    "exercise_plan",
    "fund_calendar",
    "fund_walk",
    "holdings",
    "liquidity",
    "load_book",
    "load_holdings",
    "load_scenario",
    "run",
    "securities",
    "terms",
    "value",
]


@value_class
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
    as_of: date | None = None,
) -> Result:
    """The books' dated events from ``start`` to ``end``: closings, holds, step-ups, expiries.

    ``remind`` adds an alarm that many days before each step-up and expiry
    to the ics feed, stamped ``stamp`` (now by default). With a ledger, its
    entries and the dates they change are events too; ``as_of`` keeps only the
    entries known by the end of that day.
    """
    from placements.reports.calendar import calendar_report

    many = books if isinstance(books, Sequence) and not isinstance(books, str) else [books]
    return Result(calendar_report([_book(book) for book in many], start, end, remind, stamp, as_of))


def fund_calendar(
    holdings: Loaded | str | Path,
    start: date | None = None,
    end: date | None = None,
    remind: int | None = None,
    stamp: datetime | None = None,
    as_of: date | None = None,
) -> Result:
    """The fund's calendar: its tranches' closings and hold ends, its series' step-ups and expiries.

    Counts are the fund's own; ``remind``, ``stamp`` and ``as_of`` are as for
    :func:`calendar`.
    """
    from placements.core.holdings.calendar import held_events
    from placements.reports.calendar import calendar_report

    loaded, _ = _holdings(holdings)
    # each book is named by its own file
    books = [(index.book, index.book.origin.at.file) for index in loaded.books.values()]
    held = held_events(loaded.slices.values())
    name = loaded.holdings.holder.name
    return Result(calendar_report(books, start, end, remind, stamp, as_of, held=held, title=name))


def continuity(
    book: Book | str | Path,
    first: date,
    last: date,
    period: str | None = None,
    restate: bool = False,
    by: str | None = None,
) -> Result:
    """The continuity of shares, warrants, options and convertibles from ``first`` to ``last``.

    ``period``: ``quarter`` or ``year`` splits the range into fiscal periods.
    ``restate``: every day on the basis after the book's last consolidation or
    split. ``by="series"``: a table of each series at the close too.
    """
    from placements.reports.continuity import continuity_report

    return Result(continuity_report(*_book(book), first, last, period, restate, by))


def securities(
    book: Book | Scenario | str | Path,
    as_of: date,
    price: Decimal | str | None = None,
    restate: bool = False,
) -> Result:
    """The series outstanding at the end of ``as_of``, then basic, diluted and treasury counts.

    ``restate``: on the basis after the book's last consolidation or split.
    """
    from placements.reports.securities import securities_report

    loaded, source = _book_or_scenario(book)
    share_price = None if price is None else Decimal(price)
    return Result(securities_report(loaded, source, as_of, share_price, restate))


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
    it (draws 3): the same distribution, another stream of numbers.
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
    restate: bool = False,
) -> Result:
    """Each warrant and option series outstanding on ``as_of``, valued per warrant and in total.

    ``restate``: on the basis after the book's last consolidation or split
    (``price`` is then on that basis too).
    """
    from placements.core.value.lattice import DEFAULT_STEPS
    from placements.core.value.series import Market
    from placements.reports.value import value_report

    market = Market(as_of, Decimal(price), float(volatility), float(rate), steps or DEFAULT_STEPS)
    return Result(value_report(*_book(book), market, restate))


def load_holdings(path: str | Path) -> Loaded:
    """The holdings at ``path``, with each book they cite read once, checked."""
    from placements.load.holdings import load_holdings as load

    return load(Path(path))


def _holdings(holdings: Loaded | str | Path) -> tuple[Loaded, str]:
    if isinstance(holdings, (str, Path)):
        return load_holdings(holdings), str(holdings)
    return holdings, holdings.holdings.origin.at.file


def holdings(holdings: Loaded | str | Path, as_of: date, steps: int | None = None) -> Result:
    """Each position held on ``as_of``: free-trading split, terms in force, values, gain.

    Then each issuer's totals, whose totals row is the fund's. Only prices
    and ledger entries (the issuers' and the holder's) on or before the day
    are used.
    """
    from placements.core.value.lattice import DEFAULT_STEPS
    from placements.reports.holdings import holdings_report

    loaded, source = _holdings(holdings)
    return Result(
        holdings_report(loaded.holdings, loaded.slices, source, as_of, steps or DEFAULT_STEPS)
    )


def liquidity(holdings: Loaded | str | Path, as_of: date) -> Result:
    """Month by month from ``as_of``, the shares becoming free-trading, at the day's prices."""
    from placements.reports.holdings import liquidity_report

    loaded, source = _holdings(holdings)
    return Result(liquidity_report(loaded.holdings, loaded.slices, source, as_of))


def exercise_plan(holdings: Loaded | str | Path, as_of: date, horizon: int = 90) -> Result:
    """In-the-money warrants stepping up or expiring within ``horizon`` days; cash by week."""
    from placements.reports.holdings import exercise_plan_report

    loaded, source = _holdings(holdings)
    return Result(exercise_plan_report(loaded.holdings, loaded.slices, source, as_of, horizon))


def fund_walk(
    holdings: Loaded | str | Path,
    as_of: date,
    horizon: date,
    paths: int = 10_000,
    seed: int = 2007,
    threads: int | None = None,
) -> Any:
    """The fund's value at ``horizon`` on random price paths, one independent task per issuer.

    Returns a :class:`placements.core.holdings.montecarlo.FundWalk` (numpy
    arrays per issuer and the fund's total per path); ``threads`` runs the
    issuers' tasks on that many threads instead of one after another.
    """
    from placements.core.holdings.montecarlo import (
        fund_walks,
        issuer_tasks,
        map_sequential,
        map_threads,
    )
    from placements.core.holdings.view import position_views
    from placements.core.problems import InputError

    loaded, _ = _holdings(holdings)
    views, problems = position_views(loaded.holdings, loaded.slices, as_of)
    if problems:
        raise InputError(problems)
    tasks = issuer_tasks(views, horizon, paths, seed)
    if threads:
        return fund_walks(tasks, lambda f, ts: map_threads(f, ts, workers=threads))
    return fund_walks(tasks, map_sequential)
