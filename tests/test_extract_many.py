"""Many releases at once, one tranche per closing, and appending to an existing book.

The releases and books are written for these tests.
"""

import textwrap

import pytest
import yaml
from conftest import run

FIRST = """
Juniper Hill Mines Ltd.
TSX-V: JHM

March 4, 2024

Juniper Hill Mines Ltd. announces that on March 1, 2024 it closed the first tranche of its
private placement, issuing 2,000,000 units at a price of $0.10 per unit for gross proceeds of
$200,000. Each unit consists of one common share and one share purchase warrant. Each warrant
is exercisable at $0.15 for 24 months. The securities are subject to a four month hold.
"""

FINAL = """
Juniper Hill Mines Ltd.
TSX-V: JHM

April 10, 2024

Juniper Hill Mines Ltd. announces that on April 8, 2024 it closed the second and final tranche
of its private placement, issuing 1,500,000 units at a price of $0.10 per unit for gross
proceeds of $150,000. Each unit consists of one common share and one share purchase warrant.
Each warrant is exercisable at $0.15 for 24 months. The securities are subject to a four month
hold. The first tranche of 2,000,000 units at a price of $0.10 per unit closed on March 1, 2024.
"""

LATER = """
Juniper Hill Mines Ltd.
TSX-V: JHM

September 16, 2024

Juniper Hill Mines Ltd. announces that on September 13, 2024 it closed a private placement of
800,000 flow-through units at a price of $0.25 per unit for gross proceeds of $200,000. Each
unit consists of one flow-through share. The securities are subject to a four month hold.
"""

CORRECTED = """
Juniper Hill Mines Ltd.
TSX-V: JHM

March 5, 2024

Juniper Hill Mines Ltd. corrects its release of yesterday: on March 1, 2024 it closed the first
tranche of its private placement, issuing 2,000,000 units at a price of $0.10 per unit. Each
unit consists of one common share and one share purchase warrant. Each warrant is exercisable at
$0.15 for 24 months. A finder was paid $6,000 in cash.
"""


def ids(text: str) -> list[str]:
    return [tranche["id"] for tranche in yaml.safe_load(text)["tranches"] or []]


def test_one_tranche_per_closing_in_closing_order(write):
    paths = [write("later.txt", LATER), write("first.txt", FIRST)]
    result = run("extract", *paths)
    assert result.code == 0, result.stderr
    assert ids(result.stdout) == ["2024-03-units-t1", "2024-09-ft"]
    assert result.stderr == (
        "placements extract: 2 tranches (2024-03-units-t1, 2024-09-ft) from 2 releases; "
        "16 terms quoted, 3 TODOs to review\n"
    )


def test_a_release_that_restates_an_earlier_tranche_does_not_draft_it_twice(write):
    final = write("final.txt", FINAL)
    alone = run("extract", final)
    assert ids(alone.stdout) == ["2024-04-units-t2", "2024-04-units-t1"]  # on its own
    first = write("first.txt", FIRST)
    result = run("extract", first, final)
    assert ids(result.stdout) == ["2024-03-units-t1", "2024-04-units-t2"]
    assert result.stderr.endswith(
        f"; {final} restates the closing of 2024-03-01 (2,000,000 units at $0.10), already in "
        f"{first}\n"
    )
    document = run("extract", write("first.txt", FIRST), final, "--format", "json").json()
    assert [tranche["units"] for tranche in document["tranches"]] == [2000000, 1500000]


def test_a_corrected_release_and_the_same_release_twice_give_one_tranche(write):
    first = write("first.txt", FIRST)
    corrected = write("corrected.txt", CORRECTED)
    result = run("extract", first, corrected, first)
    assert ids(result.stdout) == ["2024-03-units-t1"]
    assert f"; {corrected} restates the closing of 2024-03-01" in result.stderr
    assert f"; {first} restates the closing of 2024-03-01" in result.stderr
    assert f"#   {corrected}  (release of 2024-03-05; 0 tranches)" in result.stdout


BOOK = """\
# Juniper Hill's placements, reviewed by hand.
issuer:
  name: Juniper Hill Mines Ltd.   # as in the filings
  ticker: "TSXV:JHM"

tranches:
  # The first tranche, checked against the closing documents.
  - id: march-first
    closed: 2024-03-01
    units: 2000000
    unit_price: 0.10
    unit: {shares: 1, warrants: 1}
    warrant:
      exercise: [{price: 0.15, months: 24}]   # two years
                                              # from closing
    hold: {months: 4}

# Options granted to directors.
securities:
  - id: 2023-options
    kind: options
    count: 500000
    price: 0.12
    expiry: 2028-06-30
    issued: 2023-06-30
"""


