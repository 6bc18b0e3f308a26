"""A fund's positions on a day: what is held and free, the terms in force, and what it is worth.

An as-of view uses only what is known on the day: the prices on or before
it, the issuer's ledger entries on or before it (its series as
:func:`placements.core.terms.ledger.ledger_series` leaves them) and the
holder's. Values are :func:`placements.core.value.series.value_series` on
the issuer's whole series, exactly as ``placements value`` computes them:
the holder's warrants are a slice of a series whose dilution is the
series', so each warrant is worth the same in the fund as in the book.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from placements.core.holdings.model import Holdings, IssuerPrices
from placements.core.holdings.positions import (
    BookIndex,
    Holding,
    Slice,
    is_free,
    issuer_key,
    replay,
)
from placements.core.money import cents
from placements.core.problems import Problem, explain
from placements.core.scenario.prices import estimated_volatility
from placements.core.terms.schedule import Period
from placements.core.terms.series import Series
from placements.core.value.lattice import DEFAULT_STEPS
from placements.core.value.series import Market, SeriesValue, value_series

MIN_CLOSES = 3
"""Closes needed to estimate a volatility: two daily returns at the least."""


def price_on(prices: IssuerPrices, day: date) -> tuple[date, Decimal] | None:
    """The last price on or before ``day``, and its date; None before the first."""
    at = bisect_right(prices.closes, day, key=lambda close: close[0])
    return prices.closes[at - 1] if at else None


def volatility_on(prices: IssuerPrices, day: date, since: date | None = None) -> Decimal | None:
    """The stated volatility, or one estimated from the closes up to ``day`` (None: too few).

    ``since``: the issuer's last consolidation or split by the day; closes
    before it are on the old basis, and their jump is no return.
    """
    if prices.volatility is not None:
        return prices.volatility
    at = bisect_right(prices.closes, day, key=lambda close: close[0])
    start = 0 if since is None else bisect_left(prices.closes, since, key=lambda close: close[0])
    if at - start < MIN_CLOSES:
        return None
    return estimated_volatility(prices.closes[start:at], prices.trading_days_per_year)


def rebased_since(index: BookIndex, day: date) -> date | None:
    """The day of the book's last consolidation or split on or before ``day``, if any."""
    return max((entry.day for entry in index.rebases if entry.day <= day), default=None)


def markets_on(
    holdings: Holdings,
    tickers: Mapping[str, date | None],
    day: date,
    steps: int = DEFAULT_STEPS,
) -> tuple[dict[str, tuple[Market, date]], list[Problem]]:
    """Each issuer's market on ``day`` (price in force, volatility, the fund's rate).

    ``tickers`` gives each issuer's last consolidation or split by the day
    (:func:`rebased_since`). With each market, the date of its price: the
    last on or before the day.
    """
    markets: dict[str, tuple[Market, date]] = {}
    problems: list[Problem] = []
    for ticker, since in tickers.items():
        prices = holdings.prices_of(ticker)
        if prices is None:
            continue  # check has reported it
        found = price_on(prices, day)
        where = prices.origin
        if found is None:
            first = prices.closes[0][0].isoformat()
            problems.append(
                Problem(
                    where.at,
                    f"prices.{ticker}",
                    explain(
                        f"no price on or before {day}",
                        expected=f"a price dated on or before it (the first is {first})",
                    ),
                )
            )
            continue
        volatility = volatility_on(prices, day, since)
        if volatility is None:
            problems.append(
                Problem(
                    where.at,
                    f"prices.{ticker}",
                    explain(
                        f"too few closes on or before {day} to estimate a volatility"
                        + (f" (since the consolidation or split of {since})" if since else ""),
                        expected=f"at least {MIN_CLOSES} closes, or a stated volatility",
                    ),
                )
            )
            continue
        market = Market(day, found[1], float(volatility), float(holdings.rate), steps)
        markets[ticker] = (market, found[0])
    return markets, problems


@dataclass(frozen=True)
class PositionView:
    """One position on the day: what is held, the series' terms in force and its value.

    ``series`` is the issuer's series as its ledger leaves it on the day
    (None when the position holds none, or it is no longer outstanding);
    ``worth`` is one warrant of it, valued.
    """

    holding: Holding
    day: date
    ticker: str
    market: Market
    series: Series | None
    worth: SeriesValue | None
    price_day: date
    """The date of the price in force (the last on or before the day)."""

    @property
    def slice(self) -> Slice:
        return self.holding.slice

    @property
    def periods(self) -> tuple[Period, ...]:
        if self.series is None:
            return ()
        return self.series.schedule.periods_from(self.day)

    @property
    def warrants(self) -> int:
        """Warrants still held that can be exercised: none once the series is gone."""
        return self.holding.warrants if self.series is not None else 0

    @property
    def free_warrants(self) -> int:
        return self.holding.free_warrants(self.day) if self.series is not None else 0

    @property
    def frees_on(self) -> date | None:
        """The day the last of what is still held back becomes free-trading, if any is."""
        later = [f.day for f in freeing([self])]
        return max(later, default=None)

    @property
    def days_to_expiry(self) -> int | None:
        return None if self.series is None else (self.series.expiry - self.day).days

    @property
    def share_value(self) -> Decimal:
        """The shares held at the day's price."""
        return cents(self.holding.shares * self.market.share_price)


