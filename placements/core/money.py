"""Exact money and whole counts.

Money is Decimal from the text of the input, never via float. A payment (the
gross of a tranche, a fee, the cash paid on an exercise) is a whole number of
cents, rounded half-up when it is formed; sums of payments are then exact and
every table foots. Shares, warrants and options are whole: fractions round
down, because no fractional security is ever issued.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    """Round a payment half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def whole(quantity: Decimal) -> int:
    """Round a count of securities down: a fraction of a warrant is never issued."""
    return int(quantity.to_integral_value(rounding=ROUND_FLOOR))


def from_cents(amount: int) -> Decimal:
    """A whole number of cents as money: 73567825 is 735678.25."""
    return Decimal(int(amount)).scaleb(-2)


@lru_cache(maxsize=1 << 10)
def ratio(fraction: Decimal) -> tuple[int, int]:
    """A fraction as whole numerator and denominator, for exact integer arithmetic."""
    return fraction.as_integer_ratio()


def percent_of(base: Decimal | int, percent: Decimal) -> Decimal:
    return Decimal(base) * percent / HUNDRED


def observed_rank(size: int, percent: int) -> int:
    """Where, from 0, the observed ``percent``-th percentile of ``size`` sorted values stands:
    the smallest with at least that percent at or below it, ceil(size x percent / 100) - 1
    (numpy's "inverted_cdf")."""
    return max(0, -(-size * percent // 100) - 1)


@lru_cache(maxsize=1 << 12)
def price_text(price: Decimal) -> str:
    """A price as it is quoted: at least two decimals, more only when they count (0.30, 0.125)."""
    normal = price.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        normal = normal.quantize(CENT)
    return f"{normal:f}"


PLACES = 6
"""The most decimals a written price may have: prices are whole micro-dollars."""
FINEST = f"at most {PLACES} decimals, a whole micro-dollar"


def too_fine(price: Decimal) -> bool:
    """Whether a price is written finer than a micro-dollar, so the engine could not hold it.

    Every price a user writes (exercise steps, unit prices, triggers, price
    points, closes, a walk's start, ``--price``) is held to this one rule, so
    what ``check`` accepts every command computes exactly.
    """
    return price != price.quantize(Decimal(1).scaleb(-PLACES)) if price.is_finite() else False


MAX_EXPONENT = 30
"""Numbers are written with exponents from -30 to 30: a billion-digit number is no input."""


def parse_number(text: str) -> Decimal | None:
    """A finite Decimal of bounded size from ``text``, or None: the one number rule.

    Shared by YAML values, percents and command-line options.
    """
    if len(text) > 100:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or (value and abs(value.adjusted()) > MAX_EXPONENT):
        return None
    return value


def written_percent(text: str) -> tuple[Decimal, bool] | None:
    """A number as written, bare (``0.07``, ``7``) or as a percent (``7%``): (number, had %).

    The one rule for percents and rates everywhere: a value with ``%`` is a
    percent. What a bare number means depends on the field: a book's
    percent-of fields (``percent``, ``percent_of_units``) take it in percent
    (7 is 7%), and a scenario's or the command line's fractions and rates
    (premium, fraction, volatility, drift, ``--volatility``, ``--rate``) take
    it as a fraction (0.07 is 7%). None if it is not a finite number.
    """
    text = text.strip()
    percent = text.endswith("%")
    value = parse_number(text.removesuffix("%").strip())
    return None if value is None else (value, percent)


def as_fraction(text: str) -> tuple[Decimal, bool] | None:
    """A fraction or rate written ``0.07`` or ``7%``: (0.07, had %)."""
    written = written_percent(text)
    if written is None:
        return None
    value, percent = written
    return (value / 100 if percent else value), percent
