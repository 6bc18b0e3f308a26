"""Whole releases, written for these tests, drafted through the CLI and checked figure by figure."""

import pytest
import yaml
from conftest import run

TWO_CLASSES = """
Northwind Lithium Corp.
TSX-V: NWL

March 4, 2024

VANCOUVER - Northwind Lithium Corp. (the "Issuer") reports that on March 1, 2024 it
completed the second tranche of its non-brokered offering, selling 3,000,000 hard dollar
units ("HD Units") at 5 cents per HD Unit and 1,250,000 flow-through units ("FT Units") at
C$0.08 per FT Unit.

Each HD Unit consists of one common share and one whole share purchase warrant. Each FT Unit
consists of one flow-through share and one half of one warrant. Each warrant may be
exercised at $0.10 for 24 months after the closing.

The Issuer paid $4,500 in cash to an arm's length finder. All securities issued are subject
to a four month and one day hold period.
"""

LIFE_OFFERING = """
Cobalt Ridge Resources Ltd.
CSE: CRR

June 17, 2025

Cobalt Ridge Resources Ltd. announces that it closed its offering on June 15, 2025, issuing
4,000,000 units at a price of $0.45 per unit for gross proceeds of $1,800,000. Each unit
comprises one common share and one transferable warrant. Each warrant entitles the holder to
buy one share at $0.50 for 18 months and at $0.60 for the following 6 months, expiring
June 15, 2027.

If the shares close at or above $0.90 for ten (10) consecutive trading days, the Company may
accelerate the expiry of the warrants to the 30th day after it gives notice.

The agent received a cash commission equal to 6% of the gross proceeds and 240,000
compensation warrants, each exercisable at $0.45 for two years. The units were offered under
the listed issuer financing exemption and are not subject to a hold period.
"""

GROSS_ONLY = """
Tamarack Gold Inc. (TSXV: TMK) - October 9, 2023

Tamarack Gold Inc. has closed a private placement of units for gross proceeds of $250,000.
The units were priced at $0.125 per unit. Each unit is made up of one common share and
one-half of one non-transferable common share purchase warrant. Each whole warrant is
exercisable at $0.20 per share for the first twelve months and thereafter at $0.25 until the
second anniversary of the closing. A finder received 40,000 common shares and 20,000
finder's units. The securities are subject to a hold period expiring on February 7, 2024.
"""

BROKER_UNITS = """
Pelican Bay Minerals Ltd.

January 22, 2026

Pelican Bay Minerals Ltd. (the "Company") (CSE: PBM) is pleased to report the closing, on
January 20, 2026, of a private placement of 6,500,000 units at twelve cents per unit. Each
unit consists of one share and one warrant to purchase a further share at 20 cents until
January 20, 2028.

In consideration for its services, Harbour Securities Inc. was paid a cash fee equal to 7%
of the proceeds raised from subscribers it introduced, and was issued broker warrants equal
to 7% of the units sold to those subscribers, each broker warrant exercisable into one unit
of the Company at Cdn$0.12 for a term of two (2) years.

The securities carry a statutory hold period of four months.
"""

NO_FEES = """
Glacier Peak Metals Inc.

February 12, 2025

Glacier Peak Metals Inc. (TSX Venture: GPM) has closed the first tranche of its private
placement, issuing 2,200,000 units at five cents per unit. Each unit consists of one share
and one warrant. Each warrant is exercisable at $0.08 for the first twelve months and
thereafter at $0.12 for a further twelve months. No finder's fees were paid in connection
with the first tranche. The shares issued are subject to a hold period of four months and
one day.
"""

TERMS_LEFT_OUT = """
Ironbark Energy Ltd.

May 2, 2024

Ironbark Energy Ltd. (CSE: IRB) is pleased to announce it has closed a non-brokered private
placement of 10,000,000 units at $0.02 per unit. Each unit consists of one common share and
one share purchase warrant. Finder's options equal to 5% of the units sold were issued to
Westgate Capital.
"""

