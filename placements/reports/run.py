"""The run report: a scenario's summary, its exercises and its timeline.

One price path gives exact figures and the list of exercises; a random walk
gives the percentiles of each figure across its paths, the chance that each
series is exercised or accelerated, and a timeline of medians.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from placements.collector import collector_paused
from placements.core.money import from_cents, price_text
from placements.core.problems import InputError
from placements.core.scenario.checks import size_problems
from placements.core.scenario.counts import (
    Counts,
    DayHistograms,
    Exercise,
    PathColumns,
    Summary,
    counts,
    exercises,
    summarise,
)
from placements.core.scenario.engine import Outcomes, Plan, Projection, project, projected_chunks
from placements.core.scenario.model import (
    Action,
    ConstantPrice,
    PriceHistory,
    PricePoints,
    RandomWalk,
    Scenario,
)
from placements.core.scenario.prices import (
    DRAWS_BRIDGED,
    DRAWS_DAILY,
    MAX_PRICE_MICROS,
    from_micros,
)
from placements.core.scenario.timeline import Frequency, regular_days
from placements.core.terms.events import Event, EventKind, book_events, calendar_events
from placements.core.terms.ledger import opening_series
from placements.core.terms.tranche import known_cash_fees
from placements.reports.calendar import describer
from placements.reports.report import (
    Distribution,
    Kind,
    Note,
    Report,
    Row,
    Table,
    column,
    observed_percentiles,
    table,
    totals_of,
)

Figure = Any
"""A summary figure: exact on one path, a :class:`Distribution` of percentiles across many."""


@dataclass(frozen=True, kw_only=True)
class SummaryRow(Row):
    """A scenario's figures over its whole period."""

    exercise_proceeds: Figure = column("exercise proceeds", Kind.MONEY)
    shares_issued_on_exercise: Figure = column("shares issued on exercise", Kind.COUNT)
    basic_start: Figure = column("basic at start", Kind.COUNT)
    basic_end: Figure = column("basic at end", Kind.COUNT)
    fully_diluted_end: Figure = column("fully diluted at end", Kind.COUNT)
    tsm_diluted_end: Figure = column("treasury-method diluted at end", Kind.COUNT)
    peak_fully_diluted: Figure = column("peak fully diluted", Kind.COUNT)
    peak_day: date | None = column("peak on", Kind.DATE, optional=True)
    base_shares: int | None = column("base shares outstanding", Kind.COUNT, optional=True)
    peak_dilution_pct: Figure = column("peak dilution vs base", Kind.PERCENT, optional=True)
    placement_net: Decimal = column("placements net to end", Kind.MONEY)
    cash_raised: Figure = column("cash raised (placements net + exercises)", Kind.MONEY)


@dataclass(frozen=True, kw_only=True)
class ExerciseRow(Row):
    """One exercise of the projection: a series, its count and what it raised."""

    date: date = column("date", Kind.DATE)
    series: str = column("series")
    count: int = column("count", Kind.COUNT, summed=True)
    price: Decimal = column("price", Kind.PRICE)
    proceeds: Decimal = column("proceeds", Kind.MONEY, summed=True)


@dataclass(frozen=True, kw_only=True)
class SeriesOddsRow(Row):
    """One series across a random walk's paths."""

    series: str = column("series")
    issued: int = column("issued", Kind.COUNT)
    exercised_mean: int = column("exercised\n(mean)", Kind.COUNT)
    exercise_probability: Decimal = column("chance\nexercised", Kind.PERCENT)
    acceleration_probability: Decimal = column("chance\naccelerated", Kind.PERCENT)


@dataclass(frozen=True, kw_only=True)
class TimelineRow(Row):
    """Share counts and money at the end of a day (medians across a walk's paths)."""

    date: date = column("date", Kind.DATE)
    price: Decimal = column("price", Kind.PRICE)
    basic: int = column("basic", Kind.COUNT)
    restricted: int = column("restricted", Kind.COUNT)
    free_trading: int = column("free\ntrading", Kind.COUNT)
    warrants_outstanding: int = column("warrants", Kind.COUNT)
    options_outstanding: int = column("options", Kind.COUNT)
    fully_diluted: int = column("fully\ndiluted", Kind.COUNT)
    tsm_diluted: int = column("treasury\nmethod", Kind.COUNT)
    dilution_pct: Decimal | None = column("dilution\nvs base", Kind.PERCENT, optional=True)
    cumulative_placement_net: Decimal = column("placements\nnet", Kind.MONEY)
    cumulative_exercise_proceeds: Decimal = column("exercise\nproceeds", Kind.MONEY)
    events: str = column("events")


