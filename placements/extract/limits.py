"""The book loader's limits, so that no recogniser finds a value a book cannot hold.

A figure outside them ("a term of 5,000 months", "a fee of 150%") is a
misreading, not a term: recognisers leave it out rather than draft a book
that would not load.
"""

from decimal import Decimal

from placements.load.book import MAX_AMOUNT, MAX_COUNT, MAX_DAYS, MAX_MONTHS, MAX_PRICE
from placements.load.reader import EARLIEST_YEAR, LATEST_YEAR

MAX_PER_UNIT = 1000
"""Shares or warrants in one unit; the loader takes no more."""


def price_ok(price: Decimal) -> bool:
    return 0 < price <= MAX_PRICE


def amount_ok(amount: Decimal) -> bool:
    return 0 <= amount <= MAX_AMOUNT


def count_ok(count: int) -> bool:
    return 0 <= count <= MAX_COUNT


def per_unit_ok(count: Decimal | int) -> bool:
    return 0 <= count <= MAX_PER_UNIT


def months_ok(months: int) -> bool:
    return 0 < months <= MAX_MONTHS


def days_ok(days: int) -> bool:
    return 0 < days <= MAX_DAYS


def percent_ok(percent: Decimal) -> bool:
    return 0 <= percent <= 100


def year_ok(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR
