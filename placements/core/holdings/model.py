"""A fund's holdings: who holds what, in which issuers' books, and at what prices.

The holdings name the books they hold securities of; a position is a slice
of an issuer's tranche or series, and its figures (shares, whole warrants,
free-trading dates, exercise prices, values) are worked out from the book by
the rules that already apply to the issuer (:mod:`placements.core.holdings.positions`).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cached_property

from placements.core.problems import UNKNOWN, Origin, Problem


@dataclass(frozen=True)
class Holder:
    """Who holds the positions, and the currency the fund reports in."""

    name: str
    currency: str = "CAD"
    origin: Origin = UNKNOWN


class Held(Enum):
    """What a position counts: units of a tranche, its shares, or warrants of a series."""

    UNITS = "units"
    SHARES = "shares"
    WARRANTS = "warrants"


@dataclass(frozen=True)
class Position:
    """A holding in one tranche or series of one issuer's book, as written.

    ``book`` is the path as written (relative to the holdings file); the
    loader pairs the position with the book it names
    (:class:`placements.core.holdings.positions.Slice`).
    """

    id: str
    book: str
    held: Held
    count: int
    cost: Decimal
    acquired: date
    tranche: str | None = None
    series: str | None = None
    origin: Origin = UNKNOWN


@dataclass(frozen=True)
class IssuerPrices:
    """An issuer's share prices by date (closes or stated points) and its volatility.

    ``volatility`` None: estimated from the closes on or before the day valued
    (:func:`placements.core.holdings.prices.volatility_on`).
    """

    ticker: str
    closes: tuple[tuple[date, Decimal], ...]
    volatility: Decimal | None = None
    trading_days_per_year: int = 252
    source: str = ""
    origin: Origin = UNKNOWN


class Action(Enum):
    """What a holder's ledger entry records."""

    EXERCISE = "exercise"
    SELL = "sell"


class Of(Enum):
    """What a sale sells."""

    SHARES = "shares"
    WARRANTS = "warrants"


@dataclass(frozen=True)
class HoldingEntry:
    """Something the holder did on a day: exercised warrants of a position, or sold.

    ``count`` None exercises every warrant held; an exercise's ``price`` is a
    stated price (else the price in force), a sale's the price received.
    """

    day: date
    action: Action
    position: str
    count: int | None = None
    price: Decimal | None = None
    of: Of = Of.SHARES
    note: str | None = None
    source: str | None = None
    origin: Origin = UNKNOWN


@dataclass(frozen=True)
class Holdings:
    """A fund's positions, the prices it marks them at, and what it did since."""

    holder: Holder
    positions: tuple[Position, ...]
    prices: tuple[IssuerPrices, ...] = ()
    ledger: tuple[HoldingEntry, ...] = ()
    rate: Decimal = Decimal("0.03")
    """The risk-free rate the warrants are valued at, annual and continuously compounded."""
    origin: Origin = UNKNOWN
    warnings: tuple[Problem, ...] = field(default=())

    @cached_property
    def _by_ticker(self) -> dict[str, IssuerPrices]:
        return {prices.ticker: prices for prices in reversed(self.prices)}

    def prices_of(self, ticker: str) -> IssuerPrices | None:
        return self._by_ticker.get(ticker)
