"""The renderers as they were before issue 17, on tabulate, pandas, json and PyYAML.

Kept as the reference the faster renderers in placements/render are held to:
tests/test_render_large.py renders reports with both and compares the bytes.
(A copy of placements/render/__init__.py and fit.py of that time.)
"""

import html
import io
import json
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml
from tabulate import SEPARATING_LINE, tabulate

from placements.core.money import CENT, cents, price_text
from placements.output import Format
from placements.reports.report import Column, Distribution, Kind, Report, Table

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
    return max((len(line) for line in text.split("\n")), default=0)


def fitted(
    headers: list[str],
    rows: Sequence[list[str] | object],
    numeric: Sequence[bool],
    width: int | None,
    draw: Callable[[list[str], list, list[int]], str],
) -> str:
    """The table drawn by ``draw(headers, rows, positions)`` in groups no wider than ``width``.

    ``rows`` may hold separator markers (anything not a list), passed through.
    ``draw`` gets the headers and rows cut to the group's column positions.
    """
    everything = list(range(len(headers)))
    whole = draw(headers, list(rows), everything)
    if width is None or _width(whole) <= width:
        return whole
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
    for position in everything[1:]:
        if not numeric[position] and widths[position] > room:
            for row in rows:
                if isinstance(row, list):
                    row[position] = fold(row[position], room)
            headers[position] = fold(headers[position], room)
            widths[position] = max(
                [_width(headers[position])] + [_width(row[position]) for row in data]
            )
    # grouped by drawing, so the format's own padding is measured, not guessed
    groups: list[list[int]] = []
    for position in everything[1:]:
        if groups and _width(draw(headers, rows, [*groups[-1], position])) <= width:
            groups[-1].append(position)
        else:
            groups.append([0, position])
    if not groups:
        groups = [[0]]
    return "\n\n".join(draw(headers, rows, group) for group in groups)


def cut(row: Any, positions: Sequence[int]) -> Any:
    """A row cut to ``positions``; a separator marker as it is."""
    return [row[p] for p in positions] if isinstance(row, list) else row


if TYPE_CHECKING:
    import pandas as pd

NUMERIC = {Kind.COUNT, Kind.MONEY, Kind.PRICE, Kind.PERCENT, Kind.NUMBER}
TOTAL_LABEL = "Total"


