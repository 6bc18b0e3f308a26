"""A draft book: the terms chosen for each tranche, with their quotes and what to review.

Every value is a :class:`Term`: the value for the book, the words of the
release it came from, and a TODO when a human must check it. Parts a
release left incomplete are kept, but ``commented`` out of the YAML, so the
draft still loads and the analyst can finish and uncomment them.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from placements.core.terms.book import Acceleration, CashFee, Hold, Into, Quantity
from placements.core.terms.schedule import Step
from placements.extract.found import Found

T = TypeVar("T")


@dataclass(frozen=True)
class Term(Generic[T]):
    """A value for the book, the quoted words it came from, and what to review.

    A ``commented`` term is kept in the draft as a comment: found, but not
    usable as stated (the reviewer must settle it).
    """

    value: T
    quotes: tuple[str, ...] = ()
    todo: str | None = None
    remark: str | None = None
    commented: bool = False

    @classmethod
    def of(cls, finding: "Found[T]", todo: str | None = None) -> "Term[T]":
        return cls(finding.value, (finding.quote,), todo)


@dataclass(frozen=True)
class DraftWarrant:
    """Exercise terms of warrants or finder's options, as far as the release gives them."""

    steps: tuple[Term[Step], ...]
    term: Term[int] | None = None
    expiry: Term[date] | None = None
    transferable: Term[bool | None] | None = None
    acceleration: Term[Acceleration] | None = None
    todo: str | None = None
    commented: bool = False


@dataclass(frozen=True)
class DraftOptions:
    """Finder's options or warrants: how many, into what, and on which terms."""

    quantity: Term[Quantity]
    into: Term[Into] | None = None
    same_as_warrants: Term[bool] | None = None
    terms: DraftWarrant | None = None
    todo: str | None = None
    commented: bool = False


@dataclass(frozen=True)
class DraftFees:
    """What finders were paid; ``remark`` says "no fees", or that none were stated."""

    cash: Term[CashFee] | None = None
    shares: Term[Quantity] | None = None
    options: DraftOptions | None = None
    units: Term[Quantity] | None = None
    remark: Term[None] | None = None

    @property
    def empty(self) -> bool:
        return not (self.cash or self.shares or self.options or self.units)

    @property
    def in_book(self) -> bool:
        """Whether any fee is written into the book rather than commented out."""
        options = self.options is not None and not self.options.commented
        cash = self.cash is not None and not self.cash.commented
        shares = self.shares is not None and not self.shares.commented
        units = self.units is not None and not self.units.commented
        return bool(cash or shares or units or options)


@dataclass(frozen=True)
class DraftTranche:
    """One class of units sold at one closing, term by term."""

    id: Term[str]
    source: str
    closed: Term[date]
    unit_price: Term[Decimal]
    units: Term[int] | None
    gross_proceeds: Term[Decimal] | None
    shares: Term[int]
    flow_through: Term[bool]
    warrants: Term[Decimal]
    warrant: DraftWarrant | None
    fees: DraftFees
    hold: Term[Hold]
    doubt: str | None = None
    """Why the tranche's figures do not fit together (:mod:`.consistency`): then it is
    written as a comment, out of the book, for the reviewer to settle."""
    closed_inferred: str | None = None
    """Why the closing is inferred, when the book marks it so: ``closed: {date:, inferred:}``."""


@dataclass(frozen=True)
class ReleaseRead:
    """A release that was read: its file, its date, and how many tranches it gave."""

    file: str
    date: date | None
    tranches: int


@dataclass(frozen=True)
class DraftBook:
    """An issuer and its draft tranches, from one or more releases."""

    issuer: Term[str]
    ticker: Term[str] | None
    currency: Term[str]
    releases: tuple[ReleaseRead, ...]
    tranches: tuple[DraftTranche, ...] = field(default_factory=tuple)
