"""Any release assembled from known phrasings drafts a book that loads, with its stated figures."""

from datetime import date
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from placements.core.terms import tranche as figures
from placements.extract import extract
from placements.extract.text import Release, normalise

WARRANTS = {
    "one-half of one": Decimal("0.5"),
    "one half of a": Decimal("0.5"),
    "one": Decimal(1),
    "one whole": Decimal(1),
    "one-quarter of one": Decimal("0.25"),
}
FEES = [
    "",
    "No finder's fee was paid. ",
    "A cash commission of $1,250 was paid to a finder. ",
    "The agent received a 7% cash commission and broker warrants equal to 7% of the units sold. ",
    "Finder's shares equal to 2% of the units sold were issued. ",
    "The finder was issued 25,000 finder's units. ",
    "Finder's options equal to 5% of the units were issued on the same terms as the warrants. ",
]
HOLDS = [
    "",
    "The securities are subject to a four month and one day hold period. ",
    "The units were sold under the listed issuer financing exemption and are not subject "
    "to a hold period. ",
]


@st.composite
def releases(draw) -> tuple[str, int, Decimal, Decimal | None]:
    """A release, with the units, price and warrants per unit it states."""
    closed = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    units = draw(st.integers(1000, 50_000_000))
    cents = draw(st.integers(1, 400))
    price = Decimal(cents) / 100
    flow = draw(st.sampled_from(["", "flow-through "]))
    text = f"Example Minerals Corp.\n\n{closed:%B} {closed.day}, {closed.year}\n\n"
    text += f"Example Minerals Corp. has closed a placement of {units:,} {flow}units at "
    text += draw(st.sampled_from([f"${price:.2f}", f"{cents} cents", f"C${price:.2f}"]))
    text += f" per {flow}unit. "
    fraction = draw(st.one_of(st.none(), st.sampled_from(sorted(WARRANTS))))
    if fraction is not None:
        text += f"Each {flow}unit consists of one common share and {fraction} warrant. "
        first, second = draw(st.integers(1, 30)), draw(st.integers(1, 30))
        step_up = draw(st.booleans())
        text += f"Each whole warrant is exercisable at ${price + Decimal('0.05'):.2f} for "
        text += f"{first} months" + (
            f" and thereafter at ${price + Decimal('0.10'):.2f} for a further {second} months. "
            if step_up
            else ". "
        )
    text += draw(st.sampled_from(FEES)) + draw(st.sampled_from(HOLDS))
    return text, units, price, WARRANTS.get(fraction) if fraction else None


@settings(max_examples=150, deadline=None)
@given(releases())
def test_a_draft_always_loads_and_keeps_the_stated_figures(release):
    text, units, price, per_unit = release
    extraction = extract([Release("release.txt", normalise(text))])
    assert extraction.book is not None, text
    (tranche,) = extraction.book.tranches
    assert figures.units(tranche) == units
    assert tranche.unit_price == price
    assert tranche.unit.warrants == (per_unit or Decimal(0))
    assert figures.gross_proceeds(tranche) == (units * price).quantize(Decimal("0.01"))


WORDS = [
    "1,000,000", "2,500", "twelve", "units", "flow-through", "shares", "at", "$0.10", "5 cents",
    "per unit", "warrant", "one-half of one", "for", "months", "years", "finder's", "fee",
    "options", "7%", "of the gross proceeds", "of the units", "hold", "until", "June 5, 2024",
    "closed", "on", "exercisable", "thereafter", "following", ".", ",", ";", "No finder's fees",
    "each unit consists of one share and", "same terms as the warrants", "into one unit",
    "listed issuer financing exemption", "not be traded before", "consecutive trading days",
    "$0.50", "for 10", "final tranche", "gross proceeds of $100,000", "$1,000,000", "expiring",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
# a financing whose figures do not fit together (one unit at $0.10) drafts nothing, for
# that reason and not for want of a financing
@example(words=["$0.10", "per unit", "of the gross proceeds", "$0.10"])
def test_any_jumble_of_placement_words_drafts_a_book_that_loads_or_nothing(words):
    text = "Example Minerals Corp.\n\nJanuary 5, 2024\n\n" + " ".join(words)
    extraction = extract([Release("jumble.txt", normalise(text))])
    assert (extraction.book is None) == (extraction.yaml == "")
    if extraction.book is not None:
        assert extraction.without_financing == ()
    elif extraction.without_financing != ("jumble.txt",):
        assert extraction.doubts, "a financing found, and nothing drafted, without a reason"
        assert "do not fit together" in extraction.summary()
