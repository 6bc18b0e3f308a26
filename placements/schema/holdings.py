"""The holdings format: a fund's positions in issuers' books, its prices, and its own ledger.

A holdings file names each book by a path relative to itself, and any price
CSV too; the loader (:mod:`placements.load.holdings`) reads each book once,
however many positions cite it, and checks every position against it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from placements.core.holdings.model import (
    Action,
    Held,
    Holder,
    HoldingEntry,
    Holdings,
    IssuerPrices,
    Of,
    Position,
)
from placements.core.problems import Origin
from placements.schema.book import A_COUNT, A_PRICE, ALL_OR_COUNT, MAX_AMOUNT, MAX_COUNT
from placements.schema.kinds import (
    Choice,
    Date,
    Field,
    ListOf,
    MapOf,
    Nested,
    Number,
    OneOf,
    Shape,
    Share,
    Text,
    Whole,
)
from placements.schema.scenario import PriceFile

if TYPE_CHECKING:
    from placements.load.reader import Fields, Reader

MAX_POSITIONS = 100_000
MAX_ENTRIES = 1_000_000
HELD = tuple(held.value for held in Held)
ACTIONS = tuple(action.value for action in Action)


HOLDER = Shape(
    "holder",
    [
        Field(
            "name",
            Text("the holder's name"),
            "Who holds the positions.",
            required=True,
            example="Northern Flow-Through Fund LP",
        ),
        Field(
            "currency",
            Text("a currency code such as CAD"),
            "The currency the fund reports in; every book it holds must be in it.",
            example="CAD",
        ),
    ],
    doc="The fund or investor holding the positions.",
    model=Holder,
)


def _position(values: dict[str, Any], origin: Origin) -> Position:
    held = next(h for h in Held if h.value in values)
    return Position(
        id=values["id"],
        book=values["book"],
        held=held,
        count=values[held.value],
        cost=values["cost"],
        acquired=values["acquired"],
        tranche=values.get("tranche"),
        series=values.get("series"),
        origin=origin,
    )


def _position_check(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "units" in fields and "series" in fields:
        reader.fail(fields["series"], "units are of a tranche", expected="'tranche:' with units")
        return False
    if "shares" in fields and "series" in fields:
        reader.fail(fields["series"], "shares are of a tranche", expected="'tranche:' with shares")
        return False
    return True


POSITION = Shape(
    "position",
    [
        Field(
            "id",
            Text("a position id such as rmi-2007-09"),
            "The position's name, used by the holdings' ledger.",
            required=True,
            example="rmi-2007-09",
        ),
        Field(
            "book",
            Text("a book path relative to this file"),
            "The issuer's book, by its path relative to the holdings file.",
            required=True,
            example="seeds/rocmec.yaml",
        ),
        Field(
            "tranche",
            Text("a tranche id such as 2007-09-ft"),
            "The tranche the units or shares were bought in (warrants: its warrants).",
            example="2007-09-ft",
        ),
        Field(
            "series",
            Text("a series id such as 2007-09-ft/warrants"),
            "The warrant or option series held.",
            example="2007-11-mf-t4/warrants",
        ),
        Field(
            "units",
            A_COUNT,
            "Units held: the tranche's shares per unit each, and floor(units x warrants per "
            "unit) whole warrants.",
            example=500000,
        ),
        Field("shares", A_COUNT, "Shares of the tranche held.", example=250000),
        Field("warrants", A_COUNT, "Warrants (or options) of the series held.", example=100000),
        Field(
            "cost",
            Number("an amount from 0, such as 100000", at_most=MAX_AMOUNT),
            "What the position cost, in the holder's currency.",
            required=True,
            example=100000,
        ),
        Field(
            "acquired",
            Date(),
            "The day the position was acquired.",
            required=True,
            example="2007-09-21",
        ),
    ],
    doc="A holding in one tranche or series of one issuer's book: give exactly one of "
    "tranche or series, and exactly one of units, shares or warrants.",
    expected="a position: {id, book, tranche or series, units/shares/warrants, cost, acquired}",
    model=Position,
    build=_position,
    one_of=[
        OneOf(
            ["tranche", "series"],
            both="give a tranche or a series, not both",
            missing="missing",
            missing_expected="'tranche:' or 'series:'",
            missing_at="",
        ),
        OneOf(
            list(HELD),
            both="give one of units, shares or warrants",
            missing="missing",
            missing_expected="one of 'units:', 'shares:' or 'warrants:'",
            missing_at="",
        ),
    ],
    check=_position_check,
)


def _prices_check(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "points" in values and not values["points"]:
        reader.fail(fields["points"], "no price points", expected="at least one date: price")
        return False
    if "points" in fields and "volatility" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "volatility")
        reader.fail(missing, "missing", expected="an annual volatility (only a CSV estimates one)")
        return False
    return True


def _issuer_prices(values: dict[str, Any], origin: Origin) -> Any:
    """The prices without their ticker, which the mapping's key gives (see :func:`_holdings`)."""
    history = values.get("csv")
    if "points" in values:
        closes = tuple(sorted(values["points"]))
    else:
        assert history is not None, "the one-of rule gives points or a csv"
        closes = history.closes
    return IssuerPrices(
        ticker="",
        closes=closes,
        volatility=values.get("volatility"),
        trading_days_per_year=values.get("trading_days_per_year", 252),
        source=history.source if history is not None else "points",
        origin=origin,
    )


