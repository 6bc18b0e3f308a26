"""The outstanding-securities table of an MD&A: each series on a day, then share counts."""

from datetime import date
from decimal import Decimal

import numpy as np

from placements.core.book import Book
from placements.core.engine import Projection, project
from placements.core.money import cents, ratio
from placements.core.origin import InputError, Problem, explain
from placements.core.prices import from_micros, micros
from placements.core.projection import counts, series_outstanding
from placements.core.scenario import RandomWalk, Scenario, as_of_scenario
from placements.reports.report import Column, Kind, Note, Report, table


def _projected(
    loaded: Book | Scenario, source: str, day: date, price: Decimal | None
) -> tuple[Projection, Decimal | None]:
    """A book (no exercises) or a deterministic scenario projected to ``day``, and its price."""
    if not isinstance(loaded, Scenario):
        return project(as_of_scenario(loaded, day, price or Decimal(1))), price

    def refuse(name: str, what: str, expected: str) -> InputError:
        # located at what the option clashes with in the scenario, so an editor can jump there
        where = loaded.origin.of(name)
        return InputError([Problem(where, "--as-of", explain(what, expected=expected))])

    if isinstance(loaded.price, RandomWalk):
        raise refuse(
            "price", "a random walk has no single price path", "a book or a deterministic scenario"
        )
    if not loaded.start <= day <= loaded.end:
        raise refuse(
            "start", f"{day} is outside the scenario", f"a day from {loaded.start} to {loaded.end}"
        )
    projection = project(loaded)
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
    left_by_series = series_outstanding(projection, day)[:, 0]
    for plan, outcome, left in zip(
        projection.plans, projection.outcomes, left_by_series.tolist(), strict=True
    ):
        if left <= 0:
            continue
        series = plan.series
        current, *later = series.schedule.periods_from(day)
        expiry = projection.calendar.day(int(outcome.expiry[0]))
        numerator, denominator = ratio(series.warrants_per_exercise)
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
                "shares_on_exercise": (
                    left * series.shares_per_exercise + left * numerator // denominator
                ),
                "exercise_proceeds": cents(left * current.price),
            }
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
    notes = []
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
