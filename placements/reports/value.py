"""The value table: what each warrant and option series outstanding on a day is worth.

Values are model outputs, not payments: they are floats rounded to six
decimals (a ten-thousandth of a cent, finer than the model can claim), shown
with four in tables and written as JSON numbers. Only the total value of a
series, count x value, is money: it is rounded to the cent like every other
amount, so the column foots.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from placements.core.money import cents
from placements.core.problems import InputError, Problem, explain
from placements.core.terms.book import Book
from placements.core.terms.ledger import replay
from placements.core.terms.outstanding import base_shares, series_in_issue
from placements.core.terms.restate import Basis, basis_line
from placements.core.terms.series import Series, book_series
from placements.core.value.black_scholes import years_between
from placements.core.value.series import Market, SeriesValue, value_series
from placements.reports.report import Kind, Note, Report, Row, column, table, totals_of

PLACES = 6


@dataclass(frozen=True, kw_only=True)
class ValueRow(Row):
    """One warrant of a series, valued; only the series' total is money."""

    series: str = column("series")
    kind: str = column("kind")
    count: int = column("count", Kind.COUNT, summed=True)
    price_in_force: Decimal = column("price in\nforce", Kind.PRICE)
    next_price: Decimal | None = column("next\nprice", Kind.PRICE, optional=True)
    next_price_from: date | None = column("next price\nfrom", Kind.DATE, optional=True)
    expiry: date = column("expiry", Kind.DATE)
    years_to_expiry: float = column("years to\nexpiry", Kind.NUMBER)
    method: str = column("method")
    intrinsic: float = column("intrinsic", Kind.NUMBER)
    time_value: float = column("time\nvalue", Kind.NUMBER)
    plain_value: float = column("plain\nvalue", Kind.NUMBER)
    value: float = column("value", Kind.NUMBER)
    total_value: Decimal = column("total\nvalue", Kind.MONEY, summed=True)


def value_report(book: Book, source: str, market: Market, restate: bool = False) -> Report:
    """Each series outstanding on ``market.as_of``, valued per warrant and in total.

    With ``restate`` the series, and the shares outstanding, are on the basis
    after the book's last consolidation or split, like the share price given.
    """
    day = market.as_of
    basis = Basis.latest(book) if restate else Basis()
    shares = base_shares(book, market.as_of)
    if shares is not None and shares <= 0 and book.base is not None:
        raise InputError(
            [
                Problem.at(
                    book.base.origin,
                    "count",
                    explain(
                        f"carried back to {market.as_of}, the count leaves no shares outstanding",
                        got=f"{shares:,}",
                        expected="a count that includes the tranches closed by its as_of day",
                    ),
                )
            ]
        )
    if shares is not None:
        shares = basis.count(shares, day)
    # the terms in force on the day: a unit's warrants as amended, accelerated or rebased too
    state = replay(book, day) if book.ledger else None
    every_series = (
        state.series if state is not None else {series.id: series for series in book_series(book)}
    )
    in_issue = [s for s in series_in_issue(book, day) if s.count > 0]
    unvested = {
        s.id: basis.count(s.count - state.exercisable(s.id, day), day)
        for s in in_issue
        if state is not None and s.vesting and s.id in state.series
    }
    outstanding = [r for s in in_issue if (r := basis.series(s, day)).count > 0]
    rows = []
    for series in outstanding:
        child = every_series.get(series.child) if series.child else None
        child = None if child is None else basis.series(child, day)
        worth = value_series(series, market, shares, child.schedule if child else None)
        rows.append(series_row(series, market, worth))
    issuer = book.issuer
    return Report(
        title=f"{issuer.name}: warrant and option values on {market.as_of}, in {issuer.currency}",
        tables=(
            table("series", ValueRow, rows, totals=totals_of(ValueRow, rows) if rows else None),
        ),
        meta={
            "book": source,
            "as_of": market.as_of,
            "share_price": market.share_price,
            "volatility": Decimal(str(market.volatility)),
            "rate": Decimal(str(market.rate)),
            "steps": market.steps,
            "shares_outstanding": shares,
            **({"basis": line} if (line := basis_line(book, day, restate)) else {}),
        },
        notes=value_notes(outstanding, market, shares)
        + vesting_notes(unvested)
        + debenture_notes(book, market, basis),
    )


