"""Properties of every projection, whatever the prices, policy and events."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from conftest import SEED_BOOK
from hypothesis import given, settings
from hypothesis import strategies as st

from placements.core.money import cents
from placements.core.scenario.counts import counts, exercises
from placements.core.scenario.engine import project
from placements.core.scenario.model import (
    Action,
    ExercisePolicy,
    Policy,
    PricePoints,
    RandomWalk,
    Scenario,
    ScenarioEvent,
)
from placements.core.scenario.timeline import Frequency
from placements.core.terms.series import book_series
from placements.load.book import load_book
from placements.reports.run import run_scenario

BOOK = load_book(SEED_BOOK)
SERIES = {series.id: series for series in book_series(BOOK)}
START, END = date(2007, 9, 21), date(2009, 12, 31)
prices = st.decimals(min_value=Decimal("0.05"), max_value=Decimal("0.60"), places=3)
shares = st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.3"), Decimal(0)])


@st.composite
def policies(draw) -> ExercisePolicy:
    return ExercisePolicy(
        draw(st.sampled_from(list(Policy))),
        draw(st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.25")])),
        draw(shares),
    )


@st.composite
def events(draw) -> ScenarioEvent:
    series = draw(st.sampled_from(sorted(SERIES)))
    life = SERIES[series]
    day = draw(st.dates(min_value=max(life.issued, START), max_value=min(life.expiry, END)))
    action = draw(st.sampled_from(list(Action)))
    if action is Action.EXPIRE:
        return ScenarioEvent(day, series, action)
    if draw(st.booleans()):
        return ScenarioEvent(day, series, action, count=draw(st.integers(1, 3_000_000)))
    return ScenarioEvent(day, series, action, fraction=draw(shares))


@st.composite
def scenarios(draw) -> Scenario:
    dates = draw(
        st.lists(st.dates(min_value=START, max_value=END), min_size=0, max_size=6, unique=True)
    )
    points = tuple(
        sorted([(START, draw(prices)), *((day, draw(prices)) for day in dates if day != START)])
    )
    overrides = {
        series: draw(policies())
        for series in draw(st.sets(st.sampled_from(sorted(SERIES)), max_size=2))
    }
    return Scenario(
        name="generated",
        book=BOOK,
        start=START,
        end=END,
        price=PricePoints(points, draw(st.booleans())),
        exercise=draw(policies()),
        overrides=overrides,
        events=tuple(sorted(draw(st.lists(events(), max_size=4)), key=lambda event: event.day)),
    )


def check_counts(at):
    assert (np.diff(at.basic, axis=1) >= 0).all()
    assert (at.fully_diluted >= at.tsm_diluted).all()
    assert (at.tsm_diluted >= at.basic).all()
    assert (at.restricted >= 0).all() and (at.restricted <= at.basic).all()
    assert (at.warrants >= 0).all() and (at.options >= 0).all()
    assert (np.diff(at.exercise_cents, axis=1) >= 0).all()


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_deterministic_projections(scenario):
    run = run_scenario(scenario, Frequency.DAILY)
    check_counts(run.counts)
    found = exercises(run.projection)
    for exercise in found:
        series = SERIES[exercise.series]
        assert exercise.price == series.schedule.price_on(exercise.day)
        assert exercise.proceeds == cents(exercise.count * exercise.price)
        assert exercise.count > 0
    total = sum((e.proceeds for e in found), start=Decimal("0.00"))
    assert run.counts.exercise_cents[0, -1] == int(total * 100)
    for series_id, series in SERIES.items():
        assert sum(e.count for e in found if e.series == series_id) <= series.count
    assert run.summary.shares_on_exercise[0] == sum(e.count for e in found)


@settings(max_examples=20, deadline=None)
@given(
    st.builds(
        RandomWalk,
        start=prices,
        volatility=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("1.2")]),
        drift=st.sampled_from([Decimal(0), Decimal("0.1")]),
        paths=st.integers(1, 40),
        seed=st.integers(0, 2**32),
    ),
    policies(),
)
def test_random_walk_projections_hold_path_by_path(walk, policy):
    scenario = Scenario("walk", BOOK, START, END, walk, policy)
    days = [START + timedelta(days=n) for n in range(0, (END - START).days + 1, 7)] + [END]
    projection = project(scenario, days, chunk=7)
    assert projection.paths == walk.paths
    check_counts(counts(projection, days))
    for plan, outcome in zip(projection.plans, projection.outcomes, strict=True):
        assert (outcome.exercised.sum(axis=1) <= plan.series.count).all()
        assert (
            outcome.payment_cents == (outcome.exercised * outcome.price_micros + 5000) // 10000
        ).all()
