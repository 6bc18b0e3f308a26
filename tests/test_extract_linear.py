"""Hostile inputs of about a megabyte: every recogniser, the sentence splitter and extract stay linear.

A recogniser that is quadratic in its input takes hours on these (runs of
digits, of comma groups, of initials and full stops, of release words, of
dollar signs); a linear one takes a second or less. Each case runs in a child
process that is stopped after a bound no linear pass comes near, so a
regression fails here rather than hanging the suite. The bound is generous on
purpose: machines here are shared, and nothing is timed closely.

The second half checks that the patterns rewritten for speed say what they
said before, on phrasings written for the purpose.
"""

import multiprocessing
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest
from conftest import run
from hostile import HOSTILE, RECOGNISERS, SIZE, hostile
from hypothesis import given, settings
from hypothesis import strategies as st

from placements.extract import assemble
from placements.extract import text as text_module
from placements.extract.assemble import draft_book
from placements.extract.findings import recognise
from placements.extract.found import Found
from placements.extract.recognisers import composition, fees, offering, release
from placements.extract.text import MAX_RELEASE_BYTES, Release, Sentence, normalise, sentences

BOUND = 60
"""Seconds a case may take: a linear pass over a megabyte takes a second or two."""


def finishes(work: Callable[[], object]) -> None:
    """Run ``work`` in a child process; fail if it raises or outlasts :data:`BOUND`."""
    child = multiprocessing.get_context("fork").Process(target=work)
    child.start()
    child.join(BOUND)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"still running after {BOUND} s: not linear")
    assert child.exitcode == 0, "the child raised (its traceback is on stderr)"


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("name", RECOGNISERS)
def test_each_recogniser_is_linear(name, kind):
    sentence = Sentence(hostile(kind), 0)
    finishes(lambda: RECOGNISERS[name](sentence))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """The command run once here first, so each child does not import its output modules anew."""
    path = tmp_path_factory.mktemp("warm") / "release.txt"
    path.write_text("Example Corp. closed 1,000,000 units at $0.10 on March 3, 2024.\n")
    assert run("extract", path).code == 0


@pytest.mark.parametrize("kind", HOSTILE)
def test_extract_is_linear_up_to_the_size_cap(kind, tmp_path, warm):
    """The whole command: read, normalise, split, recognise, draft, write and load back."""
    path = tmp_path / "hostile.txt"
    path.write_text(hostile(kind), encoding="utf-8")

    def work() -> None:
        result = run("extract", path)
        assert result.code in (0, 1), result.stderr  # 1: no financing found
        assert "Traceback" not in result.stderr

    finishes(work)


def many_classes(count: int) -> str:
    """A release of ``count`` classes, each with its own name, composition, warrants and fee."""
    return "Example Mining Corp. (TSXV: EXM) closed a placement on March 3, 2024.\n" + " ".join(
        f'It sold {1000 + n:,} units (the "A{n} Units") at ${1 + n / 10000:.4f} per unit. '
        f"Each A{n} Unit consists of one share and one warrant. The A{n} warrants are "
        f"exercisable at $2.00 for 12 months. The finder received {100 + n} finder's warrants."
        for n in range(count)
    )


def test_drafting_is_linear_in_the_classes_and_what_is_said_of_them():
    """Each class picks its composition and terms from all a release says: once each, not C x I."""
    findings = recognise(Release("many.txt", normalise(many_classes(2000))))
    assert len(findings.classes) == 2000

    def work() -> None:
        book = draft_book([findings])
        assert book is not None
        assert len(book.tranches) == 2000

    finishes(work)


def test_explaining_is_linear_in_the_classes():
    """--explain finds each quote's finding, and what came closest to a miss, once each."""
    from placements.extract import extract
    from placements.reports.extract import explain_report

    extraction = extract([Release("many.txt", normalise(many_classes(2000)))])

    def work() -> None:
        rows = explain_report(extraction).table("explain").rows
        assert sum(1 for row in rows if row[1].endswith(".hold")) == 2000  # the term column

    finishes(work)


# --- the rewritten patterns say what the old ones said -----------------------

A_PRICE_FORWARDS = re.compile(
    r"(?:\bat|\bprice\s+of|\bproceeds(?:\s+\w+){0,3}?\s+of|\bexercis\w*)\s+(?:of\s+)?$", re.I
)
BUYS_FORWARDS = re.compile(
    r"\b(?:purchase|acquire|buy|exercisable\s+(?:in)?to|for)\s+(?:up\s+to\s+)?$", re.I
)
"""A_PRICE and BUYS as they were: searched for at the end of the clause cut at a figure."""

WORDS = [
    *(  # noqa: SIM905 (a line of words reads better than a list of strings)
        "at At price of proceeds exercise exercisable exercised Exercisable purchase acquire buy "
        "buyer for For up to into in fee finder's fees cash commission commissions common share "
        "shares warrants options unit units broker agent's the a that 5% $1,000 1,000 7 C$2 being "
        "or representing to Company"
    ).split(),
    "CAD 100",
]
"""Words of fee clauses, and figures to put among them."""
SEPARATORS = [" ", " ", " ", "", "  ", ", ", ",", "\n", "(", "-", "'"]


