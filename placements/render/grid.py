"""Tables of text cells drawn as tabulate draws them, in a fraction of its time.

tabulate spends most of a large table guessing each cell's type and measuring
it with regular expressions, work a report never needs: its cells are
already text and its alignments are known. These functions draw the same
bytes as ``tabulate(rows, headers, tablefmt=..., colalign=..., disable_numparse=True)``
for the formats the renderers use (``simple``, ``plain``, ``pipe`` and
``html``), directly, when every cell is printable ASCII and line breaks.
Anything else (wide characters, control codes, colour escapes) is handed to
tabulate itself, whose width rules for those are the reference.
"""

from collections.abc import Sequence
from importlib.util import find_spec
from typing import Any

from placements.core.text import plain_lines

UNIT = "\x1f"
"""Joins a column's cells to escape them at once: a control character, so in no cell."""
SEPARATOR = "  "
"""Between columns in the simple and plain formats."""


def is_row(row: Any) -> bool:
    """A row of cells, not a separating-line marker."""
    return isinstance(row, list | tuple)


def drawable(headers: Sequence[str], rows: Sequence[Any], aligns: Sequence[str]) -> bool:
    """Whether these functions draw the table themselves (else tabulate does)."""
    return _plain(headers, rows, aligns)


def _plain(headers: Sequence[str], rows: Sequence[Any], aligns: Sequence[str]) -> bool:
    if any(align not in ("left", "right") for align in aligns):
        return False
    # a character outside printable ASCII and line breaks sends the table to tabulate
    text = "\n".join(headers) + "\n" + "\n".join("\n".join(row) for row in rows if is_row(row))
    return plain_lines(text)


def _broken(cells: list[str]) -> bool:
    """Whether any of ``cells`` holds a line break: searched for in them joined, at C speed."""
    return "\n" in "".join(cells)


def _lines_width(text: str) -> int:
    return len(text) if "\n" not in text else max(len(line) for line in text.split("\n"))


def _pad(text: str, width: int, right: bool) -> str:
    """A cell's lines padded to ``width`` (an empty cell has no lines, as in tabulate)."""
    if "\n" not in text:
        if not text:
            return ""
        return text.rjust(width) if right else text.ljust(width)
    return "\n".join(line.rjust(width) if right else line.ljust(width) for line in text.split("\n"))


def _padded(cells: list[str], width: int, right: bool) -> list[str]:
    """A column's cells padded to ``width``: :func:`_pad` of each, for a whole column at once."""
    if _broken(cells):
        return [_pad(text, width, right) for text in cells]
    if right:
        return [text.rjust(width) if text else "" for text in cells]
    return [text.ljust(width) if text else "" for text in cells]


class Columns:
    """A table's cells stripped and measured once, so parts of it draw and measure cheaply."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Any], aligns: Sequence[str]):
        self.headers = list(headers)
        self.rows = rows
        self.aligns = list(aligns)
        self.data = [row for row in rows if is_row(row)]
        self._cells: dict[int, list[str]] = {}
        self._widths: dict[int, int] = {}
        self._multiline: dict[int, bool] = {}

    def cells(self, position: int) -> list[str]:
        found = self._cells.get(position)
        if found is None:
            found = [row[position].strip() for row in self.data]
            self._cells[position] = found
        return found

    def width(self, position: int) -> int:
        """The column's width as tabulate sets it: its widest cell, or its header and two spaces."""
        found = self._widths.get(position)
        if found is None:
            cells = self.cells(position)
            if _broken(cells):
                found = max((_lines_width(text) for text in cells), default=0)
            else:
                found = max(map(len, cells), default=0)
            if self.headers:
                found = max(found, _lines_width(self.headers[position]) + 2)
            self._widths[position] = found
        return found

    def multiline(self, position: int) -> bool:
        """Whether the column has a line break, which turns on tabulate's multiline mode."""
        found = self._multiline.get(position)
        if found is None:
            found = _broken([row[position] for row in self.data]) or (
                bool(self.headers) and "\n" in self.headers[position]
            )
            self._multiline[position] = found
        return found

    def drawn_width(self, positions: Sequence[int]) -> int:
        """The width of the simple format's drawing of ``positions``, with headers (its rule)."""
        return sum(self.width(p) for p in positions) + len(SEPARATOR) * (len(positions) - 1)

    def draw(self, positions: Sequence[int], style: str) -> str:
        """The columns at ``positions`` in tabulate's ``simple``, ``plain`` or ``pipe`` format."""
        widths = [self.width(p) for p in positions]
        rights = [self.aligns[p] == "right" for p in positions]
        padded = [
            _padded(self.cells(p), width, right)
            for p, width, right in zip(positions, widths, rights, strict=True)
        ]
        pad = 1 if style == "pipe" else 0
        begin, sep = ("|", "|") if style == "pipe" else ("", SEPARATOR)
        end = begin
        # in multiline mode a row of empty cells has no lines at all
        multiline = any(self.multiline(p) for p in positions)

        def rule() -> str:
            if style == "pipe":
                return (
                    "|"
                    + "|".join(
                        "-" * (w + 1) + ":" if right else ":" + "-" * (w + 1)
                        for w, right in zip(widths, rights, strict=True)
                    )
                    + "|"
                )
            return SEPARATOR.join("-" * w for w in widths).rstrip()

        blanks = [" " * w for w in widths]
        # only these columns' cells can hold more than one line
        broken_columns = [n for n, p in enumerate(positions) if self.multiline(p)]
        # a line up to each column, the columns before it blank (not in the pipe format,
        # whose lines end in a bar)
        leads = {n: begin + "".join(blank + sep for blank in blanks[:n]) for n in broken_columns}

        def joined(parts: list[str]) -> str:
            if pad:
                return (begin + sep.join(" " + part + " " for part in parts) + end).rstrip()
            return (begin + sep.join(parts) + end).rstrip()

        def lines_of(cells: list[str]) -> list[str]:
            if multiline and not any(cells):
                return []
            first = [text or blank for text, blank in zip(cells, blanks, strict=True)]
            broken = [(n, cells[n].split("\n")) for n in broken_columns if "\n" in cells[n]]
            if not broken:
                return [joined(first)]
            # the first line holds every cell's first; the next, blanks but for the cells that
            # go on (a short cell is made up with blank lines)
            for n, lines in broken:
                first[n] = lines[0]
            out = [joined(first)]
            for line in range(1, max(len(lines) for _, lines in broken)):
                going = [(n, lines[line]) for n, lines in broken if line < len(lines)]
                if len(going) == 1 and not pad:
                    # one cell goes on: what follows it is blanks, which the line drops
                    n, text = going[0]
                    out.append((leads[n] + text).rstrip())
                    continue
                parts = blanks.copy()
                for n, text in going:
                    parts[n] = text
                out.append(joined(parts))
            return out

        lines: list[str] = []
        if self.headers:
            heads = [
                "\n".join(
                    line.rjust(w) if right else line.ljust(w)
                    for line in self.headers[p].split("\n")
                )
                for p, w, right in zip(positions, widths, rights, strict=True)
            ]
            lines.extend(lines_of(heads))
            if style != "plain":
                lines.append(rule())
        elif style == "simple":
            lines.append(rule())
        columns = iter(zip(*padded, strict=True)) if padded else iter(())
        for row in self.rows:
            if is_row(row):
                lines.extend(lines_of(list(next(columns))))
            else:
                lines.append(rule() if style != "plain" else "")
        if not self.headers and style == "simple":
            lines.append(rule())
        return "\n".join(lines)


