"""The terms command reproduces docs/design.md §Reference figures exactly."""

from conftest import SEED_BOOK, run


def terms_json():
    result = run("terms", SEED_BOOK, "--format", "json")
    assert result.code == 0, result.stderr
    document = result.json()
    return {tranche["id"]: tranche for tranche in document["tranches"]}, document["totals"]


def test_september_flow_through_tranche():
    tranches, _ = terms_json()
    assert tranches["2007-09-ft"] == {
        "id": "2007-09-ft",
        "closed": "2007-09-21",
        "units": 1800000,
        "unit_price": "0.20",
        "gross_proceeds": "360000.00",
        "cash_fees": "22375.00",
        "net_proceeds": "337625.00",
        "shares_issued": 1800000,
        "warrants": 900000,
        "finder_shares": 0,
        "finder_options": 0,
        "finder_units": 0,
        "free_trading_from": "2008-01-22",
        "exercise_schedule": [
            {"price": "0.30", "from": "2007-09-21", "to": "2008-09-21"},
            {"price": "0.35", "from": "2008-09-22", "to": "2009-09-21"},
        ],
        "expiry": "2009-09-21",
        "flow_through": True,
        "acceleration": None,
        "finder_options_into": None,
        "finder_option_schedule": None,
        "finder_option_expiry": None,
    }


def test_november_mineralfields_tranche():
    tranches, _ = terms_json()
    assert tranches["2007-11-mf-t4"] == {
        "id": "2007-11-mf-t4",
        "closed": "2007-11-22",
        "units": 2675194,
        "unit_price": "0.18",
        "gross_proceeds": "481534.92",
        "cash_fees": "9630.70",
        "net_proceeds": "471904.22",
        "shares_issued": 2728697,
        "warrants": 2675194,
        "finder_shares": 53503,
        "finder_options": 267519,
        "finder_units": 0,
        "free_trading_from": "2008-03-23",
        "exercise_schedule": [
            {"price": "0.25", "from": "2007-11-22", "to": "2008-11-22"},
            {"price": "0.30", "from": "2008-11-23", "to": "2009-11-22"},
        ],
        "expiry": "2009-11-22",
        "flow_through": True,
        "acceleration": None,
        "finder_options_into": "shares",
        "finder_option_schedule": [
            {"price": "0.25", "from": "2007-11-22", "to": "2008-11-22"},
            {"price": "0.30", "from": "2008-11-23", "to": "2009-11-22"},
        ],
        "finder_option_expiry": "2009-11-22",
    }


def test_totals_of_both_tranches():
    _, totals = terms_json()
    assert totals == {
        "units": 4475194,
        "gross_proceeds": "841534.92",
        "cash_fees": "32005.70",
        "net_proceeds": "809529.22",
        "shares_issued": 4528697,
        "warrants": 3575194,
        "finder_shares": 53503,
        "finder_options": 267519,
        "finder_units": 0,
    }


def test_table_shows_each_tranche_and_totals():
    result = run("terms", SEED_BOOK)
    assert result.code == 0
    lines = result.stdout.splitlines()
    september = next(line for line in lines if line.startswith("2007-09-ft"))
    assert september.split()[:13] == [
        "2007-09-ft",
        "2007-09-21",
        "1,800,000",
        "0.20",
        "360,000.00",
        "22,375.00",
        "337,625.00",
        "1,800,000",
        "900,000",
        "0",
        "0",
        "2008-01-22",
        "0.30",
    ]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == [
        "Total",
        "4,475,194",
        "841,534.92",
        "32,005.70",
        "809,529.22",
        "4,528,697",
        "3,575,194",
        "53,503",
        "267,519",
    ]
    assert "0.35 to 2009-09-21" in result.stdout


def test_notes_explain_rounded_figures():
    result = run("terms", SEED_BOOK)
    assert "53,503.88 finder's shares rounded down to 53,503" in result.stdout
    assert "267,519.4 finder's options rounded down to 267,519" in result.stdout
    assert "cash fees of 9,630.6984 rounded to the cent, 9,630.70" in result.stdout


def test_without_a_book_uses_the_bundled_example_and_says_so():
    result = run("terms", "--format", "json")
    assert result.code == 0
    assert result.json()["totals"]["gross_proceeds"] == "841534.92"
    assert "bundled example" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_units_from_gross_proceeds_round_down_and_are_noted(write):
    book = write(
        "gross.yaml",
        """
        issuer: {name: Gross Co}
        tranches:
          - id: t1
            closed: 2007-11-22
            gross_proceeds: 481535
            unit_price: 0.18
            hold: none
        """,
    )
    result = run("terms", book, "--format", "json")
    tranche = result.json()["tranches"][0]
    assert tranche["units"] == 2675194
    assert tranche["gross_proceeds"] == "481534.92"
    assert tranche["free_trading_from"] == "2007-11-22"
    assert result.json()["notes"][0]["note"] == (
        "t1: units = floor(481535 gross / 0.18 per unit) = 2,675,194, "
        "as only gross proceeds are stated"
    )


def test_several_classes_closing_the_same_day(write):
    book = write(
        "classes.yaml",
        """
        issuer: {name: Two Classes Ltd.}
        tranches:
          - id: ft
            closed: 2024-03-15
            units: 1000000
            unit_price: 0.12
            unit: {flow_through: true, warrants: 0.5}
            warrant:
              exercise: [{price: 0.18, months: 24}]
            fees:
              cash: {percent: 7, amount: 500}
              options: {percent_of_units: 7, into: units, exercise: [{price: 0.12, months: 24}]}
          - id: hd
            closed: 2024-03-15
            units: 500001
            unit_price: 0.10
            unit: {warrants: 1}
            warrant:
              exercise: [{price: 0.15, months: 12}, {price: 0.20, until: 2026-03-15}]
            fees:
              shares: {count: 25000}
              units: {count: 10001}
            hold: {months: 4}
        """,
    )
    tranches = {t["id"]: t for t in run("terms", book, "-f", "json").json()["tranches"]}
    assert tranches["ft"]["gross_proceeds"] == "120000.00"
    assert tranches["ft"]["cash_fees"] == "8900.00"
    assert tranches["ft"]["net_proceeds"] == "111100.00"
    assert tranches["ft"]["warrants"] == 500000
    assert tranches["ft"]["finder_options"] == 70000
    assert tranches["hd"]["shares_issued"] == 500001 + 25000 + 10001
    assert tranches["hd"]["warrants"] == 500001 + 10001
    assert tranches["hd"]["finder_units"] == 10001
    assert tranches["hd"]["exercise_schedule"] == [
        {"price": "0.15", "from": "2024-03-15", "to": "2025-03-15"},
        {"price": "0.20", "from": "2025-03-16", "to": "2026-03-15"},
    ]
    assert tranches["hd"]["free_trading_from"] == "2024-07-16"
