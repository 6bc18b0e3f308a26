"""The investor pack: one document for investors or a board, and the figures its charts draw.

The pack gathers reports that exist on their own (terms, securities
outstanding, the calendar, scenarios compared), leaves out what only the
program needs (file names, path counts), and adds what a reader needs: the
issuer, ticker, as-of date and a short note on methods and assumptions.

Charts need figures along the timeline: for a random walk, the percentiles
of fully diluted dilution (or fully diluted shares, with no base count) and
of cumulative exercise proceeds on each timeline date. They are exact order
statistics of the per-path counts on each date (the observed value at rank
ceil(n p / 100), numpy's ``inverted_cdf``), the same as every other
percentile this program prints; no approximation is made.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

import numpy as np

from placements.core.scenario.model import RandomWalk, Scenario
from placements.core.scenario.prices import from_micros
from placements.core.terms.book import Book
from placements.reports.calendar import calendar_report
from placements.reports.compare import compare_report
from placements.reports.report import PERCENTILES, Note, Report, Table, observed_percentiles
from placements.reports.run import Run, price_description
from placements.reports.securities import securities_report
from placements.reports.terms import terms_report


@dataclass(frozen=True)
class Fan:
    """Percentiles of a figure on each timeline date: ``bands[p]`` aligned with ``days``."""

    label: str
    days: list[date]
    bands: dict[int, list[float]]


@dataclass(frozen=True)
class Timeline:
    """One scenario's share counts along its timeline (medians for a random walk)."""

    scenario: str
    days: list[date]
    basic: list[int]
    fully_diluted: list[int]
    tsm_diluted: list[int]
    events: list[tuple[date, str]]
    random: bool
    dilution: Fan | None = None
    proceeds: Fan | None = None
    exercise_proceeds: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """A bar of the dilution waterfall: basic, a series' shares on exercise, fully diluted."""

    label: str
    shares: int
    total: bool = False


@dataclass(frozen=True)
class Pack:
    issuer: str
    ticker: str | None
    currency: str
    as_of: date
    methods: list[str]
    sections: list[Report]
    timelines: list[Timeline]
    waterfall: list[Step]


def timeline_percentiles(values: np.ndarray, percents: Sequence[int] = PERCENTILES) -> np.ndarray:
    """(percents x days) observed percentiles across paths of (paths x days) ``values``."""
    return observed_percentiles(values, percents)


def _timeline(run: Run) -> Timeline:
    at = run.counts
    random = not run.deterministic

    def middle(name: str) -> list[int]:
        if at.paths == 1:
            row = getattr(at, name)[0]
        else:
            row = at.percentiles(name, [50], observed_percentiles)[0]
        return [int(value) for value in row]

    events = [
        (day, label)
        for day, labels in sorted(run.labels.items())
        if run.scenario.start <= day <= run.scenario.end
        for label in labels
        if not label.endswith(": void")
    ]
    dilution = proceeds = None
    histogram: list[float] = []
    if random:
        basis = at.dilution_percentiles(PERCENTILES, timeline_percentiles)
        if basis is not None:
            found = basis
            dilution = Fan(
                "fully diluted dilution vs base (%)",
                at.days,
                {p: [v / 100 for v in found[i].tolist()] for i, p in enumerate(PERCENTILES)},
            )
        else:
            found = at.percentiles("fully_diluted", PERCENTILES, timeline_percentiles)
            dilution = Fan(
                "fully diluted shares",
                at.days,
                {p: found[i].tolist() for i, p in enumerate(PERCENTILES)},
            )
        found = at.percentiles("exercise_cents", PERCENTILES, timeline_percentiles)
        proceeds = Fan(
            "cumulative exercise proceeds",
            at.days,
            {p: [v / 100 for v in found[i].tolist()] for i, p in enumerate(PERCENTILES)},
        )
        histogram = [v / 100 for v in run.summary.exercise_cents.tolist()]
    return Timeline(
        run.scenario.name,
        at.days,
        middle("basic"),
        middle("fully_diluted"),
        middle("tsm_diluted"),
        events,
        random,
        dilution,
        proceeds,
        histogram,
    )


def _price_on(run: Run, day: date) -> Decimal | None:
    if not run.deterministic or not run.scenario.start <= day <= run.scenario.end:
        return None
    position = next((i for i, d in enumerate(run.counts.days) if d >= day), None)
    if position is None:
        return None
    return from_micros(int(run.counts.price_micros[0, position]))


def _waterfall(securities: Report) -> list[Step]:
    counts = securities.table("share_counts")
    series = securities.table("series")
    steps = [Step("basic", int(counts.values_of("basic")[0]), total=True)]
    for name, shares in zip(
        series.values_of("series"), series.values_of("shares_on_exercise"), strict=True
    ):
        steps.append(Step(str(name), int(shares)))
    steps.append(Step("fully diluted", int(counts.values_of("fully_diluted")[0]), total=True))
    return steps


