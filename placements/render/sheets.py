"""A minimal xlsx writer: typed cells, a few styles, frozen panes and column widths.

openpyxl makes an object per cell and per style and takes about 80
microseconds a cell to write a workbook; a 10,000-row report took 16 s. The
workbooks here need little of what it offers, so this module writes the
SpreadsheetML parts itself (numbers, inline text, booleans, formulas, dates
as serial numbers with a date format), and zips them. Nothing is imported
but the standard library, and the same report gives the same bytes.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BUILTIN = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
"""Number formats every spreadsheet knows by number (ECMA-376, 18.8.30)."""
EPOCH = date(1899, 12, 30)
"""Day 0 of the 1900 date system, as spreadsheets count it (1900-03-01 onwards)."""
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""Characters a worksheet cannot hold (as openpyxl refuses them)."""

Style = tuple[str | None, bool, bool]
"""A cell's number format, whether bold, and whether its text wraps at the top."""


def column_letter(number: int) -> str:
    """The letters of column ``number`` (1 is A, 27 is AA)."""
    found = LETTERS.get(number)
    if found is None:
        found = LETTERS[number] = _letters(number)
    return found


LETTERS: dict[int, str] = {}
"""Columns' letters as found: a sheet names the same few columns on every row."""


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Styles:
    """The workbook's cell formats, numbered as they are first used."""

    def __init__(self) -> None:
        self.numbers: dict[Style, int] = {(None, False, False): 0}
        self.formats: dict[str, int] = {}

    def number(self, style: Style) -> int:
        found = self.numbers.get(style)
        if found is None:
            found = self.numbers[style] = len(self.numbers)
            number_format = style[0]
            if number_format is not None and number_format not in BUILTIN:
                self.formats.setdefault(number_format, 164 + len(self.formats))
        return found

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode={attribute(code)}/>'
            for code, number in self.formats.items()
        )
        xfs = []
        for number_format, bold, wrap in self.numbers:
            if number_format is None:
                code = 0
            else:
                code = BUILTIN.get(number_format, self.formats.get(number_format, 0))
            applied = (' applyNumberFormat="1"' if code else "") + (
                ' applyFont="1"' if bold else ""
            )
            if wrap:
                xfs.append(
                    f'<xf numFmtId="{code}" fontId="{int(bold)}" fillId="0" borderId="0" xfId="0"'
                    f'{applied} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
                )
            else:
                xfs.append(
                    f'<xf numFmtId="{code}" fontId="{int(bold)}" fillId="0" borderId="0" xfId="0"'
                    f"{applied}/>"
                )
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
        return (
            f'{HEAD}<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="2"><font>{font}</font><font><b val="1"/>{font}</font></fonts>'
            + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            + '<fill><patternFill patternType="gray125"/></fill></fills>'
            + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            + "</borders>"
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + "</cellStyleXfs>"
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + "</styleSheet>"
        )


def number_text(value: object) -> str:
    """A number as a cell holds it: integers and decimals exactly, dates as serial days."""
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30)
        return repr(delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6)
    if isinstance(value, date):
        return str((value - EPOCH).days)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def escape(text: str) -> str:
    """Text as XML character data."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attribute(text: str) -> str:
    """``text`` quoted as an XML attribute's value, as ``xml.sax.saxutils.quoteattr`` quotes it;
    that module imports ``urllib`` and the email parser, a third of a workbook's start-up."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def text_cell(reference: str, text: str, style: int) -> str:
    """A cell of text; spaces at either end are kept only if marked (as openpyxl marks them)."""
    shown = f' s="{style}"' if style else ""
    spaced = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{reference}"{shown} t="inlineStr"><is><t{spaced}>{escape(text)}</t></is></c>'


class Formula(str):
    """A cell's formula, as written after its ``=``.

    Only a formula the renderer writes (a column's sum) is one: a text from a
    book or scenario that begins with ``=`` (an issuer's name, a tranche's id)
    stays text, so opening a workbook never runs what an input wrote.
    """


def value_cell(reference: str, value: object, style: int) -> str:
    """A cell of any value a report writes: text, a number, a date, a flag, or a formula."""
    shown = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{reference}"{shown} t="b"><v>{int(value)}</v></c>'
    if type(value) is Formula:
        return f'<c r="{reference}"{shown}><f>{escape(value)}</f><v></v></c>'
    if isinstance(value, str):
        return text_cell(reference, value, style)
    return f'<c r="{reference}"{shown}><v>{number_text(value)}</v></c>'


