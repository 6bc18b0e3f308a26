"""Scenarios from YAML: the format of README.md, read into :mod:`placements.core.scenario`.

A scenario names its book by a path relative to itself (or ``bundled``), so
the book and any price CSV are read from there, and their problems are
reported at their own ``file:line:col``.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml

from placements import bundled
from placements.core.book import BaseShares, Book
from placements.core.origin import InputError, in_file_order
from placements.core.prices import estimated_volatility
from placements.core.scenario import (
    Action,
    ConstantPrice,
    ExercisePolicy,
    Policy,
    PriceHistory,
    PriceModel,
    PricePoints,
    RandomWalk,
    Scenario,
    ScenarioEvent,
)
from placements.core.validate import scenario_problems
from placements.load.book import (
    COUNT,
    MAX_COUNT,
    MAX_PRICE,
    PRICE,
    book_from_yaml,
    read_base_shares,
    read_list,
    read_tranche,
)
from placements.load.prices import load_price_history
from placements.load.reader import Fields, Reader
from placements.load.yamlfile import Cursor, read_yaml

SCENARIO_KEYS = (
    "name",
    "description",
    "book",
    "start",
    "end",
    "shares_outstanding",
    "price",
    "exercise",
    "events",
    "proposed",
)
PRICE_KEYS = ("constant", "points", "interpolate", "csv", "random_walk")
WALK_KEYS = ("start", "volatility", "drift", "paths", "seed", "trading_days_per_year", "history")
POLICY_KEYS = ("policy", "premium", "fraction")
MAX_YEARS = 50
MAX_PATHS = 1_000_000
MAX_DRIFT = 10
DRIFT = f"an annual drift from -{MAX_DRIFT} to {MAX_DRIFT}, such as 0.05"
BUNDLED = "bundled"
SHARE = "a fraction such as 0.5 or 50%"
PREMIUM = "a premium over the exercise price such as 0.10 or 10%"


def looks_like_scenario(root: Cursor) -> bool:
    """Whether a parsed file is a scenario rather than a book (it names a price or a policy)."""
    if not isinstance(root.node, yaml.MappingNode):
        return False  # neither; the book loader says what is wrong with it
    keys = {key.value for key, _ in root.node.value if isinstance(key, yaml.ScalarNode)}
    return bool(keys & {"price", "exercise", "book", "start", "end"}) and "tranches" not in keys


def load_scenario(path: Path) -> Scenario:
    """Read, check and return the scenario at ``path``, or raise :class:`InputError`."""
    return scenario_from_yaml(read_yaml(path, "scenario"), path)


def scenario_from_yaml(root: Cursor, path: Path) -> Scenario:
    reader = Reader()
    fields = reader.mapping(
        root,
        SCENARIO_KEYS,
        required=("book", "start", "end", "price"),
        expected="a scenario: a mapping with book, start, end and price",
    )
    if fields is None:
        raise InputError(reader.problems)
    book = _read_book(reader, fields, path)
    scenario = _read_scenario(reader, fields, path, book)
    problems = reader.problems
    if scenario is not None and not problems:
        problems = scenario_problems(scenario)
    if problems or scenario is None:
        raise InputError(in_file_order(problems))
    return scenario


def _read_book(reader: Reader, fields: Fields, path: Path) -> Book | None:
    """The scenario's book; its own problems are reported against its own file."""
    cursor = fields.get("book")
    if cursor is None:
        return None
    name = reader.text(cursor, f"a book path relative to this file, or '{BUNDLED}'")
    if name is None:
        return None
    book_path = bundled.BOOK if name == BUNDLED else (path.parent / name)
    if not _is_file(book_path):
        reader.fail(
            cursor,
            "no such book",
            got=f"{name}, resolved to {_resolved(book_path)}",
            expected=f"a book file relative to the scenario, or '{BUNDLED}'",
        )
        return None
    try:
        return book_from_yaml(read_yaml(book_path, "book"))
    except InputError as error:
        reader.problems.extend(error.problems)
        return None


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a regular file; a name too long or unreadable is not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return str(path)


