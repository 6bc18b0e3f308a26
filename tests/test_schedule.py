"""Exercise schedules and holds count calendar months, as certificates do."""

from datetime import date
from decimal import Decimal

from placements.core.terms.book import Hold, Tranche, Unit
from placements.core.terms.hold import hold_end, latest_closing
from placements.core.terms.schedule import Step, build_schedule
from placements.core.terms.tranche import free_trading_date


def test_steps_count_cumulative_months_from_the_closing():
    schedule = build_schedule(
        date(2007, 9, 21), [Step(Decimal("0.30"), months=12), Step(Decimal("0.35"), months=12)]
    )
    assert [(p.price, p.first, p.last) for p in schedule.periods] == [
        (Decimal("0.30"), date(2007, 9, 21), date(2008, 9, 21)),
        (Decimal("0.35"), date(2008, 9, 22), date(2009, 9, 21)),
    ]
    assert schedule.expiry == date(2009, 9, 21)


def test_month_ends_do_not_drift():
    # closing + 1, 2, 3 months from Oct 31: Nov 30, Dec 31, Jan 31 (not Dec 30, Jan 30)
    schedule = build_schedule(date(2023, 10, 31), [Step(Decimal(1), months=1)] * 3)
    assert schedule.step_ends() == (date(2023, 11, 30), date(2023, 12, 31), date(2024, 1, 31))


def test_four_month_hold_from_october_31_ends_in_february():
    assert hold_end(date(2023, 10, 31), 4) == date(2024, 3, 1)
    assert hold_end(date(2022, 10, 31), 4) == date(2023, 3, 1)
    assert hold_end(date(2023, 10, 30), 4) == date(2024, 3, 1)
    assert hold_end(date(2023, 10, 29), 4) == date(2024, 3, 1)
    assert hold_end(date(2023, 10, 28), 4) == date(2024, 2, 29)


def test_until_steps_reset_the_month_count():
    schedule = build_schedule(
        date(2024, 1, 15),
        [Step(Decimal("0.10"), until=date(2024, 6, 30)), Step(Decimal("0.15"), months=6)],
    )
    assert schedule.step_ends() == (date(2024, 6, 30), date(2024, 12, 30))


def test_a_last_step_may_run_to_the_stated_expiry():
    schedule = build_schedule(
        date(2024, 1, 15),
        [Step(Decimal("0.10"), months=12), Step(Decimal("0.15"))],
        expiry=date(2026, 1, 31),
    )
    assert schedule.step_ends() == (date(2025, 1, 15), date(2026, 1, 31))


def test_price_in_force_changes_the_day_after_a_step_ends():
    schedule = build_schedule(
        date(2007, 9, 21), [Step(Decimal("0.30"), months=12), Step(Decimal("0.35"), months=12)]
    )
    assert schedule.price_on(date(2008, 9, 21)) == Decimal("0.30")
    assert schedule.price_on(date(2008, 9, 22)) == Decimal("0.35")
    assert schedule.price_on(date(2009, 9, 21)) == Decimal("0.35")
    assert schedule.price_on(date(2009, 9, 22)) is None


def test_no_hold_trades_from_the_closing():
    tranche = Tranche(
        "life",
        date(2025, 5, 1),
        Decimal("0.10"),
        units=10,
        unit=Unit(warrants=Decimal(0)),
        warrant=None,
        hold=Hold.none(),
    )
    assert free_trading_date(tranche) == date(2025, 5, 1)


def test_the_latest_closing_consistent_with_a_stated_hold():
    """Oct 28 to 31 all end a four-month hold on the last day of February."""
    assert latest_closing(date(2009, 3, 1)) == date(2008, 10, 31)
    assert latest_closing(date(2024, 3, 1)) == date(2023, 10, 31)
    assert latest_closing(date(2024, 2, 29)) == date(2023, 10, 28)
    assert latest_closing(date(2008, 3, 23)) == date(2007, 11, 22)
    assert latest_closing(date(2009, 7, 1), 4) is None  # a hold never ends on June 30
    for closed in (date(2008, 10, 28), date(2008, 10, 31), date(2008, 11, 30)):
        assert hold_end(latest_closing(hold_end(closed, 4)), 4) == hold_end(closed, 4)


def test_schedules_made_once_for_the_same_terms_keep_each_price_as_written():
    start = date(2024, 1, 31)
    plain = build_schedule(
        start, (Step(Decimal("0.25"), months=12), Step(Decimal("0.30"))), date(2026, 1, 31)
    )
    again = build_schedule(
        start, (Step(Decimal("0.25"), months=12), Step(Decimal("0.30"))), date(2026, 1, 31)
    )
    padded = build_schedule(
        start, (Step(Decimal("0.250"), months=12), Step(Decimal("0.30"))), date(2026, 1, 31)
    )
    later = build_schedule(
        date(2024, 2, 29),
        (Step(Decimal("0.25"), months=12), Step(Decimal("0.30"))),
        date(2026, 1, 31),
    )
    assert again is plain
    assert [str(p.price) for p in padded.periods] == ["0.250", "0.30"]
    assert [str(p.price) for p in plain.periods] == ["0.25", "0.30"]
    assert [(p.first, p.last) for p in plain.periods] == [
        (date(2024, 1, 31), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2026, 1, 31)),
    ]
    assert later.periods[0].last == date(2025, 2, 28)
