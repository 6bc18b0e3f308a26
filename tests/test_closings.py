"""Issue 12: real closings, as releases state them. Each term through the CLI's JSON, exactly.

The books here are invented; their phrasings and figures come from no release.
"""

from conftest import ROOT, run

EXAMPLE_BOOK = ROOT / "seeds" / "example-offering.yaml"
EXAMPLE_SCENARIO = ROOT / "scenarios" / "example-offering.yaml"


def ok_json(*args):
    result = run(*args, "--format", "json")
    assert result.code == 0, result.stdout + result.stderr
    return result.json()


def check_json(path):
    result = run("check", path, "--format", "json")
    return result.code, result.json()


def warnings_of(path):
    code, document = check_json(path)
    assert code == 0, document
    return [row["warning"] for row in document.get("warnings", [])]


def notes_of(document):
    return [note["note"] for note in document.get("notes", [])]


# 3. gross stated alongside units

STATED_GROSS = """
    issuer: {name: Stated Gross Corp}
    tranches:
      - id: t
        closed: 2024-06-14
        units: 7312407
        unit_price: 0.45
        gross_proceeds: %s
"""


def test_a_stated_gross_beside_units_is_noted_and_the_computed_gross_is_used(write):
    path = write("book.yaml", STATED_GROSS % "3290583")
    document = ok_json("terms", path)
    (tranche,) = document["tranches"]
    assert tranche["units"] == 7312407
    assert tranche["gross_proceeds"] == "3290583.15"
    (closing,) = document["closings"]
    assert closing["stated_gross"] == "3290583.00"
    assert closing["gross_difference"] == "0.15"
    assert (
        "t: 7,312,407 units x 0.45 = 3,290,583.15, the gross used; the release states "
        "3,290,583 (+0.15)" in notes_of(document)
    )
    assert warnings_of(path) == []  # within a dollar: noted, not warned about


def test_a_stated_gross_more_than_a_dollar_off_is_a_warning_not_an_error(write):
    path = write("book.yaml", STATED_GROSS % "3290580")
    assert ok_json("terms", path)["closings"][0]["gross_difference"] == "3.15"
    (warning,) = warnings_of(path)
    assert warning == (
        "the stated gross differs from units x unit price by 3.15 "
        "(got 3,290,580 stated; expected 3,290,583.15 computed, which is used)"
    )


def test_a_book_without_new_terms_has_no_new_tables():
    document = ok_json("terms", ROOT / "seeds" / "rocmec.yaml")
    assert set(document) == {"book", "issuer", "tranches", "totals", "securities", "notes"}


# 1. a closing date that is not stated

INFERRED = """
    issuer: {name: Inferred Corp}
    tranches:
      - id: t
        closed: %s
        hold: %s
        units: 1000000
        unit_price: 0.10
        unit: {warrants: 1}
        warrant:
          exercise: [{price: 0.15, months: 24}]
"""


def test_a_closing_inferred_from_the_hold_date_is_the_latest_day_that_gives_it(write):
    # Oct 28 to 31, 2024, plus four months are all Feb 28, 2025: all give Mar 1
    path = write("book.yaml", INFERRED % ("{inferred: from the hold date}", "{until: 2025-03-01}"))
    document = ok_json("terms", path)
    (tranche,) = document["tranches"]
    assert tranche["closed"] == "2024-10-31"
    assert tranche["free_trading_from"] == "2025-03-01"
    assert tranche["expiry"] == "2026-10-31"
    assert document["closings"][0]["closed_inferred"] == "from the hold date"
    assert (
        "t: closing 2024-10-31 is inferred (from the hold date): the latest day whose "
        "four-month hold gives the stated 2025-03-01 (2024-10-28 to 2024-10-31 all give it)"
        in notes_of(document)
    )
    events = ok_json("calendar", path)["events"]
    assert events[0]["detail"] == (
        "units sold at 0.10; closing date inferred (from the hold date, the latest day the "
        "hold allows)"
    )
    (warning,) = warnings_of(path)
    assert warning == (
        "the closing date 2024-10-31 is inferred (from the hold date); the closing's place in "
        "share counts and exercise step ends counted in months rest on it"
    )