THIRDS = """
Juniper Hill Mines Ltd. announced that on July 3, 2024 it completed an offering of 1,000,000
units priced at $0.30 each. Each unit consists of one common share and one-third of a
warrant. Each whole warrant is exercisable at $0.45 for 2 years. A cash commission of 8% was
paid. The securities are subject to a four month hold.
"""

SERIES_WARRANTS = """
Kestrel Bay Metals Inc. - June 3, 2026

Kestrel Bay Metals Inc. closed its placement on June 2, 2026, issuing 1,500,000 flow-through
units (the "FT Units") at $0.30 per FT Unit and 800,000 non flow-through units (the "NFT
Units") at $0.27 per NFT Unit. Each FT Unit consists of one flow-through share and one
Class A share purchase warrant. Each NFT Unit consists of one common share and one Class B
share purchase warrant. Each warrant may be exercised for 18 months from the closing. Each
Class A warrant is exercisable at $0.40 per share, and each Class B warrant is exercisable at
$0.36 per share.
"""

ROUND_FIGURES = """
Osprey Ridge Gold said this week that it had closed a placement of nearly 6.5 million
company units at C$0.20 each. Each unit is made up of one common share and one common share
purchase warrant exercisable at $0.30 for a period of three years.
"""

BOUGHT_DEAL = """
Harrier Lake Uranium Ltd. - August 12, 2026

Harrier Lake Uranium Ltd. closed its bought deal placement on August 12, 2026, issuing
5,000,000 units, including the underwriters' over-allotment option, at a price of $0.40 per
unit for aggregate gross proceeds to the Issuer of $2,000,000. Each unit consists of one
common share and one warrant. Each warrant is exercisable at $0.55 until August 12, 2028.
The underwriters received a cash commission of $120,000 and 300,000 compensation options.
Each compensation option is exercisable into one common share at $0.40 until August 12, 2028.
The securities are subject to a hold period expiring on December 13, 2026.
"""

TWO_OFFERINGS = """
Merlin Creek Silver Corp. - October 1, 2026

Merlin Creek Silver Corp. closed its brokered offering on September 30, 2026, selling
8,000,000 units at a price of $0.30 per Unit (the "Offering Price"). It also closed its
non-brokered offering, selling 2,000,000 Units at the Offering Price. In all it sold
10,000,000 Units at the Offering Price under the two offerings. Each Unit consists of one
common share and no warrant. The securities are subject to a four month hold period.
"""

RESTATED_TRANCHE = """
Wrenfield Copper Ltd. - November 20, 2026

Wrenfield Copper Ltd. announces that it has closed the second and final tranche of its
offering of units at a price of $0.50 per Unit. Each Unit consists of one common share and
one warrant exercisable at $0.70 for 24 months. The Company issued 2,000,000 Units in the
first tranche on October 2, 2026 for gross proceeds of $1,000,000 and a further 600,000 Units
in the second tranche for gross proceeds of $300,000. In connection with the second tranche,
the Company paid finders a cash fee of $18,000. The securities are subject to a four month
hold period.
"""

ON_THE_SAME_TERMS = """
Sandpiper Graphite Inc. - April 8, 2026

Sandpiper Graphite Inc. closed its brokered placement on April 7, 2026, selling 4,000,000
flow-through units (the "FT Units") at a price of $0.15 per FT Unit. Each FT Unit consists of
one flow-through share and one-half of one warrant. Each warrant is exercisable at $0.22 for
24 months. It also closed a non-brokered placement for gross proceeds of $60,000, the terms
of which are the same as those of the FT Units. All securities are subject to a four month
hold period.
"""


RELEASES = {
    "two-classes": TWO_CLASSES,
    "life": LIFE_OFFERING,
    "gross-only": GROSS_ONLY,
    "broker-units": BROKER_UNITS,
    "no-fees": NO_FEES,
    "terms-left-out": TERMS_LEFT_OUT,
    "thirds": THIRDS,
    "series": SERIES_WARRANTS,
    "round": ROUND_FIGURES,
    "bought-deal": BOUGHT_DEAL,
    "two-offerings": TWO_OFFERINGS,
    "restated": RESTATED_TRANCHE,
    "same-terms": ON_THE_SAME_TERMS,
}


