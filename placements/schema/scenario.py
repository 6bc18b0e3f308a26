"""The scenario format: a book, a period, a share-price assumption and how holders exercise.

A scenario names its book and any price CSV by paths relative to itself;
those files are read when the scenario is, and their problems are reported
at their own ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placements.core.problems import Origin
from placements.core.scenario.model import (
    Action,
    ConstantPrice,
    ExercisePolicy,
    Policy,
    PricePoints,
    RandomWalk,
    Scenario,
    ScenarioEvent,
)
from placements.schema.book import (
    A_COUNT,
    A_PRICE,
    BASE_SHARES,
    MAX_COUNT,
    PRICE,
    TRANCHE,
)
from placements.schema.kinds import (
    Choice,
    Date,
    Field,
    Flag,
    Kind,
    ListOf,
    MapOf,
    Nested,
    OneOf,
    Shape,
    Share,
    Text,
    Whole,
)

if TYPE_CHECKING:
    from placements.load.reader import Fields, Reader
    from placements.load.yamlfile import Cursor

MAX_YEARS = 50
MAX_PATHS = 1_000_000
BUNDLED = "bundled"
SHARE = "a fraction such as 0.5 or 50%"
PREMIUM = "a premium over the exercise price such as 0.10 or 10%"
PRICE_MODELS = ("constant", "points", "csv", "random_walk")


class BookFile(Kind):
    """A book named by its path relative to the scenario, or ``bundled``; read when named."""

    expected = f"a book path relative to this file, or '{BUNDLED}'"

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        from placements.load.scenario import read_named_book

        name = reader.text(cursor, self.expected)
        return None if name is None else read_named_book(reader, cursor, name)

    def describe(self) -> str:
        return f"a path relative to the scenario, or `{BUNDLED}`"

    def json(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class PriceFile(Kind):
    """A CSV of ``date,close`` rows, named relative to the file naming it; read when named."""

    expected = "a CSV file of date,close rows, relative to this file"

    def __init__(self, beside: str = "the scenario") -> None:
        self.beside = beside

    def read(self, reader: Reader, cursor: Cursor) -> Any:
        from placements.load.prices import read_price_csv

        name = reader.text(cursor, self.expected)
        return None if name is None else read_price_csv(reader, cursor, name, self.beside)

    def describe(self) -> str:
        return f"a CSV file of `date,close` rows, relative to {self.beside}"

    def json(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


def _walk_start_and_volatility(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "history" in fields:
        return "history" in values
    ok = True
    for key, expected in (
        ("start", "a starting price, or a history"),
        ("volatility", "an annual volatility, or a history"),
    ):
        if key not in fields:
            reader.fail(fields.cursor.child(fields.cursor.node, key), "missing", expected=expected)
            ok = False
    return ok


def _walk(values: dict[str, Any], origin: Origin) -> RandomWalk:
    from placements.core.scenario.prices import estimated_volatility

    history = values.get("history")
    per_year = values.get("trading_days_per_year", 252)
    start, volatility = values.get("start"), values.get("volatility")
    if start is None or volatility is None:
        # the shape's check ensures a history wherever either is left out
        assert history is not None, "a walk with neither start nor history"
        start = start if start is not None else history.closes[-1][1]
        if volatility is None:
            volatility = estimated_volatility(history.closes, per_year)
    given = {key: values[key] for key in ("drift", "seed") if key in values}
    return RandomWalk(
        start,
        volatility,
        paths=values["paths"],
        trading_days_per_year=per_year,
        history=history,
        **given,
    )


RANDOM_WALK = Shape(
    "random_walk",
    [
        Field("start", A_PRICE, "The price on the scenario's first day.", example="0.28"),
        Field(
            "volatility",
            Share("an annual volatility such as 0.8 or 80%", Decimal(5), plausible=Decimal(5)),
            "Annual volatility.",
            example="80%",
        ),
        Field(
            "drift",
            Share("an annual drift such as 0.05 or 5%", Decimal(10), signed=True),
            "Annual drift.",
            example=0,
        ),
        Field(
            "paths",
            Whole("a number of paths such as 10000", positive=True, at_most=MAX_PATHS),
            "How many price paths.",
            required=True,
            example=10000,
        ),
        Field(
            "seed",
            Whole("a whole-number seed", at_most=2**63 - 1),
            "The same seed gives the same numbers.",
            example=2007,
        ),
        Field(
            "trading_days_per_year",
            Whole("trading days per year, such as 252", positive=True, at_most=366),
            "Trading days in a year.",
            example=252,
            default=252,
        ),
        Field(
            "history",
            PriceFile(),
            "Real prices to anchor to: the walk starts from the last close and, unless "
            "given, the volatility is estimated from the daily log returns.",
            example="closes.csv",
        ),
    ],
    doc="Geometric Brownian motion on trading days: many price paths instead of one.",
    model=RandomWalk,
    build=_walk,
    check=_walk_start_and_volatility,
)


def _one_price_model(reader: Reader, fields: Fields) -> bool:
    given = [key for key in PRICE_MODELS if key in fields]
    if len(given) != 1:
        reader.fail(
            fields.cursor,
            "give one price model",
            got=", ".join(given) or "none",
            expected="one of constant, points, csv or random_walk",
        )
        return False
    if "interpolate" in fields and "points" not in fields:
        reader.fail(fields["interpolate"], "only points are interpolated", expected="points:")
        return False
    return True


def _some_points(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "points" in values and not values["points"]:
        reader.fail(fields["points"], "no price points", expected="at least one date: price")
        return False
    return True


def _price(values: dict[str, Any], origin: Origin) -> Any:
    if "constant" in values:
        return ConstantPrice(values["constant"])
    if "points" in values:
        return PricePoints(tuple(sorted(values["points"])), values.get("interpolate", False))
    return values.get("csv") or values["random_walk"]


PRICE_MODEL = Shape(
    "price",
    [
        Field("constant", A_PRICE, "One price on every day.", example="0.28"),
        Field(
            "points",
            MapOf(
                Date("a date such as 2008-01-02 as the key"),
                A_PRICE,
                "dates and prices, such as {2008-01-02: 0.25}",
                "dates",
            ),
            "Prices on dates; each holds until the next.",
            example={"2007-09-21": "0.20", "2008-09-30": "0.40"},
        ),
        Field(
            "interpolate",
            Flag(),
            "With points: a straight line between them instead.",
            example=True,
            default=False,
        ),
        Field("csv", PriceFile(), "Real daily closes.", example="closes.csv"),
        Field("random_walk", Nested(RANDOM_WALK), "Random price paths."),
    ],
    doc="The share price: one of constant, points, csv or random_walk.",
    expected="a price: one of constant, points, csv or random_walk",
    build=_price,
    gate=_one_price_model,
    check=_some_points,
)

POLICY_FIELDS = (
    Field(
        "policy",
        Choice([policy.value for policy in Policy], Policy),
        "When holders exercise.",
        example="before_step_up",
    ),
    Field(
        "premium",
        Share(PREMIUM, Decimal(10)),
        "Wait for the price to be this far above the exercise price.",
        example="10%",
    ),
    Field(
        "fraction",
        Share(SHARE, Decimal(1)),
        "The share of what is outstanding exercised at each occasion.",
        example="100%",
    ),
)


def _given(values: dict[str, Any], origin: Origin) -> tuple[dict[str, Any], Origin]:
    return values, origin


SERIES_POLICY = Shape(
    "series_policy",
    POLICY_FIELDS,
    doc="A series' own policy; what it leaves out follows the scenario's.",
    model=ExercisePolicy,
    build=_given,
)


def _exercise(values: dict[str, Any], origin: Origin) -> tuple[ExercisePolicy, dict]:
    given = {key: values[key] for key in ("policy", "premium", "fraction") if key in values}
    default = ExercisePolicy(**given, origin=origin)
    overrides = {
        series: replace(default, **own, origin=at) for series, (own, at) in values.get("series", ())
    }
    return default, overrides


EXERCISE = Shape(
    "exercise",
    [
        *POLICY_FIELDS,
        Field(
            "series",
            MapOf(None, Nested(SERIES_POLICY), "series ids and their policies", "series ids"),
            "Per-series policies.",
            example={"2007-09-ft/warrants": {"policy": "never"}},
        ),
    ],
    doc="How holders exercise.",
    model=ExercisePolicy,
    build=_exercise,
)


def _expiry_takes_all(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if values.get("action") is Action.EXPIRE and ("fraction" in fields or "count" in fields):
        reader.fail(
            fields.cursor, "an expiry takes all that is left", expected="no fraction or count"
        )
        return False
    return True


EVENT = Shape(
    "event",
    [
        Field(
            "date",
            Date(),
            "The day it happens.",
            required=True,
            attribute="day",
            example="2008-05-01",
        ),
        Field(
            "series",
            Text("a series id such as 2007-09-ft/warrants"),
            "Which series.",
            required=True,
            example="2007-11-mf-t4/warrants",
        ),
        Field(
            "action",
            Choice([action.value for action in Action], Action),
            "Exercise, cancel, or expire the rest.",
            example="exercise",
        ),
        Field(
            "fraction", Share(SHARE, Decimal(1)), "The share of what is outstanding.", example="50%"
        ),
        Field("count", A_COUNT, "A count, at most what is outstanding.", example=100000),
    ],
    doc="Something the scenario says happens to a series on a day; with neither fraction "
    "nor count, all of it.",
    expected="an event: {date, series, action, fraction or count}",
    model=ScenarioEvent,
    one_of=[OneOf(["fraction", "count"], both="give a fraction or a count, not both")],
    check=_expiry_takes_all,
)


def _end_in_range(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    start, end = values.get("start"), values.get("end")
    if start and end and not start <= end <= start + timedelta(days=366 * MAX_YEARS):
        reader.fail(
            fields["end"],
            "the end is out of range",
            got=end.isoformat(),
            expected=f"a date from {start.isoformat()} to at most {MAX_YEARS} years later",
        )
        del values["end"]  # no period to check the rest against
        return False
    return True


def _scenario(values: dict[str, Any], origin: Origin) -> tuple[Scenario | None, bool]:
    """The scenario as far as it was read, and whether its price was.

    With the book and the period read, the scenario is made even if its
    price was not (standing in a constant), so its series and dates can
    still be checked in the same pass.
    """
    price_read = "price" in values
    if any(key not in values for key in ("book", "start", "end")):
        return None, price_read
    exercise, overrides = values.get("exercise", (ExercisePolicy(), {}))
    scenario = Scenario(
        name=values.get("name", Path(origin.at.file).stem),
        book=values["book"],
        start=values["start"],
        end=values["end"],
        price=values["price"] if price_read else ConstantPrice(Decimal(1)),
        exercise=exercise,
        overrides=overrides,
        events=values.get("events", ()),
        proposed=values.get("proposed", ()),
        base=values.get("base"),
        description=values.get("description", ""),
        origin=origin,
        acceleration=values.get("acceleration", "accelerates"),
    )
    return scenario, price_read


def _issuer_choice(values: dict[str, Any], origin: Origin) -> str:
    return str(values.get("issuer", "accelerates"))


ISSUER_CHOICE = Shape(
    "scenario_acceleration",
    [
        Field(
            "issuer",
            Choice(["accelerates", "waives"]),
            "When an acceleration the issuer 'may' give is triggered: `accelerates` gives "
            "notice on the last day the clause allows; `waives` lets the warrants run to term. "
            "A clause the issuer 'must' give is applied either way.",
            example="waives",
            default="accelerates",
        )
    ],
    doc="What the issuer does with optional acceleration clauses.",
    build=_issuer_choice,
)


SCENARIO = Shape(
    "scenario",
    [
        Field(
            "name",
            Text("a name for the scenario"),
            "Shown in reports; the file name otherwise.",
            example="Flat at 28 cents",
        ),
        Field("description", Text("a description"), "A sentence on what it shows."),
        Field(
            "book", BookFile(), "The book projected.", required=True, example="../seeds/rocmec.yaml"
        ),
        Field("start", Date(), "The first day projected.", required=True, example="2007-09-21"),
        Field(
            "end",
            Date(),
            f"The last day projected, at most {MAX_YEARS} years on.",
            required=True,
            example="2009-12-31",
        ),
        Field(
            "shares_outstanding",
            Nested(BASE_SHARES),
            "Replaces the book's base count.",
            attribute="base",
        ),
        Field("price", Nested(PRICE_MODEL), "What the share price does.", required=True),
        Field("exercise", Nested(EXERCISE), "How holders exercise; never, by default."),
        Field(
            "acceleration",
            Nested(ISSUER_CHOICE),
            "Whether the issuer accelerates when it may; by default it does.",
        ),
        Field(
            "events",
            ListOf(Nested(EVENT), "a list of events"),
            "Dated exercises, cancellations and expiries, in any order.",
        ),
        Field(
            "proposed",
            ListOf(Nested(TRANCHE), "a list of tranches"),
            "Hypothetical tranches, in the book's format.",
        ),
    ],
    doc="A book, a period, a share-price assumption and how holders exercise.",
    expected="a scenario: a mapping with book, start, end and price",
    model=Scenario,
    build=_scenario,
    check=_end_in_range,
    lenient=True,
)

SCENARIO_SHAPES = [
    SCENARIO,
    PRICE_MODEL,
    RANDOM_WALK,
    EXERCISE,
    SERIES_POLICY,
    EVENT,
    ISSUER_CHOICE,
]
__all__ = ["MAX_COUNT", "PRICE", "SCENARIO", "SCENARIO_SHAPES"]
