"""The terms of a book: an issuer, its closed tranches and other securities.

These are the terms as a closing release states them. The figures derived from
them (proceeds, fees, counts, dates) live in :mod:`placements.core.terms.tranche`.
"""

from dataclasses import field
from datetime import date
from decimal import Decimal
from enum import Enum

from placements.core.problems import UNKNOWN, Origin, Problem
from placements.core.terms.hold import FOUR_MONTHS
from placements.core.terms.schedule import Step
from placements.core.values import value


@value
class Issuer:
    """Who issued the securities: the name and ticker reports head with, and the currency."""

    name: str
    ticker: str | None = None
    currency: str = "CAD"
    exchange: str | None = None
    origin: Origin = UNKNOWN


@value
class BaseShares:
    """Shares outstanding on a date, before the tranches that close after it."""

    count: int
    as_of: date
    origin: Origin = UNKNOWN


@value
class Unit:
    """What one unit is made of: shares and a whole or fractional warrant."""

    shares: int = 1
    warrants: Decimal = Decimal(0)
    flow_through: bool = False
    origin: Origin = UNKNOWN


@value
class Hold:
    """The resale restriction on what a tranche issued.

    ``months``: the legend date is closing + months + 1 day (NI 45-102's four
    months and a day); ``until``: the first day the securities may trade, as
    stated; neither: no hold (a prospectus-exempt offering such as LIFE).
    """

    months: int | None = FOUR_MONTHS
    until: date | None = None
    origin: Origin = UNKNOWN

    @classmethod
    def none(cls, origin: Origin = UNKNOWN) -> "Hold":
        return cls(months=None, until=None, origin=origin)


@value
class Acceleration:
    """The issuer may shorten the term once the share price has run.

    If the share price closes at or above ``trigger`` for ``trading_days``
    consecutive trading days, expiry moves to ``notice_days`` after the last of
    them; with ``after_hold`` the days only count once the hold has ended.
    """

    trigger: Decimal
    trading_days: int
    notice_days: int = 30
    after_hold: bool = False
    measure: str = "close"
    """``close``: the closing price; ``vwap``: a volume-weighted average price."""
    test: str = "at_or_above"
    """``at_or_above`` the trigger, or strictly ``exceeds`` it."""
    issuer: str = "may"
    """``may``: the issuer may accelerate at its option (the usual wording); ``must``: it will."""
    notice_within_days: int | None = None
    """Notice is given (by press release) within this many calendar days of the trigger."""
    origin: Origin = UNKNOWN


@value
class ExerciseTerms:
    """How a warrant or option is exercised: its steps, expiry and acceleration."""

    steps: tuple[Step, ...]
    expiry: date | None = None
    acceleration: Acceleration | None = None
    transferable: bool | None = None
    hold: Hold | None = None
    """The securities' own hold, when it is not their tranche's (None: the tranche's)."""
    origin: Origin = UNKNOWN


@value
class CashFee:
    """A cash fee or commission: a percent of gross, a fixed amount, or both.

    The percent is of the whole gross, unless a base is stated: ``of_gross``
    (an amount) or ``of_units`` (units at the unit price), or ``base_unknown``
    when the release says the fee is on part of the offering but not which part.
    """

    percent: Decimal | None = None
    amount: Decimal | None = None
    of_gross: Decimal | None = None
    of_units: int | None = None
    base_unknown: bool = False
    origin: Origin = UNKNOWN


@value
class Quantity:
    """A number of securities, as a percent of the units sold or as a count."""

    percent_of_units: Decimal | None = None
    count: int | None = None
    deemed_price: Decimal | None = None
    """For securities paid as a fee: the price per security they are deemed issued at."""
    origin: Origin = UNKNOWN


class Into(Enum):
    """What one finder's option is exercised into."""

    SHARES = "shares"
    UNITS = "units"


@value
class FinderOptions:
    """Finder's or broker options (or compensation warrants).

    With ``terms`` None they are on the same terms as the tranche's warrants.
    """

    quantity: Quantity
    terms: ExerciseTerms | None = None
    into: Into = Into.SHARES
    hold: Hold | None = None
    """The options' own hold (broker warrants often carry one); None: the tranche's."""
    origin: Origin = UNKNOWN


@value
class Fees:
    """What the finders, agents or brokers were paid."""

    cash: CashFee | None = None
    shares: Quantity | None = None
    options: FinderOptions | None = None
    units: Quantity | None = None
    origin: Origin = UNKNOWN


@value
class InferredClosing:
    """A closing date the release does not state: the day taken, and why.

    With ``day`` None the day is the latest closing whose hold ends on the
    tranche's stated hold date (:func:`placements.core.terms.hold.latest_closing`).
    """

    reason: str
    day: date | None = None
    origin: Origin = UNKNOWN


