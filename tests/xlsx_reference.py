"""The workbook writer as it was, on openpyxl: the reference the hand-written one is held to.

(placements/render/xlsx.py writes the same workbook itself, in a fraction of
the time; tests/test_xlsx.py reads both back and compares them cell by cell.)

Reports to an Excel workbook: a sheet per table, live totals, real numbers.

Cells hold what a spreadsheet user computes with: counts as integers, money
and prices as exact decimals with number formats (two decimals and thousands
separators for money), percentages as fractions shown with a % format, and
dates as Excel dates. A totals row stands apart from the data, below a blank
row, and sums with ``=SUM(...)`` wherever the total is the column's sum, so
an edited figure carries through. Notes and run parameters have their own
sheet. openpyxl is imported here only, by the commands that write xlsx.
"""

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from placements.reports.report import Distribution, Kind, Report, Table

FORMATS = {
    Kind.COUNT: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.PRICE: "#,##0.00####",
    Kind.PERCENT: "0.00%",
    Kind.NUMBER: "0.0000",
    Kind.DATE: "yyyy-mm-dd",
}
SUMMED = {Kind.COUNT, Kind.MONEY}
WIDEST = 60
ABOUT = "About"


def _text(value: str) -> str:
    """Text a worksheet can hold: control characters (which it cannot) written as escapes."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(lambda found: repr(found.group())[1:-1], value)


def workbook(reports: Sequence[Report]) -> bytes:
    """The reports as one workbook's bytes: an About sheet, then a sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from render_reference import _meta_lines

    book = Workbook()
    about = book.active
    about.title = ABOUT
    bold = Font(bold=True)
    names: set[str] = {ABOUT}
    for number, report in enumerate(reports, start=1):
        about.append([_text(report.title)])
        about.cell(about.max_row, 1).font = bold
        for line in _meta_lines(report):
            key, _, value = line.partition(": ")
            about.append([_text(key), _text(value)])
        for note in report.notes:
            about.append(["note", _text(note.text + (f" ({note.where})" if note.where else ""))])
        about.append([])
        for table in report.tables:
            prefix = f"{number} " if len(reports) > 1 else ""
            sheet = book.create_sheet(_sheet_name(prefix + table.name, names))
            if table.printed_sideways:
                _sideways(sheet, table, bold)
            else:
                _rows_sheet(sheet, table, bold)
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters at most), unique in the workbook."""
    name, suffix = wanted[:31], 2
    while name in taken:
        name = f"{wanted[: 31 - len(str(suffix)) - 1]} {suffix}"
        suffix += 1
    taken.add(name)
    return name


def _put(sheet: Any, row: int, column: int, value: Any, kind: Kind) -> None:
    """One typed cell: the value a formula can use, shown in the kind's format."""
    from render_reference import cell

    target = sheet.cell(row, column)
    if value is None:
        return
    if isinstance(value, Distribution):
        value = value.values.get("p50")
    if kind is Kind.COUNT:
        target.value = int(value)
    elif kind in (Kind.MONEY, Kind.PRICE):
        target.value = Decimal(value)
    elif kind is Kind.PERCENT:
        target.value = Decimal(value) / 100
    elif kind is Kind.NUMBER or kind is Kind.DATE:
        target.value = value
    elif kind is Kind.FLAG:
        target.value = bool(value)
    else:
        text = _text(cell(value, kind, joiner="\n"))
        target.value = text
        if "\n" in text:
            from openpyxl.styles import Alignment

            target.alignment = Alignment(wrap_text=True, vertical="top")
    if kind in FORMATS:
        target.number_format = FORMATS[kind]


def _shown(value: Any, kind: Kind) -> int:
    """The width a cell takes when shown, for column widths that fit."""
    from render_reference import cell

    if value is None:
        return 0
    if isinstance(value, Distribution):
        value = value.values.get("p50")
    return max(len(line) for line in cell(value, kind).split("\n"))


def _rows_sheet(sheet: Any, table: Table, bold: Any) -> None:
    from openpyxl.utils import get_column_letter
    from render_reference import _rows, _shown_columns

    positions = _shown_columns(table)
    columns = [table.columns[p] for p in positions]
    rows = list(_rows(table))
    sheet.append([column.header.replace("\n", " ") for column in columns])
    for header in sheet[1]:
        header.font = bold
    widths = [len(column.header.replace("\n", " ")) for column in columns]
    for number, row in enumerate(rows, start=2):
        for place, (position, column) in enumerate(zip(positions, columns, strict=True)):
            _put(sheet, number, place + 1, row[position], column.kind)
            widths[place] = max(widths[place], _shown(row[position], column.kind))
    if table.totals is not None and rows:
        # a blank row keeps the totals apart from the data a reader sorts or sums
        at = len(rows) + 3
        sheet.cell(at, 1, "Total").font = bold
        for place, (position, column) in enumerate(zip(positions, columns, strict=True)):
            total = table.totals.get(column.key)
            if total is None:
                continue
            target = sheet.cell(at, place + 1)
            figures = [row[position] for row in rows]
            if column.kind in SUMMED and sum(v or 0 for v in figures) == total:
                letter = get_column_letter(place + 1)
                target.value = f"=SUM({letter}2:{letter}{len(rows) + 1})"
                target.number_format = FORMATS[column.kind]
            else:
                _put(sheet, at, place + 1, total, column.kind)
            target.font = bold
            widths[place] = max(widths[place], _shown(total, column.kind))
    sheet.freeze_panes = "B2"
    _widths(sheet, widths)


def _sideways(sheet: Any, table: Table, bold: Any) -> None:
    """A record or comparison: a row per figure, a column per path percentile or scenario."""
    from render_reference import _rows, cell

    rows = list(_rows(table))
    if not rows:
        return
    pairs = list(zip(table.columns, zip(*rows, strict=True), strict=True))
    if table.record:
        labels = next(
            (list(value.values) for value in rows[0] if isinstance(value, Distribution)), ["value"]
        )
    else:
        labels = [cell(value, pairs[0][0].kind) for value in pairs[0][1]]
        pairs = pairs[1:]
    sheet.append(["figure", *(_text(label) for label in labels)])
    for header in sheet[1]:
        header.font = bold
    widths = [len("figure"), *(len(label) for label in labels)]
    line = 2
    for column, values in pairs:
        if column.optional and all(value is None for value in values):
            continue
        name = column.header.replace("\n", " ")
        sheet.cell(line, 1, name)
        widths[0] = max(widths[0], len(name))
        if table.record:
            value = values[0]
            shown = (
                [value.values[label] for label in labels]
                if isinstance(value, Distribution)
                else [value] * len(labels)
            )
        else:
            shown = list(values)
        for place, value in enumerate(shown, start=2):
            _put(sheet, line, place, value, column.kind)
            widths[place - 1] = max(widths[place - 1], _shown(value, column.kind))
        line += 1
    sheet.freeze_panes = "B2"
    _widths(sheet, widths)


def _widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for place, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(place)].width = min(width + 2, WIDEST)