WIDEST = 9
"""Columns a table of the pack shows at most side by side, to fit a printed page."""


def _split(table: Table) -> list[Table]:
    """A table too wide for a page as several, each led by its key column.

    Columns are counted as printed (optional ones without figures left out),
    so terms that gain columns flow into another part without extra work.
    """
    from placements.render import _shown_columns

    shown = _shown_columns(table)
    if table.printed_sideways or len(shown) <= WIDEST:
        return [table]
    key, rest = shown[0], shown[1:]
    size = -(-len(rest) // -(-len(rest) // (WIDEST - 1)))  # even parts
    parts: list[Table] = []
    for first in range(0, len(rest), size):
        keys = [table.columns[p].key for p in [key, *rest[first : first + size]]]
        parts.append(table.select(keys, f"{table.name}_{len(parts) + 1}"))
    return parts


def _plain(report: Report, title: str | None = None) -> Report:
    """A section without the program's internals (file names, path counts), fit for a page."""
    internals = {"file", "files", "book", "paths", "as_of"}
    meta = {key: value for key, value in report.meta.items() if key not in internals}
    tables = tuple(part for table in report.tables for part in _split(table))
    return replace(report, title=title or report.title, meta=meta, tables=tables)


def build_pack(
    book: Book,
    source: str,
    runs: Sequence[Run],
    as_of: date | None = None,
) -> Pack:
    """The pack of ``book`` as of a day (default: its last closing) and the projected ``runs``."""
    day = as_of or max(tranche.closed for tranche in book.tranches)
    priced = next(((run, p) for run in runs if (p := _price_on(run, day)) is not None), None)
    price = priced[1] if priced else None
    securities = securities_report(book, source, day, price)
    try:
        year_on = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        year_on = day.replace(year=day.year + 1, day=28)
    # as known on the day: a ledger entry after it has not happened yet
    calendar = calendar_report([(book, source)], day, year_on, known=day)
    sections = [
        _plain(terms_report(book, source), "Placement terms"),
        _plain(
            securities,
            f"Securities outstanding on {day.isoformat()}"
            + (f" at a share price of {price}" if price is not None else ""),
        ),
        replace(
            _plain(calendar, f"Calendar: {day.isoformat()} to {year_on.isoformat()}"),
            meta={},
            documents={},
        ),
    ]
    if runs:
        sections.append(_plain(compare_report([(run, "") for run in runs]), "Scenarios compared"))
    methods = _methods(book, runs, price)
    if priced is not None:
        methods.insert(
            2,
            f"The share price on {day.isoformat()}, {price}, is that of the scenario "
            f"{priced[0].scenario.name}.",
        )
    timelines = [_timeline(run) for run in runs]
    return Pack(
        book.issuer.name,
        book.issuer.ticker,
        book.issuer.currency,
        day,
        methods,
        sections,
        timelines,
        _waterfall(securities),
    )


def _methods(book: Book, runs: Sequence[Run], price: Decimal | None) -> list[str]:
    notes = [
        f"Amounts are in {book.issuer.currency}. Figures come from the placement terms as "
        "closed: proceeds net of cash fees, finder's shares and options rounded down to whole "
        "securities.",
        "Fully diluted counts every warrant and option outstanding as exercised; the treasury "
        "method counts only those in the money, less the shares their exercise proceeds would "
        "buy back at the share price.",
    ]
    if price is None:
        notes.append(
            "No share price is assumed on the as-of date, so treasury-method and in-the-money "
            "figures are left blank there."
        )
    if book.base is None:
        notes.append(
            "The book states no count of shares outstanding, so basic counts hold the "
            "placements' shares only, and dilution is not shown against a base."
        )
    for run in runs:
        scenario: Scenario = run.scenario
        text = (
            f"{scenario.name}: {scenario.start.isoformat()} to {scenario.end.isoformat()}, "
            f"price {price_description(scenario)}; holders exercise "
            f"{scenario.exercise.policy.value.replace('_', ' ')}."
        )
        if isinstance(scenario.price, RandomWalk):
            text += (
                " Its figures are percentiles across the simulated price paths, each an "
                "observed value (no interpolation); the charts' bands are the 5th to 95th and "
                "25th to 75th percentiles on each date, with the median."
            )
        notes.append(text)
    return notes


def pack_report(pack: Pack) -> list[Report]:
    """The pack as plain reports (for xlsx, JSON and the like): a heading report, then sections."""
    heading = Report(
        title=f"{pack.issuer}: investor pack as of {pack.as_of.isoformat()}",
        tables=(),
        meta={
            "issuer": pack.issuer,
            "ticker": pack.ticker or "",
            "as of": pack.as_of,
        },
        notes=tuple(Note(text) for text in pack.methods),
    )
    return [heading, *pack.sections]