def test_a_closing_inferred_from_the_release_date_keeps_its_date(write):
    closed = "{date: 2024-10-15, inferred: the release date}"
    path = write("book.yaml", INFERRED % (closed, "{months: 4}"))
    document = ok_json("terms", path)
    assert document["tranches"][0]["closed"] == "2024-10-15"
    assert document["tranches"][0]["free_trading_from"] == "2025-02-16"
    assert document["closings"][0]["closed_inferred"] == "the release date"
    (warning,) = warnings_of(path)
    assert "the free-trading date" in warning and "the release date" in warning


def test_an_inferred_closing_that_misses_the_stated_hold_date_is_warned_about(write):
    closed = "{date: 2024-10-15, inferred: the release date}"
    (warning,) = [
        w
        for w in warnings_of(write("book.yaml", INFERRED % (closed, "{until: 2025-03-01}")))
        if "does not give" in w
    ]
    assert warning == (
        "the inferred closing does not give the stated hold date with a four-month hold "
        "(got 2024-10-15, free from 2025-02-16; expected a closing whose hold ends the day "
        "before 2025-03-01)"
    )


def test_finder_options_own_terms_keep_their_location(write):
    book = HOLDS.replace(
        "exercise: [{price: 0.10, months: 24}]",
        "exercise: [{price: 0.10, months: 24}]\n            expiry: 2026-01-01",
    )
    result = run("terms", write("book.yaml", book))
    assert result.code == 2
    assert (
        "book.yaml:15:17: tranches[0].fees.options.expiry: the expiry does not match the "
        "schedule (got 2026-01-01; expected the last step's last day, 2026-03-15)"
    ) in result.stderr


def test_an_inferred_closing_needs_a_date_or_a_hold_date_that_gives_one(write):
    # a four-month hold never ends on June 30, so no closing gives a first free day of July 1
    path = write("book.yaml", INFERRED % ("{inferred: from the hold date}", "{until: 2025-07-01}"))
    result = run("terms", path)
    assert result.code == 2
    assert (
        "tranches[0].closed: no closing date, and none follows from the hold "
        "(got hold until 2025-07-01;" in result.stderr
    )


# 2. offering-level figures; 8. an aggregate with unknown earlier tranches

OFFERING = """
    issuer: {name: Offering Corp}
    offerings:
      - id: o
        gross_proceeds: 310000
        units: 3000000
        fees:
          cash: {amount: 1000}
          options: {count: 90000, exercise: [{price: 0.15, months: 24}]}
      - id: agg
        gross_proceeds: 9000000
        units: 45000000
        earlier_tranches: unknown
        fees:
          cash: {amount: 50000}
    tranches:
      - {id: a, offering: o, closed: 2024-02-01, units: 1000000, unit_price: 0.10,
         fees: {cash: {percent: 5}}}
      - {id: b, offering: o, closed: 2024-02-15, units: 1000000, unit_price: 0.10}
      - {id: c, offering: o, closed: 2024-03-01, units: 1000000, unit_price: 0.10}
      - {id: final, offering: agg, closed: 2024-05-01, units: 10000000, unit_price: 0.20}
"""


def test_offering_cash_fees_are_allocated_pro_rata_by_largest_remainder(write):
    document = ok_json("terms", write("book.yaml", OFFERING))
    # 1,000.00 in three equal parts: 333.33 each, the cent left over to the first (a tie)
    fees = {row["id"]: row["cash_fees"] for row in document["tranches"]}
    assert fees == {"a": "5333.34", "b": "333.33", "c": "333.33", "final": "0.00"}
    closings = {row["id"]: row for row in document["closings"]}
    assert closings["a"]["own_cash_fees"] == "5000.00"
    assert closings["a"]["offering_cash_fees"] == "333.34"
    assert document["tranches"][0]["net_proceeds"] == "94666.66"
    offerings = {row["id"]: row for row in document["offerings"]}
    assert offerings["o"] == {
        "id": "o",
        "tranches": 3,
        "earlier_tranches": None,
        "stated_gross": "310000.00",
        "tranche_gross": "300000.00",
        "gross_difference": "-10000.00",
        "stated_units": 3000000,
        "tranche_units": 3000000,
        "units_difference": 0,
        "cash_fees": "1000.00",
        "allocated_cash_fees": "1000.00",
        "finder_shares": 0,
        "finder_options": 90000,
    }