@dataclass
class Run:
    """A projected scenario read on its timeline days."""

    scenario: Scenario
    projection: Projection
    counts: Counts
    summary: Summary
    labels: dict[date, list[str]]
    exercises: list[Exercise]

    @property
    def deterministic(self) -> bool:
        return self.projection.paths == 1 and not isinstance(self.scenario.price, RandomWalk)


@collector_paused
def run_scenario(
    scenario: Scenario,
    frequency: Frequency = Frequency.MONTHLY,
    paths: int | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    daily: bool = False,
) -> Run:
    """Project a scenario and count its shares on the timeline's days.

    The days are the regular ones at ``frequency``, plus every day something
    happens: closings, hold ends, step-ups, expiries and the day after (when
    fully diluted falls), scenario events, and on one path its exercises and
    accelerations. ``progress`` is the engine's hook, told the paths done;
    ``daily`` draws a random walk's every day instead of bridging it.
    """
    scenario = scenario.with_walk(paths, seed)
    book = scenario.projected_book
    every_series = opening_series(book)
    too_large = size_problems(scenario, len(every_series))
    if too_large:
        raise InputError(too_large)
    # with a ledger, its entries are events too, and an amended expiry replaces the old one
    events = calendar_events(book) if book.ledger else book_events(book, every_series)
    labels = _event_labels(scenario, events)
    days = set(regular_days(scenario.start, scenario.end, frequency)) | set(labels)
    if isinstance(scenario.price, RandomWalk):
        # the monthly timeline's days are on every walk's grid, whatever the
        # frequency asked for, so that no frequency changes a draw
        usual = set(regular_days(scenario.start, scenario.end, Frequency.MONTHLY)) | set(labels)
        return _run_walk(scenario, days, labels, every_series, progress, daily, sorted(usual))
    projection = project(
        scenario, sorted(days), series=every_series, progress=progress, daily=daily
    )
    found: list[Exercise] = []
    if projection.full_prices is not None:
        found = exercises(projection)
        _label_path(projection, found, labels)
        days |= set(labels)
    inside = sorted(day for day in days if scenario.start <= day <= scenario.end)
    at = counts(projection, inside)
    return Run(scenario, projection, at, summarise(projection, at), labels, found)


COMPACT_PATHS = 5_000
"""From this many paths, a walk's share counts and proceeds are counted once per
distinct outcome and kept as their distinct rows with the paths of each
(:class:`DayHistograms`): quicker, and a million paths stay well under a gigabyte;
below, as arrays a row per path."""


def _run_walk(
    scenario: Scenario,
    days: set[date],
    labels: dict[date, list[str]],
    every_series: list,
    progress: Callable[[int, int], None] | None,
    daily: bool,
    grid_days: list[date],
) -> Run:
    """A random walk counted a chunk of paths at a time, so the big arrays stay small.

    Each chunk's counts are read while its arrays are in cache, and only the
    per-day figures the reports show (narrowed to int32 where exact, or as
    histograms for many paths) and the summary are kept for every path: the
    run's projection keeps the plans, the paths and the notes' facts, but not
    each path's operations (the engine's :func:`project` gives those).
    """
    assert isinstance(scenario.price, RandomWalk)
    inside = sorted(day for day in days if scenario.start <= day <= scenario.end)
    compact = scenario.price.paths >= COMPACT_PATHS
    histograms = DayHistograms(len(inside)) if compact else None
    columns = PathColumns(scenario.price.paths, len(inside)) if compact else None
    counted: list[Counts] = []
    summaries: list[Summary] = []
    first: Projection | None = None
    paths, capped = 0, False
    for part in projected_chunks(
        scenario,
        sorted(days),
        series=every_series,
        progress=progress,
        daily=daily,
        grid_days=grid_days,
    ):
        at = counts(part, inside, by_outcome=compact)
        summaries.append(summarise(part, at))
        if histograms is not None and columns is not None:
            histograms.add(at)
            columns.add(at)
            if not counted:  # the days, the placements' net and the base
                counted.append(replace(at, **columns.emptied(at)))
        else:
            counted.append(
                replace(at.narrowed(), exercised_shares=at.exercised_shares[:, -1:].copy())
            )
        first = first or part
        paths += part.paths
        capped = capped or part.capped
    assert first is not None, "a walk has at least one path"
    light = replace(
        first,
        outcomes=Outcomes.empty(len(first.plans), 0, 0),
        paths=paths,
        checkpoint_prices=first.checkpoint_prices[:0],
        capped=capped,
    )
    if columns is not None:
        kept: dict[str, Any] = {**columns.arrays, "histograms": histograms}
        joined = replace(counted[0], **kept)
    else:
        joined = Counts.joined(counted)
    return Run(scenario, light, joined, Summary.joined(summaries), labels, [])


