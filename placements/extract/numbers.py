"""Numbers as releases write them, as regular-expression parts and exact parsers.

Releases write a number in digits with commas ("1,800,000"), in words
("twelve", "twenty-four", "two (2)"), as money with a currency prefix
("Cdn$0.30", "C$0.30", "$.05") or in cents ("5 cents", "five cents"), and a
warrant as a fraction ("one-half of one"). Each ``*_PATTERN`` below is a
regular expression without groups of its own, so recognisers can embed it in
a named group, and each ``parse_*`` turns the matched text into an exact
:class:`~decimal.Decimal` or int: never a float.

Every pattern here is linear in the text it is searched in. A regular
expression that can start anywhere inside a run of digits and read to its end
each time is quadratic in the run, so a number starts only where no other
number is running (not right after a digit, nor after a digit and a comma),
and a figure, once read, is not read again in shorter pieces.

A pattern of many alternatives also starts with a lookahead of the characters
it can start with, ``(?=[...])``: the engine then tries its alternatives only
there, which makes a scan of a long text several times faster.
"""

import re
from collections.abc import Callable
from decimal import MAX_EMAX, MIN_EMIN, ROUND_CEILING, Decimal, getcontext, localcontext
from functools import wraps
from typing import TypeVar

_ONES = (  # noqa: SIM905 (a line of words reads better than a list of strings)
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
WORD_VALUES = {
    **{word: value for value, word in enumerate(_ONES)},
    **{word: 20 + 10 * position for position, word in enumerate(_TENS)},
}

_WORD = "(?:" + "|".join(sorted(WORD_VALUES, key=len, reverse=True)) + ")"
NUMBER_INITIALS = "".join(sorted({word[0] for word in WORD_VALUES}))
"""The letters a number in words starts with."""
_SCALE = "(?:hundred|thousand|million)"
_TWO_WORDS = rf"{_WORD}(?:[ -]{_WORD})?"
WORDS_PATTERN = (
    rf"\b(?=[{NUMBER_INITIALS}]){_TWO_WORDS}(?:\s+{_SCALE}(?:\s+(?:and\s+)?{_TWO_WORDS})?)?\b"
)
"""A number in words: "twelve", "twenty-four", "one hundred", "two million"."""

NUMBER_START = rf"(?=[\d{NUMBER_INITIALS}])"
"""A lookahead for where a number, in digits or words, can start."""

DIGITS_PATTERN = r"(?=\d)(?<!\d)(?<!\d,)(?>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d|[.,]\d)"
"""Digits with optional thousands commas and decimals: "1,800,000", "0.20", "12".

Linear: it starts only at the first digit of a number, and the group is atomic
(the lookahead after it admits only its longest reading, so giving digits
back could never succeed). The first lookahead, a digit, is the cheap test.
"""

NUMBER_PATTERN = (
    rf"(?:{DIGITS_PATTERN}(?:\s+million)?|{WORDS_PATTERN}(?:\s*\(\s*{DIGITS_PATTERN}\s*\))?)"
)
"""A number in digits or words; legal style repeats words in digits: "two (2)"."""

CURRENCY_PATTERN = r"(?:(?:Cdn|CDN|CAD|Can|CA|C|US|U\.S\.)\s?)?\$"
MONEY_PATTERN = (
    rf"(?=[$\dCU{NUMBER_INITIALS}])(?:(?=[$CU]){CURRENCY_PATTERN}\s?(?:{DIGITS_PATTERN}|\.\d+)"
    r"(?:\s+(?:million|thousand)\b)?"
    rf"|(?:CAD|CDN)\s+{DIGITS_PATTERN}"
    rf"|(?:(?<!\d)\d+(?:\.\d+)?|{WORDS_PATTERN})\s*(?:cents?\b|¢))"
)
"""An amount of money: "$22,375", "Cdn$0.30", "C$1.2 million", "5 cents", "five cents".

The cents start at the first digit of a number: one that fails to be cents
from its first digit fails from every later one too.
"""
MONEY_WORDS = ("$", "cad", "cdn", "cent", "¢")
"""What every amount of money holds: a text without any of them need not be searched."""

PERCENT_PATTERN = (
    rf"{NUMBER_START}(?:(?<!\d)\d+(?:\.\d+)?\s*(?:%|per\s?cent\b)"
    rf"|{WORDS_PATTERN}\s+per\s?cent\b(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?)"
)
"""A percentage: "2%", "7.5 per cent", "seven percent (7%)"."""
PERCENT_WORDS = ("%", "cent")
"""What every percentage holds."""

_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
}
FRACTION_PATTERN = (
    r"(?:(?:(?:one|two|three|four|a)[\s-]+)?(?:half|halves|thirds?|quarters?|fourths?|fifths?)"
    r"(?:\s*\(\s*\d\s*/\s*\d\s*\))?(?:\s+of\s+(?:one|a|an)\b)?"
    r"|\d\s*/\s*\d(?:\s+of\s+(?:one|a|an)\b)?"
    r"|(?:one|a|an)(?:\s+(?:whole|full))?(?:\s*\(\s*1\s*\))?|two|three|\d(?:\.\d+)?)"
)
"""Warrants per unit: "one-half of one", "one half of a", "1/2", "two-thirds", "one", "a"."""