def test_an_aggregate_with_unknown_earlier_tranches_is_flagged_and_not_split(write):
    path = write("book.yaml", OFFERING)
    document = ok_json("terms", path)
    aggregate = {row["id"]: row for row in document["offerings"]}["agg"]
    assert aggregate["earlier_tranches"] == "unknown"
    assert aggregate["units_difference"] == -35000000
    assert aggregate["gross_difference"] == "-7000000.00"
    assert aggregate["cash_fees"] == "50000.00"
    assert aggregate["allocated_cash_fees"] is None
    assert {row["id"]: row for row in document["tranches"]}["final"]["cash_fees"] == "0.00"
    # the reconciliation warns about the offering with every tranche listed, not the aggregate
    (warning,) = warnings_of(path)
    assert warning == (
        "the listed tranches' gross differs from the offering's stated gross by -10,000.00 "
        "(got 310,000 stated; expected 300,000.00 from the tranches)"
    )


def test_offering_finder_options_are_a_series_of_the_offering(write):
    path = write("book.yaml", OFFERING)
    document = ok_json("securities", path, "--as-of", "2024-06-30", "--price", "0.20")
    series = {row["series"]: row for row in document["series"]}
    assert series["o/finder-options"]["count"] == 90000
    assert series["o/finder-options"]["expiry"] == "2026-03-01"
    # 13,000,000 shares; 90,000 options at 0.15: floor(90,000 x 0.05 / 0.20) = 22,500
    assert document["share_counts"]["basic"] == 13000000
    assert document["share_counts"]["fully_diluted"] == 13090000
    assert document["share_counts"]["tsm_diluted"] == 13022500


def test_an_unknown_offering_is_an_error(write):
    path = write("book.yaml", OFFERING.replace("offering: agg", "offering: nope"))
    result = run("terms", path)
    assert result.code == 2
    assert "tranches[3].offering: no such offering (got nope; expected an id under" in (
        result.stderr
    )


# 4. a fee on part of the offering

FEE_BASE = """
    issuer: {name: Fee Base Corp}
    tranches:
      - id: t
        closed: 2024-04-02
        units: 5000000
        unit_price: 0.50
        fees:
          cash: %s
"""


def test_a_fee_on_a_stated_part_of_the_gross(write):
    document = ok_json("terms", write("book.yaml", FEE_BASE % "{percent: 8, of_gross: 1250000}"))
    assert document["tranches"][0]["cash_fees"] == "100000.00"  # 8% of 1,250,000, not 2,500,000
    assert document["tranches"][0]["net_proceeds"] == "2400000.00"
    assert document["closings"][0]["fee_base"] == "1250000.00"


def test_a_fee_on_a_number_of_units(write):
    document = ok_json("terms", write("book.yaml", FEE_BASE % "{percent: 8, of_units: 1000000}"))
    assert document["tranches"][0]["cash_fees"] == "40000.00"  # 8% of 1,000,000 x 0.50
    assert document["closings"][0]["fee_base"] == "500000.00"


def test_a_fee_on_an_unknown_part_is_unknown(write):
    path = write("book.yaml", FEE_BASE % "{percent: 8, of_gross: unknown, amount: 500}")
    document = ok_json("terms", path)
    tranche = document["tranches"][0]
    assert (tranche["gross_proceeds"], tranche["cash_fees"], tranche["net_proceeds"]) == (
        "2500000.00",
        None,
        None,
    )
    assert document["totals"]["cash_fees"] is None
    assert document["totals"]["gross_proceeds"] == "2500000.00"
    assert (document["closings"][0]["fee_base"], document["closings"][0]["total_fees"]) == (
        None,
        None,
    )
    assert warnings_of(path) == ["the cash fee's base is unknown, so the fee is shown as unknown"]


