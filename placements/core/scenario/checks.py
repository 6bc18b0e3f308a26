"""Checks of a scenario against its book: series named, dates in range, prices cover it, size.

Each returns every problem it finds, so a user can fix a file in one pass.
"""

import difflib
from collections.abc import Iterator
from datetime import date, timedelta

from placements.core.problems import Origin, Problem, explain
from placements.core.scenario.model import (
    MOVES,
    REBASES,
    Action,
    PriceHistory,
    PricePoints,
    Scenario,
    ScenarioEvent,
)
from placements.core.terms.book import EntryKind, LedgerEntry
from placements.core.terms.checks import book_problems
from placements.core.terms.ledger import in_order, opening_series, replay
from placements.core.terms.limits import book_size_problems, too_fine

MAX_PRICE_GAP = timedelta(days=7)
"""The longest stretch a price history may leave without a close."""
MAX_SERIES_PATHS = 3_000_000
"""The most series x paths one run may project (1,000,000 paths of three series
peak at about 0.6 GB, counted a chunk at a time)."""


def scenario_problems(
    scenario: Scenario, prices: bool = True, every_tranche: bool = True
) -> list[Problem]:
    """Problems across a scenario and its book: series named, dates in range, prices cover it.

    ``prices`` False leaves out the checks of the price model, for a scenario
    whose price could not be read, and ``every_tranche`` False the check that
    series named exist, for one with a proposed tranche that could not be read
    (its series would be reported as unknown). The rest is still checked, so
    one pass reports every problem. Proposed tranches with bad terms have no
    series to check the rest against, so their problems come alone.
    """
    book = scenario.projected_book
    # the book was checked when it was read (its loader's book_problems): only what the
    # scenario adds to it, a base or proposed tranches, can bring problems of its own
    adds = bool(scenario.proposed) or scenario.base is not None
    problems = (
        [p for p in book_problems(book) if p.location.file == scenario.origin.at.file]
        if adds
        else []
    )
    terms_ok = not problems
    for tranche in scenario.proposed:
        if not scenario.start <= tranche.closed <= scenario.end:
            problems.append(_outside(tranche.origin, "closed", tranche.closed, scenario))
    if not terms_ok:
        return problems
    for entry in scenario.book.ledger:
        if entry.kind in REBASES and scenario.start < entry.day <= scenario.end:
            problems.append(
                Problem(
                    scenario.origin.of("start"),
                    "start",
                    explain(
                        f"the book's {entry.kind.value} of {entry.day} falls inside the scenario",
                        expected=f"a scenario that starts on or after {entry.day} or ends "
                        "before it",
                    ),
                )
            )
    series = {s.id: s for s in opening_series(book)}
    problems.extend(_fraction_problems(scenario))
    # without a ledger or additions, the series are the book's, whose size was checked with it
    sized = book_size_problems(book, series.values()) if adds or book.ledger else ()
    for problem in sized:
        if problem.location.file != scenario.origin.at.file:
            # the book alone fits: what the scenario adds (a base, proposed tranches) does not
            problem = Problem(scenario.origin.at, scenario.origin.path, problem.message)
        problems.append(problem)
    for series_id, policy in scenario.overrides.items():
        if series_id not in series and every_tranche:
            problems.append(_unknown_series(policy.origin, "", series_id, series))
    for event in scenario.events:
        found = series.get(event.series)
        if found is None:
            if every_tranche:
                problems.append(_unknown_series(event.origin, "series", event.series, series))
            continue
        if not scenario.start <= event.day <= scenario.end:
            problems.append(_outside(event.origin, "date", event.day, scenario))
            continue
        issued = found.issued or found.schedule.first_day
        if not issued <= event.day <= found.expiry:
            what = "exercised" if event.action is Action.EXERCISE else "cancelled or expired"
            problems.append(
                Problem.at(
                    event.origin,
                    "date",
                    explain(
                        f"the series cannot be {what} then",
                        got=event.day.isoformat(),
                        expected=f"a date from {issued.isoformat()} to its expiry, "
                        f"{found.expiry.isoformat()}{_expiry_set_by(scenario, found.id)}",
                    ),
                )
            )
            continue
        problems.extend(_ledger_contradictions(scenario, event))
    if prices:
        problems.extend(_price_problems(scenario))
        problems.extend(size_problems(scenario, len(series)))
    return problems


def _entry_named(entry: LedgerEntry) -> str:
    """A ledger entry as a problem names it: its place in the book and where it is written."""
    return f"{entry.origin.path or 'ledger'} at {entry.origin.at}"


def _expiry_set_by(scenario: Scenario, series: str) -> str:
    """ ", as ledger[i] at FILE:LINE:COL set it" when the book's ledger moved the expiry."""
    setting = [
        entry
        for entry in in_order(scenario.projected_book.ledger)
        if entry.kind in (EntryKind.AMEND, EntryKind.ACCELERATE) and entry.series == series
    ]
    return f", as {_entry_named(setting[-1])} set it" if setting else ""


