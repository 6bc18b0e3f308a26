"""The array engine agrees with a plain day-by-day loop, path by path."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from conftest import SEED_BOOK
from hypothesis import given, settings
from hypothesis import strategies as st
from naive import count_path, project_path
from test_engine_properties import BOOK, events, policies

from placements.core.scenario.counts import counts
from placements.core.scenario.engine import project
from placements.core.scenario.model import RandomWalk, Scenario
from placements.core.terms.book import (
    Acceleration,
    BaseShares,
    ExerciseTerms,
    Fees,
    FinderOptions,
    Hold,
    Into,
    Quantity,
    Tranche,
    Unit,
)
from placements.core.terms.schedule import Step

START, END = date(2007, 9, 21), date(2009, 12, 31)


@st.composite
def proposed(draw) -> Tranche:
    """A tranche closing in the scenario, with acceleration and unit options, sometimes."""
    closed = draw(st.dates(min_value=START, max_value=date(2008, 6, 30)))
    acceleration = None
    if draw(st.booleans()):
        acceleration = Acceleration(
            draw(st.sampled_from([Decimal("0.30"), Decimal("0.40")])),
            draw(st.integers(1, 15)),
            draw(st.integers(0, 40)),
            draw(st.booleans()),
        )
    steps = (
        Step(Decimal("0.25"), months=draw(st.integers(1, 12))),
        Step(Decimal("0.32"), months=12),
    )
    return Tranche(
        id="p",
        closed=closed,
        unit_price=Decimal("0.20"),
        units=draw(st.integers(1, 5_000_000)),
        unit=Unit(warrants=draw(st.sampled_from([Decimal("0.5"), Decimal(1)]))),
        warrant=ExerciseTerms(steps, acceleration=acceleration),
        fees=Fees(
            options=FinderOptions(
                Quantity(percent_of_units=Decimal(7)), into=draw(st.sampled_from(list(Into)))
            )
        ),
        hold=draw(st.sampled_from([Hold(), Hold.none()])),
    )


@settings(max_examples=25, deadline=None)
@given(
    st.builds(
        RandomWalk,
        start=st.sampled_from([Decimal("0.20"), Decimal("0.28"), Decimal("0.35")]),
        volatility=st.sampled_from([Decimal(0), Decimal("0.6"), Decimal("1.5")]),
        paths=st.integers(1, 6),
        seed=st.integers(0, 2**32),
    ),
    policies(),
    st.lists(proposed(), max_size=1),
    st.lists(events(), max_size=3),
)
def test_engine_matches_the_day_by_day_loop(walk, policy, extra, happenings):
    happenings = tuple(sorted(happenings, key=lambda event: event.day))
    scenario = Scenario(
        "oracle", BOOK, START, END, walk, policy, events=happenings, proposed=tuple(extra)
    )
    projection = project(scenario, keep_prices=True)
    for path in range(walk.paths):
        expected = project_path(
            projection.plans, projection.calendar, list(projection.full_prices[path])
        )
        for plan, outcome, naive in zip(
            projection.plans, projection.outcomes, expected, strict=True
        ):
            got = [
                (
                    int(outcome.day[path, j]),
                    int(outcome.exercised[path, j]),
                    int(outcome.price_micros[path, j]),
                )
                for j in range(outcome.day.shape[1])
                if outcome.exercised[path, j] > 0
            ]
            assert sorted(got) == sorted(naive.exercises), plan.series.id
            assert int(outcome.expiry[path]) == naive.expiry
            assert int(outcome.trigger[path]) == naive.trigger
            assert int(outcome.payment_cents[path].sum()) == naive.proceeds_cents


@settings(max_examples=15, deadline=None)
@given(
    st.builds(
        RandomWalk,
        start=st.sampled_from([Decimal("0.20"), Decimal("0.28"), Decimal("0.35")]),
        volatility=st.sampled_from([Decimal(0), Decimal("0.8")]),
        paths=st.integers(1, 3),
        seed=st.integers(0, 2**32),
    ),
    policies(),
    st.lists(proposed(), max_size=2, unique_by=lambda t: t.closed),
    st.lists(events(), max_size=3),
    st.booleans(),
)
def test_counts_match_the_day_by_day_sums(walk, policy, extra, happenings, with_base):
    extra = [replace(tranche, id=f"p{n}") for n, tranche in enumerate(extra)]
    base = BaseShares(40_000_000, date(2007, 10, 1)) if with_base else None
    scenario = Scenario(
        "oracle",
        BOOK,
        START,
        END,
        walk,
        policy,
        events=tuple(sorted(happenings, key=lambda event: event.day)),
        proposed=tuple(extra),
        base=base,
    )
    projection = project(scenario, keep_prices=True)
    days = [START + timedelta(days=n) for n in range(projection.calendar.days)]
    at = counts(projection, days)
    book = scenario.projected_book
    for path in range(walk.paths):
        prices = list(projection.full_prices[path])
        results = project_path(projection.plans, projection.calendar, prices)
        expected = count_path(projection.plans, projection.calendar, prices, results, book)
        assert list(at.basic[path]) == expected["basic"]
        assert list(at.restricted[path]) == expected["restricted"]
        assert list(at.warrants[path]) == expected["warrants"]
        assert list(at.options[path]) == expected["options"]
        assert list(at.fully_diluted[path]) == expected["fully_diluted"]
        assert list(at.tsm_diluted[path]) == expected["tsm_diluted"]
        assert list(at.exercise_cents[path]) == expected["cents"]


def test_the_oracle_reproduces_the_reference_case():
    from placements.load.scenario import load_scenario

    scenario = load_scenario(SEED_BOOK.parent.parent / "scenarios" / "flat.yaml")
    projection = project(scenario)
    results = project_path(projection.plans, projection.calendar, list(projection.full_prices[0]))
    assert sum(r.proceeds_cents for r in results) == 73567825