def draft(write, text: str):
    """The release's draft: its YAML text, its JSON document, and the JSON's quotes by term."""
    path = write("release.txt", text)
    result = run("extract", path)
    assert result.code == 0, result.stderr
    document = run("extract", path, "--format", "json").json()
    quotes = {row["term"]: row for row in document["quotes"]}
    return result.stdout, document, quotes


def todos(document: dict) -> list[tuple[str, str]]:
    return [(row["term"], row["todo"]) for row in document["quotes"] if row["todo"]]


@pytest.mark.parametrize("name", RELEASES)
def test_every_draft_passes_check(write, tmp_path, name):
    path = write("release.txt", RELEASES[name])
    target = tmp_path / "draft.yaml"
    assert run("extract", path, "-o", target).code == 0
    result = run("check", target)
    assert result.code == 0, result.stdout


def test_two_classes_in_one_release(write):
    text, document, quotes = draft(write, TWO_CLASSES)
    hard, flow = document["tranches"]
    assert (hard["id"], flow["id"]) == ("2024-03-units-t2", "2024-03-ft-t2")
    assert (hard["closed"], flow["closed"]) == ("2024-03-01", "2024-03-01")
    assert (hard["units"], hard["unit_price"], hard["warrants"]) == (3000000, "0.05", 3000000)
    assert (flow["units"], flow["unit_price"], flow["warrants"]) == (1250000, "0.08", 625000)
    assert (hard["cash_fees"], flow["cash_fees"]) == ("4500.00", "0.00")
    assert hard["free_trading_from"] == "2024-07-02"
    assert flow["exercise_schedule"] == [
        {"price": "0.10", "from": "2024-03-01", "to": "2026-03-01"}
    ]
    assert quotes["tranches[0].unit_price"]["quote"] == "at 5 cents per HD Unit"
    assert quotes["tranches[1].unit_price"]["quote"] == "at C$0.08 per FT Unit"
    assert quotes["tranches[1].unit.warrants"]["quote"] == "one half of one warrant"
    assert quotes["tranches[0].hold"]["quote"] == "four month and one day"
    assert (
        "tranches[0].fees.cash",
        "stated once for the whole offering; split it across its tranches",
    ) in todos(document)
    assert (
        "    # fees: none                        # the fees stated once are on the first class"
        in text
    )


def test_a_life_offering_with_step_ups_acceleration_and_compensation_warrants(write):
    text, document, quotes = draft(write, LIFE_OFFERING)
    (tranche,) = document["tranches"]
    assert tranche["gross_proceeds"] == "1800000.00"
    assert tranche["cash_fees"] == "108000.00"
    assert tranche["finder_options"] == 240000
    assert tranche["free_trading_from"] == "2025-06-15"
    assert tranche["exercise_schedule"] == [
        {"price": "0.50", "from": "2025-06-15", "to": "2026-12-15"},
        {"price": "0.60", "from": "2026-12-16", "to": "2027-06-15"},
    ]
    book = yaml.safe_load(text)["tranches"][0]
    assert book["hold"] == "none"
    assert book["warrant"]["transferable"] is True
    assert str(book["warrant"]["expiry"]) == "2027-06-15"
    assert book["warrant"]["acceleration"] == {
        "trigger": 0.9,
        "trading_days": 10,
        "notice_days": 30,
        "after_hold": False,
    }
    assert book["fees"]["options"] == {"count": 240000, "exercise": [{"price": 0.45, "months": 24}]}
    assert quotes["tranches[0].hold"]["quote"] == "listed issuer financing exemption"
    assert quotes["tranches[0].warrant.acceleration"]["quote"] == (
        "$0.90 for ten (10) consecutive trading days; 30th day after"
    )
    assert todos(document) == []


