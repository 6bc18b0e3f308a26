"""Series: each class of warrants or options that holders may exercise.

A tranche gives up to three series (its warrants, its finder's options, and the
warrants that finder's options exercisable into units would bring); other
securities are a series each. Scenarios, reports and the engine all speak of
series by their ids, e.g. ``2007-09-ft/warrants``.
"""

from datetime import date
from decimal import Decimal
from enum import Enum

from placements.core.memo import per_object
from placements.core.money import cents, whole
from placements.core.problems import UNKNOWN, Origin
from placements.core.terms.book import Acceleration, Book, Into, SecurityKind, Tranche
from placements.core.terms.schedule import Schedule, build_schedule
from placements.core.terms.tranche import (
    finder_option_free_date,
    finder_option_schedule,
    finder_option_terms,
    finder_options,
    free_trading_date,
    own_hold_end,
    terms_schedule,
    warrant_free_date,
    warrants,
)
from placements.core.terms.tranche import warrant_schedule as tranche_warrant_schedule
from placements.core.values import value

EARLIEST = date(1900, 1, 1)
"""The start of schedules of securities whose issue date the book leaves out."""


class SeriesKind(Enum):
    WARRANTS = "warrants"
    FINDER_OPTIONS = "finder's options"
    FINDER_WARRANTS = "finder's unit warrants"
    OPTIONS = "options"
    DEBENTURE_WARRANTS = "debenture warrants"


@value
class Series:
    """A class of exercisable securities with one schedule.

    ``count`` is what was issued; a series of warrants from finder's units
    starts at 0 and grows as ``parent``'s options are exercised into units,
    each bringing ``warrants_per_exercise`` of a warrant.
    """

    id: str
    kind: SeriesKind
    count: int
    schedule: Schedule
    issued: date | None = None
    tranche: str | None = None
    acceleration: Acceleration | None = None
    hold_ends: date | None = None
    shares_per_exercise: int = 1
    warrants_per_exercise: Decimal = Decimal(0)
    parent: str | None = None
    origin: Origin = UNKNOWN
    vesting: tuple[tuple[date, int], ...] = ()
    """The count vested by each vesting date, cumulative; empty: all exercisable from issue
    (:mod:`placements.core.terms.vesting`)."""

    @property
    def expiry(self) -> date:
        return self.schedule.expiry

    @property
    def child(self) -> str | None:
        """The series that this one's unit exercises add warrants to."""
        return finder_warrants_id(self.tranche) if self.warrants_per_exercise else None


@value
class OnExercise:
    """What exercising a count of a series brings: shares, and the cash paid for them."""

    shares: int
    proceeds: Decimal


def on_exercise(
    series: Series, count: int, price: Decimal, warrant_price: Decimal | None
) -> OnExercise:
    """Exercising ``count`` of ``series`` at ``price``, and then the warrants its units bring.

    This is the one rule for an option into units: it brings its shares and
    floor(count x the unit's warrant fraction) warrants, each a share more at
    ``warrant_price``, the unit warrants' price in force. Once those warrants
    have expired (``warrant_price`` None) the unit's warrant is void on
    arrival: the exercise brings its shares only. Fully diluted counts the
    same shares (:mod:`placements.core.scenario.counts`).
    """
    shares = count * series.shares_per_exercise
    proceeds = cents(count * price)
    if series.warrants_per_exercise and warrant_price is not None:
        warrants = whole(count * series.warrants_per_exercise)
        shares += warrants
        proceeds += cents(warrants * warrant_price)
    return OnExercise(shares, proceeds)


def warrants_id(tranche_id: str) -> str:
    return f"{tranche_id}/warrants"


def finder_options_id(tranche_id: str) -> str:
    return f"{tranche_id}/finder-options"


def finder_warrants_id(tranche_id: str | None) -> str:
    return f"{tranche_id}/finder-unit-warrants"


def tranche_series(tranche: Tranche) -> list[Series]:
    """The warrant and option series a tranche issued, in that order."""
    return list(_tranche_series(tranche))


@per_object
def _tranche_series(tranche: Tranche) -> tuple[Series, ...]:
    return tuple(_series_of(tranche))


