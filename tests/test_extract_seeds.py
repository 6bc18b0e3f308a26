"""extract on the seed releases: the seed book's terms, figure for figure, and honest TODOs."""

from datetime import date

import pytest
import yaml
from conftest import ROOT, SEED_BOOK, run

SEEDS = ROOT / "seeds"
SEPTEMBER = SEEDS / "001_cc6d11cc4f05d607.txt"
NOVEMBER = SEEDS / "000_401a3251704480ad.txt"
NO_FINANCING = [SEEDS / "002_1442e76f44f3198b.txt", SEEDS / "003_bb133b7fda65d9c1.txt"]


def figures(document: dict) -> list[dict]:
    """The terms of each tranche without its id: generated ids need not match the book's."""
    return [{k: v for k, v in tranche.items() if k != "id"} for tranche in document["tranches"]]


def seed_book_terms() -> dict:
    result = run("terms", SEED_BOOK, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def draft_terms(tmp_path, *releases) -> dict:
    """Draft a book, write it, and read its terms back as `placements terms` prints them."""
    target = tmp_path / "draft.yaml"
    result = run("extract", *releases, "-o", target)
    assert result.code == 0, result.stderr
    terms = run("terms", target, "--format", "json")
    assert terms.code == 0, terms.stderr
    return terms.json()


def test_the_september_release_gives_the_2007_09_ft_tranche(tmp_path):
    (drafted,) = figures(draft_terms(tmp_path, SEPTEMBER))
    assert drafted == figures(seed_book_terms())[0]
    assert drafted["units"] == 1800000
    assert drafted["unit_price"] == "0.20"
    assert drafted["warrants"] == 900000
    assert drafted["cash_fees"] == "22375.00"
    assert drafted["closed"] == "2007-09-21"
    assert drafted["free_trading_from"] == "2008-01-22"
    assert drafted["exercise_schedule"] == [
        {"price": "0.30", "from": "2007-09-21", "to": "2008-09-21"},
        {"price": "0.35", "from": "2008-09-22", "to": "2009-09-21"},
    ]


def test_the_november_release_gives_the_mineralfields_tranche(tmp_path):
    (drafted,) = figures(draft_terms(tmp_path, NOVEMBER))
    assert drafted == figures(seed_book_terms())[1]
    assert drafted["closed"] == "2007-11-22"
    assert drafted["units"] == 2675194
    assert drafted["cash_fees"] == "9630.70"
    assert drafted["finder_shares"] == 53503
    assert drafted["finder_options"] == 267519
    assert drafted["free_trading_from"] == "2008-03-23"


def test_both_releases_give_one_book_with_the_seed_books_figures(tmp_path):
    drafted = draft_terms(tmp_path, NOVEMBER, SEPTEMBER)
    seed = seed_book_terms()
    assert figures(drafted) == figures(seed)
    assert drafted["totals"] == seed["totals"]
    assert drafted["totals"]["net_proceeds"] == "809529.22"
    assert [tranche["id"] for tranche in drafted["tranches"]] == ["2007-09-ft", "2007-11-ft-t4"]


def test_json_gives_the_terms_contract_and_the_quotes():
    result = run("extract", SEPTEMBER, "--format", "json")
    assert result.code == 0, result.stderr
    document = result.json()
    assert figures(document) == figures(seed_book_terms())[:1]
    assert document["totals"]["gross_proceeds"] == "360000.00"
    quotes = {row["term"]: row for row in document["quotes"]}
    assert quotes["tranches[0].units"]["quote"] == "1,800,000 units"
    assert quotes["tranches[0].unit.warrants"]["quote"] == (
        "one-half non-transferable common share purchase warrant"
    )
    assert quotes["tranches[0].warrant.exercise[0]"] == {
        "tranche": "2007-09-ft",
        "term": "tranches[0].warrant.exercise[0]",
        "value": "{price: 0.30, months: 12}",
        "in_book": True,
        "quote": "Cdn$0.30 for the first twelve months",
        "todo": None,
    }
    assert quotes["tranches[0].fees.cash"]["quote"] == "cash commission of $22,375"
    assert quotes["tranches[0].hold"]["quote"] == "not be traded for a period of four months"


def test_a_closing_date_taken_from_the_release_date_is_marked_inferred(tmp_path):
    text = run("extract", SEPTEMBER).stdout
    assert (
        '    closed: {date: 2007-09-21, inferred: "the release states no closing date; its own '
        'date is taken"} # "September 21, 2007"\n'
    ) in text
    document = run("extract", SEPTEMBER, "--format", "json").json()
    (closed,) = [row for row in document["quotes"] if row["term"] == "tranches[0].closed"]
    assert closed["quote"] == "September 21, 2007"
    assert closed["todo"] is None
    assert document["todos"] == 0
    target = tmp_path / "draft.yaml"
    target.write_text(text, encoding="utf-8")
    checked = run("check", target).stdout
    assert "the closing date 2007-09-21 is inferred (the release states no closing date" in checked


def test_a_closing_date_inferred_from_the_hold_is_flagged():
    text = run("extract", NOVEMBER).stdout
    assert (
        '    closed: 2007-11-22                  # "not be traded before March 23, 2008"\n' in text
    )
    assert "# TODO: inferred: the release gives no closing date, and the\n" in text
    assert "# hold ends 2008-03-23, 4 months and a day after 2007-11-22\n" in text


def test_the_draft_quotes_each_term_as_the_seed_book_does():
    text = run("extract", NOVEMBER).stdout
    book = yaml.safe_load(text)
    (tranche,) = book["tranches"]
    assert tranche["fees"] == {
        "cash": {"percent": 2},
        "shares": {"percent_of_units": 2},
        "options": {"percent_of_units": 10, "terms": "same_as_warrants"},
    }
    assert tranche["hold"] == {"until": date(2008, 3, 23)}
    for words in (
        '# "2,675,194 flow-through units ("FT Units")"',
        '# "at a price of $0.18 per FT Unit"; "gross proceeds of',
        '# "$0.25 for a period of 12 months from the closing date"',
        '# "$0.30 for an additional period of twelve months"',
        '# "same terms as the share purchase warrants"',
        "# the stated gross is $481,535; units x price is",
    ):
        assert words in text


def test_the_summary_is_one_line_on_stderr():
    result = run("extract", NOVEMBER, SEPTEMBER)
    assert result.stderr == (
        "placements extract: 2 tranches (2007-09-ft, 2007-11-ft-t4) from 2 releases; "
        "28 terms quoted, 1 TODO to review\n"
    )


@pytest.mark.parametrize("release", NO_FINANCING, ids=lambda path: path.name)
def test_a_release_with_no_financing_exits_1_and_writes_nothing(tmp_path, release):
    target = tmp_path / "book.yaml"
    result = run("extract", release, "-o", target)
    assert result.code == 1
    assert result.stdout == ""
    assert (
        result.stderr == f"placements extract: no financing found in {release}; nothing written\n"
    )
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_releases_without_financing_are_named_beside_those_with_one():
    result = run("extract", SEPTEMBER, *NO_FINANCING)
    assert result.code == 0
    assert result.stderr.endswith(f"; no financing in {NO_FINANCING[0]}, {NO_FINANCING[1]}\n")
    assert "#   " + str(NO_FINANCING[0]) + "  (release of 2007-12-18; 0 tranches)" in result.stdout


@pytest.mark.parametrize(
    ("releases", "warnings"),
    [([SEPTEMBER], 1), ([NOVEMBER], 0), ([NOVEMBER, SEPTEMBER], 1)],
    ids=["001", "000", "both"],
)
def test_each_draft_passes_check(tmp_path, releases, warnings):
    """Clean, but for the warning that September's closing is inferred from its release date."""
    target = tmp_path / "draft.yaml"
    assert run("extract", *releases, "-o", target).code == 0
    result = run("check", target)
    assert result.code == 0, result.stdout
    assert ("all clean" in result.stdout) is (warnings == 0)
    assert result.stdout.count("is inferred (the release states no closing date") == warnings


def test_output_is_written_whole_and_an_existing_file_is_kept(tmp_path):
    target = tmp_path / "book.yaml"
    assert run("extract", SEPTEMBER, "-o", target).code == 0
    assert target.read_text(encoding="utf-8") == run("extract", SEPTEMBER).stdout
    again = run("extract", NOVEMBER, "-o", target)
    assert again.code == 2
    assert "already exists; pass --force to replace it" in again.stderr
    assert "2007-09-ft" in target.read_text(encoding="utf-8")
    assert run("extract", NOVEMBER, "-o", target, "--force").code == 0
    assert "2007-11-ft-t4" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("format", ["table", "markdown", "csv", "json", "html", "yaml"])
def test_extract_takes_every_format(format):
    result = run("extract", SEPTEMBER, "--format", format)
    assert result.code == 0, result.stderr
    assert "2007-09-ft" in result.stdout


def test_the_readable_formats_show_the_quotes_beside_the_terms():
    text = run("extract", SEPTEMBER, "--format", "table").stdout
    assert text.startswith("Draft book from 1 release: Rocmec Mining Inc.\n")
    assert "Quotes and TODOs" in text
    assert "Cdn$0.30 for the first twelve months" in text
