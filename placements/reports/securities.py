"""The outstanding-securities table of an MD&A: each series on a day, then share counts."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import numpy as np

from placements.core.money import whole
from placements.core.problems import InputError, Problem, explain
from placements.core.scenario.counts import counts, outstanding_on, unit_warrant_price
from placements.core.scenario.engine import Projection, project
from placements.core.scenario.model import RandomWalk, Scenario, as_of_scenario
from placements.core.scenario.prices import from_micros, micros
from placements.core.scenario.treasury import treasury_on_day
from placements.core.terms.book import Book
from placements.core.terms.debenture import conversion_price_on, conversion_shares
from placements.core.terms.ledger import conversion_schedule_of, opening_series, principal_on
from placements.core.terms.restate import Basis, basis_line
from placements.core.terms.series import on_exercise
from placements.core.terms.vesting import exercisable, vested_on
from placements.reports.report import Kind, Note, Report, Row, column, table, totals_of


def _projected(
    loaded: Book | Scenario, source: str, day: date, price: Decimal | None
) -> tuple[Projection, Decimal | None]:
    """A book (no exercises) or a deterministic scenario projected to ``day``, and its price."""
    if not isinstance(loaded, Scenario):
        # a book has no closing prices, so no acceleration is known to have been triggered:
        # --price is the share price on the day, not a run of closes
        scenario = as_of_scenario(loaded, day, Decimal(1) if price is None else price)
        # the ledger's entries before the day start the series; the day's are its events
        unaccelerated = [
            replace(series, acceleration=None) for series in opening_series(scenario.projected_book)
        ]
        return project(scenario, series=unaccelerated), price

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
    projection = project(loaded.known_on(day))
    if price is None:
        offset = projection.calendar.offset(day)
        price = from_micros(int(projection.prices_at(np.array([offset]))[0, 0]))
    return projection, price


@dataclass(frozen=True, kw_only=True)
class SeriesRow(Row):
    """A series outstanding on the day: its price in force, next step-up and what it brings."""

    series: str = column("series")
    kind: str = column("kind")
    count: int = column("outstanding", Kind.COUNT, summed=True)
    exercisable: int | None = column("exercisable", Kind.COUNT, optional=True, summed=True)
    unvested: int | None = column("unvested", Kind.COUNT, optional=True, summed=True)
    price_in_force: Decimal = column("price in\nforce", Kind.PRICE)
    next_step_up: date | None = column("next\nstep-up", Kind.DATE, optional=True)
    next_price: Decimal | None = column("next\nprice", Kind.PRICE, optional=True)
    expiry: date = column("expiry", Kind.DATE)
    in_the_money: bool | None = column("in the\nmoney", Kind.FLAG)
    shares_on_exercise: int = column("shares on\nexercise", Kind.COUNT, summed=True)
    exercise_proceeds: Decimal = column("proceeds if\nexercised", Kind.MONEY, summed=True)


@dataclass(frozen=True, kw_only=True)
class ShareCountsRow(Row):
    as_of: date = column("as of", Kind.DATE)
    price: Decimal | None = column("share price", Kind.PRICE)
    basic: int = column("basic", Kind.COUNT)
    fully_diluted: int = column("fully diluted", Kind.COUNT)
    tsm_diluted: int | None = column("treasury-method diluted", Kind.COUNT)


def securities_report(
    loaded: Book | Scenario,
    source: str,
    day: date,
    price: Decimal | None,
    restate: bool = False,
) -> Report:
    """Series outstanding at the end of ``day`` and the share counts they imply.

    ``price`` is the share price for in-the-money and the treasury method: the
    one given, else the scenario's on that day (a book alone has none). With
    ``restate`` every count and price is carried through the consolidations
    and splits after ``day`` (:mod:`placements.core.terms.restate`), and a
    given ``price`` is read on that basis too, as a chart of adjusted prices
    shows it.
    """
    given = price
    projection, price = _projected(loaded, source, day, price)
    book = loaded.book if isinstance(loaded, Scenario) else loaded
    basis = Basis.latest(book) if restate else Basis()
    at = counts(projection, [day], None if price is None else micros(price))
    if given is None and price is not None:
        price = basis.price(price, day)  # the scenario's own price is on the basis of the day
    held: list[tuple[int, int, int]] = []  # restated holdings for the treasury method
    converted = 0
    rows = []
    left_by_series = outstanding_on(projection, day)[:, 0]
    offset = projection.calendar.offset(day)
    for row, (plan, outcome, left) in enumerate(
        zip(projection.plans, projection.outcomes, left_by_series.tolist(), strict=True)
    ):
        if left <= 0:
            continue
        may = None
        if plan.series.vesting:
            # vested, less what the ledger exercised before and the projection to the day
            done = plan.exercised + int(outcome.exercised[0][outcome.day[0] <= offset].sum())
            vested = vested_on(plan.series.vesting, plan.series.count, day)
            may = basis.count(exercisable(left, vested, done), day)
        series = basis.series(replace(plan.series, count=left), day)
        left = series.count
        if left <= 0:
            continue  # restated, fewer than one is left
        current, *later = series.schedule.periods_from(day)
        expiry = projection.calendar.day(int(outcome.expiry[0]))
        unit_price = unit_warrant_price(projection, row, day)
        unit_price = None if unit_price is None else basis.price(unit_price, day)
        brings = on_exercise(series, left, current.price, unit_price)
        step_up = later[0] if later and later[0].first <= expiry else None
        held.append((left, series.shares_per_exercise, micros(current.price)))
        if unit_price is not None and series.warrants_per_exercise:
            held.append((whole(left * series.warrants_per_exercise), 1, micros(unit_price)))
        rows.append(
            SeriesRow(
                series=series.id,
                kind=series.kind.value,
                count=left,
                exercisable=may,
                unvested=None if may is None else left - may,
                price_in_force=current.price,
                next_step_up=step_up.first if step_up else None,
                next_price=step_up.price if step_up else None,
                expiry=expiry,
                in_the_money=(
                    None if price is None else price * series.shares_per_exercise > current.price
                ),
                shares_on_exercise=brings.shares,
                exercise_proceeds=brings.proceeds,
            )
        )
    notes = []
    projected_book = projection.scenario.projected_book
    for debenture in projected_book.debentures:
        if conversion_price_on(debenture, day) is None:
            continue  # not outstanding that day
        schedule = conversion_schedule_of(projected_book, debenture.id)
        in_force = schedule.price_on(day)
        assert in_force is not None, "a debenture converts from its issue to its maturity"
        in_force = basis.price(in_force, day)
        # what the ledger's conversions on or before the day leave
        (left,) = principal_on(projected_book, debenture.id, [day])
        debenture = replace(debenture, principal=left)
        if left <= 0:
            continue
        shares = conversion_shares(debenture, in_force)
        _, *later = schedule.periods_from(day)
        later = [replace(p, price=basis.price(p.price, day)) for p in later]
        converted += shares if price is not None and price > in_force else 0
        rows.append(
            SeriesRow(
                series=debenture.id,
                kind="convertible debentures",
                count=shares,
                price_in_force=in_force,
                next_step_up=later[0].first if later else None,
                next_price=later[0].price if later else None,
                expiry=debenture.maturity,
                in_the_money=None if price is None else price > in_force,
                shares_on_exercise=shares,
                exercise_proceeds=Decimal("0.00"),
            )
        )
        notes.append(
            Note(
                f"{debenture.id}: {debenture.principal:,f} principal converts at "
                f"{in_force} into floor({debenture.principal:,f} / {in_force}) = {shares:,} "
                "shares (the outstanding count shown), with no cash paid; fully diluted counts "
                "them, and the treasury method when in the money"
            )
        )
    totals = ShareCountsRow(
        as_of=day,
        price=price,
        basic=int(at.basic[0, 0]),
        fully_diluted=int(at.fully_diluted[0, 0]),
        tsm_diluted=None if price is None else int(at.tsm_diluted[0, 0]),
    )
    if basis.restates(day):
        # fully diluted is basic and what every row brings; each restated on its own
        basic = basis.count(totals.basic, day)
        totals = replace(
            totals,
            basic=basic,
            fully_diluted=basic + sum(r.shares_on_exercise for r in rows),
            tsm_diluted=(
                None if price is None else basic + treasury_on_day(held, micros(price)) + converted
            ),
        )
        notes.append(
            Note(
                "Restated: each series' count and basic are carried through the later "
                "consolidations and splits, rounded down on their own, and prices scaled the "
                "other way; fully diluted is basic plus the restated rows"
                + (
                    "."
                    if price is None
                    else ", and the share price given is on the new basis."
                    if given is not None
                    else ", and the scenario's share price is restated too."
                )
            )
        )
    line = basis_line(book, day, restate)
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
            table("series", SeriesRow, rows, totals=totals_of(SeriesRow, rows) if rows else None),
            table("share_counts", ShareCountsRow, [totals], title="Share counts", record=True),
        ),
        meta={"file": source, "as_of": day, **({"basis": line} if line else {})},
        notes=tuple(notes),
    )
