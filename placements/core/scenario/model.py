"""Scenarios: a book, a period, a share-price assumption and how holders exercise.

These are plain terms, like the book's; :mod:`placements.core.scenario.engine` projects
them, and :mod:`placements.load.scenario` reads them from YAML.
"""

from dataclasses import field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cached_property

from placements.core.problems import UNKNOWN, Origin, Problem
from placements.core.terms.book import Acceleration, BaseShares, Book, EntryKind, Tranche
from placements.core.values import value


class Policy(Enum):
    """When holders exercise a series.

    ``never``: only explicit events; ``when_in_the_money``: on the first day
    in each step that the price is at or above the exercise price plus the
    premium; ``before_step_up``: on the last day of each step (the expiry
    included) if the price is then at or above it.
    """

    NEVER = "never"
    WHEN_IN_THE_MONEY = "when_in_the_money"
    BEFORE_STEP_UP = "before_step_up"


@value
class ExercisePolicy:
    """A policy, the premium over the exercise price it waits for, and the share exercised.

    ``premium`` and ``fraction`` are fractions (0.10 is 10%). At each occasion
    the policy finds, ``fraction`` of what is then outstanding is exercised.
    """

    policy: Policy = Policy.NEVER
    premium: Decimal = Decimal(0)
    fraction: Decimal = Decimal(1)
    origin: Origin = UNKNOWN


MOVES = (EntryKind.EXERCISE, EntryKind.EXPIRE, EntryKind.CANCEL, EntryKind.FORFEIT)
"""The ledger's entries that a scenario replays as its events."""
REBASES = (EntryKind.CONSOLIDATE, EntryKind.SPLIT)
"""Consolidations and splits: a scenario starts after them, or before and ends before them."""


class Action(Enum):
    EXERCISE = "exercise"
    CANCEL = "cancel"
    EXPIRE = "expire"


@value
class ScenarioEvent:
    """Something a scenario says happens to a series on a day.

    An exercise or a cancellation takes ``fraction`` of what is outstanding, or
    ``count`` (at most what is outstanding), or all of it when neither is
    given; an expiry voids the rest after that day.
    """

    day: date
    series: str
    action: Action = Action.EXERCISE
    fraction: Decimal | None = None
    count: int | None = None
    origin: Origin = UNKNOWN


@value
class ConstantPrice:
    """One share price on every day of the scenario."""

    price: Decimal


@value
class PricePoints:
    """Prices on dates; each holds until the next, or is interpolated day by day."""

    points: tuple[tuple[date, Decimal], ...]
    interpolate: bool = False


@value
class PriceHistory:
    """Daily closes, such as a CSV of real prices; the rows are the trading days."""

    closes: tuple[tuple[date, Decimal], ...]
    source: str = ""


@value
class RandomWalk:
    """Geometric Brownian motion on trading days: ``paths`` prices for each day.

    ``volatility`` and ``drift`` are annual, as fractions. ``history``, when
    given, anchors the walk: it starts from the last close.
    """

    start: Decimal
    volatility: Decimal
    drift: Decimal = Decimal(0)
    paths: int = 1000
    seed: int = 0
    trading_days_per_year: int = 252
    history: PriceHistory | None = None


PriceModel = ConstantPrice | PricePoints | PriceHistory | RandomWalk


@value
class Scenario:
    """What the engine projects: the book, its proposed tranches, and the assumptions."""

    name: str
    book: Book
    start: date
    end: date
    price: PriceModel
    exercise: ExercisePolicy = field(default_factory=ExercisePolicy)
    overrides: dict[str, ExercisePolicy] = field(default_factory=dict)
    events: tuple[ScenarioEvent, ...] = ()
    proposed: tuple[Tranche, ...] = ()
    base: BaseShares | None = None
    description: str = ""
    origin: Origin = UNKNOWN
    warnings: tuple[Problem, ...] = ()
    """Legal but implausible values found when it and its book were read."""
    acceleration: str = "accelerates"
    """What the issuer does when an optional ("may") acceleration is triggered:
    ``accelerates`` (gives notice) or ``waives`` (lets the warrants run to term)."""

    def waives(self, clause: Acceleration) -> bool:
        """Whether the scenario's issuer lets a triggered ``clause`` pass: only one it may waive."""
        return self.acceleration == "waives" and clause.issuer == "may"

    def policy_for(self, series_id: str) -> ExercisePolicy:
        return self.overrides.get(series_id, self.exercise)

    @cached_property
    def projected_book(self) -> Book:
        """The book as the scenario sees it: proposed tranches added, base replaced.

        Made once per scenario (a frozen scenario's book cannot change), so the
        passes that check and run it share one book and what is remembered of it.

        Of the book's ledger it keeps the entries before the start, which the
        scenario starts from, its grants and share issuances, and the changes of
        terms known by the end, which stay facts of the book; the exercises,
        expiries, cancellations and forfeitures from the start on are the
        scenario's :attr:`ledger_events`.
        """
        kept = tuple(
            entry
            for entry in self.book.ledger
            if entry.day < self.start
            or entry.kind in (EntryKind.GRANT, EntryKind.ISSUE, EntryKind.CONVERT)
            or (entry.kind in (EntryKind.AMEND, EntryKind.ACCELERATE) and entry.day <= self.end)
            or (entry.kind in REBASES and entry.day <= self.start)
        )
        return replace(
            self.book,
            tranches=self.book.tranches + self.proposed,
            base=self.base or self.book.base,
            ledger=kept,
        )

    @property
    def ledger_events(self) -> tuple[ScenarioEvent, ...]:
        """The book's ledger entries on series from the start to the end, as events.

        They come before the scenario's own events on their day. An exercise
        takes its count; an expiry, cancellation or forfeiture its count, or
        all that is left.
        """
        return tuple(
            ScenarioEvent(
                entry.day,
                entry.series or "",
                Action.EXERCISE if entry.kind is EntryKind.EXERCISE else Action.CANCEL,
                count=entry.count,
                origin=entry.origin,
            )
            for entry in sorted(self.book.ledger, key=lambda entry: entry.day)
            if entry.kind in MOVES and self.start <= entry.day <= self.end
        )

    @property
    def ledger_horizon(self) -> date | None:
        """The last day the book's ledger records within the scenario, if any.

        The ledger is what happened: through that day the scenario's policy
        does not act and its events may not fall, so nothing it assumes
        contradicts a record.
        """
        return max(
            (entry.day for entry in self.book.ledger if self.start <= entry.day <= self.end),
            default=None,
        )

    @property
    def paths(self) -> int:
        return self.price.paths if isinstance(self.price, RandomWalk) else 1

    def known_on(self, day: date) -> "Scenario":
        """The scenario as seen at the end of ``day``: its prices and events to then, no later.

        An as-of view uses this, so a trigger, exercise or expiry that the
        prices after ``day`` would bring is not yet known.
        """
        return replace(
            self, end=min(self.end, day), events=tuple(e for e in self.events if e.day <= day)
        )

    def with_walk(self, paths: int | None = None, seed: int | None = None) -> "Scenario":
        """The scenario with its random walk's paths or seed replaced (the CLI's overrides)."""
        walk = self.price
        if not isinstance(walk, RandomWalk) or (paths is None and seed is None):
            return self
        return replace(
            self,
            price=replace(
                walk,
                paths=walk.paths if paths is None else paths,
                seed=walk.seed if seed is None else seed,
            ),
        )


def as_of_scenario(book: Book, day: date, price: Decimal) -> Scenario:
    """A book on one day, with no exercise: what it alone says is outstanding."""
    return Scenario(
        name=f"{book.issuer.name} on {day.isoformat()}",
        book=book,
        start=day,
        end=day,
        price=ConstantPrice(price),
    )
