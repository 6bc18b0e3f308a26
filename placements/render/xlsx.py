"""Reports to an Excel workbook: a sheet per table, live totals, real numbers.

Cells hold what a spreadsheet user computes with: counts as integers, money
and prices as exact decimals with number formats (two decimals and thousands
separators for money), percentages as fractions shown with a % format, and
dates as Excel dates. A totals row stands apart from the data, below a blank
row, and sums with ``=SUM(...)`` wherever the total is the column's sum, so
an edited figure carries through. Notes and run parameters have their own
sheet. The workbook is written by :mod:`placements.render.sheets`.
"""

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from placements.render.sheets import (
    EPOCH,
    ILLEGAL,
    Formula,
    Sheet,
    Style,
    Workbook,
    column_letter,
    text_cell,
    value_cell,
)
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
TEXTUAL = {Kind.TEXT, Kind.SCHEDULE, Kind.ACCELERATION}
"""Kinds written as text (a spreadsheet cannot compute with them)."""
PLAIN: Style = (None, False, False)
BOLD: Style = (None, True, False)


def _text(value: str) -> str:
    """Text a worksheet can hold: control characters (which it cannot) written as escapes."""
    if value.isprintable() or ILLEGAL.search(value) is None:
        return value
    return ILLEGAL.sub(lambda found: repr(found.group())[1:-1], value)


def workbook(reports: Sequence[Report]) -> bytes:
    """The reports as one workbook's bytes: an About sheet, then a sheet per table."""
    from placements.render import _meta_lines

    book = Workbook()
    about = book.sheet(ABOUT)
    names: set[str] = {ABOUT}
    for number, report in enumerate(reports, start=1):
        about.append([_text(report.title)], BOLD)
        for line in _meta_lines(report):
            key, _, value = line.partition(": ")
            about.append([_text(key), _text(value)])
        notes = [f"{n.text} ({n.where})" if n.where else n.text for n in report.notes]
        about.append_rows([("note", _text(note)) for note in notes])
        about.append([])
        for table in report.tables:
            prefix = f"{number} " if len(reports) > 1 else ""
            sheet = book.sheet(_sheet_name(prefix + table.name, names))
            if table.printed_sideways:
                _sideways(sheet, table)
            else:
                _rows_sheet(sheet, table)
    about.widths[1] = 14
    about.widths[2] = 100
    return book.save()


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters at most), unique in the workbook."""
    name, suffix = wanted[:31], 2
    while name in taken:
        name = f"{wanted[: 31 - len(str(suffix)) - 1]} {suffix}"
        suffix += 1
    taken.add(name)
    return name


def _typed(value: Any, kind: Kind) -> tuple[Any, bool]:
    """What a cell of ``kind`` holds for ``value``, and whether it is text that wraps."""
    from placements.render import cell

    if isinstance(value, Distribution):
        value = value.values.get("p50")
    if value is None:
        return None, False
    if kind is Kind.COUNT:
        return int(value), False
    if kind in (Kind.MONEY, Kind.PRICE):
        return Decimal(value), False
    if kind is Kind.PERCENT:
        return Decimal(value) / 100, False
    if kind is Kind.NUMBER or kind is Kind.DATE:
        return value, False
    if kind is Kind.FLAG:
        return bool(value), False
    text = _text(cell(value, kind, joiner="\n"))
    return text, "\n" in text


def _put(sheet: Sheet, row: int, column: int, value: Any, kind: Kind, bold: bool = False) -> None:
    """One typed cell: the value a formula can use, shown in the kind's format."""
    typed, wraps = _typed(value, kind)
    if typed is not None:
        sheet.put(row, column, typed, (FORMATS.get(kind), bold, wraps))
    elif bold:
        sheet.put(row, column, None)


def _shown(kind: Kind) -> Callable[[Any], int]:
    """The width a column's cells take when shown, for column widths that fit."""
    from placements.render import formatter

    write = formatter(kind)

    def width(value: Any) -> int:
        if isinstance(value, Distribution):
            value = value.values.get("p50")
        if value is None:
            return 0
        return _lines_width(write(value))

    return width


def _widest(kind: Kind, values: Sequence[Any]) -> int:
    """The widest of a column's cells when shown.

    A count or an amount of money is shown no narrower than any smaller one
    of the same sign (digits, separators, cents), so only the largest and
    the smallest need writing.
    """
    shown = _shown(kind)
    types = set(map(type, values)) - {type(None)}
    if kind is Kind.DATE and types <= {date}:
        return 10 if types else 0  # every date's ISO form is YYYY-MM-DD
    if (kind is Kind.COUNT or kind is Kind.MONEY) and types <= {
        int if kind is Kind.COUNT else Decimal
    }:
        figures = [value for value in values if value is not None]
        return max([shown(max(figures)), shown(min(figures))] if figures else [0])
    return max(map(shown, values), default=0)


Cells = list[str | None]
"""A column's cells from row 2 down: each cell's XML, or None (or empty) where it is blank."""


def _cell_writer(sheet: Sheet, place: int, kind: Kind) -> Callable[[int, Any], str | None]:
    """A column's cell, given its row and value: what :func:`_typed` makes, found by kind once."""
    letter = column_letter(place)

    def cell(row: int, value: Any) -> str | None:
        typed, wraps = _typed(value, kind)
        if typed is None or typed == "":
            return None
        return value_cell(
            f"{letter}{row}", typed, sheet.styles.number((FORMATS.get(kind), False, wraps))
        )

    return cell