ISSUER_PRICES = Shape(
    "issuer_prices",
    [
        Field(
            "points",
            MapOf(
                Date("a date such as 2008-06-30 as the key"),
                A_PRICE,
                "dates and prices, such as {2008-06-30: 0.28}",
                "dates",
            ),
            "Share prices on dates; each holds until the next.",
            example={"2008-06-30": "0.28"},
        ),
        Field("csv", PriceFile("the holdings file"), "Daily closes.", example="rmi.csv"),
        Field(
            "volatility",
            Share("an annual volatility such as 0.8 or 80%", Decimal(5), plausible=Decimal(5)),
            "Annual volatility; without it, estimated from the CSV's closes up to the day "
            "valued (the sample deviation of daily log returns, annualised).",
            example="80%",
        ),
        Field(
            "trading_days_per_year",
            Whole("trading days per year, such as 252", positive=True, at_most=366),
            "Trading days in a year, to annualise an estimated volatility.",
            example=252,
            default=252,
        ),
    ],
    doc="One issuer's share prices: dated points or a CSV of closes, and its volatility. "
    "A view on a day uses only the prices on or before it.",
    expected="prices: {points: {date: price}} or {csv: file}, with a volatility",
    build=_issuer_prices,
    one_of=[
        OneOf(
            ["points", "csv"],
            both="give points or a csv, not both",
            missing="missing",
            missing_expected="'points:' or 'csv:'",
            missing_at="",
        )
    ],
    check=_prices_check,
)