def text_table(
    rows: Sequence[Any], headers: Sequence[str], style: str, aligns: Sequence[str]
) -> str:
    """``rows`` (lists of cells, or separating-line markers) drawn in a text ``style``."""
    if not _plain(headers, rows, aligns) or (style == "pipe" and not all(map(is_row, rows))):
        # (tabulate pads the pipe format's separating-line marker into a row of its own)
        return _tabulate(rows, headers, style, aligns)
    return Columns(headers, rows, aligns).draw(range(len(aligns)), style)


def html_table(rows: Sequence[Sequence[str]], headers: Sequence[str], aligns: Sequence[str]) -> str:
    """``rows`` as tabulate's ``html`` format writes them: padded cells, escaped."""
    import html  # its entity table costs a text table's start-up for nothing

    if not _plain(headers, rows, aligns):
        return _tabulate(rows, headers, "html", aligns)
    styles = [' style="text-align: right;"' if a == "right" else "" for a in aligns]
    columns = [[row[p].strip() for row in rows] for p in range(len(aligns))]
    # html is not one of tabulate's multiline formats: it measures a cell whole, and with
    # wcwidth installed a line break makes the width -1, which pads such cells further
    broken = -1 if find_spec("wcwidth") is not None else None

    def measured(text: str) -> int:
        return broken if broken is not None and "\n" in text else len(text)

    widths = [
        max(
            max((measured(text) for text in cells), default=0),
            measured(header) + 2 if headers else 0,
        )
        for cells, header in zip(columns, headers or [""] * len(aligns), strict=True)
    ]
    rights = [a == "right" for a in aligns]

    def padded_to(text: str, width: int, right: bool) -> str:
        width -= measured(text) - len(text)
        return text.rjust(width) if right else text.ljust(width)

    def row_html(tag: str, cells: Sequence[str]) -> str:
        return (
            "<tr>"
            + "".join(
                f"<{tag}{style}>{html.escape(text)}</{tag}>"
                for text, style in zip(cells, styles, strict=True)
            ).rstrip()
            + "</tr>"
        )

    lines = []
    if headers:
        heads = [
            padded_to(h, w, right) for h, w, right in zip(headers, widths, rights, strict=True)
        ]
        lines.append(f"<table>\n<thead>\n{row_html('th', heads)}\n</thead>\n<tbody>")
    else:
        lines.append("<table>\n<tbody>")
    # each column's cells made whole at once: padded, escaped in one pass (a cell holds no
    # control character, so one joins them), and tagged
    tagged = [
        [
            f"<td{style}>{text}</td>"
            for text in html.escape(UNIT.join([padded_to(text, w, right) for text in cells])).split(
                UNIT
            )
        ]
        if cells
        else []
        for cells, w, right, style in zip(columns, widths, rights, styles, strict=True)
    ]
    lines.extend("<tr>" + "".join(cells).rstrip() + "</tr>" for cells in zip(*tagged, strict=True))
    lines.append("</tbody>\n</table>")
    return "\n".join(lines)


def _tabulate(
    rows: Sequence[Any], headers: Sequence[str], style: str, aligns: Sequence[str]
) -> str:
    from tabulate import SEPARATING_LINE, tabulate

    shown = [list(row) if is_row(row) else SEPARATING_LINE for row in rows]
    if headers:
        return tabulate(
            shown, list(headers), tablefmt=style, colalign=list(aligns), disable_numparse=True
        )
    return tabulate(shown, tablefmt=style, colalign=list(aligns), disable_numparse=True)