def _column_cells(sheet: Sheet, place: int, kind: Kind, values: Sequence[Any]) -> Cells:
    """A column of figures or dates: the common types written here, in one pass, the rest
    by :func:`_cell_writer`."""
    letter = column_letter(place)
    style = sheet.styles.number((FORMATS.get(kind), False, False))
    shown = f' s="{style}"' if style else ""
    other = _cell_writer(sheet, place, kind)
    if kind is Kind.COUNT or kind is Kind.MONEY or kind is Kind.PRICE:
        common = int if kind is Kind.COUNT else Decimal
        return [
            f'<c r="{letter}{row}"{shown}><v>{value}</v></c>'
            if type(value) is common
            else other(row, value)
            for row, value in enumerate(values, start=2)
        ]
    if kind is Kind.DATE:
        epoch = EPOCH.toordinal()
        return [
            f'<c r="{letter}{row}"{shown}><v>{value.toordinal() - epoch}</v></c>'
            if type(value) is date
            else other(row, value)
            for row, value in enumerate(values, start=2)
        ]
    return [other(row, value) for row, value in enumerate(values, start=2)]


def _text_column(sheet: Sheet, place: int, kind: Kind, values: Sequence[Any]) -> tuple[Cells, int]:
    """A column of text and its widest line, each cell's text made once for both."""
    from placements.render import formatter

    write = formatter(kind, joiner="\n")
    letter = column_letter(place)
    plain = sheet.styles.number((None, False, False))
    wrapped = sheet.styles.number((None, False, True))
    other = _cell_writer(sheet, place, kind)
    widths = [0]
    cells: Cells = []
    shown_width = _shown(kind)
    for number, value in enumerate(values, start=2):
        if value is None:
            cells.append(None)
            continue
        if type(value) is Distribution:
            cells.append(other(number, value))
            widths.append(shown_width(value))
            continue
        text = write(value)
        if "\n" in text:
            widths.append(max(map(len, text.split("\n"))))
            style = wrapped
        else:
            widths.append(len(text))
            style = plain
        shown = _text(text)
        cells.append(shown and text_cell(f"{letter}{number}", shown, style))
    return cells, max(widths)


def _lines_width(text: str) -> int:
    return len(text) if "\n" not in text else max(map(len, text.split("\n")))


def _rows_sheet(sheet: Sheet, table: Table) -> None:
    from placements.render import _rows, _shown_columns

    positions = _shown_columns(table)
    columns = [table.columns[p] for p in positions]
    rows = list(_rows(table))
    sheet.append([column.header.replace("\n", " ") for column in columns], BOLD)
    widths = [len(column.header.replace("\n", " ")) for column in columns]
    written = []
    for place, (position, column) in enumerate(zip(positions, columns, strict=True)):
        values = [row[position] for row in rows]
        if column.kind in TEXTUAL:
            cells, widest = _text_column(sheet, place + 1, column.kind, values)
        else:
            cells = _column_cells(sheet, place + 1, column.kind, values)
            widest = _widest(column.kind, values)
        written.append(cells)
        widths[place] = max(widths[place], widest)
    places = range(1, len(columns) + 1)
    for number, row in enumerate(zip(*written, strict=True), start=2):
        sheet.rows[number] = {place: cell for place, cell in zip(places, row, strict=True) if cell}
    sheet.max_row = max(sheet.max_row, len(rows) + 1)
    if table.totals is not None and rows:
        # a blank row keeps the totals apart from the data a reader sorts or sums
        at = len(rows) + 3
        sheet.put(at, 1, "Total", BOLD)
        for place, (position, column) in enumerate(zip(positions, columns, strict=True)):
            total = table.totals.get(column.key)
            if total is None:
                continue
            figures = [row[position] for row in rows]
            if column.kind in SUMMED and sum(v or 0 for v in figures) == total:
                letter = column_letter(place + 1)
                formula = Formula(f"SUM({letter}2:{letter}{len(rows) + 1})")
                sheet.put(at, place + 1, formula, (FORMATS[column.kind], True, False))
            else:
                _put(sheet, at, place + 1, total, column.kind, bold=True)
            widths[place] = max(widths[place], _shown(column.kind)(total))
    sheet.frozen = "B2"
    _widths(sheet, widths)


def _sideways(sheet: Sheet, table: Table) -> None:
    """A record or comparison: a row per figure, a column per path percentile or scenario."""
    from placements.render import _rows, cell

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
    sheet.append(["figure", *(_text(label) for label in labels)], BOLD)
    widths = [len("figure"), *(len(label) for label in labels)]
    line = 2
    for column, values in pairs:
        if column.optional and all(value is None for value in values):
            continue
        name = column.header.replace("\n", " ")
        sheet.put(line, 1, name)
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
        width = _shown(column.kind)
        for place, value in enumerate(shown, start=2):
            _put(sheet, line, place, value, column.kind)
            widths[place - 1] = max(widths[place - 1], width(value))
        line += 1
    sheet.frozen = "B2"
    _widths(sheet, widths)


def _widths(sheet: Sheet, widths: list[int]) -> None:
    for place, width in enumerate(widths, start=1):
        sheet.widths[place] = min(width + 2, WIDEST)