def test_units_stated_only_as_gross_and_a_closing_inferred_from_the_hold(write):
    text, document, quotes = draft(write, GROSS_ONLY)
    (tranche,) = document["tranches"]
    assert tranche["closed"] == "2023-10-06"
    assert tranche["units"] == 2000000
    assert tranche["warrants"] == 1000000 + 10000
    assert tranche["finder_shares"] == 40000
    assert tranche["finder_units"] == 20000
    assert tranche["shares_issued"] == 2000000 + 20000 + 40000
    assert tranche["free_trading_from"] == "2024-02-07"
    assert tranche["exercise_schedule"] == [
        {"price": "0.20", "from": "2023-10-06", "to": "2024-10-06"},
        {"price": "0.25", "from": "2024-10-07", "to": "2025-10-06"},
    ]
    assert 'gross_proceeds: 250000              # "gross proceeds of $250,000"' in text
    assert todos(document) == [
        (
            "tranches[0].closed",
            "inferred: the release gives no closing date, and the hold ends 2024-02-07, "
            "4 months and a day after 2023-10-06 (the latest closing that fits)",
        ),
        (
            "tranches[0].gross_proceeds",
            "the release states only the gross proceeds; units are derived from them",
        ),
    ]
    assert quotes["tranches[0].hold"]["quote"] == "hold period expiring on February 7, 2024"


def test_fees_on_introduced_subscribers_and_broker_warrants_into_units(write):
    text, document, quotes = draft(write, BROKER_UNITS)
    (tranche,) = document["tranches"]
    assert tranche["closed"] == "2026-01-20"
    assert tranche["unit_price"] == "0.12"
    assert tranche["cash_fees"] is None  # a percent of a gross the release does not state
    assert tranche["finder_options"] == 455000
    assert tranche["exercise_schedule"] == [
        {"price": "0.20", "from": "2026-01-20", "to": "2028-01-20"}
    ]
    options = yaml.safe_load(text)["tranches"][0]["fees"]["options"]
    assert options == {
        "percent_of_units": 7,
        "into": "units",
        "exercise": [{"price": 0.12, "months": 24}],
    }
    introduced = (
        "paid only on the subscribers the finder introduced, which the release does not "
        "count; this overstates it"
    )
    assert "      cash: {percent: 7, of_gross: unknown} " in text
    base = (
        "a percent of only the gross from the purchasers the finder introduced, which the "
        "release does not state: set of_gross to that amount"
    )
    assert ("tranches[0].fees.cash", base) in todos(document)
    assert ("tranches[0].fees.options.percent_of_units", introduced) in todos(document)
    assert quotes["tranches[0].fees.options.into"]["quote"] == "exercisable into one unit"


def test_no_finders_fees_and_a_first_tranche(write):
    _, document, quotes = draft(write, NO_FEES)
    (tranche,) = document["tranches"]
    assert tranche["id"] == "2025-02-units-t1"
    assert tranche["gross_proceeds"] == "110000.00"
    assert tranche["cash_fees"] == "0.00"
    assert quotes["tranches[0].fees"] == {
        "tranche": "2025-02-units-t1",
        "term": "tranches[0].fees",
        "value": "none",
        "in_book": False,
        "quote": "No finder's fees",
        "todo": None,
    }
    assert [term for term, _ in todos(document)] == ["tranches[0].warrant.transferable"]


def test_terms_a_release_leaves_out_are_commented_out_and_flagged(write):
    text, document, quotes = draft(write, TERMS_LEFT_OUT)
    (tranche,) = document["tranches"]
    assert tranche["warrants"] == 0
    assert tranche["finder_options"] == 0
    assert (
        "    # warrant:                          # TODO: the release gives no exercise price or term for the"
        in text
    )
    assert (
        '        # percent_of_units: 5           # "Finder\'s options equal to 5% of the units sold"'
        in text
    )
    assert dict(todos(document))["tranches[0].hold"] == (
        "the release states no hold; the usual four months and a day is assumed"
    )
    assert dict(todos(document))["tranches[0].unit.warrants"] == (
        "the units carry 1 warrant each, but their terms below are incomplete; set this once "
        "they are complete"
    )
    assert quotes["tranches[0].fees.options.percent_of_units"]["in_book"] is False