def vesting_notes(unvested: dict[str, int]) -> tuple[Note, ...]:
    """Unvested options are outstanding, so they are valued, each like a vested one."""
    return tuple(
        Note(
            f"{series}: {count:,} of the count are not yet vested; they are valued like the "
            "vested ones (vesting is ignored, so the value is an upper bound)."
        )
        for series, count in unvested.items()
        if count > 0
    )


def debenture_notes(book: Book, market: Market, basis: Basis) -> tuple[Note, ...]:
    """Convertible debentures outstanding are listed, not valued: a bond's value needs a yield."""
    from placements.core.terms.debenture import conversion_price_on, conversion_shares
    from placements.core.terms.ledger import conversion_schedule_of, principal_on

    notes = []
    for debenture in book.debentures:
        if conversion_price_on(debenture, market.as_of) is None:
            continue
        # the principal the ledger's conversions leave, at the price its consolidations leave
        price = conversion_schedule_of(book, debenture.id).price_on(market.as_of)
        (left,) = principal_on(book, debenture.id, [market.as_of])
        if price is None or left <= 0:
            continue
        price = basis.price(price, market.as_of)
        debenture = replace(debenture, principal=left)
        notes.append(
            Note(
                f"{debenture.id}: convertible debentures of {debenture.principal:,f} principal "
                f"(convertible at {price} into {conversion_shares(debenture, price):,} shares) "
                "are not valued; their warrants are, as their own series."
            )
        )
    return tuple(notes)


def series_row(series: Series, market: Market, worth: SeriesValue) -> ValueRow:
    periods = series.schedule.periods_from(market.as_of)
    later = periods[1] if len(periods) > 1 else None
    value = round(worth.value, PLACES)
    intrinsic = round(worth.intrinsic, PLACES)
    return ValueRow(
        series=series.id,
        kind=series.kind.value,
        count=series.count,
        price_in_force=periods[0].price,
        next_price=later.price if later else None,
        next_price_from=later.first if later else None,
        expiry=series.expiry,
        years_to_expiry=round(years_between(market.as_of, series.expiry), PLACES),
        method="lattice" if worth.lattice else "Black-Scholes",
        intrinsic=intrinsic,
        time_value=round(value - intrinsic, PLACES),
        plain_value=round(worth.plain, PLACES),
        value=value,
        total_value=cents(series.count * Decimal(str(value))),
    )


def value_notes(outstanding: list[Series], market: Market, shares: int | None) -> tuple[Note, ...]:
    """How the values were made, and what they leave out."""
    day = market.as_of.isoformat()
    if not outstanding:
        return (Note(f"No warrant or option series is outstanding on {day}."),)
    notes = [
        Note(
            "Black-Scholes for a series with one price left; a binomial lattice of "
            f"{market.steps:,} steps, with the price in force at each node and early exercise, "
            "for a series with a step-up to come. Years are calendar days / 365; no dividends."
        )
    ]
    if shares is None:
        notes.append(
            Note(
                "Only the plain value is given (value = plain value): the book states no "
                "shares outstanding, so dilution cannot be measured. Add shares_outstanding "
                "to the book for Hull's dilution adjustment."
            )
        )
    else:
        notes.append(
            Note(
                f"Value is adjusted for dilution (Hull): N = {shares:,} shares outstanding on "
                f"{day}; M = the shares the series itself would issue on exercise, each series "
                "valued on its own dilution as if no other were exercised."
            )
        )
    for series in outstanding:
        if series.warrants_per_exercise:
            notes.append(
                Note(
                    f"{series.id}: exercisable into units, valued as the call on the shares plus "
                    f"{series.warrants_per_exercise.normalize():f} of a warrant on the tranche's "
                    "terms, an upper bound as the warrant comes only on exercise."
                )
            )
        if series.acceleration is not None:
            notes.append(
                Note(
                    f"{series.id}: the acceleration clause is ignored; it can only shorten the "
                    "term, so the value is an upper bound."
                )
            )
    return tuple(notes)