def _event_labels(scenario: Scenario, events: list[Event]) -> dict[date, list[str]]:
    labels: dict[date, list[str]] = defaultdict(list)
    described = describer(scenario.projected_book)
    after = timedelta(days=1)
    for event in events:
        labels[event.day].append(f"{event.subject}: {described(event)}")
        if event.kind is EventKind.EXPIRY:
            labels[event.day + after].append(f"{event.subject}: void")
    for said in scenario.events:
        how = (
            f"{said.count:,}"
            if said.count is not None
            else f"{said.fraction:.0%}"
            if said.fraction is not None
            else "all"
        )
        action = said.action.value if said.action is not Action.EXPIRE else "expire the rest"
        labels[said.day].append(f"{said.series}: scenario event, {action} ({how})")
        if said.action is Action.EXPIRE:
            labels[said.day + timedelta(days=1)].append(f"{said.series}: void")
    return labels


def _label_path(
    projection: Projection, found: list[Exercise], labels: dict[date, list[str]]
) -> None:
    """Label the one path's exercises and accelerations on their days."""
    quoted: dict[Decimal, str] = {}  # few prices among many exercises
    for exercise in found:
        price = quoted.get(exercise.price)
        if price is None:
            price = quoted[exercise.price] = price_text(exercise.price)
        labels[exercise.day].append(f"{exercise.series}: {exercise.count:,} exercised at {price}")
    accelerated = _accelerations(projection)
    # the terms' own step-ups and expiry after the new expiry no longer happen: one pass
    # over the labels for every accelerated series, which a large book may have thousands of
    cut_off = {f"{plan.series.id}: ": expiry for plan, _, expiry in accelerated}
    if cut_off:
        for day, day_labels in labels.items():
            kept = [label for label in day_labels if not _void_after(label, day, cut_off)]
            if len(kept) != len(day_labels):
                labels[day] = kept
    for plan, trigger, expiry in accelerated:
        labels[trigger].append(f"{plan.series.id}: acceleration, expiry moves to {expiry}")
        labels[expiry].append(f"{plan.series.id}: last day to exercise, accelerated")
        labels[expiry + timedelta(days=1)].append(f"{plan.series.id}: void")


def _void_after(label: str, day: date, cut_off: dict[str, date]) -> bool:
    """Whether ``label`` begins with an accelerated series' ``id: `` and falls after its expiry."""
    end = label.find(": ")
    while end >= 0:
        expiry = cut_off.get(label[: end + 2])
        if expiry is not None and day > expiry:
            return True
        end = label.find(": ", end + 1)
    return False


def _accelerations(projection: Projection) -> list[tuple[Plan, date, date]]:
    """On the one path, each accelerated series' plan, trigger day and new expiry, in plan order.

    Read off the outcome arrays, not series by series: a big book has thousands of series
    and few, if any, accelerated.
    """
    cal = projection.calendar
    outcomes = projection.outcomes
    return [
        (
            projection.plans[row],
            cal.day(int(outcomes.trigger[row, 0])),
            cal.day(int(outcomes.expiry[row, 0])),
        )
        for row in np.flatnonzero(outcomes.trigger[:, 0] >= 0).tolist()
    ]