class Valuer:
    """Values each (book, series) once on a day, however many positions hold it."""

    def __init__(self, day: date) -> None:
        self.day = day
        self._done: dict[tuple[int, str, str], tuple[Series, SeriesValue] | None] = {}

    def value(
        self, index: BookIndex, series_id: str, ticker: str, market: Market
    ) -> tuple[Series, SeriesValue] | None:
        key = (id(index), series_id, ticker)
        if key not in self._done:
            self._done[key] = self._value(index, series_id, market)
        return self._done[key]

    def _value(
        self, index: BookIndex, series_id: str, market: Market
    ) -> tuple[Series, SeriesValue] | None:
        live = next(
            (s for s in index.in_issue(self.day) if s.id == series_id and s.count > 0), None
        )
        if live is None:
            return None
        shares = index.base_shares(self.day)
        child = index.series.get(live.child) if live.child else None
        return live, value_series(live, market, shares, child.schedule if child else None)


def position_views(
    holdings: Holdings,
    slices: Mapping[str, Slice],
    day: date,
    steps: int = DEFAULT_STEPS,
) -> tuple[list[PositionView], list[Problem]]:
    """Every position acquired by ``day``, in file order, with the problems of the day's prices."""
    held = replay(holdings, slices, day)
    tickers = {issuer_key(h.slice.book): rebased_since(h.slice.index, day) for h in held.values()}
    markets, problems = markets_on(holdings, tickers, day, steps)
    valuer = Valuer(day)
    views = []
    for position in holdings.positions:
        holding = held.get(position.id)
        if holding is None:
            continue
        ticker = issuer_key(holding.slice.book)
        if ticker not in markets:
            continue
        market, price_day = markets[ticker]
        series = holding.slice.series
        valued = (
            valuer.value(holding.slice.index, series.id, ticker, market)
            if series is not None and holding.warrants
            else None
        )
        views.append(
            PositionView(
                holding,
                day,
                ticker,
                market,
                valued[0] if valued else None,
                valued[1] if valued else None,
                price_day,
            )
        )
    return views, problems


@dataclass(frozen=True)
class Freeing:
    """Shares (and warrants) of a position that become free-trading on a day after the view's."""

    view: PositionView
    day: date
    shares: int
    warrants: int


def freeing(views: Sequence[PositionView]) -> list[Freeing]:
    """What each position still has held back, by the day it frees, in date order."""
    found: list[Freeing] = []
    for view in views:
        holding = view.holding
        by_day: dict[date, list[int]] = {}
        for lot in holding.lots:
            if lot.count and lot.free_from is not None and not is_free(lot.free_from, view.day):
                by_day.setdefault(lot.free_from, [0, 0])[0] += lot.count
        free = holding.slice.warrants_free
        if view.warrants and free is not None and not is_free(free, view.day):
            by_day.setdefault(free, [0, 0])[1] += view.warrants
        found.extend(Freeing(view, d, s, w) for d, (s, w) in by_day.items())
    return sorted(found, key=lambda f: f.day)


@dataclass(frozen=True)
class Deadline:
    """In-the-money warrants whose price steps up or which expire within the horizon.

    ``last_day`` is the last day at the price in force; ``next_price`` the
    price from the day after (None: they expire).
    """

    view: PositionView
    last_day: date
    price: Decimal
    next_price: Decimal | None
    warrants: int
    shares: int
    cash: Decimal


def deadlines(views: Sequence[PositionView], horizon: int) -> list[Deadline]:
    """Every in-the-money position that steps up or expires within ``horizon`` days, by date."""
    end = views[0].day + timedelta(days=horizon) if views else None
    found = []
    for view in views:
        periods = view.periods
        if not periods or not view.warrants or end is None:
            continue
        series = view.series
        assert series is not None
        current = periods[0]
        if current.last > end:
            continue
        if view.market.share_price * series.shares_per_exercise <= current.price:
            continue  # not in the money: nobody pays more than the shares are worth
        count = view.warrants
        found.append(
            Deadline(
                view,
                current.last,
                current.price,
                periods[1].price if len(periods) > 1 else None,
                count,
                count * series.shares_per_exercise,
                cents(count * current.price),
            )
        )
    return sorted(found, key=lambda d: d.last_day)


def week_of(day: date) -> date:
    """The Monday the week of ``day`` starts on."""
    return day - timedelta(days=day.weekday())
