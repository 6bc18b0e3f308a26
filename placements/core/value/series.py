"""What one warrant or option of each series in a book is worth on a day.

This applies the models of :mod:`placements.core.value.models` to the series of a
book, and makes the choices a model leaves open:

- N, the shares outstanding, is the book's base count carried to the day
  (:func:`placements.core.terms.outstanding.base_shares`); without one there is no
  dilution to measure, and only the plain value is given.
- M, the new shares, is what exercising the whole series would issue (count x
  shares per exercise). Each series is valued on its own dilution, as if no
  other were exercised: a common simplification, which understates dilution
  when several series are in the money together.
- A finder's option exercisable into units gives shares and a fraction of the
  tranche's warrant. It is valued as the call on its shares plus that fraction
  of a warrant on the tranche's terms, each on its own dilution (the warrant
  part's M is the warrants the options would bring). This overstates a little:
  the warrants come only on exercise, so they are worth less than outstanding
  ones.
- Acceleration is ignored: it lets the issuer shorten the term, which can only
  lower a warrant's value, so the value of an accelerable series is an upper
  bound.
"""

from datetime import date
from decimal import Decimal

from placements.core.money import whole
from placements.core.terms.schedule import Schedule
from placements.core.terms.series import Series
from placements.core.value.dilution import dilution_adjusted
from placements.core.value.lattice import DEFAULT_STEPS, warrant_value
from placements.core.values import value


@value
class Market:
    """What a valuation assumes: the day, the share price and the model's inputs.

    ``volatility`` and ``rate`` are annual (0.8 for 80%, 0.03 for 3%), the
    rate continuously compounded; ``steps`` is the lattice's, for step-ups.
    """

    as_of: date
    share_price: Decimal
    volatility: float
    rate: float
    steps: int = DEFAULT_STEPS

    @property
    def spot(self) -> float:
        return float(self.share_price)


@value
class SeriesValue:
    """One warrant or option of a series, valued: per warrant, not per series.

    ``intrinsic`` is what exercising today would gain; ``plain`` the model's
    value before dilution; ``value`` after it (equal to ``plain`` without a
    share count); ``lattice`` says a step-up was to come. The time value is
    ``value - intrinsic``.
    """

    intrinsic: float
    plain: float
    value: float
    lattice: bool


def value_series(
    series: Series,
    market: Market,
    shares: int | None,
    unit_warrant: Schedule | None = None,
) -> SeriesValue:
    """The value of one warrant or option of ``series`` on ``market.as_of``.

    ``shares`` is N (None when the book states no base count); ``unit_warrant``
    is the schedule of the warrant that a finder's option into units brings,
    needed when ``series.warrants_per_exercise`` is not 0.
    """
    per_unit = series.warrants_per_exercise
    share_part = _call_value(
        series.schedule,
        market,
        shares,
        series.count * series.shares_per_exercise,
        series.shares_per_exercise,
    )
    if not per_unit or unit_warrant is None:
        return share_part
    warrant_part = _call_value(unit_warrant, market, shares, whole(series.count * per_unit))
    fraction = float(per_unit)
    return SeriesValue(
        intrinsic=share_part.intrinsic + fraction * warrant_part.intrinsic,
        plain=share_part.plain + fraction * warrant_part.plain,
        value=share_part.value + fraction * warrant_part.value,
        lattice=share_part.lattice or warrant_part.lattice,
    )


def _call_value(
    schedule: Schedule,
    market: Market,
    shares: int | None,
    new_shares: int,
    shares_per_warrant: int = 1,
) -> SeriesValue:
    """A warrant for ``shares_per_warrant`` shares at the prices of ``schedule``."""
    periods = schedule.periods_from(market.as_of)
    if not periods:
        return SeriesValue(0.0, 0.0, 0.0, lattice=False)
    spot = market.share_price * shares_per_warrant
    intrinsic = float(max(spot - periods[0].price, Decimal(0)))

    def plain_value(share_price: float) -> float:
        return warrant_value(
            share_price * shares_per_warrant,
            schedule,
            market.as_of,
            market.rate,
            market.volatility,
            market.steps,
        )

    plain = plain_value(market.spot)
    value = (
        plain
        if shares is None
        else dilution_adjusted(plain_value, market.spot, shares, new_shares, shares_per_warrant)
    )
    return SeriesValue(intrinsic, plain, value, lattice=len(periods) > 1)
