"""Numbers, money, fractions, periods and dates as releases write them, parsed exactly."""

import re
from datetime import date
from decimal import Decimal

import pytest

from placements.core.money import whole
from placements.extract.dates import DATE_PATTERN, parse_date
from placements.extract.numbers import (
    DURATION_PATTERN,
    FRACTION_PATTERN,
    MONEY_PATTERN,
    NUMBER_PATTERN,
    PERCENT_PATTERN,
    parse_fraction,
    parse_money,
    parse_months,
    parse_number,
    parse_percent,
)


def whole_match(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text, re.I) is not None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,250,000", Decimal(3250000)),
        ("12", Decimal(12)),
        ("eighteen", Decimal(18)),
        ("thirty-six", Decimal(36)),
        ("three (3)", Decimal(3)),
        ("2.5 million", Decimal(2500000)),
        ("four million", Decimal(4000000)),
        ("two hundred and ten", Decimal(210)),
    ],
)
def test_numbers_in_digits_and_words(text, value):
    assert whole_match(NUMBER_PATTERN, text)
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$41,250", "41250"),
        ("$0.05", "0.05"),
        ("$.07", "0.07"),
        ("Cdn$0.30", "0.30"),
        ("C$0.30", "0.30"),
        ("CAD 0.45", "0.45"),
        ("5 cents", "0.05"),
        ("7.5 cents", "0.075"),
        ("five cents", "0.05"),
        ("twenty-two cents", "0.22"),
        ("$1.25 million", "1250000.00"),
    ],
)
def test_money_with_currency_prefixes_and_in_cents(text, value):
    assert whole_match(MONEY_PATTERN, text)
    assert parse_money(text) == Decimal(value)


def test_money_is_never_a_float():
    assert isinstance(parse_money("$0.10"), Decimal)
    assert str(parse_money("$0.10")) == "0.10"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one-half", "0.5"),
        ("one half of one", "0.5"),
        ("one-half of a", "0.5"),
        ("a half", "0.5"),
        ("one-half (1/2) of one", "0.5"),
        ("1/2", "0.5"),
        ("one-quarter of one", "0.25"),
        ("three-quarters of a", "0.75"),
        ("one", "1"),
        ("a", "1"),
        ("one whole", "1"),
        ("one (1)", "1"),
        ("two", "2"),
    ],
)
def test_warrant_fractions(text, value):
    assert whole_match(FRACTION_PATTERN, text)
    assert parse_fraction(text) == Decimal(value)


def test_thirds_are_rounded_up_so_whole_warrants_count_right():
    third, two_thirds = parse_fraction("one-third of a"), parse_fraction("two-thirds of one")
    assert (third, two_thirds) == (Decimal("0.3333333334"), Decimal("0.6666666667"))
    assert whole(3_000_000 * third) == 1_000_000
    assert whole(1_000_001 * third) == 333_333
    assert whole(3_000_000 * two_thirds) == 2_000_000
    assert whole(1_000_001 * two_thirds) == 666_667


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("24 months", 24),
        ("twelve months", 12),
        ("eighteen (18) months", 18),
        ("two years", 24),
        ("three (3) years", 36),
        ("36-month", 36),
        ("a year", 12),
        ("1.5 years", 18),
    ],
)
def test_periods(text, months):
    assert whole_match(DURATION_PATTERN, text)
    assert parse_months(text) == months


@pytest.mark.parametrize(
    ("text", "value"),
    [("6%", "6"), ("7.5 %", "7.5"), ("8 per cent", "8"), ("eight percent (8%)", "8")],
)
def test_percents(text, value):
    assert whole_match(PERCENT_PATTERN, text)
    assert parse_percent(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("June 15, 2027", date(2027, 6, 15)),
        ("Aug. 1, 2024", date(2024, 8, 1)),
        ("Sept. 3, 2025", date(2025, 9, 3)),
        ("3 September 2025", date(2025, 9, 3)),
        ("2nd day of August, 2024", date(2024, 8, 2)),
        ("December 31st, 2024", date(2024, 12, 31)),
        ("2026-01-20", date(2026, 1, 20)),
    ],
)
def test_dates(text, day):
    assert whole_match(DATE_PATTERN, text)
    assert parse_date(text) == day


def test_a_date_that_does_not_exist_is_none():
    assert parse_date("February 30, 2024") is None
