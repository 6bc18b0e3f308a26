"""--format xlsx: a sheet per table, typed cells, live totals; read back with openpyxl."""

from datetime import datetime

import pytest
from conftest import ROOT, SEED_BOOK, run

openpyxl = pytest.importorskip("openpyxl")
FLAT = ROOT / "scenarios" / "flat.yaml"


def written(tmp_path, *args):
    target = tmp_path / "out.xlsx"
    result = run(*args, "-o", target)
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    return openpyxl.load_workbook(target)


def test_terms_sheet_holds_real_figures_and_sum_formulas(tmp_path):
    book = written(tmp_path, "terms", SEED_BOOK)
    assert book.sheetnames == ["About", "tranches", "securities"]
    sheet = book["tranches"]
    headers = [cell.value for cell in sheet[1]]
    gross = headers.index("gross") + 1
    units = headers.index("units") + 1
    closed = headers.index("closed") + 1
    assert [sheet.cell(row, gross).value for row in (2, 3)] == [360000, 481534.92]
    assert sheet.cell(2, gross).number_format == "#,##0.00"
    assert sheet.cell(3, units).value == 2675194
    assert isinstance(sheet.cell(3, units).value, int)
    assert sheet.cell(3, units).number_format == "#,##0"
    assert sheet.cell(2, closed).value == datetime(2007, 9, 21)
    assert sheet.cell(2, closed).is_date
    # totals stand apart, under a blank row, as formulas over the data rows
    assert all(cell.value is None for cell in sheet[4])
    assert sheet.cell(5, 1).value == "Total"
    letter = openpyxl.utils.get_column_letter(gross)
    assert sheet.cell(5, gross).value == f"=SUM({letter}2:{letter}3)"
    net = headers.index("net") + 1
    assert round(sum(sheet.cell(row, net).value for row in (2, 3)), 2) == 809529.22
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions[letter].width >= len("481,534.92")


def test_notes_and_run_parameters_have_their_own_sheet(tmp_path):
    book = written(tmp_path, "run", FLAT)
    assert book.sheetnames == ["About", "summary", "exercises", "timeline"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["scenario"] == "Flat at 28 cents"
    assert about["paths"] == "1"
    exercises = book["exercises"]
    rows = list(exercises.iter_rows(min_row=2, max_row=3, values_only=True))
    assert [row[0] for row in rows] == [datetime(2008, 11, 22)] * 2
    assert sum(row[2] for row in rows) == 2_942_713
    assert round(sum(row[4] for row in rows), 2) == 735678.25
    assert exercises.cell(5, 3).value == "=SUM(C2:C3)"
    assert exercises.cell(5, 5).value == "=SUM(E2:E3)"
    summary = book["summary"]
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert figures["exercise proceeds"] == 735678.25
    assert figures["shares issued on exercise"] == 2_942_713


def test_percentages_are_fractions_shown_as_percent(tmp_path):
    book = written(tmp_path, "compare", FLAT, ROOT / "scenarios" / "proforma.yaml")
    sheet = book["scenarios"]
    line = next(
        row for row in sheet.iter_rows(min_row=2) if row[0].value == "peak dilution vs base"
    )
    assert line[2].value == pytest.approx(0.3605)
    assert line[2].number_format == "0.00%"


def test_xlsx_is_not_printed_to_standard_output():
    result = run("terms", SEED_BOOK, "--format", "xlsx")
    assert result.code == 2
    assert "xlsx is a binary file, not printed; write it with --output FILE" in result.stderr
    assert result.stdout == ""


def test_the_extension_chooses_xlsx(tmp_path):
    target = tmp_path / "terms.xlsx"
    assert run("terms", SEED_BOOK, "-o", target).code == 0
    assert target.read_bytes()[:2] == b"PK"


def test_control_characters_in_ids_are_written_as_escapes(tmp_path, write):
    """Found by the fuzzer: a worksheet refuses control characters, so they are escaped."""
    book = write(
        "book.yaml",
        'issuer: {name: X Corp}\ntranches:\n  - {id: "t\\x0b1", closed: 2020-01-15, units: 100,'
        " unit_price: 0.2}\n",
    )
    target = tmp_path / "terms.xlsx"
    result = run("terms", book, "-o", target)
    assert result.code == 0, result.stderr
    sheet = openpyxl.load_workbook(target)["tranches"]
    assert sheet.cell(2, 1).value == "t\\x0b1"


def test_text_from_an_input_that_begins_with_an_equals_sign_stays_text(tmp_path):
    """An issuer named like a formula, or a tranche id, must not run when the workbook opens."""
    book = tmp_path / "book.yaml"
    book.write_text(
        'issuer: {name: "=HYPERLINK(\\"http://example.com\\",\\"open\\")"}\n'
        "shares_outstanding: {count: 1000000, as_of: 2020-12-31}\n"
        "tranches:\n"
        '  - {id: "=1+2", closed: 2021-01-15, units: 1001, unit_price: 0.10,\n'
        "     unit: {shares: 1, warrants: 0.5}, warrant: {exercise: [{price: 0.2, months: 12}]}}\n"
    )
    workbook = written(tmp_path, "terms", book)
    about, tranches = workbook["About"], workbook["tranches"]
    assert (
        about["A1"].value
        == '=HYPERLINK("http://example.com","open"): placement terms, amounts in CAD'
    )
    notes = [row[1] for row in about.iter_rows(values_only=True) if row[0] == "note"]
    assert notes and all(note.startswith("=1+2: ") for note in notes)
    assert tranches["A2"].value == "=1+2"
    texts = [about["A1"], tranches["A2"], *(c for c in about["B"] if c.value in notes)]
    assert {cell.data_type for cell in texts} == {"s"}
    units = [cell.value for cell in tranches[1]].index("units") + 1
    total = tranches.cell(4, units)
    assert (total.data_type, total.value) == (
        "f",
        f"=SUM({total.column_letter}2:{total.column_letter}2)",
    )
