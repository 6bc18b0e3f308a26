"""A fund's holdings as tables: positions on a day, what frees up, and what to exercise.

Per-warrant values are rounded as the value table rounds them
(:func:`placements.reports.value.series_row`), so a position's warrants are
worth, to the last decimal, what ``placements value`` says one of the
series is worth at the same price, volatility and rate. Money is in cents:
a position's warrant value is warrants x that rounded value.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from placements.core.holdings.model import Holdings
from placements.core.holdings.positions import Slice
from placements.core.holdings.view import (
    Deadline,
    PositionView,
    deadlines,
    freeing,
    position_views,
    rebased_since,
    volatility_on,
    week_of,
)
from placements.core.money import cents
from placements.core.problems import InputError
from placements.core.value.lattice import DEFAULT_STEPS
from placements.reports.report import Kind, Note, Report, Row, column, table, totals_of
from placements.reports.value import series_row


@dataclass(frozen=True, kw_only=True)
class HoldingRow(Row):
    """One position on the day: what is held and free, the terms in force, and its worth."""

    position: str = column("position")
    issuer: str = column("issuer")
    series: str | None = column("series", optional=True)
    shares: int = column("shares", Kind.COUNT, summed=True)
    free_shares: int = column("free\nshares", Kind.COUNT, summed=True)
    warrants: int = column("warrants", Kind.COUNT, summed=True)
    free_warrants: int = column("free\nwarrants", Kind.COUNT, summed=True)
    frees_on: date | None = column("rest\nfree on", Kind.DATE, optional=True)
    share_price: Decimal = column("share\nprice", Kind.PRICE)
    price_in_force: Decimal | None = column("price in\nforce", Kind.PRICE, optional=True)
    next_price: Decimal | None = column("next\nprice", Kind.PRICE, optional=True)
    next_step_up: date | None = column("next\nstep-up", Kind.DATE, optional=True)
    expiry: date | None = column("expiry", Kind.DATE, optional=True)
    days_to_expiry: int | None = column("days to\nexpiry", Kind.COUNT, optional=True)
    plain_value: float | None = column("plain\nvalue", Kind.NUMBER, optional=True)
    value: float | None = column("value", Kind.NUMBER, optional=True)
    intrinsic_value: Decimal = column("intrinsic\nvalue", Kind.MONEY, summed=True)
    warrant_value: Decimal = column("warrant\nvalue", Kind.MONEY, summed=True)
    cost: Decimal = column("cost", Kind.MONEY, summed=True)
    paid: Decimal = column("paid to\nexercise", Kind.MONEY, summed=True)
    sold: Decimal = column("sold", Kind.MONEY, summed=True)
    market_value: Decimal = column("market\nvalue", Kind.MONEY, summed=True)
    gain: Decimal = column("gain", Kind.MONEY, summed=True)


@dataclass(frozen=True, kw_only=True)
class IssuerRow(Row):
    """One issuer's positions added up; the totals row is the whole fund."""

    issuer: str = column("issuer")
    name: str = column("name")
    positions: int = column("positions", Kind.COUNT, summed=True)
    shares: int = column("shares", Kind.COUNT, summed=True)
    free_shares: int = column("free\nshares", Kind.COUNT, summed=True)
    warrants: int = column("warrants", Kind.COUNT, summed=True)
    intrinsic_value: Decimal = column("intrinsic\nvalue", Kind.MONEY, summed=True)
    warrant_value: Decimal = column("warrant\nvalue", Kind.MONEY, summed=True)
    cost: Decimal = column("cost", Kind.MONEY, summed=True)
    paid: Decimal = column("paid to\nexercise", Kind.MONEY, summed=True)
    sold: Decimal = column("sold", Kind.MONEY, summed=True)
    market_value: Decimal = column("market\nvalue", Kind.MONEY, summed=True)
    gain: Decimal = column("gain", Kind.MONEY, summed=True)


