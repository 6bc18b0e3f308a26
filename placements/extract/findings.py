"""Every recogniser run over one release: the raw findings, before any choice is made."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from placements.extract.found import Found
from placements.extract.recognisers import composition as unit_composition
from placements.extract.recognisers import fees as payments
from placements.extract.recognisers import holds as resale
from placements.extract.recognisers import offering, release, warrants
from placements.extract.text import Release, sentences


@dataclass
class Findings:
    """What one release says, term by term, in the order a reader meets it."""

    file: str
    issuer: Found[str] | None = None
    ticker: Found[str] | None = None
    release_date: Found[date] | None = None
    announced: Found[date] | None = None
    closing_dates: list[Found[date]] = field(default_factory=list)
    tranche_wording: list[Found[release.TrancheWording]] = field(default_factory=list)
    classes: list[offering.UnitClass] = field(default_factory=list)
    compositions: list[unit_composition.Composition] = field(default_factory=list)
    warrant_terms: list[warrants.WarrantTerms] = field(default_factory=list)
    transferable: list[Found[bool]] = field(default_factory=list)
    accelerations: list[warrants.AccelerationTerms] = field(default_factory=list)
    fees: list[Found[payments.FeeTerm]] = field(default_factory=list)
    option_terms: list[payments.OptionTerms] = field(default_factory=list)
    holds: list[Found[resale.HoldTerm]] = field(default_factory=list)

    @property
    def has_financing(self) -> bool:
        return bool(self.classes)


def recognise(document: Release) -> Findings:
    """Run every recogniser over every sentence of a release."""
    text = document.text
    findings = Findings(
        document.file,
        issuer=release.issuer(text),
        ticker=release.ticker(text),
        release_date=release.release_date(text),
        announced=release.earlier_announcement(text),
    )
    all_sentences = list(sentences(text))
    prices = offering.defined_prices(text)
    for sentence in all_sentences:
        findings.closing_dates += release.closing_dates(sentence)
        findings.tranche_wording += release.tranche_wording(sentence)
        findings.classes += offering.unit_classes(sentence, prices)
        findings.compositions += unit_composition.composition(sentence)
        findings.warrant_terms += warrants.warrant_terms(sentence)
        findings.transferable += warrants.transferability(sentence)
        findings.accelerations += warrants.acceleration(sentence)
        findings.fees += payments.fee_terms(sentence)
        findings.option_terms += payments.option_terms(sentence)
        findings.holds += resale.holds(sentence)
    findings.classes = _distinct(findings.classes)
    on_terms = [sale for sentence in all_sentences for sale in offering.sales_on_terms(sentence)]
    if on_terms and findings.classes:
        findings.classes += offering.on_terms(on_terms, findings.classes)
    if not findings.classes:
        sales = [sale for sentence in all_sentences for sale in offering.counted_sales(sentence)]
        if sales:
            findings.classes = offering.priced(sales, offering.price_per_unit(all_sentences))
    if not findings.classes:
        only_gross = offering.gross_only_class(all_sentences)
        findings.classes = [only_gross] if only_gross else []
    return findings


def _distinct(classes: list[offering.UnitClass]) -> list[offering.UnitClass]:
    """Classes in order, each once: a headline and a body often state the same sale.

    Nor is a count that is the sum of all the others, all at one price, a
    class: it is the total the release gives for the offerings ("43,000,000
    Units under the Offerings", after 32,000,000 and 11,000,000).
    """
    seen: set[tuple[int | None, Decimal]] = set()
    result = []
    for unit_class in classes:
        key = (unit_class.count.value if unit_class.count else None, unit_class.price.value)
        if key not in seen:
            seen.add(key)
            result.append(unit_class)
    if len(result) < 3:
        return result
    total = sum(unit_class.count.value for unit_class in result if unit_class.count)
    prices = {unit_class.price.value for unit_class in result}
    if len(prices) > 1:  # a total is at the one price of all it adds up
        return result
    return [
        unit_class
        for unit_class in result
        if unit_class.count is None or 2 * unit_class.count.value != total
    ]