class Sheet:
    """A worksheet's cells by row (each row's cells by column), widths and frozen panes."""

    def __init__(self, name: str, styles: Styles):
        self.name = name
        self.styles = styles
        self.rows: dict[int, dict[int, str]] = {}
        self.widths: dict[int, float] = {}
        self.frozen: str | None = None
        self.max_row = 0

    def put(
        self, row: int, column: int, value: object, style: Style = (None, False, False)
    ) -> None:
        """``value`` at ``row``, ``column`` (from 1), replacing what was there.

        None and empty text clear the cell: a spreadsheet holds no empty text.
        """
        cells = self.rows.setdefault(row, {})
        self.max_row = max(self.max_row, row)
        if value is None or value == "":
            cells.pop(column, None)
            return
        reference = f"{column_letter(column)}{row}"
        cells[column] = value_cell(reference, value, self.styles.number(style))

    def append(self, values: Sequence[object], style: Style = (None, False, False)) -> None:
        """A row below the last one (an empty row leaves a blank line)."""
        self.append_rows([values], style)

    def append_rows(
        self, rows: Sequence[Sequence[object]], style: Style = (None, False, False)
    ) -> None:
        """Rows below the last one, in one pass (a report's notes are thousands)."""
        number = self.styles.number(style)
        letters = [column_letter(c) for c in range(1, max(map(len, rows), default=0) + 1)]
        row = self.max_row
        for values in rows:
            row += 1
            self.rows[row] = {
                column + 1: (
                    text_cell(f"{letters[column]}{row}", value, number)
                    if type(value) is str
                    else value_cell(f"{letters[column]}{row}", value, number)
                )
                for column, value in enumerate(values)
                if value is not None and value != ""
            }
        self.max_row = row

    def xml(self) -> str:
        view = '<sheetView workbookViewId="0"'
        if self.frozen is not None:
            letters = self.frozen.rstrip("0123456789")
            down = int(self.frozen[len(letters) :]) - 1
            across = _column_number(letters) - 1
            split = (f' xSplit="{across}"' if across else "") + (
                f' ySplit="{down}"' if down else ""
            )
            view += (
                f'><pane{split} topLeftCell="{self.frozen}" activePane="bottomRight"'
                ' state="frozen"/>'
                f'<selection pane="bottomRight" activeCell="{self.frozen}" sqref="{self.frozen}"/>'
                "</sheetView>"
            )
        else:
            view += "/>"
        cols = "".join(
            f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
            for c, w in sorted(self.widths.items())
        )
        rows = "".join(
            [
                f'<row r="{number}">{"".join([cells[c] for c in sorted(cells)])}</row>'
                for number, cells in sorted(self.rows.items())
                if cells
            ]
        )
        return (
            f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f"<sheetViews>{view}</sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + f"<sheetData>{rows}</sheetData></worksheet>"
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


class Workbook:
    """Sheets in order, sharing one set of styles."""

    def __init__(self) -> None:
        self.styles = Styles()
        self.sheets: list[Sheet] = []

    def sheet(self, name: str) -> Sheet:
        made = Sheet(name, self.styles)
        self.sheets.append(made)
        return made

    def save(self) -> bytes:
        """The workbook as an xlsx file's bytes."""
        count = len(self.sheets)
        types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        parts = {
            "[Content_Types].xml": (
                f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                f"{types}"
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                f'{HEAD}<Relationships xmlns="{PACKAGE}">'
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
                '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(
                    f'<sheet name={attribute(sheet.name)} sheetId="{n}" r:id="rId{n}"/>'
                    for n, sheet in enumerate(self.sheets, start=1)
                )
                + "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{HEAD}<Relationships xmlns="{PACKAGE}">'
                + "".join(
                    f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>'
                    for n in range(1, count + 1)
                )
                + f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
                'Target="styles.xml"/></Relationships>'
            ),
        }
        for n, sheet in enumerate(self.sheets, start=1):
            parts[f"xl/worksheets/sheet{n}.xml"] = sheet.xml()
        parts["xl/styles.xml"] = self.styles.xml()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, text in parts.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("utf-8"), compresslevel=1)
        return buffer.getvalue()