DURATION_PATTERN = (
    rf"(?=[\da{NUMBER_INITIALS}])(?:{NUMBER_PATTERN}|an?)(?:[\s-]+|\s*\(\s*\d+\s*\)[\s-]*)"
    r"(?:calendar\s+)?(?:months?|years?)\b"
)
"""A period: "12 months", "twelve (12) months", "two years", "18-month", "a year"."""
DURATION_WORDS = ("month", "year")
"""What every period holds."""

LARGEST_WHOLE_DIGITS = 30
"""A whole number of more digits is no count, month or day any book holds.

Turning a megabyte of digits into an int takes minutes (and ``int()`` refuses
a string of more than 4,300 digits), so such a number is not converted.
"""

PER_UNIT_PLACES = 10
"""Decimals kept for a fraction such as one-third that no decimal writes exactly."""


T = TypeVar("T")


def without_overflow(parse: Callable[[str], T]) -> Callable[[str], T]:
    """``parse`` with room in the decimal context for the exponent of any number of digits.

    A run of a million digits is a number like any other, too large for any
    book, rather than a decimal Overflow; the precision is the context's own,
    so every other figure is computed as before.
    """

    @wraps(parse)
    def parse_wide(text: str) -> T:
        if len(text) < 1000:  # far from the exponents an Overflow needs
            return parse(text)
        context = getcontext().copy()
        context.Emax, context.Emin = MAX_EMAX, MIN_EMIN
        with localcontext(context):
            return parse(text)

    return parse_wide


@without_overflow
def parse_number(text: str) -> Decimal:
    """The value of a :data:`NUMBER_PATTERN` match.

    When words are repeated in digits ("two (2)") the digits are taken.
    """
    text = text.strip().lower()
    repeated = re.search(r"\(\s*([\d,.]+)\s*\)", text)
    if repeated:
        return _digits(repeated.group(1))
    scale = 1
    if text.endswith("million") and re.match(r"[\d.,]", text):
        text, scale = text.removesuffix("million").strip(), 1_000_000
    if re.match(r"[\d.,]", text):
        return _digits(text) * scale
    return Decimal(_words(text))


def parse_count(text: str) -> int | None:
    """A whole number, or None when the text is not one (such as "1.5") or is too large."""
    return whole_number(parse_number(text))


def whole_number(value: Decimal) -> int | None:
    """``value`` as an int, or None if it is not whole or has over :data:`LARGEST_WHOLE_DIGITS`."""
    if value.adjusted() >= LARGEST_WHOLE_DIGITS or value != value.to_integral_value():
        return None
    return int(value)