@dataclass(frozen=True, kw_only=True)
class PriceRow(Row):
    """The price and volatility each issuer is marked at on the day."""

    issuer: str = column("issuer")
    price: Decimal = column("price", Kind.PRICE)
    price_date: date = column("price of", Kind.DATE)
    volatility: Decimal = column("volatility", Kind.NUMBER)
    estimated: bool = column("estimated", Kind.FLAG)


def _views(
    holdings: Holdings, slices: dict[str, Slice], day: date, steps: int
) -> list[PositionView]:
    views, problems = position_views(holdings, slices, day, steps)
    if problems:
        raise InputError(problems)
    return views


def _per_warrant(view: PositionView) -> tuple[float, float, float] | None:
    """(intrinsic, plain, value) of one warrant, rounded as the value table rounds them."""
    if view.series is None or view.worth is None:
        return None
    row = series_row(view.series, view.market, view.worth)
    return row.intrinsic, row.plain_value, row.value


def holding_row(view: PositionView) -> HoldingRow:
    holding = view.holding
    per = _per_warrant(view)
    periods = view.periods
    later = periods[1] if len(periods) > 1 else None
    warrants = view.warrants
    intrinsic = cents(warrants * Decimal(str(per[0]))) if per else Decimal("0.00")
    worth = cents(warrants * Decimal(str(per[2]))) if per else Decimal("0.00")
    market_value = view.share_value + intrinsic
    cost = cents(holding.slice.position.cost)
    series = holding.slice.series
    return HoldingRow(
        position=holding.slice.position.id,
        issuer=view.ticker,
        series=series.id if series is not None else None,
        shares=holding.shares,
        free_shares=holding.free_shares(view.day),
        warrants=warrants,
        free_warrants=view.free_warrants,
        frees_on=view.frees_on,
        share_price=view.market.share_price,
        price_in_force=periods[0].price if periods else None,
        next_price=later.price if later else None,
        next_step_up=later.first if later else None,
        expiry=view.series.expiry if view.series is not None else None,
        days_to_expiry=view.days_to_expiry,
        plain_value=per[1] if per else None,
        value=per[2] if per else None,
        intrinsic_value=intrinsic,
        warrant_value=worth,
        cost=cost,
        paid=holding.paid,
        sold=holding.sold,
        market_value=market_value,
        gain=market_value + holding.sold - cost - holding.paid,
    )


def _issuer_rows(views: Sequence[PositionView], rows: Sequence[HoldingRow]) -> list[IssuerRow]:
    grouped: dict[str, list[tuple[PositionView, HoldingRow]]] = defaultdict(list)
    for view, row in zip(views, rows, strict=True):
        grouped[view.ticker].append((view, row))
    found = []
    for ticker, pairs in grouped.items():
        mine = [row for _, row in pairs]
        summed = totals_of(HoldingRow, mine)
        found.append(
            IssuerRow(
                issuer=ticker,
                name=pairs[0][0].slice.book.issuer.name,
                positions=len(mine),
                **{
                    key: summed[key]
                    for key in (
                        "shares",
                        "free_shares",
                        "warrants",
                        "intrinsic_value",
                        "warrant_value",
                        "cost",
                        "paid",
                        "sold",
                        "market_value",
                        "gain",
                    )
                },
            )
        )
    return found


def _price_rows(holdings: Holdings, views: Sequence[PositionView]) -> list[PriceRow]:
    rows = []
    for ticker, view in {view.ticker: view for view in views}.items():
        prices = holdings.prices_of(ticker)
        assert prices is not None
        volatility = volatility_on(prices, view.day, rebased_since(view.slice.index, view.day))
        assert volatility is not None
        rows.append(
            PriceRow(
                issuer=ticker,
                price=view.market.share_price,
                price_date=view.price_day,
                volatility=volatility,
                estimated=prices.volatility is None,
            )
        )
    return rows


def _meta(holdings: Holdings, source: str, day: date) -> dict[str, object]:
    return {
        "holdings": source,
        "holder": holdings.holder.name,
        "currency": holdings.holder.currency,
        "as_of": day,
        "rate": holdings.rate,
    }