def price_description(scenario: Scenario, draws: int = 0) -> str:
    """The price model in words; ``draws`` names a walk's stream of draws (its version)."""
    model = scenario.price
    if isinstance(model, ConstantPrice):
        return f"constant {price_text(model.price)}"
    if isinstance(model, PricePoints):
        how = "interpolated" if model.interpolate else "each held until the next"
        return f"{len(model.points)} dated points, {how}"
    if isinstance(model, PriceHistory):
        return f"daily closes from {model.source}"
    anchor = f", from the history in {model.history.source}" if model.history else ""
    ways = {DRAWS_DAILY: " (daily)", DRAWS_BRIDGED: " (bridged)"}
    stream = f", draws {draws}{ways.get(draws, '')}" if draws else ""
    return (
        f"random walk from {price_text(model.start)}, volatility {model.volatility:%}, "
        f"drift {model.drift:%}, {model.paths:,} paths, seed {model.seed}{stream}{anchor}"
    )


def policy_description(scenario: Scenario) -> str:
    policy = scenario.exercise
    text = policy.policy.value
    if policy.premium:
        text += f", premium {policy.premium:%}"
    text += f", fraction {policy.fraction:%}"
    if scenario.overrides:
        text += f"; {len(scenario.overrides)} series overridden"
    return text


@collector_paused
def run_report(run: Run, source: str) -> Report:
    scenario = run.scenario
    meta = {
        "scenario": scenario.name,
        "file": source,
        "description": scenario.description,
        "period": f"{scenario.start.isoformat()} to {scenario.end.isoformat()}",
        "price": price_description(scenario, run.projection.draws),
        "exercise": policy_description(scenario),
        "paths": run.projection.paths,
    }
    tables: list[Table] = [
        table("summary", SummaryRow, [summary_row(run)], title="Summary", record=True)
    ]
    if run.deterministic:
        found = run.exercises
        rows = [
            ExerciseRow(
                date=e.day, series=e.series, count=e.count, price=e.price, proceeds=e.proceeds
            )
            for e in found
        ]
        totals = totals_of(ExerciseRow, rows) if rows else None
        tables.append(table("exercises", ExerciseRow, rows, title="Exercises", totals=totals))
    else:
        tables.append(
            table("series", SeriesOddsRow, _series_rows(run), title="Series across paths")
        )
    title = "Timeline" if run.deterministic else "Timeline (medians across paths)"
    tables.append(table("timeline", TimelineRow, timeline_rows(run), title=title))
    return Report(
        title=f"{scenario.name}: {scenario.book.issuer.name}",
        tables=tuple(tables),
        meta=meta,
        notes=tuple(_notes(run)),
        csv_table="timeline",
    )


def summary_row(run: Run) -> SummaryRow:
    """The summary figures: exact on one path, percentiles across many."""
    summary = run.summary
    one = run.deterministic

    def figure(values: np.ndarray, convert=int) -> object:
        return convert(values[0]) if one else Distribution.of(values, convert)

    peak = summary.peak_dilution_basis_points()
    return SummaryRow(
        exercise_proceeds=figure(summary.exercise_cents, from_cents),
        shares_issued_on_exercise=figure(summary.shares_on_exercise),
        basic_start=figure(np.full(run.projection.paths, summary.basic_start)),
        basic_end=figure(summary.basic_end),
        fully_diluted_end=figure(summary.fully_diluted_end),
        tsm_diluted_end=figure(summary.tsm_diluted_end),
        peak_fully_diluted=figure(summary.peak_fully_diluted),
        peak_day=summary.peak_day[0] if one else None,
        base_shares=summary.base,
        peak_dilution_pct=None if peak is None else figure(peak, _percent),
        placement_net=summary.placement_net_end,
        cash_raised=figure(summary.cash_cents, from_cents),
    )


def _percent(basis_points: int) -> Decimal:
    return Decimal(int(basis_points)).scaleb(-2)