def test_a_third_of_a_warrant_counts_whole_warrants_right(write):
    _, document, _ = draft(write, THIRDS)
    (tranche,) = document["tranches"]
    assert tranche["warrants"] == 333333
    assert tranche["cash_fees"] == "24000.00"
    assert tranche["exercise_schedule"] == [
        {"price": "0.45", "from": "2024-07-03", "to": "2026-07-03"}
    ]


@pytest.mark.parametrize(
    ("release", "old", "new", "term", "todo"),
    [
        (
            NO_FEES,
            "issuing 2,200,000 units at five cents per unit",
            "issuing 2,200,000 units for $120,000 at a price of five cents per unit",
            "tranches[0].unit_price",
            "the stated gross is $120,000; units x price is $110,000.00",
        ),
        (
            TWO_CLASSES,
            "subject\nto a four month and one day hold period.",
            "subject\nto a hold period expiring on July 1, 2024.",
            "tranches[0].hold",
            "the release gives the day the hold expires; if that is its last day, the first free "
            "day is the next",
        ),
        (
            NO_FEES,
            "No finder's fees were paid in connection\nwith the first tranche.",
            "Finder's fees of $9,000 were paid for the offering as a whole.",
            "tranches[0].fees.cash",
            "this may cover the whole offering, not only this tranche",
        ),
        (
            NO_FEES,
            "No finder's fees were paid in connection\nwith the first tranche.",
            "A finder received 900,000 common shares.",
            "tranches[0].fees.shares",
            "900,000 finder's shares would be more than a quarter of the 2,200,000 units sold; "
            "check that this figure is the finder's",
        ),
    ],
    ids=[
        "gross-disagrees",
        "hold-may-be-its-last-day",
        "fee-for-the-whole-offering",
        "finders-shares-too-many",
    ],
)
def test_what_a_release_leaves_unclear_is_flagged(write, release, old, new, term, todo):
    assert old in release
    _, document, _ = draft(write, release.replace(old, new))
    assert dict(todos(document))[term] == todo


FT_AND_NON_FT = """
Heron Lake Metals Inc. (TSXV: HLM)

May 5, 2025

Heron Lake Metals Inc. has closed its placement of 1,000,000 FT Units at $0.10 per FT Unit
and 2,000,000 non flow-through units (the "Non-FT Units") at $0.08 per Non-FT Unit. Each FT Unit consists of one
flow-through share and one warrant. Each Non-FT Unit consists of one common share and one
warrant. Each Warrant (part of a FT Unit or a Non-FT Unit) may be exercised at $0.15 for a
period of 18 months from the closing.
"""


def test_warrant_terms_that_name_both_classes_go_to_both(write):
    _, document, _ = draft(write, FT_AND_NON_FT)
    schedules = [tranche["exercise_schedule"] for tranche in document["tranches"]]
    assert [[step["price"] for step in schedule] for schedule in schedules] == [
        ["0.15"],
        ["0.15"],
    ]


def test_each_class_takes_its_own_series_and_the_term_of_another_sentence(write):
    _, document, quotes = draft(write, SERIES_WARRANTS)
    flow, hard = document["tranches"]
    assert (flow["units"], flow["warrants"], hard["units"], hard["warrants"]) == (
        1500000,
        1500000,
        800000,
        800000,
    )
    assert flow["exercise_schedule"] == [
        {"price": "0.40", "from": "2026-06-02", "to": "2027-12-02"}
    ]
    assert hard["exercise_schedule"] == [
        {"price": "0.36", "from": "2026-06-02", "to": "2027-12-02"}
    ]
    assert quotes["tranches[0].warrant.exercise"]["quote"] == "18 months from the closing"