def holdings_report(
    holdings: Holdings,
    slices: dict[str, Slice],
    source: str,
    day: date,
    steps: int = DEFAULT_STEPS,
) -> Report:
    """Every position held on ``day``, then each issuer's totals and the fund's."""
    views = _views(holdings, slices, day, steps)
    rows = [holding_row(view) for view in views]
    issuers = _issuer_rows(views, rows)
    name = holdings.holder.name
    return Report(
        title=f"{name}: holdings on {day}, in {holdings.holder.currency}",
        tables=(
            table(
                "positions", HoldingRow, rows, totals=totals_of(HoldingRow, rows) if rows else None
            ),
            table(
                "issuers",
                IssuerRow,
                issuers,
                title="By issuer (the totals are the fund's)",
                totals=totals_of(IssuerRow, issuers) if issuers else None,
            ),
            table("prices", PriceRow, _price_rows(holdings, views), title="Prices"),
        ),
        meta=_meta(holdings, source, day),
        notes=_notes(day, steps, bool(views)),
    )


def _notes(day: date, steps: int, any_held: bool) -> tuple[Note, ...]:
    if not any_held:
        return (Note(f"No position is held on {day}."),)
    return (
        Note(
            "Free: free-trading on the day (the hold of the tranche, or of the series for "
            "warrants and the shares their exercise issued). A position of units holds the "
            "tranche's shares and floor(units x warrants per unit) warrants."
        ),
        Note(
            "Values per warrant are `placements value`'s for the issuer's whole series at the "
            "issuer's price and volatility on the day: Black-Scholes for one price left, a "
            f"lattice of {steps:,} steps for step-ups to come, adjusted for dilution (Hull) when "
            "the book states its shares outstanding."
        ),
        Note(
            "Market value: the shares at the share price plus the warrants' intrinsic value. "
            "Gain: market value + sold - cost - paid to exercise."
        ),
    )


@dataclass(frozen=True, kw_only=True)
class MonthRow(Row):
    """Shares (and warrants) that become free-trading in a month, at the day's price."""

    month: str = column("month")
    shares: int = column("shares\nfreeing", Kind.COUNT, summed=True)
    warrants: int = column("warrants\nfreeing", Kind.COUNT, summed=True)
    value: Decimal = column("value at\nshare price", Kind.MONEY, summed=True)
    cumulative_shares: int = column("shares free\nby month end", Kind.COUNT)


@dataclass(frozen=True, kw_only=True)
class FreeingRow(Row):
    day: date = column("free from", Kind.DATE)
    position: str = column("position")
    issuer: str = column("issuer")
    shares: int = column("shares", Kind.COUNT, summed=True)
    warrants: int = column("warrants", Kind.COUNT, summed=True)
    share_price: Decimal = column("share\nprice", Kind.PRICE)
    value: Decimal = column("value at\nshare price", Kind.MONEY, summed=True)


def liquidity_report(
    holdings: Holdings, slices: dict[str, Slice], source: str, day: date
) -> Report:
    """Month by month, what becomes free-trading after ``day``, valued at the day's prices."""
    views = _views(holdings, slices, day, DEFAULT_STEPS)
    free_now = sum(view.holding.free_shares(day) for view in views)
    details = [
        FreeingRow(
            day=f.day,
            position=f.view.slice.position.id,
            issuer=f.view.ticker,
            shares=f.shares,
            warrants=f.warrants,
            share_price=f.view.market.share_price,
            value=cents(f.shares * f.view.market.share_price),
        )
        for f in freeing(views)
    ]
    months: dict[str, list[FreeingRow]] = defaultdict(list)
    for row in details:
        months[row.day.strftime("%Y-%m")].append(row)
    rows, running = [], free_now
    for month, freed in months.items():
        shares = sum(row.shares for row in freed)
        running += shares
        rows.append(
            MonthRow(
                month=month,
                shares=shares,
                warrants=sum(row.warrants for row in freed),
                value=sum((row.value for row in freed), Decimal("0.00")),
                cumulative_shares=running,
            )
        )
    return Report(
        title=f"{holdings.holder.name}: shares becoming free-trading after {day}",
        tables=(
            table("months", MonthRow, rows, totals=totals_of(MonthRow, rows) if rows else None),
            table(
                "freeing",
                FreeingRow,
                details,
                title="By position",
                totals=totals_of(FreeingRow, details) if details else None,
            ),
        ),
        meta={**_meta(holdings, source, day), "free_shares": free_now},
        notes=(
            Note(
                f"{free_now:,} shares are free-trading on {day}. Values are at each issuer's "
                "price on the day (the last on or before it); warrants are counted, not valued."
            ),
        ),
    )