def _read_scenario(
    reader: Reader, fields: Fields, path: Path, book: Book | None
) -> Scenario | None:
    name = path.stem
    if "name" in fields:
        name = reader.text(fields["name"], "a name for the scenario") or name
    description = ""
    if "description" in fields:
        description = reader.text(fields["description"], "a description") or ""
    start = reader.date(fields["start"]) if "start" in fields else None
    end = reader.date(fields["end"]) if "end" in fields else None
    if start and end and not start <= end <= start + timedelta(days=366 * MAX_YEARS):
        reader.fail(
            fields["end"],
            "the end is out of range",
            got=end.isoformat(),
            expected=f"a date from {start.isoformat()} to at most {MAX_YEARS} years later",
        )
        end = None
    base: BaseShares | None = None
    if "shares_outstanding" in fields:
        base = read_base_shares(reader, fields["shares_outstanding"])
    price = _read_price(reader, fields["price"], path) if "price" in fields else None
    exercise, overrides = ExercisePolicy(), {}
    if "exercise" in fields:
        exercise, overrides = _read_exercise(reader, fields["exercise"])
    events = read_list(reader, fields.get("events"), _read_event, "a list of events")
    proposed = read_list(reader, fields.get("proposed"), read_tranche, "a list of tranches")
    if book is None or start is None or end is None or price is None:
        return None
    return Scenario(
        name=name,
        book=book,
        start=start,
        end=end,
        price=price,
        exercise=exercise,
        overrides=overrides,
        events=tuple(events),
        proposed=tuple(proposed),
        base=base,
        description=description,
        origin=fields.origin(),
    )


def _read_price(reader: Reader, cursor: Cursor, path: Path) -> PriceModel | None:
    expected = "one of constant, points, csv or random_walk"
    fields = reader.mapping(cursor, PRICE_KEYS, expected=f"a price: {expected}")
    if fields is None:
        return None
    given = [key for key in ("constant", "points", "csv", "random_walk") if key in fields]
    if len(given) != 1:
        reader.fail(
            cursor, "give one price model", got=", ".join(given) or "none", expected=expected
        )
        return None
    if "interpolate" in fields and "points" not in fields:
        reader.fail(fields["interpolate"], "only points are interpolated", expected="points:")
        return None
    if "constant" in fields:
        value = reader.decimal(fields["constant"], PRICE, positive=True, at_most=MAX_PRICE)
        return None if value is None else ConstantPrice(value)
    if "points" in fields:
        return _read_points(reader, fields)
    if "csv" in fields:
        return _read_history(reader, fields["csv"], path)
    return _read_walk(reader, fields["random_walk"], path)


def _read_points(reader: Reader, fields: Fields) -> PricePoints | None:
    cursor = fields["points"]
    entries = reader.entries(cursor, "dates and prices, such as {2008-01-02: 0.25}")
    interpolate = reader.boolean(fields["interpolate"]) if "interpolate" in fields else False
    if entries is None or interpolate is None:
        return None
    points = []
    for _, key_cursor, value in entries:
        day = reader.date(key_cursor, "a date such as 2008-01-02 as the key")
        price = reader.decimal(value, PRICE, positive=True, at_most=MAX_PRICE)
        if day is not None and price is not None:
            points.append((day, price))
    if not entries:
        reader.fail(cursor, "no price points", expected="at least one date: price")
    if len(points) != len(entries):
        return None
    return PricePoints(tuple(sorted(points)), interpolate)


def _read_history(reader: Reader, cursor: Cursor, path: Path) -> PriceHistory | None:
    name = reader.text(cursor, "a CSV file of date,close rows, relative to this file")
    if name is None:
        return None
    csv_path = path.parent / name
    if not _is_file(csv_path):
        reader.fail(
            cursor,
            "no such price file",
            got=f"{name}, resolved to {_resolved(csv_path)}",
            expected="a CSV file of date,close rows, relative to the scenario",
        )
        return None
    try:
        return load_price_history(csv_path)
    except InputError as error:
        reader.problems.extend(error.problems)
        return None