@st.composite
def phrasings(draw) -> str:
    """Words of fee clauses, glued or spaced in every way, and some figures among them."""
    parts = draw(
        st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12)
    )
    return "".join(word + separator for word, separator in parts)


@settings(max_examples=100, deadline=None)
@given(phrasings())
def test_the_words_before_a_figure_are_read_backwards_as_they_were_forwards(text):
    clause = fees._Clause(text)
    for position in range(len(text) + 1):
        before = text[:position]
        assert clause.led_by(fees.A_PRICE, position) == bool(A_PRICE_FORWARDS.search(before))
        assert clause.led_by(fees.BUYS, position) == bool(BUYS_FORWARDS.search(before))


def noun_before_as_it_was(clause: str, position: int) -> tuple[int, int, str | None] | None:
    nouns = list(fees.NOUN.finditer(clause, 0, position))
    return (nouns[-1].start(), nouns[-1].end(), nouns[-1].lastgroup) if nouns else None


@settings(max_examples=100, deadline=None)
@given(phrasings())
def test_the_noun_before_a_figure_is_the_last_in_the_clause_cut_there(text):
    clause = fees._Clause(text)
    for figure in re.finditer(r"[\d$]|\bCAD", text):
        noun = clause.noun_before(figure.start())
        found = (noun.start(), noun.end(), noun.lastgroup) if noun else None
        assert found == noun_before_as_it_was(text, figure.start())


@pytest.mark.parametrize(
    "text",
    [
        "cash commissions5% and finder's unit share purchase warrants5,000",
        "feesCAD 100 and fees$100 and a bonus$5",
        "a finder's fee of $6,000, being 6% of the proceeds, and 6% in cash",
    ],
)
def test_glued_figures_find_the_noun_the_cut_clause_ends_with(text):
    clause = fees._Clause(text)
    for position in range(len(text) + 1):
        noun = clause.noun_before(position)
        found = (noun.start(), noun.end(), noun.lastgroup) if noun else None
        assert found == noun_before_as_it_was(text, position)


def restatements_as_they_were(text: str, stated: list[fees.Payment]) -> list[fees.Payment]:
    """Each cash amount tried against every percent of the sentence."""
    restated: set[int] = set()
    result = []
    for term, start, end in stated:
        if term.kind is fees.FeeKind.CASH and term.amount is not None:
            for index, (other, other_start, other_end) in enumerate(stated):
                is_percent = other.kind is fees.FeeKind.CASH and other.percent is not None
                if is_percent and other_start >= end and fees.RESTATED.match(text[end:other_start]):
                    term = replace(term, restates=fees.quote(text[other_start:other_end]))
                    restated.add(index)
                    break
        result.append((term, start, end))
    return [item for index, item in enumerate(result) if index not in restated]


PAYMENTS = [
    "$6,000",
    "$6,000, being 6% of the proceeds",
    "6%",
    "$1,000 or 1%",
    "a fee of $500 (representing 5%)",
    "2% in cash",
    "$1,200 which represents 3%",
    "$5; 5%",
    "$7 equal to 7%",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PAYMENTS), min_size=1, max_size=8))
def test_an_amount_is_restated_by_the_same_percent_as_before(payments):
    text = "The finder's fee was " + " ".join(payments) + "."
    sentence = Sentence(text, 0)
    stated = [
        (term, clause.start + start, clause.start + end)
        for clause in fees._clauses(sentence)
        for term, start, end in fees._payments(clause.text)
    ]
    assert fees._without_restatements(text, stated) == restatements_as_they_were(text, stated)


def test_a_cash_amount_is_restated_by_the_first_percent_that_follows_it():
    sentence = Sentence(
        "The finder received $6,000, being 6% of the proceeds, and 2% in shares.", 0
    )
    cash = [term.value for term in fees.fee_terms(sentence) if term.value.amount]
    assert [(term.amount, term.restates) for term in cash] == [
        (6000, "6% of the proceeds"),
    ]


def sentences_as_they_were(text: str) -> list[tuple[str, int]]:
    """The splitter that searched each paragraph up to every full stop for the word before it."""
    found = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for end in re.finditer(r"[.!?;][\"')]*\s+", paragraph.group()):
            body, mark, after = paragraph.group(), end.start(), end.end()
            following = body[after : after + 1]
            if body[mark] == ";":
                ends = True
            elif not following or following.islower():
                ends = False
            elif body[mark] != ".":
                ends = True
            else:
                word = re.search(r"[\w.]*$", body[:mark]).group().lower()
                short = len(word) == 1 or ("." in word and len(word) < 6)
                ends = not (word in text_module._ABBREVIATIONS or short)
            if ends:
                stop = paragraph.start() + end.start() + 1
                if text[start:stop].strip():
                    found.append((text[start:stop], start))
                start = paragraph.start() + end.end()
        if text[start : paragraph.end()].strip():
            found.append((text[start : paragraph.end()], start))
    return found


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "A.",
                "Inc.",
                "U.S.",
                "e.g.",
                "Nov.",
                "closed.",
                "It",
                "the",
                "No.",
                "p.Geo.",
                "x;",
                "Done!",
                "Why?",
                "(TSXV: X).",
                '"Units."',
                "\n",
                "3.5",
                "Mr.",
                "Ltd.)",
                "ABC.D.",
            ]
        ),
        max_size=15,
    )
)
def test_sentences_end_where_they_did(words):
    text = " ".join(words)
    assert [(s.text, s.start) for s in sentences(text)] == sentences_as_they_were(text)