def _digits(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _words(text: str) -> int:
    """The value of a number in words, such as "two hundred and forty"."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word in WORD_VALUES:
            current += WORD_VALUES[word]
        elif word == "hundred":
            current *= 100
        elif word in _SCALES:
            total += current * _SCALES[word]
            current = 0
    return total + current


@without_overflow
def parse_money(text: str) -> Decimal:
    """The dollars in a :data:`MONEY_PATTERN` match: "5 cents" is 0.05."""
    text = text.strip()
    lower = text.lower()
    if lower.endswith(("cent", "cents", "¢")):
        amount = re.sub(r"\s*(cents?|¢)$", "", lower)
        return parse_number(amount) / 100
    scale = 1
    if lower.endswith("million"):
        scale, text = 1_000_000, text[: -len("million")]
    elif lower.endswith("thousand"):
        scale, text = 1000, text[: -len("thousand")]
    digits = re.search(r"[\d,]*\.?\d+", text.split("$")[-1] if "$" in text else text)
    assert digits is not None, f"not money: {text!r}"
    value = Decimal(digits.group().replace(",", ""))
    if scale == 1:
        return value
    scaled = value * scale
    # a sum too long to round to cents in the context's digits (quantize would
    # raise) is far past any book's limits, and is left unrounded
    fits = scaled.adjusted() + 3 <= getcontext().prec
    return scaled.quantize(Decimal("0.01")) if fits else scaled


def parse_percent(text: str) -> Decimal:
    """The percent in a :data:`PERCENT_PATTERN` match: "seven percent (7%)" is 7."""
    stated = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent)", text, re.I)
    if stated:
        return Decimal(stated.group(1))
    return Decimal(_words(re.sub(r"\s*per\s?cent.*", "", text.lower(), flags=re.S)))


def parse_fraction(text: str) -> Decimal:
    """Warrants per unit in a :data:`FRACTION_PATTERN` match, as a decimal.

    A fraction no decimal writes exactly (one-third) is rounded *up* in its
    last place: whole warrants are counted by rounding units x fraction down,
    and a value a hair too small would lose a warrant when units divide evenly.
    """
    text = re.sub(r"\s+of\s+(one|a|an)$", "", text.strip().lower())
    text = re.sub(r"\s*\(\s*\d\s*(/\s*\d\s*)?\)", "", text)
    slash = re.fullmatch(r"(\d)\s*/\s*(\d)", text)
    if slash:
        return per_unit(int(slash.group(1)), int(slash.group(2)))
    words = re.split(r"[\s-]+", text)
    if words[-1] in _DENOMINATORS:
        numerator = 1 if len(words) == 1 or words[0] == "a" else WORD_VALUES[words[0]]
        return per_unit(numerator, _DENOMINATORS[words[-1]])
    if words[0] in ("a", "an"):
        return Decimal(1)
    if re.fullmatch(r"\d(\.\d+)?", words[0]):
        return Decimal(words[0])
    return Decimal(WORD_VALUES[words[0]])


def per_unit(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator exactly, or rounded up to :data:`PER_UNIT_PLACES` decimals."""
    exact = Decimal(numerator) / Decimal(denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-PER_UNIT_PLACES), rounding=ROUND_CEILING)
    return exact.normalize() if rounded == exact else rounded


@without_overflow
def parse_months(text: str) -> int | None:
    """Months in a :data:`DURATION_PATTERN` match: "two years" is 24; None if not whole."""
    lower = text.strip().lower()
    amount = re.sub(r"[\s-]*(calendar\s+)?(months?|years?)$", "", lower)
    value = Decimal(1) if amount in ("a", "an") else parse_number(amount)
    months = whole_number(value * 12 if re.search(r"years?$", lower) else value)
    return months if months is not None and months > 0 else None