def _read_walk(reader: Reader, cursor: Cursor, path: Path) -> RandomWalk | None:
    fields = reader.mapping(cursor, WALK_KEYS, required=("paths",))
    if fields is None:
        return None
    history = _read_history(reader, fields["history"], path) if "history" in fields else None
    if "history" in fields and history is None:
        return None
    per_year = 252
    if "trading_days_per_year" in fields:
        per_year = reader.count(
            fields["trading_days_per_year"],
            "trading days per year, such as 252",
            positive=True,
            at_most=366,
        )
    start = volatility = None
    if "start" in fields:
        start = reader.decimal(fields["start"], PRICE, positive=True, at_most=MAX_PRICE)
    elif history is not None:
        start = history.closes[-1][1]
    else:
        reader.fail(
            cursor.child(cursor.node, "start"), "missing", expected="a starting price, or a history"
        )
    if "volatility" in fields:
        volatility = reader.share(
            fields["volatility"], "an annual volatility such as 0.8 or 80%", Decimal(5)
        )
    elif history is not None:
        volatility = estimated_volatility(history.closes, per_year or 252)
    else:
        reader.fail(
            cursor.child(cursor.node, "volatility"),
            "missing",
            expected="an annual volatility, or a history",
        )
    drift = Decimal(0)
    if "drift" in fields:
        drift = reader.number(fields["drift"], DRIFT)
        if drift is not None and abs(drift) > MAX_DRIFT:
            reader.fail(fields["drift"], "drift out of range", got=drift, expected=DRIFT)
            drift = None
    paths = (
        reader.count(
            fields["paths"], "a number of paths such as 10000", positive=True, at_most=MAX_PATHS
        )
        if "paths" in fields
        else None
    )
    seed = (
        reader.count(fields["seed"], "a whole-number seed", at_most=2**63 - 1)
        if "seed" in fields
        else 0
    )
    if None in (start, volatility, drift, paths, seed, per_year):
        return None
    return RandomWalk(start, volatility, drift, paths, seed, per_year, history)


def _read_exercise(
    reader: Reader, cursor: Cursor
) -> tuple[ExercisePolicy, dict[str, ExercisePolicy]]:
    fields = reader.mapping(cursor, (*POLICY_KEYS, "series"))
    if fields is None:
        return ExercisePolicy(), {}
    default = _read_policy(reader, fields, ExercisePolicy())
    overrides: dict[str, ExercisePolicy] = {}
    if "series" in fields:
        entries = reader.entries(fields["series"], "series ids and their policies") or []
        for series_id, _, value in entries:
            policy_fields = reader.mapping(value, POLICY_KEYS)
            if policy_fields is not None:
                overrides[series_id] = _read_policy(reader, policy_fields, default)
    return default, overrides


def _read_policy(reader: Reader, fields: Fields, default: ExercisePolicy) -> ExercisePolicy:
    policy, premium, fraction = default.policy, default.premium, default.fraction
    if "policy" in fields:
        chosen = reader.choice(fields["policy"], [p.value for p in Policy])
        policy = Policy(chosen) if chosen else policy
    if "premium" in fields:
        premium = reader.share(fields["premium"], PREMIUM, Decimal(10)) or premium
    if "fraction" in fields:
        value = reader.share(fields["fraction"], SHARE, Decimal(1))
        fraction = fraction if value is None else value
    return ExercisePolicy(policy, premium, fraction, fields.origin())


def _read_event(reader: Reader, cursor: Cursor) -> ScenarioEvent | None:
    fields = reader.mapping(
        cursor,
        ("date", "series", "action", "fraction", "count"),
        required=("date", "series"),
        expected="an event: {date, series, action, fraction or count}",
    )
    if fields is None:
        return None
    day = reader.date(fields["date"]) if "date" in fields else None
    series = (
        reader.text(fields["series"], "a series id such as 2007-09-ft/warrants")
        if "series" in fields
        else None
    )
    action = Action.EXERCISE
    if "action" in fields:
        chosen = reader.choice(fields["action"], [a.value for a in Action])
        if chosen is None:
            return None
        action = Action(chosen)
    fraction = count = None
    if "fraction" in fields and "count" in fields:
        reader.fail(fields["count"], "give a fraction or a count, not both", expected="one of them")
        return None
    if "fraction" in fields:
        fraction = reader.share(fields["fraction"], SHARE, Decimal(1))
        if fraction is None:
            return None
    if "count" in fields:
        count = reader.count(fields["count"], COUNT, positive=True, at_most=MAX_COUNT)
        if count is None:
            return None
    if action is Action.EXPIRE and (fraction is not None or count is not None):
        reader.fail(cursor, "an expiry takes all that is left", expected="no fraction or count")
        return None
    if day is None or series is None:
        return None
    return ScenarioEvent(day, series, action, fraction, count, fields.origin())