@dataclass(frozen=True)
class Item:
    subject: str


def pick_as_it_was(items: list[Item], unit_class, classes) -> Item | None:
    """Each item asked, for each class, whether its words name the class."""

    def names(subject: str) -> int:
        if len(classes) <= 1:
            return 2
        flow_through = unit_class.flow_through.value if unit_class.flow_through else False
        if offering.NOT_FLOW_THROUGH.search(subject) and offering.FLOW_THROUGH.search(
            offering.NOT_FLOW_THROUGH.sub("", subject)
        ):
            return 1  # both kinds of unit named: every class's
        if offering.NOT_FLOW_THROUGH.search(subject):
            return 0 if flow_through else 2
        if offering.FLOW_THROUGH.search(subject):
            return 2 if flow_through else 0
        words = re.sub(r"[\s-]+", " ", subject.lower())
        if unit_class.name != "unit" and re.search(rf"\b{re.escape(unit_class.name)}", words):
            return 2
        return 1

    named = [item for item in items if names(item.subject) == 2]
    generic = [item for item in items if names(item.subject) == 1]
    return (named or generic or [None])[0]


CLASS_NAMES = ["unit", "ft unit", "hd unit", "premium unit", "a unit", "common share", "a"]
SUBJECT_WORDS = (  # noqa: SIM905
    "Each FT flow-through non-flow-through hard dollar Premium A Unit Units HD common share "
    "warrants the a-unit premium-unit"
).split()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(CLASS_NAMES), st.booleans()), min_size=1, max_size=5),
    st.lists(st.lists(st.sampled_from(SUBJECT_WORDS), max_size=5), max_size=6),
)
def test_each_class_picks_what_it_picked(named_classes, subjects):
    price = Found(Decimal("0.10"), "$0.10", 0)
    classes = [
        offering.UnitClass(price, None, None, Found(ft, "ft", 0) if ft else None, name, "units", n)
        for n, (name, ft) in enumerate(named_classes)
    ]
    items = [Item(" ".join(words)) for words in subjects]
    picker = assemble._Picker(items, classes)
    for unit_class in classes:
        assert picker.pick(unit_class) is pick_as_it_was(items, unit_class, classes)


ISSUER_AT_ANY_CAPITAL = re.compile(
    r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|&|of|and|de|du|des)){0,6}?\s+"
    r"(?i:(?:Inc|Corp|Corporation|Ltd|Limited|Incorporated|Ltée|Ltee|plc|Co)\.?)(?=[\s,(]|$)"
)
"""The issuer's name as it was searched for, at every capital of the text."""


@pytest.mark.parametrize(
    "text",
    [
        'The company, iMetal Resources Inc. ("iMetal"), closed a placement.',
        "Shares of McEwen Mining Corp. (TSX: MUX) rose; eXample Gold Ltd. (the Company) closed.",
        "no capital here at all, nor an issuer's suffix inc.",
    ],
)
def test_the_issuer_is_read_from_the_first_capital_of_a_word(text):
    expected = next(
        (
            match
            for match in ISSUER_AT_ANY_CAPITAL.finditer(text)
            if text[match.end() : match.end() + 3].lstrip().startswith("(")
        ),
        None,
    )
    found = release.issuer("\n" * 2000 + text)  # past the heading lines
    assert (found.value if found else None) == (expected.group() if expected else None)


def test_a_number_starts_at_its_first_digit():
    """A number inside another is not read: "202412,500,000" is no count of 412,500,000 units."""
    assert offering.unit_classes(Sentence("It sold 2,500,000 units at $0.05 each.", 0))
    assert not offering.unit_classes(Sentence("On 3 March 202412,500,000 units at $0.05.", 0))


def test_a_count_too_long_for_any_book_is_no_count():
    digits = "9" * 5000
    sentence = Sentence(f"The finder received {digits} warrants and a fee of 5%.", 0)
    assert [term.value.kind for term in fees.fee_terms(sentence)] == [fees.FeeKind.CASH]
    assert not composition.composition(Sentence(f"Each unit consists of {digits} shares.", 0))


def test_a_sum_of_millions_too_long_for_cents_is_no_sum():
    sentence = Sentence(f"The finder was paid a fee of ${'1' * 40} million.", 0)
    assert fees.fee_terms(sentence) == []


def test_the_hostile_texts_are_just_under_the_cap():
    for kind in HOSTILE:
        assert len(hostile(kind).encode("utf-8")) == SIZE < MAX_RELEASE_BYTES, kind
    assert hostile("a long number", 13) == "1,234,234,234"
