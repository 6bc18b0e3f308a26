"""The outstanding-securities table of an MD&A: each series on a day, then share counts."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np

from placements.core.problems import InputError, Location, Problem, explain
from placements.core.scenario.counts import counts, outstanding_on, unit_warrant_price
from placements.core.scenario.engine import Projection, project
from placements.core.scenario.model import RandomWalk, Scenario, as_of_scenario
from placements.core.scenario.prices import from_micros, micros
from placements.core.terms.book import Book
from placements.core.terms.debenture import (
    conversion_price_on,
    conversion_schedule,
    conversion_shares,
)
from placements.core.terms.series import book_series, on_exercise
from placements.reports.report import Column, Kind, Note, Report, table


def _projected(
    loaded: Book | Scenario, source: str, day: date, price: Decimal | None
) -> tuple[Projection, Decimal | None]:
    """A book (no exercises) or a deterministic scenario projected to ``day``, and its price."""
    if not isinstance(loaded, Scenario):
        # a book has no closing prices, so no acceleration is known to have been triggered:
        # --price is the share price on the day, not a run of closes
        scenario = as_of_scenario(loaded, day, Decimal(1) if price is None else price)
        unaccelerated = [replace(series, acceleration=None) for series in book_series(loaded)]
        return project(scenario, series=unaccelerated), price

    def refuse(what: str, expected: str) -> InputError:
        return InputError([Problem(Location(source), "--as-of", explain(what, expected=expected))])

    if isinstance(loaded.price, RandomWalk):
        raise refuse("a random walk has no single price path", "a book or a deterministic scenario")
    if not loaded.start <= day <= loaded.end:
        raise refuse(f"{day} is outside the scenario", f"a day from {loaded.start} to {loaded.end}")
    projection = project(loaded.known_on(day))
    if price is None:
        offset = projection.calendar.offset(day)
        price = from_micros(int(projection.prices_at(np.array([offset]))[0, 0]))
    return projection, price


SERIES = (
    Column("series", "series"),
    Column("kind", "kind"),
    Column("count", "outstanding", Kind.COUNT),
    Column("price_in_force", "price in\nforce", Kind.PRICE),
    Column("next_step_up", "next\nstep-up", Kind.DATE, optional=True),
    Column("next_price", "next\nprice", Kind.PRICE, optional=True),
    Column("expiry", "expiry", Kind.DATE),
    Column("in_the_money", "in the\nmoney", Kind.FLAG),
    Column("shares_on_exercise", "shares on\nexercise", Kind.COUNT),
    Column("exercise_proceeds", "proceeds if\nexercised", Kind.MONEY),
)
TOTALS = (
    Column("as_of", "as of", Kind.DATE),
    Column("price", "share price", Kind.PRICE),
    Column("basic", "basic", Kind.COUNT),
    Column("fully_diluted", "fully diluted", Kind.COUNT),
    Column("tsm_diluted", "treasury-method diluted", Kind.COUNT),
)


def securities_report(
    loaded: Book | Scenario, source: str, day: date, price: Decimal | None
) -> Report:
    """Series outstanding at the end of ``day`` and the share counts they imply.

    ``price`` is the share price for in-the-money and the treasury method: the
    one given, else the scenario's on that day (a book alone has none).
    """
    projection, price = _projected(loaded, source, day, price)
    at = counts(projection, [day], None if price is None else micros(price))
    rows = []
    left_by_series = outstanding_on(projection, day)[:, 0]
    for row, (plan, outcome, left) in enumerate(
        zip(projection.plans, projection.outcomes, left_by_series.tolist(), strict=True)
    ):
        if left <= 0:
            continue
        series = plan.series
        current, *later = series.schedule.periods_from(day)
        expiry = projection.calendar.day(int(outcome.expiry[0]))
        brings = on_exercise(series, left, current.price, unit_warrant_price(projection, row, day))
        rows.append(
            {
                "series": series.id,
                "kind": series.kind.value,
                "count": left,
                "price_in_force": current.price,
                "next_step_up": later[0].first if later and later[0].first <= expiry else None,
                "next_price": later[0].price if later and later[0].first <= expiry else None,
                "expiry": expiry,
                "in_the_money": (
                    None if price is None else price * series.shares_per_exercise > current.price
                ),
                "shares_on_exercise": brings.shares,
                "exercise_proceeds": brings.proceeds,
            }
        )
    notes = []
    for debenture in projection.scenario.projected_book.debentures:
        in_force = conversion_price_on(debenture, day)
        if in_force is None:
            continue
        shares = conversion_shares(debenture, in_force)
        _, *later = conversion_schedule(debenture).periods_from(day)
        rows.append(
            {
                "series": debenture.id,
                "kind": "convertible debentures",
                "count": shares,
                "price_in_force": in_force,
                "next_step_up": later[0].first if later else None,
                "next_price": later[0].price if later else None,
                "expiry": debenture.maturity,
                "in_the_money": None if price is None else price > in_force,
                "shares_on_exercise": shares,
                "exercise_proceeds": Decimal("0.00"),
            }
        )
        notes.append(
            Note(
                f"{debenture.id}: {debenture.principal:,f} principal converts at "
                f"{in_force} into floor({debenture.principal:,f} / {in_force}) = {shares:,} "
                "shares (the outstanding count shown), with no cash paid; fully diluted counts "
                "them, and the treasury method when in the money"
            )
        )
    totals = {
        "as_of": day,
        "price": price,
        "basic": int(at.basic[0, 0]),
        "fully_diluted": int(at.fully_diluted[0, 0]),
        "tsm_diluted": None if price is None else int(at.tsm_diluted[0, 0]),
    }
    series_totals = {
        "count": sum(row["count"] for row in rows),
        "shares_on_exercise": sum(row["shares_on_exercise"] for row in rows),
        "exercise_proceeds": sum((row["exercise_proceeds"] for row in rows), start=Decimal("0.00")),
    }
    if price is None:
        notes.append(
            Note(
                "No share price is given (--price), so in the money and the treasury "
                "method are left blank."
            )
        )
    return Report(
        title=f"{projection.scenario.book.issuer.name}: securities outstanding on {day}",
        tables=(
            table("series", SERIES, rows, totals=series_totals if rows else None),
            table("share_counts", TOTALS, [totals], title="Share counts", record=True),
        ),
        meta={"file": source, "as_of": day},
        notes=tuple(notes),
    )