def _entry_check(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "sell" in fields:
        for key, expected in (("count", "the count sold"), ("price", "the price per security")):
            if key not in fields:
                missing = fields.cursor.child(fields.cursor.node, key)
                reader.fail(missing, "missing", expected=expected)
                return False
        if values.get("count") == "all":
            reader.fail(fields["count"], "a sale states its count", expected="a whole number")
            return False
    elif "exercise" in fields:
        if "count" not in fields:
            missing = fields.cursor.child(fields.cursor.node, "count")
            reader.fail(missing, "missing", expected="the count exercised, or 'all'")
            return False
        if "of" in fields:
            reader.fail(fields["of"], "an exercise is of warrants", expected="'of:' only on a sale")
            return False
    return True


def _entry(values: dict[str, Any], origin: Origin) -> HoldingEntry:
    action = next(a for a in Action if a.value in values)
    count = values.get("count")
    return HoldingEntry(
        day=values["day"],
        action=action,
        position=values[action.value],
        count=None if count == "all" else count,
        price=values.get("price"),
        of=values.get("of", Of.SHARES),
        note=values.get("note"),
        source=values.get("source"),
        origin=origin,
    )


POSITION_ID = Text("a position id such as rmi-2007-09")

ENTRY = Shape(
    "holdings_entry",
    [
        Field(
            "date",
            Date(),
            "The day it happened; counts are taken at the end of it.",
            required=True,
            attribute="day",
            example="2008-09-15",
        ),
        Field(
            "exercise",
            POSITION_ID,
            "The position whose warrants were exercised, at the price in force (or `price`); "
            "the shares issued keep the series' hold.",
            example="rmi-2007-09",
        ),
        Field(
            "sell",
            POSITION_ID,
            "The position whose free-trading shares (or `of: warrants`) were sold: `count` "
            "at `price`.",
            example="rmi-2007-09",
        ),
        Field(
            "count",
            ALL_OR_COUNT,
            "How many were exercised (or `all` held), or sold.",
            example=100000,
        ),
        Field(
            "price",
            A_PRICE,
            "An exercise's stated price, or a sale's price per security.",
            example="0.40",
        ),
        Field(
            "of",
            Choice([of.value for of in Of], Of),
            "What a sale sells: shares (the default) or warrants.",
            example="warrants",
        ),
        Field("note", Text("a note"), "A note about the entry.", example="sold into the rally"),
        Field("source", Text("a trade ticket or statement"), "Where it is recorded."),
    ],
    doc="One thing the holder did: give the date and exactly one of exercise or sell.",
    expected="an entry such as {date: 2008-09-15, exercise: rmi-2007-09, count: all}",
    model=HoldingEntry,
    build=_entry,
    one_of=[
        OneOf(
            list(ACTIONS),
            both="give one of exercise or sell per entry",
            missing="missing",
            missing_expected="one of exercise or sell",
            missing_at="",
        )
    ],
    check=_entry_check,
)


def _holdings(values: dict[str, Any], origin: Origin) -> Holdings:
    from dataclasses import replace

    prices = tuple(replace(p, ticker=ticker) for ticker, p in values.get("prices", ()))
    return Holdings(
        holder=values.get("holder") or Holder(""),
        positions=values.get("positions", ()),
        prices=prices,
        ledger=values.get("ledger", ()),
        rate=values.get("rate", Decimal("0.03")),
        origin=origin,
    )


HOLDINGS = Shape(
    "holdings",
    [
        Field("holder", Nested(HOLDER), "Who holds the positions.", required=True),
        Field(
            "rate",
            Share("an annual rate such as 0.03 or 3%", Decimal(1)),
            "The risk-free rate warrants are valued at, continuously compounded.",
            example="3%",
            default=Decimal("0.03"),
        ),
        Field(
            "positions",
            ListOf(
                Nested(POSITION),
                "a list of positions",
                empty=("no positions", "at least one position"),
                at_most=MAX_POSITIONS,
                noun="positions",
            ),
            "Every position held.",
            required=True,
        ),
        Field(
            "prices",
            MapOf(None, Nested(ISSUER_PRICES), "tickers and their prices", "issuer tickers"),
            "Share prices and volatility per issuer, by its book's ticker (its name when the "
            "book states no ticker).",
            example={"TSXV:RMI": {"points": {"2008-06-30": "0.28"}, "volatility": "80%"}},
        ),
        Field(
            "ledger",
            ListOf(Nested(ENTRY), "a list of entries", at_most=MAX_ENTRIES, noun="ledger entries"),
            "What the holder did after acquiring (exercises, sales); the issuers' books are "
            "not changed by it.",
        ),
    ],
    doc="A fund's positions in issuers' books, the prices it marks them at, and its own ledger.",
    expected="holdings: a mapping with holder and positions",
    model=Holdings,
    build=_holdings,
    lenient=True,
)

HOLDINGS_SHAPES = [HOLDINGS, HOLDER, POSITION, ISSUER_PRICES, ENTRY]
__all__ = ["HOLDINGS", "HOLDINGS_SHAPES", "MAX_COUNT", "MAX_POSITIONS"]