def _series_of(tranche: Tranche) -> list[Series]:
    series = []
    free = warrant_free_date(tranche)
    warrant = tranche.warrant
    warrant_schedule = tranche_warrant_schedule(tranche)
    count = warrants(tranche) if warrant is not None else 0
    if warrant is not None and warrant_schedule is not None and count > 0:
        series.append(
            Series(
                id=warrants_id(tranche.id),
                kind=SeriesKind.WARRANTS,
                count=count,
                schedule=warrant_schedule,
                issued=tranche.closed,
                tranche=tranche.id,
                acceleration=warrant.acceleration,
                hold_ends=free,
                origin=warrant.origin,
            )
        )
    option_terms = finder_option_terms(tranche)
    option_schedule = finder_option_schedule(tranche)
    options = tranche.fees.options
    option_count = finder_options(tranche) if options is not None else 0
    if (
        options is not None
        and option_terms is not None
        and option_schedule is not None
        and option_count > 0
    ):
        into_units = options.into is Into.UNITS
        series.append(
            Series(
                id=finder_options_id(tranche.id),
                kind=SeriesKind.FINDER_OPTIONS,
                count=option_count,
                schedule=option_schedule,
                issued=tranche.closed,
                tranche=tranche.id,
                acceleration=option_terms.acceleration,
                hold_ends=finder_option_free_date(tranche),
                shares_per_exercise=tranche.unit.shares if into_units else 1,
                warrants_per_exercise=tranche.unit.warrants if into_units else Decimal(0),
                origin=options.origin,
            )
        )
        if into_units and warrant is not None and tranche.unit.warrants > 0:
            assert warrant_schedule is not None, "warrant terms give a schedule"
            series.append(
                Series(
                    id=finder_warrants_id(tranche.id),
                    kind=SeriesKind.FINDER_WARRANTS,
                    count=0,
                    schedule=warrant_schedule,
                    issued=tranche.closed,
                    tranche=tranche.id,
                    acceleration=warrant.acceleration,
                    hold_ends=free,
                    parent=finder_options_id(tranche.id),
                    origin=options.origin,
                )
            )
    return series


def offering_series(book: Book) -> list[Series]:
    """Finder's options stated once for a whole offering: one series, ``<offering>/finder-options``.

    They are issued at the offering's last listed closing, on their own terms
    or else on its first listed tranche's warrant terms, and exercise into
    one share each.
    """
    from placements.core.terms.offering import offering_count, offering_tranches

    series = []
    for offering in book.offerings:
        options = offering.fees.options
        listed = offering_tranches(book, offering)
        if options is None or not listed:
            continue
        last = max(listed, key=lambda t: t.closed)
        terms = options.terms or next((t.warrant for t in listed if t.warrant), None)
        count = offering_count(options.quantity, offering, listed)
        if terms is None or count <= 0:
            continue
        series.append(
            Series(
                id=finder_options_id(offering.id),
                kind=SeriesKind.FINDER_OPTIONS,
                count=count,
                schedule=terms_schedule(last.closed, terms),
                issued=last.closed,
                acceleration=terms.acceleration,
                hold_ends=own_hold_end(last.closed, options.hold, free_trading_date(last)),
                origin=options.origin,
            )
        )
    return series


def book_series(book: Book) -> list[Series]:
    """Every series in the book: the tranches' in book order, then other securities."""
    series = [s for tranche in book.tranches for s in _tranche_series(tranche)]
    series.extend(offering_series(book))
    for security in book.securities:
        series.append(
            Series(
                id=security.id,
                kind=(
                    SeriesKind.OPTIONS
                    if security.kind is SecurityKind.OPTIONS
                    else SeriesKind.WARRANTS
                ),
                count=security.count,
                schedule=build_schedule(
                    security.issued or EARLIEST, security.terms.steps, security.terms.expiry
                ),
                issued=security.issued,
                acceleration=security.terms.acceleration,
                origin=security.origin,
            )
        )
    for debenture in book.debentures:
        attached = debenture.warrants
        if attached is None:
            continue
        series.append(
            Series(
                id=attached.id,
                kind=SeriesKind.DEBENTURE_WARRANTS,
                count=attached.count,
                schedule=build_schedule(
                    debenture.issued, attached.terms.steps, attached.terms.expiry
                ),
                issued=debenture.issued,
                acceleration=attached.terms.acceleration,
                hold_ends=own_hold_end(
                    debenture.issued,
                    attached.terms.hold or debenture.hold,
                    debenture.issued,
                ),
                origin=attached.origin,
            )
        )
    return series