@value
class Tranche:
    """Units of one class sold at one price on one closing date.

    ``units`` is None when the release states only the gross proceeds
    (``stated_gross``); the count is then derived, rounding down.
    """

    id: str
    closed: date
    unit_price: Decimal
    units: int | None = None
    stated_gross: Decimal | None = None
    unit: Unit = field(default_factory=Unit)
    warrant: ExerciseTerms | None = None
    fees: Fees = field(default_factory=Fees)
    hold: Hold = field(default_factory=Hold)
    closed_inferred: str | None = None
    """Why the closing date is inferred, when the release does not state it."""
    closed_from_hold: bool = False
    """The closing is the latest day whose hold ends on the stated hold date."""
    offering: str | None = None
    """The id of the offering the tranche belongs to."""
    offering_cash_fees: Decimal = Decimal("0.00")
    """The tranche's share of cash fees stated for its whole offering (allocated pro rata)."""
    origin: Origin = UNKNOWN


class SecurityKind(Enum):
    OPTIONS = "options"
    WARRANTS = "warrants"


@value
class Vest:
    """One date of a vesting schedule: a ``count``, or a ``fraction`` of the grant, vests on it.

    Vested options may be exercised from that day; the rules are in
    :mod:`placements.core.terms.vesting`.
    """

    day: date
    count: int | None = None
    fraction: Decimal | None = None
    origin: Origin = UNKNOWN


@value
class Security:
    """Options or older warrants outstanding beside the book's tranches.

    ``vesting`` (a ledger grant's): the dates from which they may be exercised;
    empty, all of them from the issue.
    """

    id: str
    kind: SecurityKind
    count: int
    terms: ExerciseTerms
    issued: date | None = None
    origin: Origin = UNKNOWN
    vesting: tuple[Vest, ...] = ()


@value
class Offering:
    """Tranches or classes sharing one headline: stated totals and fees for them all.

    ``earlier_unknown``: the release states the offering only as an aggregate,
    so some tranches (the earlier ones) are not in the book; the stated totals
    then include tranches that are not listed, and no split is invented.
    """

    id: str
    gross: Decimal | None = None
    units: int | None = None
    fees: Fees = field(default_factory=Fees)
    earlier_unknown: bool = False
    origin: Origin = UNKNOWN


@value
class Debenture:
    """Convertible debentures: principal convertible into shares at a price that may step up.

    ``conversion`` holds the conversion price steps; its expiry is the maturity.
    ``warrants`` are the warrants issued with the debentures, on their own schedule.
    """

    id: str
    issued: date
    principal: Decimal
    conversion: ExerciseTerms
    maturity: date
    interest: Decimal | None = None
    warrants: "Security | None" = None
    hold: Hold = field(default_factory=Hold)
    origin: Origin = UNKNOWN


class EntryKind(Enum):
    """What a ledger entry records."""

    EXERCISE = "exercise"
    EXPIRE = "expire"
    CANCEL = "cancel"
    FORFEIT = "forfeit"
    GRANT = "grant"
    ISSUE = "issue"
    AMEND = "amend"
    ACCELERATE = "accelerate"
    CONSOLIDATE = "consolidate"
    SPLIT = "split"
    CONVERT = "convert"


@value
class LedgerEntry:
    """Something that actually happened to the book's securities on a day.

    ``series`` names the series an exercise, expiry, cancellation or
    forfeiture acts on, and ``count`` how many (None: all outstanding). A
    ``grant`` issues the new series ``granted`` on the day; an ``issue`` issues
    ``count`` shares outside a placement at the deemed ``price``. An exercise's
    ``price`` is a stated price, used instead of the price in force. An
    ``amend`` gives the series new ``steps`` from the day and/or a new
    ``expiry``; an ``accelerate`` is the issuer's notice, with the new
    ``expiry`` stated or else from the series' acceleration terms.
    The rules that apply entries are in :mod:`placements.core.terms.ledger`.
    """

    day: date
    kind: EntryKind
    series: str | None = None
    count: int | None = None
    price: Decimal | None = None
    granted: "Security | None" = None
    hold: Hold | None = None
    note: str | None = None
    source: str | None = None
    steps: tuple[Step, ...] = ()
    expiry: date | None = None
    ratio: Decimal | None = None
    """A consolidation's old shares per new share, or a split's new shares per old."""
    prices_to: Decimal | None = None
    """What a consolidation's or split's exercise prices are rounded to (half-up); 0.01 by
    default."""
    principal: Decimal | None = None
    """A conversion's principal converted (None: all that is left)."""
    origin: Origin = UNKNOWN


@value
class Book:
    """An issuer's placements and other outstanding securities, from one file."""

    issuer: Issuer
    tranches: tuple[Tranche, ...] = ()
    securities: tuple[Security, ...] = ()
    base: BaseShares | None = None
    origin: Origin = UNKNOWN
    offerings: tuple[Offering, ...] = ()
    debentures: tuple[Debenture, ...] = ()
    warnings: tuple[Problem, ...] = ()
    """Legal but implausible values found when the book was read."""
    ledger: tuple[LedgerEntry, ...] = ()
    """What happened after the closings, in the order written (applied by date)."""
    fiscal_year_end: date | None = None
    """A day on which the issuer's fiscal year ends (its month and day); None: December 31."""