def test_appending_keeps_the_book_as_written_and_skips_what_it_holds(write, tmp_path):
    book = write("book.yaml", BOOK)
    releases = [write("first.txt", FIRST), write("final.txt", FINAL), write("later.txt", LATER)]
    result = run("extract", "--book", book, *releases)
    assert result.code == 0, result.stderr
    text = result.stdout
    before, appended_part = text.split("\n  # Appended by `placements extract` from:\n")
    assert before == BOOK.split("\n# Options granted")[0].rstrip("\n") + "\n"
    final, later = releases[1:]
    assert appended_part.startswith(f"  #   {final}\n  #   {later}\n  - id: 2024-04-units-t2 ")
    assert text.endswith("\n\n" + BOOK.split("\n\n")[-1])
    assert ids(text) == ["march-first", "2024-04-units-t2", "2024-09-ft"]
    assert result.stderr == (
        f"placements extract: 2 tranches (2024-04-units-t2, 2024-09-ft) appended to {book} "
        f"from 3 releases; 14 terms quoted, 3 TODOs to review; {releases[0]} restates the "
        f"closing of 2024-03-01 (2,000,000 units at $0.10), already in {book}; {final} "
        f"restates the closing of 2024-03-01 (2,000,000 units at $0.10), already in {book}\n"
    )
    target = tmp_path / "out.yaml"
    target.write_text(text)
    assert run("check", target).code == 0


def test_appending_in_place_needs_force_and_is_whole(write):
    book = write("book.yaml", BOOK)
    later = write("later.txt", LATER)
    refused = run("extract", "--book", book, later, "-o", book)
    assert refused.code == 2
    assert book.read_text() == BOOK
    assert run("extract", "--book", book, later, "-o", book, "--force").code == 0
    assert ids(book.read_text()) == ["march-first", "2024-09-ft"]
    again = run("extract", "--book", book, later, "-o", book, "--force")
    assert again.code == 0
    assert ids(book.read_text()) == ["march-first", "2024-09-ft"]
    assert again.stderr.startswith(f"placements extract: no new tranche for {book} from 1 release")


@pytest.mark.parametrize(
    ("tranches", "expected"),
    [
        # items at the key's own column, and an empty flow list
        (
            "tranches:\n- id: 2024-09-ft\n  closed: 2024-09-13\n  units: 5\n  unit_price: 1\n",
            "\n- id: 2024-09-ft-2 ",
        ),
        ("tranches: []\n", "tranches:\n\n  # Appended by"),
        # no newline at the end, and a comment wrapped past the dashes continues the item
        (
            "tranches:\n  - {id: a, closed: 2024-01-01, units: 10, unit_price: 1}  # one\n"
            "                                                              # two",
            "# one\n" + " " * 62 + "# two\n\n  # Appended by",
        ),
    ],
)
def test_appending_to_other_layouts(write, tmp_path, tranches, expected):
    book = write("book.yaml", "issuer: {name: Juniper Hill Mines Ltd.}\n" + tranches)
    result = run("extract", "--book", book, write("later.txt", LATER))
    assert result.code == 0, result.stderr
    assert expected in result.stdout
    target = tmp_path / "out.yaml"
    target.write_text(result.stdout)
    assert run("check", target).code == 0
    assert ids(result.stdout)[-1].startswith("2024-09-ft")


def test_a_book_that_does_not_load_is_refused_with_its_location(write, tmp_path):
    book = write("book.yaml", BOOK.replace("unit_price: 0.10", "unit_price: free"))
    target = tmp_path / "out.yaml"
    result = run("extract", "--book", book, write("later.txt", LATER), "-o", target)
    assert result.code == 2
    assert f"{book}:11:17: tranches[0].unit_price:" in result.stderr
    assert not target.exists()


def test_a_flow_list_of_tranches_is_refused(write):
    flow = textwrap.dedent(
        """\
        issuer: {name: Juniper Hill Mines Ltd.}
        tranches: [{id: a, closed: 2024-03-01, units: 10, unit_price: 1}]
        """
    )
    book = write("book.yaml", flow)
    result = run("extract", "--book", book, write("later.txt", LATER))
    assert result.code == 2
    assert result.stderr == (
        f"{book}:2:11: tranches: --book needs a block list of tranches ('- id: ...' lines) to "
        "append to\n"
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("missing.yaml", None, "missing.yaml: no such book (got "),
        ("broken.yaml", "issuer: [\n", "broken.yaml:2:1: not valid YAML: "),
    ],
)
def test_a_book_that_cannot_be_read_exits_2_and_writes_nothing(
    write, tmp_path, name, text, message
):
    book = write(name, text) if text is not None else tmp_path / name
    target = tmp_path / "out.yaml"
    result = run("extract", "--book", book, write("later.txt", LATER), "-o", target)
    assert result.code == 2
    assert result.stderr.startswith(str(tmp_path / message))
    assert not target.exists()


def test_a_release_of_another_issuer_is_flagged_when_appended(write):
    book = write("book.yaml", BOOK)
    other = LATER.replace("Juniper Hill Mines Ltd.", "Cobalt Ridge Resources Ltd.")
    result = run("extract", "--book", book, write("other.txt", other))
    assert result.code == 0, result.stderr
    todo = "TODO: the releases name Cobalt Ridge Resources Ltd., but the book is Juniper Hill Mines Ltd.'s"
    assert f"\n  # {todo}\n  - id: 2024-09-ft " in result.stdout
    assert result.stderr.endswith(f"; {todo}\n")