def _series_rows(run: Run) -> list[SeriesOddsRow]:
    paths = run.projection.paths
    rows = []
    for plan in run.projection.plans:
        exercised = run.summary.exercised[plan.series.id]
        accelerated = run.summary.accelerated[plan.series.id]
        rows.append(
            SeriesOddsRow(
                series=plan.series.id,
                issued=plan.series.count,
                exercised_mean=round(float(exercised.mean())),
                exercise_probability=_share(int((exercised > 0).sum()), paths),
                acceleration_probability=_share(int(accelerated.sum()), paths),
            )
        )
    return rows


def _share(count: int, paths: int) -> Decimal:
    return (Decimal(count) * 100 / paths).quantize(Decimal("0.01"))


def timeline_rows(run: Run) -> list[TimelineRow]:
    at = run.counts
    one = at.paths == 1

    def median(name: str) -> Sequence[int]:
        if one:
            return (at.free_trading if name == "free_trading" else getattr(at, name))[0]
        return at.percentiles(name, [50], observed_percentiles)[0]

    price, proceeds = median("price_micros"), median("exercise_cents")
    counts = {
        "basic": median("basic"),
        "restricted": median("restricted"),
        "free_trading": median("free_trading"),
        "warrants_outstanding": median("warrants"),
        "options_outstanding": median("options"),
        "fully_diluted": median("fully_diluted"),
        "tsm_diluted": median("tsm_diluted"),
    }
    if one:
        dilution = at.dilution_basis_points()
        diluted = None if dilution is None else dilution[0]
    else:
        found = at.dilution_percentiles([50], observed_percentiles)
        diluted = None if found is None else found[0]
    return [
        TimelineRow(
            date=day,
            price=from_micros(price[position]),
            **{key: int(values[position]) for key, values in counts.items()},
            dilution_pct=None if diluted is None else _percent(diluted[position]),
            cumulative_placement_net=at.placement_net[position],
            cumulative_exercise_proceeds=from_cents(proceeds[position]),
            events="\n".join(run.labels.get(day, [])),
        )
        for position, day in enumerate(at.days)
    ]


def _notes(run: Run) -> list[Note]:
    notes = []
    scenario = run.scenario
    if run.summary.base is None:
        notes.append(
            Note(
                "No count of shares outstanding is stated, so basic counts hold the placements' "
                "shares only and dilution against a base is not shown; give shares_outstanding "
                "in the book or the scenario."
            )
        )
    elif scenario.base is not None:
        notes.append(
            Note(
                f"Shares outstanding assumed by the scenario: {scenario.base.count:,} "
                f"as of {scenario.base.as_of.isoformat()}.",
                str(scenario.base.origin.at),
            )
        )
    if run.projection.capped:
        notes.append(
            Note(
                f"Some prices reached {from_micros(MAX_PRICE_MICROS):,}, the highest the model "
                "takes; a random walk that would climb further is held there.",
                str(scenario.origin.of("price")),
            )
        )
    if run.deterministic:
        for plan, trigger, expiry in _accelerations(run.projection):
            terms = plan.series.acceleration
            if terms is not None:
                measure = "VWAP was" if terms.measure == "vwap" else "closed"
                test = "above" if terms.test == "exceeds" else "at or above"
                notice = ""
                if terms.notice_within_days is not None:
                    given = trigger + timedelta(days=terms.notice_within_days)
                    notice = (
                        f" notice on {given}, the last of the {terms.notice_within_days} days "
                        f"allowed, and {terms.notice_days} days to expiry;"
                    )
                notes.append(
                    Note(
                        f"{plan.series.id}: {measure} {test} {price_text(terms.trigger)} for "
                        f"{terms.trading_days} trading days to {trigger};{notice} "
                        f"expiry moved from {plan.series.expiry} to {expiry}.",
                        str(terms.origin.at),
                    )
                )
    for tranche in scenario.projected_book.tranches:
        if known_cash_fees(tranche) is None:
            notes.append(
                Note(
                    f"{tranche.id}: its cash fee is on a part of the gross that is not stated, "
                    "so the placements' net leaves it out and is an upper bound.",
                    str(tranche.origin.of("fees")),
                )
            )
    if scenario.acceleration == "waives":
        notes.append(
            Note(
                "The issuer waives any acceleration it may give: optional clauses are not "
                "applied, so those warrants run to their term."
            )
        )
    return notes