def test_a_fee_base_needs_a_percent(write):
    result = run("terms", write("book.yaml", FEE_BASE % "{amount: 500, of_gross: 1000}"))
    assert result.code == 2
    assert "fees.cash.of_gross: a fee base needs a percent" in result.stderr


# 5. non-cash compensation at a deemed price

DEEMED = """
    issuer: {name: Deemed Corp}
    tranches:
      - id: t
        closed: 2024-04-02
        units: 2000000
        unit_price: 0.50
        fees:
          cash: {percent: 7}
          units: {count: 150000, deemed_price: 0.45}
          shares: {count: 100000, deemed_price: 0.45}
"""


def test_cash_and_non_cash_fees_at_deemed_value_and_their_total(write):
    document = ok_json("terms", write("book.yaml", DEEMED))
    closing = document["closings"][0]
    # 150,000 x 0.45 = 67,500.00 and 100,000 x 0.45 = 45,000.00
    assert (closing["cash_fees"], closing["non_cash_fees"], closing["total_fees"]) == (
        "70000.00",
        "112500.00",
        "182500.00",
    )
    tranche = document["tranches"][0]
    assert (tranche["finder_units"], tranche["finder_shares"], tranche["shares_issued"]) == (
        150000,
        100000,
        2250000,
    )
    assert tranche["net_proceeds"] == "930000.00"  # only cash comes off the gross


# 6. holds per security

HOLDS = """
    issuer: {name: Holds Corp}
    tranches:
      - id: t
        closed: 2024-03-15
        units: 1000000
        unit_price: 0.10
        unit: {warrants: 1}
        warrant:
          exercise: [{price: 0.15, months: 24}]
          hold: none
        fees:
          options:
            count: 70000
            exercise: [{price: 0.10, months: 24}]
            hold: {until: 2024-09-01}
"""


def test_each_security_may_carry_its_own_hold(write):
    path = write("book.yaml", HOLDS)
    document = ok_json("terms", path)
    closing = document["closings"][0]
    assert closing["free_trading_from"] == "2024-07-16"  # the shares: four months and a day
    assert closing["warrants_free_from"] == "2024-03-15"  # the hold covers the shares only
    assert closing["finder_options_free_from"] == "2024-09-01"
    events = [
        (row["date"], row["event"], row["subject"]) for row in ok_json("calendar", path)["events"]
    ]
    assert ("2024-07-16", "free trading", "t") in events
    assert ("2024-09-01", "free trading", "t/finder-options") in events


def test_warrants_without_a_hold_exercise_into_free_shares(write):
    book = write("book.yaml", HOLDS)
    scenario = write(
        "scenario.yaml",
        f"""
        book: {book}
        start: 2024-03-15
        end: 2024-04-30
        price: {{constant: 0.20}}
        exercise: {{policy: when_in_the_money}}
        """,
    )
    rows = {row["date"]: row for row in ok_json("run", scenario)["timeline"]}
    # exercised on 2024-03-15: 1,000,000 warrant shares free (no hold), 70,000 option shares held
    last = rows["2024-04-30"]
    assert last["basic"] == 2070000
    assert last["restricted"] == 1070000


# 7. acceleration as real warrants word it


def exercises_of(scenario):
    return [
        (row["date"], row["series"], row["count"], row["price"], row["proceeds"])
        for row in ok_json("run", scenario)["exercises"]
    ]