@dataclass(frozen=True, kw_only=True)
class PlanRow(Row):
    """In-the-money warrants to exercise before their price steps up or they expire."""

    last_day: date = column("last day", Kind.DATE)
    event: str = column("then")
    position: str = column("position")
    issuer: str = column("issuer")
    series: str = column("series")
    warrants: int = column("warrants", Kind.COUNT, summed=True)
    price_in_force: Decimal = column("price in\nforce", Kind.PRICE)
    next_price: Decimal | None = column("next\nprice", Kind.PRICE, optional=True)
    share_price: Decimal = column("share\nprice", Kind.PRICE)
    cash: Decimal = column("cash\nneeded", Kind.MONEY, summed=True)
    shares: int = column("shares\ngained", Kind.COUNT, summed=True)
    value: Decimal = column("shares at\nshare price", Kind.MONEY, summed=True)


@dataclass(frozen=True, kw_only=True)
class WeekRow(Row):
    week: date = column("week of", Kind.DATE)
    cash: Decimal = column("cash\nneeded", Kind.MONEY, summed=True)
    shares: int = column("shares\ngained", Kind.COUNT, summed=True)
    cumulative_cash: Decimal = column("cash needed\nto date", Kind.MONEY)


def _plan_row(deadline: Deadline) -> PlanRow:
    view = deadline.view
    assert view.series is not None
    price = view.market.share_price
    return PlanRow(
        last_day=deadline.last_day,
        event="expiry" if deadline.next_price is None else "step-up",
        position=view.slice.position.id,
        issuer=view.ticker,
        series=view.series.id,
        warrants=deadline.warrants,
        price_in_force=deadline.price,
        next_price=deadline.next_price,
        share_price=price,
        cash=deadline.cash,
        shares=deadline.shares,
        value=cents(deadline.shares * price),
    )


def exercise_plan_report(
    holdings: Holdings, slices: dict[str, Slice], source: str, day: date, horizon: int
) -> Report:
    """In-the-money warrants stepping up or expiring within ``horizon`` days, and the cash."""
    views = _views(holdings, slices, day, DEFAULT_STEPS)
    found = deadlines(views, horizon)
    rows = [_plan_row(deadline) for deadline in found]
    end = day + timedelta(days=horizon)
    weeks, running = [], Decimal("0.00")
    week = week_of(day)
    while week <= end:
        due = [row for row in rows if week_of(row.last_day) == week]
        cash = sum((row.cash for row in due), Decimal("0.00"))
        running += cash
        weeks.append(
            WeekRow(
                week=week,
                cash=cash,
                shares=sum(row.shares for row in due),
                cumulative_cash=running,
            )
        )
        week += timedelta(days=7)
    return Report(
        title=f"{holdings.holder.name}: exercise plan from {day}, {horizon} days",
        tables=(
            table("exercises", PlanRow, rows, totals=totals_of(PlanRow, rows) if rows else None),
            table(
                "weeks",
                WeekRow,
                weeks,
                title="Cash needed, week by week (weeks start on Monday)",
                totals=totals_of(WeekRow, weeks),
            ),
        ),
        meta={**_meta(holdings, source, day), "horizon_days": horizon, "to": end},
        notes=(
            Note(
                "Listed: warrants held that are in the money at each issuer's price on the day "
                "(share price x shares per warrant above the price in force) and whose price "
                f"steps up or which expire by {end}; each is to be exercised by its last day at "
                "the price in force."
            ),
        ),
    )
