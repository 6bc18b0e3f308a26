"""Properties that hold for any valid tranche, whatever its terms."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from placements.core.money import percent_of
from placements.core.terms import tranche as figures
from placements.core.terms.book import (
    CashFee,
    ExerciseTerms,
    Fees,
    FinderOptions,
    Hold,
    Quantity,
    Tranche,
    Unit,
)
from placements.core.terms.checks import tranche_problems
from placements.core.terms.schedule import Step

prices = st.decimals(min_value=Decimal("0.005"), max_value=Decimal("50"), places=3)
percents = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)
fractions = st.sampled_from(
    [Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("1"), Decimal("1.5")]
)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def steps(draw, closed: date) -> tuple[Step, ...]:
    result, last = [], closed
    for _ in range(draw(st.integers(1, 4))):
        price = draw(prices)
        if draw(st.booleans()):
            result.append(Step(price, months=draw(st.integers(1, 36))))
        else:
            last = last + timedelta(days=draw(st.integers(400, 800)))
            result.append(Step(price, until=last))
    return tuple(result)


def quantities():
    return st.one_of(
        st.none(),
        st.builds(Quantity, percent_of_units=percents),
        st.builds(Quantity, count=st.integers(0, 10**6)),
    )


@st.composite
def tranches(draw) -> Tranche:
    closed = draw(days)
    price = draw(prices)
    by_gross = draw(st.booleans())
    units = None if by_gross else draw(st.integers(1, 10**9))
    gross = (
        draw(st.decimals(min_value=price, max_value=Decimal(10**8), places=2)) if by_gross else None
    )
    warrants_per_unit = draw(fractions)
    warrant = ExerciseTerms(draw(steps(closed))) if warrants_per_unit else None
    options = None
    if warrant is not None and draw(st.booleans()):
        options = FinderOptions(draw(st.builds(Quantity, percent_of_units=percents)))
    cash = draw(
        st.one_of(
            st.none(),
            st.builds(CashFee, percent=percents),
            st.builds(CashFee, percent=st.just(Decimal(5)), amount=st.decimals(0, 5000, places=2)),
        )
    )
    hold = draw(
        st.one_of(
            st.builds(Hold, months=st.integers(0, 24)),
            st.builds(Hold, months=st.none(), until=st.just(closed + timedelta(days=121))),
            st.just(Hold.none()),
        )
    )
    tranche = Tranche(
        id="t",
        closed=closed,
        unit_price=price,
        units=units,
        stated_gross=gross,
        unit=Unit(shares=draw(st.integers(1, 2)), warrants=warrants_per_unit),
        warrant=warrant,
        fees=Fees(cash=cash, shares=draw(quantities()), options=options, units=draw(quantities())),
        hold=hold,
    )
    assume(not list(tranche_problems(tranche)))
    return tranche


@given(tranches())
def test_net_never_exceeds_gross(tranche):
    assert Decimal(0) <= figures.net_proceeds(tranche) <= figures.gross_proceeds(tranche)
    assert figures.cash_fees(tranche) == figures.gross_proceeds(tranche) - figures.net_proceeds(
        tranche
    )


@given(tranches())
def test_counts_are_whole_and_not_negative(tranche):
    for count in (
        figures.units(tranche),
        figures.shares_issued(tranche),
        figures.warrants(tranche),
        figures.finder_shares(tranche),
        figures.finder_options(tranche),
        figures.finder_units(tranche),
    ):
        assert type(count) is int
        assert count >= 0


@given(tranches())
def test_the_schedule_is_contiguous_and_ends_at_expiry(tranche):
    schedule = figures.warrant_schedule(tranche)
    assume(schedule is not None)
    assert schedule.periods[0].first == tranche.closed
    for period, following in zip(schedule.periods, schedule.periods[1:], strict=False):
        assert following.first == period.last + timedelta(days=1)
    for period in schedule.periods:
        assert period.first <= period.last
    assert schedule.expiry == schedule.periods[-1].last
    assert schedule.price_on(schedule.expiry) == schedule.periods[-1].price
    assert schedule.price_on(schedule.expiry + timedelta(days=1)) is None


@given(tranches())
def test_rounding_down_never_exceeds_the_exact_value(tranche):
    units = figures.units(tranche)
    if tranche.stated_gross is not None:
        assert units * tranche.unit_price <= tranche.stated_gross < (units + 1) * tranche.unit_price
    exact_warrants = (units + figures.finder_units(tranche)) * tranche.unit.warrants
    assert exact_warrants - 2 < figures.warrants(tranche) <= exact_warrants
    for quantity, count in (
        (tranche.fees.shares, figures.finder_shares(tranche)),
        (tranche.fees.units, figures.finder_units(tranche)),
        (
            tranche.fees.options.quantity if tranche.fees.options else None,
            figures.finder_options(tranche),
        ),
    ):
        if quantity is not None and quantity.percent_of_units is not None:
            exact = percent_of(units, quantity.percent_of_units)
            assert exact - 1 < count <= exact