def test_an_optional_vwap_acceleration_the_issuer_gives_within_its_window():
    # 0.95 from 2025-09-15 exceeds 0.90; only days from the hold's end (2025-10-01) count, so
    # the tenth is 2025-10-14; notice on the last allowed day, 2025-10-24; expiry 30 days on
    document = ok_json("run", EXAMPLE_SCENARIO)
    assert document["exercises"][0] == {
        "date": "2025-11-23",
        "series": "2025-05-hd/warrants",
        "count": 3731203,
        "price": "0.60",
        "proceeds": "2238721.80",
    }
    assert (
        "2025-05-ft: its cash fee is on a part of the gross that is not stated, so the "
        "placements' net leaves it out and is an upper bound." in notes_of(document)
    )
    # 2,000,000.00 + (3,290,583.15 - 115,880.40) + (1,500,000.00 - 12,937.10 allocated)
    assert document["summary"]["placement_net"] == "6661765.65"
    assert (
        "2025-05-hd/warrants: VWAP was above 0.90 for 10 trading days to 2025-10-14; notice on "
        "2025-10-24, the last of the 10 days allowed, and 30 days to expiry; expiry moved from "
        "2027-05-31 to 2025-11-23." in notes_of(document)
    )


def test_a_scenario_may_have_the_issuer_waive_an_optional_acceleration(write):
    text = EXAMPLE_SCENARIO.read_text().replace("issuer: accelerates", "issuer: waives")
    text = text.replace("../seeds/example-offering.yaml", str(EXAMPLE_BOOK))
    found = exercises_of(write("waives.yaml", text))
    # the warrants run to term: exercised on the last day at 0.60, 2026-05-31 (price 0.80)
    assert found[0] == ("2026-05-31", "2025-05-hd/warrants", 3731203, "0.60", "2238721.80")


ACCELERABLE = """
    issuer: {name: Trigger Corp}
    tranches:
      - id: t
        closed: 2024-01-15
        units: 1000000
        unit_price: 0.20
        unit: {warrants: 1}
        hold: none
        warrant:
          exercise: [{price: 0.30, months: 24}]
          acceleration: {trigger: 0.40, trading_days: 5, notice_days: 30, %s}
"""


def accelerated_expiry(write, wording, issuer="accelerates"):
    book = write("book.yaml", ACCELERABLE % wording)
    scenario = write(
        "scenario.yaml",
        f"""
        book: {book}
        start: 2024-01-15
        end: 2024-12-31
        price: {{constant: 0.40}}
        acceleration: {{issuer: {issuer}}}
        """,
    )
    notes = notes_of(ok_json("run", scenario))
    return [note for note in notes if note.startswith("t/warrants:")]


def test_at_or_above_counts_a_price_on_the_trigger_and_exceeds_does_not(write):
    # 2024-01-15 is a Monday: the fifth trading day at 0.40 is 2024-01-19, expiry 30 days on
    assert accelerated_expiry(write, "test: at_or_above") == [
        "t/warrants: closed at or above 0.40 for 5 trading days to 2024-01-19; expiry moved "
        "from 2026-01-15 to 2024-02-18."
    ]
    assert accelerated_expiry(write, "test: exceeds") == []


def test_an_acceleration_the_issuer_must_give_is_not_waived(write):
    assert accelerated_expiry(write, "issuer: may", issuer="waives") == []
    assert accelerated_expiry(write, "issuer: must", issuer="waives") == [
        "t/warrants: closed at or above 0.40 for 5 trading days to 2024-01-19; expiry moved "
        "from 2026-01-15 to 2024-02-18."
    ]


def test_the_clause_wording_is_in_the_terms_json_only_where_stated(write):
    document = ok_json("terms", write("book.yaml", ACCELERABLE % "measure: vwap, test: exceeds"))
    assert document["tranches"][0]["acceleration"] == {
        "trigger": "0.40",
        "trading_days": 5,
        "notice_days": 30,
        "after_hold": False,
        "measure": "vwap",
        "test": "exceeds",
    }


# 9. convertible debentures


def test_debentures_in_the_terms():
    debenture = ok_json("terms", EXAMPLE_BOOK)["debentures"][0]
    assert debenture == {
        "id": "2025-06-cd",
        "issued": "2025-06-30",
        "principal": "1500000.00",
        "interest": "10.00",
        "conversion_schedule": [
            {"price": "0.25", "from": "2025-06-30", "to": "2026-06-30"},
            {"price": "0.30", "from": "2026-07-01", "to": "2027-06-30"},
        ],
        "maturity": "2027-06-30",
        "shares_on_conversion": 6000000,  # floor(1,500,000 / 0.25)
        "free_trading_from": "2025-10-31",
        "warrants": 3000000,
        "warrant_schedule": [{"price": "0.35", "from": "2025-06-30", "to": "2027-06-30"}],
        "warrant_expiry": "2027-06-30",
    }