def _ledger_contradictions(scenario: Scenario, event: ScenarioEvent) -> Iterator[Problem]:
    """An event the book's ledger contradicts, naming the entry that records otherwise.

    The ledger records what happened through its last entry in the scenario;
    the scenario's events act only after it, and only on what it leaves: not
    on a series it has exercised, expired, cancelled or forfeited in full,
    nor on more than it leaves outstanding (or vested).
    """
    if not scenario.book.ledger:
        return
    horizon = scenario.ledger_horizon
    if horizon is not None and event.day <= horizon:
        last = [entry for entry in in_order(scenario.book.ledger) if entry.day == horizon][-1]
        yield Problem.at(
            event.origin,
            "date",
            explain(
                f"the book's ledger records what happened through {horizon}: "
                f"{_entry_named(last)} is its last entry in the scenario",
                got=event.day.isoformat(),
                expected=f"an event after {horizon.isoformat()}",
            ),
        )
        return
    state = replay(scenario.book, event.day)
    left = state.outstanding.get(event.series)
    if left is None:
        return
    moved = [m for m in state.movements if m.series == event.series and m.kind in MOVES]
    after = f", after {_entry_named(moved[-1].entry)}" if moved else ""
    if left == 0 and moved:
        done = {
            EntryKind.EXERCISE: "exercised",
            EntryKind.EXPIRE: "expired",
            EntryKind.CANCEL: "cancelled",
            EntryKind.FORFEIT: "forfeited",
        }[moved[-1].kind]
        yield Problem.at(
            event.origin,
            "series",
            explain(
                f"the book's ledger leaves none of {event.series} outstanding on {event.day}: "
                f"{_entry_named(moved[-1].entry)} {done} the last of it",
                got=event.series,
                expected="a series the ledger leaves outstanding",
            ),
        )
        return
    if event.count is not None and event.count > left:
        yield Problem.at(
            event.origin,
            "count",
            explain(
                f"more than the {left:,} the book's ledger leaves outstanding on "
                f"{event.day}{after}",
                got=f"{event.count:,}",
                expected=f"at most {left:,}",
            ),
        )
        return
    may = state.exercisable(event.series, event.day)
    if event.action is Action.EXERCISE and event.count is not None and event.count > may:
        yield Problem.at(
            event.origin,
            "count",
            explain(
                f"only {may:,} of the {left:,} {event.series} outstanding on {event.day} "
                "are vested and not yet exercised",
                got=f"{event.count:,}",
                expected=f"at most {may:,}",
            ),
        )


def _fraction_problems(scenario: Scenario) -> Iterator[Problem]:
    policies = [scenario.exercise, *scenario.overrides.values()]
    found = [too_fine(p.fraction, p.origin, "fraction") for p in policies]
    found += [
        too_fine(e.fraction, e.origin, "fraction")
        for e in scenario.events
        if e.fraction is not None
    ]
    yield from (problem for problem in found if problem is not None)


MAX_PATH_DAYS = 1_000_000_000
"""The most paths x days one run may follow (1,000,000 paths of 2.7 years): the
timeline's prices and each chunk's draws grow with both."""


def size_problems(scenario: Scenario, series: int) -> list[Problem]:
    """A run too large to hold: every series followed on every path, every day of each path."""
    days = max((scenario.end - scenario.start).days + 1, 1)
    size, path_days = series * scenario.paths, scenario.paths * days
    fewest = max(1, min(MAX_SERIES_PATHS // max(series, 1), MAX_PATH_DAYS // days))
    if size > MAX_SERIES_PATHS:
        what = f"{scenario.paths:,} paths of {series:,} warrant and option series"
        got, most = f"{size:,} series x paths", MAX_SERIES_PATHS
    elif path_days > MAX_PATH_DAYS:
        what = f"{scenario.paths:,} paths of {days:,} days"
        got, most = f"{path_days:,} paths x days", MAX_PATH_DAYS
    else:
        return []
    return [
        Problem.at(
            scenario.origin,
            "price",
            explain(
                f"{what} are too many to project at once",
                got=got,
                expected=f"at most {most:,}: {fewest:,} paths or fewer",
            ),
        )
    ]


def _outside(origin: Origin, name: str, day: date, scenario: Scenario) -> Problem:
    return Problem.at(
        origin,
        name,
        explain(
            "outside the scenario",
            got=day.isoformat(),
            expected=f"a date from {scenario.start.isoformat()} to {scenario.end.isoformat()}",
        ),
    )


def _unknown_series(origin: Origin, name: str, series_id: str, known: dict) -> Problem:
    nearest = difflib.get_close_matches(series_id, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{nearest[0]}'?" if nearest else ""
    message = explain(f"no such series{hint}", got=series_id, expected="one of " + ", ".join(known))
    if not name:  # the series id is the key of the object itself (a per-series override)
        return Problem(origin.at, origin.path, message)
    return Problem.at(origin, name, message)


def _price_problems(scenario: Scenario) -> Iterator[Problem]:
    model = scenario.price
    origin = scenario.origin
    if isinstance(model, PricePoints) and model.points[0][0] > scenario.start:
        yield Problem.at(
            origin,
            "price",
            explain(
                "no price on the start day",
                got=f"a first point on {model.points[0][0].isoformat()}",
                expected=f"a point on or before {scenario.start.isoformat()}",
            ),
        )
    history = model if isinstance(model, PriceHistory) else None
    if history is None:
        return
    first, last = history.closes[0][0], history.closes[-1][0]
    if first > scenario.start or scenario.end - last > MAX_PRICE_GAP:
        yield Problem.at(
            origin,
            "price",
            explain(
                "the price history does not cover the scenario",
                got=f"closes from {first.isoformat()} to {last.isoformat()} in {history.source}",
                expected=f"closes from {scenario.start.isoformat()} or before, to within "
                f"{MAX_PRICE_GAP.days} days of {scenario.end.isoformat()}",
            ),
        )