def test_an_undated_rewrite_with_a_round_count_is_drafted_with_todos(write):
    _, document, _ = draft(write, ROUND_FIGURES)
    (tranche,) = document["tranches"]
    assert (tranche["closed"], tranche["units"], tranche["unit_price"]) == (
        "1900-01-01",
        6500000,
        "0.20",
    )
    assert tranche["exercise_schedule"] == [
        {"price": "0.30", "from": "1900-01-01", "to": "1903-01-01"}
    ]
    assert (
        "tranches[0].closed",
        "the release states no date at all; 1900-01-01 stands in for "
        "the closing: set the real one before using any date of this tranche",
    ) in todos(document)
    assert (
        "tranches[0].units",
        'the release gives only a round figure ("nearly"); set the units issued',
    ) in todos(document)


def test_an_over_allotment_option_is_neither_a_fee_nor_the_agents_options(write):
    _, document, _ = draft(write, BOUGHT_DEAL)
    (tranche,) = document["tranches"]
    assert tranche["cash_fees"] == "120000.00"
    assert tranche["finder_options"] == 300000
    assert tranche["finder_option_schedule"] == [
        {"price": "0.40", "from": "2026-08-12", "to": "2028-08-12"}
    ]


def test_a_second_offering_at_the_named_price_and_the_total_of_both_is_no_class(write):
    _, document, quotes = draft(write, TWO_OFFERINGS)
    assert [(t["units"], t["unit_price"]) for t in document["tranches"]] == [
        (8000000, "0.30"),
        (2000000, "0.30"),
    ]
    assert quotes["tranches[1].unit_price"]["quote"] == '$0.30 per Unit (the "Offering Price")'


def test_a_restated_earlier_tranche_keeps_its_own_day_and_takes_no_fee(write):
    _, document, quotes = draft(write, RESTATED_TRANCHE)
    first, second = document["tranches"]
    assert [(t["id"], t["closed"], t["units"], t["unit_price"]) for t in (first, second)] == [
        ("2026-10-units-t1", "2026-10-02", 2000000, "0.50"),
        ("2026-11-units-t2", "2026-11-20", 600000, "0.50"),
    ]
    assert (first["cash_fees"], second["cash_fees"]) == ("0.00", "18000.00")
    assert quotes["tranches[0].closed"]["quote"] == "on October 2, 2026"
    assert first["free_trading_from"] == "2027-02-03"


def test_a_sale_on_the_terms_of_a_class_is_drafted_as_its_gross_at_that_price(write):
    _, document, _ = draft(write, ON_THE_SAME_TERMS)
    brokered, other = document["tranches"]
    assert (brokered["units"], brokered["unit_price"]) == (4000000, "0.15")
    assert (other["gross_proceeds"], other["unit_price"], other["units"]) == (
        "60000.00",
        "0.15",
        400000,
    )
    assert other["exercise_schedule"] == [
        {"price": "0.22", "from": "2026-04-07", "to": "2028-04-07"}
    ]
    assert (
        "tranches[1].unit_price",
        'the price of the "FT Units", on whose terms the release says this sale was made',
    ) in todos(document)


def test_a_class_that_adds_up_the_others_at_other_prices_is_a_class(write):
    release = (
        "Pika Resources Corp. closed its placement on May 1, 2026, selling 1,000,000 units at "
        "$0.10 per unit, 1,000,000 FT units at $0.12 per FT unit and 2,000,000 HD units at "
        "$0.11 per HD unit.\n"
    )
    _, document, _ = draft(write, release)
    assert [t["units"] for t in document["tranches"]] == [1000000, 1000000, 2000000]


def test_a_restated_tranche_does_not_take_this_closings_hold_date(write):
    release = RESTATED_TRANCHE.replace(
        "subject to a four month\nhold period.",
        "subject to a hold period expiring on March 21, 2027.",
    )
    _, document, _ = draft(write, release)
    first, second = document["tranches"]
    assert (first["free_trading_from"], second["free_trading_from"]) == ("2027-02-03", "2027-03-21")
    assert (
        "tranches[0].hold",
        "the hold date the release states is this closing's; an earlier tranche's hold runs "
        "from its own closing (four months and a day assumed)",
    ) in todos(document)