def securities_on(day, price):
    return ok_json("securities", EXAMPLE_BOOK, "--as-of", day, "--price", price)


def test_debentures_count_in_fully_diluted_and_if_converted_in_the_treasury_method():
    document = securities_on("2025-07-01", "0.50")
    rows = {row["series"]: row for row in document["series"]}
    assert rows["2025-06-cd"]["count"] == 6000000
    assert rows["2025-06-cd"]["price_in_force"] == "0.25"
    assert rows["2025-06-cd"]["in_the_money"] is True
    assert rows["2025-06-cd/warrants"]["count"] == 3000000
    counts = document["share_counts"]
    # basic: 61,500,000 + 7,562,407 + 2,500,000 closed after the base count's day
    assert counts["basic"] == 71562407
    # + 3,731,203 + 218,000 + 300,000 + 3,000,000 warrants and options + 6,000,000 on conversion
    assert counts["fully_diluted"] == 84811610
    # 218,000 x 0.05 / 0.50 + 3,000,000 x 0.15 / 0.50 = 921,800, + 6,000,000 if converted
    assert counts["tsm_diluted"] == 78484207


def test_debentures_out_of_the_money_add_nothing_to_the_treasury_method():
    counts = securities_on("2025-07-01", "0.20")["share_counts"]
    assert (counts["fully_diluted"], counts["tsm_diluted"]) == (84811610, 71562407)


def test_a_stepped_up_conversion_price_converts_into_fewer_shares():
    document = securities_on("2026-07-01", "0.50")
    rows = {row["series"]: row for row in document["series"]}
    assert (rows["2025-06-cd"]["count"], rows["2025-06-cd"]["price_in_force"]) == (5000000, "0.30")
    assert document["share_counts"]["fully_diluted"] == 83811610


def test_debentures_in_the_calendar():
    events = {
        (row["date"], row["subject"]): row["detail"]
        for row in ok_json("calendar", EXAMPLE_BOOK)["events"]
    }
    assert events["2025-06-30", "2025-06-cd"] == (
        "convertible debentures issued: 1,500,000 principal, convertible at 0.25"
    )
    assert events["2026-06-30", "2025-06-cd"] == (
        "last day to convert at 0.25; 0.30 from the next day"
    )
    assert events["2027-06-30", "2025-06-cd"] == "maturity: last day to convert, at 0.30"
    assert events["2025-12-01", "2025-05-hd/finder-options"].startswith("hold ends")
    assert ("2025-10-01", "2025-pp/finder-options") not in events


# the example book uses every term


def test_the_example_book_checks_with_only_its_expected_warnings():
    warnings = warnings_of(EXAMPLE_BOOK)
    assert len(warnings) == 3
    assert warnings[0].startswith("the closing date 2025-05-31 is inferred (from the hold date)")
    assert warnings[2] == "the cash fee's base is unknown, so the fee is shown as unknown"


def test_the_example_book_terms():
    document = ok_json("terms", EXAMPLE_BOOK)
    closings = {row["id"]: row for row in document["closings"]}
    hd = closings["2025-05-hd"]
    # 7% of 1,250,000 = 87,500.00; the offering's 41,317.50 split 3,290,583.15 : 1,500,000.00
    assert (hd["own_cash_fees"], hd["offering_cash_fees"], hd["cash_fees"]) == (
        "87500.00",
        "28380.40",
        "115880.40",
    )
    assert closings["2025-05-ft"]["offering_cash_fees"] == "12937.10"  # 28,380.40 + = 41,317.50
    assert (hd["non_cash_fees"], hd["total_fees"]) == ("112500.00", "228380.40")
    assert closings["2025-05-ft"]["cash_fees"] is None
