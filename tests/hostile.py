"""Hostile texts for extract: long runs that a pattern or a loop could read again and again.

Shared by ``test_extract_linear.py``, which checks that every recogniser gets
through them in linear time, and by ``benchmark.py``, which times them.
"""

from collections.abc import Callable
from decimal import Decimal

from placements.extract import consistency
from placements.extract.recognisers import composition, fees, holds, offering, release, steps
from placements.extract.recognisers import warrants as warrant_terms
from placements.extract.text import MAX_RELEASE_BYTES, Sentence, sentences

SIZE = MAX_RELEASE_BYTES - 4096
"""Just under the release reader's cap."""

FEES = "The finder's fee and finder's warrants were paid in cash and units: "
"""Words that let the fee recognisers past their first test, to read the run after them."""


def repeated(unit: str, start: str = "") -> Callable[[int], str]:
    """A text of some size: ``start``, then ``unit`` over and over."""

    def text(size: int) -> str:
        body = unit * ((size - len(start)) // len(unit) + 1)
        return (start + body)[:size]

    return text


HOSTILE = {
    "digits": repeated("1"),
    "digits and commas": repeated("1,234,567,"),
    "a long number": repeated(",234", "1"),
    "initials": repeated("A. "),
    "full stops": repeated("."),
    "release words": repeated("units warrants at a price of $0.25 per unit finder's fee of "),
    "dollar signs": repeated("$"),
    "zeros and stops": repeated("0."),
    "fees and digits": repeated("1", FEES),
    "payments": repeated("the finder's fee in cash $1,000 or 7% for 5,000 finder's warrants "),
    "millions": repeated("$" + "1" * 40 + " million "),
    "unclosed parentheses": repeated("each unit ("),
    "spaces": repeated(" ", FEES),
    "named prices and upsizes": repeated(
        '$0.50 per Unit (the "Offering Price") from 1,000,000 units to 2,000,000 Units at the '
        "Offering Price "
    ),
    "counted sales": repeated(
        "1,000,000 Units on May 4, 2026 for gross proceeds of $100,000 and each Series A warrant "
    ),
    "same terms": repeated("proceeds of $1 terms terms same as the same as those of FT F/T units "),
}
"""The hostile texts: runs that a pattern or loop could read again and again."""


def hostile(kind: str, size: int = SIZE) -> str:
    """``size`` characters of the hostile text ``kind``."""
    return HOSTILE[kind](size)


RECOGNISERS: dict[str, Callable[[Sentence], object]] = {
    "closing dates": release.closing_dates,
    "tranche wording": release.tranche_wording,
    "unit classes": offering.unit_classes,
    "gross only": lambda sentence: offering.gross_only_class([sentence]),
    "unit classes at a named price": lambda sentence: offering.unit_classes(
        sentence, {"offering price": offering.Found(Decimal(1), "$1", 0)}
    ),
    "named prices": lambda sentence: offering.defined_prices(sentence.text),
    "counted sales": offering.counted_sales,
    "sales on terms": offering.sales_on_terms,
    "price per unit": lambda sentence: offering.price_per_unit([sentence]),
    "composition": composition.composition,
    "warrant terms": warrant_terms.warrant_terms,
    "transferability": warrant_terms.transferability,
    "acceleration": warrant_terms.acceleration,
    "fee terms": fees.fee_terms,
    "option terms": fees.option_terms,
    "holds": holds.holds,
    "exercise schedule": steps.exercise_schedule,
    "issuer": lambda sentence: release.issuer(sentence.text),
    "ticker": lambda sentence: release.ticker(sentence.text),
    "release date": lambda sentence: release.release_date(sentence.text),
    "sentences": lambda sentence: list(sentences(sentence.text)),
    "stated warrants": lambda sentence: consistency.stated_warrants(sentence.text),
}
"""Every recogniser, and the sentence splitter, each fed a whole hostile text as one sentence."""