def render(
    reports: Report | Sequence[Report], format: Format | None = None, width: int | None = None
) -> str | bytes:
    """Reports in ``format``, or in the first one's default format.

    Several reports (one per scenario, say) print one after the other; JSON
    and YAML make a list of them, and CSV one table with a column naming each.
    ``width`` is the terminal's, which terminal tables fit (None: as wide as
    they need, for scripts).
    """
    if isinstance(reports, Report):
        reports = [reports]
    format = format or reports[0].default_format
    if format is Format.XLSX:
        from xlsx_reference import workbook

        return workbook(reports)
    if format is Format.ICS and not all(Format.ICS in report.documents for report in reports):
        from placements.core.problems import InputError, Location, Problem

        raise InputError(
            [Problem(Location("command line"), "--format", "ics is written by calendar only")]
        )
    if format is Format.ICS:
        return "".join(report.documents[Format.ICS] for report in reports)
    if len(reports) == 1:
        return _render_one(reports[0], format, width)
    if format is Format.JSON:
        return json.dumps([report_json(r) for r in reports], indent=2, ensure_ascii=False) + "\n"
    if format is Format.YAML:
        return _yaml([report_json(r) for r in reports])
    if format is Format.CSV:
        return _csv_many(reports)
    if format is Format.HTML:
        return _html(reports)
    rule = "-" * (72 if width is None else min(72, width))
    separator = "\n" + rule + "\n\n" if format is Format.TABLE else "\n"
    return separator.join(_render_one(report, format, width) for report in reports)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: the same text as the pure-Python one, 4x faster."""


def _yaml(document: Any) -> str:
    return yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)


def _render_one(report: Report, format: Format, width: int | None = None) -> str:
    if format in report.documents:
        return report.documents[format]
    if format is Format.YAML:
        return _yaml(report_json(report))
    if format is Format.JSON:
        return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    if format is Format.CSV:
        return _csv(report)
    if format is Format.MARKDOWN:
        return _markdown(report)
    if format is Format.HTML:
        return _html([report])
    return _text(report, width)


def cell(value: Any, kind: Kind, *, plain: bool = False, joiner: str = "\n") -> str:
    """A value as text: ``plain`` leaves out thousands separators and units, for CSV."""
    if value is None:
        return ""
    if kind is Kind.COUNT:
        return str(value) if plain else f"{value:,}"
    if kind is Kind.MONEY:
        return format(cents(Decimal(value)), ".2f" if plain else ",.2f")
    if kind is Kind.PRICE:
        return price_text(Decimal(value))
    if kind is Kind.PERCENT:
        text = format(Decimal(value).quantize(CENT), ".2f")
        return text if plain else f"{text}%"
    if kind is Kind.NUMBER:
        return f"{value:.4f}" if isinstance(value, float) else str(value)
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.FLAG:
        return "yes" if value else "no"
    if kind is Kind.SCHEDULE:
        return joiner.join(
            f"{price_text(period.price)} to {period.last.isoformat()}" for period in value
        )
    if kind is Kind.ACCELERATION:
        after = ", after the hold" if value.after_hold else ""
        test = "above" if value.test == "exceeds" else "at"
        measure = " VWAP" if value.measure == "vwap" else ""
        within = (
            f"notice within {value.notice_within_days} days, "
            if value.notice_within_days is not None
            else ""
        )
        must = ", mandatory" if value.issuer == "must" else ""
        return (
            f"{test}{measure} {price_text(value.trigger)} for {value.trading_days} trading "
            f"days:{joiner}{within}{value.notice_days} days' notice{after}{must}"
        )
    return str(value)


def json_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if isinstance(value, Distribution):
        return {label: json_value(item, kind) for label, item in value.values.items()}
    if kind is Kind.COUNT:
        return int(value)
    if kind in (Kind.MONEY, Kind.PRICE, Kind.PERCENT):
        return cell(value, kind, plain=True)
    if kind is Kind.NUMBER:
        return str(value) if isinstance(value, Decimal) else value
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.FLAG:
        return bool(value)
    if kind is Kind.SCHEDULE:
        return [
            {
                "price": price_text(period.price),
                "from": None if period.first is None else period.first.isoformat(),
                "to": period.last.isoformat(),
            }
            for period in value
        ]
    if kind is Kind.ACCELERATION:
        return {
            "trigger": price_text(value.trigger),
            "trading_days": value.trading_days,
            "notice_days": value.notice_days,
            "after_hold": value.after_hold,
            # the wording of issue 12, only where a clause states it: older clauses keep their keys
            **_stated_wording(value),
        }
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _stated_wording(clause: Any) -> dict[str, Any]:
    wording = {
        "measure": (clause.measure, "close"),
        "test": (clause.test, "at_or_above"),
        "issuer": (clause.issuer, "may"),
        "notice_within_days": (clause.notice_within_days, None),
    }
    return {key: value for key, (value, default) in wording.items() if value != default}


def report_json(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = {key: _json_meta(value) for key, value in report.meta.items()}
    for table in report.tables:
        rows = [
            {
                column.key: json_value(value, column.kind)
                for column, value in zip(table.columns, row, strict=True)
            }
            for row in _rows(table)
        ]
        document[table.name] = rows[0] if table.record and rows else rows
        if table.totals is not None:
            document["totals"] = {
                column.key: json_value(table.totals[column.key], column.kind)
                for column in table.columns
                if column.key in table.totals
            }
    if report.notes:
        document["notes"] = [{"note": note.text, "where": note.where} for note in report.notes]
    return document


def _json_meta(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_meta(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_meta(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(table: Table) -> Iterable[Sequence[Any]]:
    return table.rows


def _shown_columns(table: Table) -> list[int]:
    """Positions of the columns to print: optional ones only when some row fills them."""
    values = list(zip(*_rows(table), strict=True)) or [()] * len(table.columns)
    return [
        position
        for position, column in enumerate(table.columns)
        if not column.optional
        or any(value is not None and value != 0 for value in values[position])
    ]


Grid = tuple[list[str], list[list[str]], list[str]]


def _layout(table: Table, *, joiner: str, header_break: str) -> Grid:
    """Headers, printed rows (totals last) and column alignments of a table."""
    if table.printed_sideways:
        return _sideways(table, joiner=joiner, header_break=header_break)
    positions = _shown_columns(table)
    columns = [table.columns[p] for p in positions]
    headers = [column.header.replace("\n", header_break) for column in columns]
    rows = [
        [cell(row[p], table.columns[p].kind, joiner=joiner) for p in positions]
        for row in _rows(table)
    ]
    if table.totals is not None:
        rows.append(_totals_row(table.totals, columns, joiner))
    aligns = ["right" if column.kind in NUMERIC else "left" for column in columns]
    return headers, rows, aligns


def _totals_row(
    totals: Mapping[str, Any], columns: Sequence[Column], joiner: str, plain: bool = False
) -> list[str]:
    row = [
        cell(totals.get(column.key), column.kind, plain=plain, joiner=joiner) for column in columns
    ]
    if row and not row[0]:
        row[0] = TOTAL_LABEL
    return row


def _sideways(table: Table, *, joiner: str, header_break: str) -> Grid:
    """A table turned on its side: a line per figure, a column per row.

    A record's one row is headed "value", or by percentile when its figures
    are distributions over price paths; other tables are headed by the values
    of their first column (such as the scenario compared).
    """
    rows = list(_rows(table))
    if not rows:
        return ["figure", "value"], [], ["left", "right"]
    columns = list(zip(table.columns, zip(*rows, strict=True), strict=True))
    if table.record:
        (row,) = rows
        labels = next(
            (list(value.values) for value in row if isinstance(value, Distribution)), ["value"]
        )
    else:
        labels = [cell(value, columns[0][0].kind) for value in columns[0][1]]
        columns = columns[1:]
    lines = []
    for column, values in columns:
        if column.optional and all(value is None for value in values):
            continue
        name = column.header.replace("\n", header_break)
        if table.record and isinstance(values[0], Distribution):
            shown = [cell(values[0].values[label], column.kind, joiner=joiner) for label in labels]
        elif table.record:
            # a figure the same on every path stands in every percentile's column
            shown = [cell(values[0], column.kind, joiner=joiner)] * len(labels)
        else:
            shown = [cell(value, column.kind, joiner=joiner) for value in values]
        lines.append([name, *shown])
    return ["figure", *labels], lines, ["left"] + ["right"] * len(labels)


def _meta_lines(report: Report) -> list[str]:
    return [
        f"{key}: {value}"
        for key, value in report.meta.items()
        if isinstance(value, (str, int, Decimal, date)) and value != ""
    ]


def _text(report: Report, width: int | None = None) -> str:
    out = fold_lines([report.title, *_meta_lines(report)], width, "    ")
    for table in report.tables:
        out.append("")
        if table.title:
            out.extend(fold_lines([table.title], width))
        headers, grid, aligns = _layout(table, joiner="\n", header_break="\n")
        if not grid:
            out.append("(none)")
            continue
        rows: list[Any] = list(grid)
        if table.totals is not None:
            rows.insert(len(rows) - 1, SEPARATING_LINE)
        plain = table.record and headers[1:] == ["value"]

        def draw(
            heads: list[str], lines: list, positions: list[int], plain=plain, aligns=aligns
        ) -> str:
            shown = [cut(line, positions) for line in lines]
            colalign = [aligns[p] for p in positions]
            if plain:
                return tabulate(shown, tablefmt="plain", colalign=colalign, disable_numparse=True)
            return tabulate(
                shown,
                [heads[p] for p in positions],
                tablefmt="simple",
                colalign=colalign,
                disable_numparse=True,
            )

        numeric = [align == "right" for align in aligns]
        out.append(fitted(headers, rows, numeric, width, draw))
    out.extend(fold_lines(_notes_lines(report), width, "  "))
    return "\n".join(out) + "\n"


def _notes_lines(report: Report) -> list[str]:
    if not report.notes:
        return []
    lines = ["", "Notes"]
    for note in report.notes:
        lines.append(f"- {note.text}" + (f" ({note.where})" if note.where else ""))
    return lines


def _markdown(report: Report) -> str:
    out = [f"# {report.title}", ""]
    out.extend(f"- {line}" for line in _meta_lines(report))
    for table in report.tables:
        out.append("")
        if table.title:
            out.extend([f"## {table.title}", ""])
        headers, rows, aligns = _layout(table, joiner="; ", header_break=" ")
        if not rows:
            out.append("(none)")
            continue
        if table.totals is not None:
            rows[-1] = [f"**{value}**" if value else value for value in rows[-1]]
        out.append(tabulate(rows, headers, tablefmt="pipe", colalign=aligns, disable_numparse=True))
    if report.notes:
        out.extend(["", "## Notes", ""])
        out.extend(
            f"- {note.text}" + (f" (`{note.where}`)" if note.where else "") for note in report.notes
        )
    return "\n".join(out) + "\n"


def _html(reports: Sequence[Report]) -> str:
    """One HTML document holding every report, each under its own heading."""
    title = reports[0].title if len(reports) == 1 else "placements reports"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif} table{border-collapse:collapse;margin-bottom:1.5em}"
        " th,td{padding:0.2em 0.6em;border-bottom:1px solid #ddd} th{text-align:left}"
        " td{white-space:pre}</style>",  # ids and dates never break at hyphens
        "</head>",
        "<body>",
    ]
    for report in reports:
        out.extend(_html_body(report))
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


def _html_body(report: Report) -> list[str]:
    out = [f"<h1>{html.escape(report.title)}</h1>"]
    meta = _meta_lines(report)
    if meta:
        out.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in meta) + "</ul>")
    for table in report.tables:
        if table.title:
            out.append(f"<h2>{html.escape(table.title)}</h2>")
        headers, rows, aligns = _layout(table, joiner="\n", header_break=" ")
        out.append(
            tabulate(rows, headers, tablefmt="html", colalign=aligns, disable_numparse=True)
            if rows
            else "<p>(none)</p>"
        )
    if report.notes:
        out.append("<h2>Notes</h2><ul>")
        out.extend(
            f"<li>{html.escape(note.text)}"
            + (f" <code>{html.escape(note.where)}</code>" if note.where else "")
            + "</li>"
            for note in report.notes
        )
        out.append("</ul>")
    return out


def select_table(reports: Sequence[Report], name: str) -> list[Report]:
    """Each report cut to its table ``name`` (``--table``), for a format of one table or all."""
    names = list(dict.fromkeys(t.name for report in reports for t in report.tables))
    if name not in names:
        from placements.core.problems import InputError, Location, Problem, explain

        raise InputError(
            [
                Problem(
                    Location("command line"),
                    "--table",
                    explain("no such table", got=name, expected="one of " + ", ".join(names)),
                )
            ]
        )
    return [
        replace(report, tables=tuple(t for t in report.tables if t.name == name), csv_table=None)
        for report in reports
        if any(t.name == name for t in report.tables)
    ]


def _csv(report: Report) -> str:
    """The report's main table as CSV, with plain numbers for spreadsheets.

    Totals are left out: every CSV line is a data row, so a reader that sums
    a column does not count everything twice (JSON and xlsx carry totals).
    """
    buffer = io.StringIO()
    _csv_frame(report).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _csv_many(reports: Sequence[Report]) -> str:
    """The main tables of several reports as one CSV, led by a column naming the report."""
    import pandas as pd

    frames = []
    for report in reports:
        frame = _csv_frame(report)
        frame.insert(0, "report", str(report.meta.get("scenario", report.title)))
        frames.append(frame)
    buffer = io.StringIO()
    pd.concat(frames, ignore_index=True).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _csv_frame(report: Report) -> "pd.DataFrame":
    import pandas as pd

    table = report.table(report.csv_table) if report.csv_table else report.tables[0]
    keys = [column.key for column in table.columns]
    return pd.DataFrame(
        [
            [
                cell(value, column.kind, plain=True, joiner="; ")
                for column, value in zip(table.columns, row, strict=True)
            ]
            for row in _rows(table)
        ],
        columns=keys,
        dtype=object,
    )
