"""Terminal tables that fit a width: stacked column groups, never wrapped lines.

A table wider than the terminal is split into groups of columns, each led by
the key (first) column, printed one under the other. Before splitting, a
header is folded at its spaces to the width of its figures, and a text cell
wider than the room beside the key column is folded at its spaces. Text is
only ever broken at a space, never inside a word, so ids and dates
(``2007-11-mf-t4``, ``2008-03-23``) stay whole; a word longer than the room
overflows rather than break.
"""

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

Cells = list[list[str]]
SEPARATOR = 2
"""Spaces between columns in tabulate's plain and simple formats."""


def fold(text: str, width: int) -> str:
    """``text`` folded at spaces to ``width``, keeping its own line breaks."""
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
        for line in text.split("\n")
    )


def fold_lines(lines: Sequence[str], width: int | None, indent: str = "") -> list[str]:
    """Prose lines (headings, notes) folded at spaces, continued under ``indent``."""
    if width is None:
        return list(lines)
    folded = []
    for line in lines:
        if len(line) <= width:
            folded.append(line)
            continue
        folded.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return folded


def _width(text: str) -> int:
    if "\n" not in text:
        return len(text)
    return max(len(line) for line in text.split("\n"))


Draw = Callable[[list[str], list, list[int]], str]
Measure = Callable[[list[str], list], Callable[[list[int]], int]]
"""Given headers and rows, the width ``draw`` gives a group of column positions."""


def measured_by_drawing(draw: Draw) -> Measure:
    """Widths found by drawing: right for any format, and as slow as drawing."""
    return lambda headers, rows: lambda positions: _width(draw(headers, rows, positions))


def fitted(
    headers: list[str],
    rows: Sequence[list[str] | object],
    numeric: Sequence[bool],
    width: int | None,
    draw: Draw,
    measure: Measure | None = None,
) -> str:
    """The table drawn by ``draw(headers, rows, positions)`` in groups no wider than ``width``.

    ``rows`` may hold separator markers (anything not a list), passed through.
    ``draw`` gets the headers and rows cut to the group's column positions;
    ``measure``, when given, tells the width of a drawing without drawing it,
    which on a long table is most of the time fitting takes.
    """
    everything = list(range(len(headers)))
    measure = measure or measured_by_drawing(draw)
    if width is None or measure(list(headers), list(rows))(everything) <= width:
        return draw(headers, list(rows), everything)
    data = [row for row in rows if isinstance(row, list)]
    headers = list(headers)
    rows = [list(row) if isinstance(row, list) else row for row in rows]
    widths = []
    for position, header in enumerate(headers):
        figures = max((_width(row[position]) for row in data), default=0)
        longest_word = max((len(word) for word in header.split()), default=0)
        # tabulate pads a header by two spaces beyond its figures
        headers[position] = fold(header, max(figures - SEPARATOR, longest_word))
        widths.append(max(figures, _width(headers[position])))
    room = max(width - widths[0] - SEPARATOR, 1)
    folds: dict[str, str] = {}  # a long table repeats its texts (schedules, clauses)
    for position in everything[1:]:
        if not numeric[position] and widths[position] > room:
            for row in rows:
                if isinstance(row, list):
                    text = row[position]
                    folded = folds.get(text)
                    if folded is None:
                        folded = folds[text] = fold(text, room)
                    row[position] = folded
            headers[position] = fold(headers[position], room)
            widths[position] = max(
                [_width(headers[position])] + [_width(row[position]) for row in data]
            )
    # grouped by drawing, so the format's own padding is measured, not guessed
    groups: list[list[int]] = []
    width_of = measure(headers, rows)
    for position in everything[1:]:
        if groups and width_of([*groups[-1], position]) <= width:
            groups[-1].append(position)
        else:
            groups.append([0, position])
    if not groups:
        groups = [[0]]
    return "\n\n".join(draw(headers, rows, group) for group in groups)


def cut(row: Any, positions: Sequence[int]) -> Any:
    """A row cut to ``positions``; a separator marker as it is."""
    return [row[p] for p in positions] if isinstance(row, list) else row
