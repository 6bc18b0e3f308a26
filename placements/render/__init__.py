"""Reports to text: terminal tables, markdown, CSV, JSON and HTML.

Figures are written by what they are (:class:`~placements.reports.report.Kind`),
never by how they happen to be stored: money always with two decimals, prices
with at least two, counts as whole numbers. JSON carries exact decimals as
strings ("481534.92") so no reader turns a cent into a float approximation.
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from placements.collector import collector_paused
from placements.core.money import CENT, cents, price_text
from placements.output import Format
from placements.pyyaml import yaml
from placements.render.fit import Draw, Measure, cut, fitted, fold_lines
from placements.render.grid import Columns, drawable, html_table, text_table
from placements.reports.report import Column, Distribution, Kind, Report, Table

# json, csv, html and the row-by-row writers (render.documents) are imported
# where a format needs them: a terminal table, the usual case, needs none

SEPARATING_LINE = "\001"
"""A marker row drawn as a rule: tabulate's, so a table it draws reads it too."""
NUMERIC = {Kind.COUNT, Kind.MONEY, Kind.PRICE, Kind.PERCENT, Kind.NUMBER}
TOTAL_LABEL = "Total"


@collector_paused
def render(
    reports: Report | Sequence[Report], format: Format | None = None, width: int | None = None
) -> str | bytes:
    """Reports in ``format``, or in the first one's default format.

    The cyclic collector is paused while it writes, as the commands pause it:
    a long report's cells are tens of thousands of strings, holding no cycles,
    and each collection would scan everything the report holds again.

    Several reports (one per scenario, say) print one after the other; JSON
    and YAML make a list of them, and CSV one table with a column naming each.
    ``width`` is the terminal's, which terminal tables fit (None: as wide as
    they need, for scripts).
    """
    if isinstance(reports, Report):
        reports = [reports]
    format = format or reports[0].default_format
    if format is Format.XLSX:
        from placements.render.xlsx import workbook

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
        from placements.render.documents import json_text

        return json_text([_document(r) for r in reports], many=True)
    if format is Format.YAML:
        return _yaml_many(reports)
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


def _yaml_many(reports: Sequence[Report]) -> str:
    from placements.render.documents import yaml_text

    return yaml_text([_document(r) for r in reports], len(reports) > 1, _yaml)


def _render_one(report: Report, format: Format, width: int | None = None) -> str:
    if format in report.documents:
        return report.documents[format]
    if format is Format.YAML:
        return _yaml_many([report])
    if format is Format.JSON:
        from placements.render.documents import json_text

        return json_text([_document(report)], many=False)
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


def formatter(kind: Kind, *, plain: bool = False, joiner: str = "\n") -> Callable[[Any], str]:
    """:func:`cell` for one column: the kind looked up once, and repeated figures written once.

    A long report repeats its prices and clauses on every row; each
    distinct one is written once per column. Texts are remembered by
    value and type, and decimals by their digits too, so ``-0`` and ``0``
    (equal, but written differently) never share an entry.
    """
    if kind is Kind.TEXT:
        return lambda value: "" if value is None else str(value)
    if kind is Kind.COUNT:
        if plain:
            return lambda value: "" if value is None else str(value)
        return lambda value: "" if value is None else f"{value:,}"
    if kind is Kind.MONEY:
        shape = ".2f" if plain else ",.2f"
        return lambda value: "" if value is None else format(cents(Decimal(value)), shape)
    if kind is Kind.DATE:
        return lambda value: "" if value is None else value.isoformat()
    if kind is Kind.FLAG:
        return lambda value: "" if value is None else ("yes" if value else "no")
    if kind is Kind.SCHEDULE:  # a tranche's own dates: seldom repeated, and dear to compare
        return _schedules(joiner)
    written: dict[Any, str] = {}

    def remembered(value: Any) -> str:
        if value is None:
            return ""
        try:
            key = (type(value), value, str(value) if isinstance(value, Decimal) else None)
            found = written.get(key)
        except TypeError:  # unhashable: written every time
            return cell(value, kind, plain=plain, joiner=joiner)
        if found is None:
            found = written[key] = cell(value, kind, plain=plain, joiner=joiner)
        return found

    return remembered


def _schedules(joiner: str) -> Callable[[Any], str]:
    """:func:`cell` of a column of schedules: each schedule written afresh, each price once."""
    prices: dict[Decimal, str] = {}

    def written(value: Any) -> str:
        if type(value) is not tuple:
            return cell(value, Kind.SCHEDULE, joiner=joiner)
        texts = []
        for period in value:
            price = prices.get(period.price)
            if price is None:  # equal prices are written alike (price_text normalizes)
                price = prices[period.price] = price_text(period.price)
            texts.append(f"{price} to {period.last.isoformat()}")
        return joiner.join(texts)

    return written


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


def json_values(kind: Kind) -> Callable[[Any], Any]:
    """:func:`json_value` for one column: the kind looked up once, repeated prices written once."""
    if kind in (Kind.MONEY, Kind.PRICE, Kind.PERCENT):
        write = formatter(kind, plain=True)
        return lambda value: (
            write(value)
            if value is not None and type(value) is not Distribution
            else json_value(value, kind)
        )
    if kind is Kind.DATE:
        return lambda value: value.isoformat() if type(value) is date else json_value(value, kind)
    if kind is Kind.COUNT or kind is Kind.TEXT:
        return lambda value: (
            value
            if type(value) is (int if kind is Kind.COUNT else str)
            else json_value(value, kind)
        )
    return lambda value: json_value(value, kind)


def _stated_wording(clause: Any) -> dict[str, Any]:
    wording = {
        "measure": (clause.measure, "close"),
        "test": (clause.test, "at_or_above"),
        "issuer": (clause.issuer, "may"),
        "notice_within_days": (clause.notice_within_days, None),
    }
    return {key: value for key, (value, default) in wording.items() if value != default}


def report_json(report: Report) -> dict[str, Any]:
    """The report as one JSON-ready document (what ``--format json`` writes)."""
    from placements.render.documents import Rows

    return {
        key: value.document() if isinstance(value, Rows) else value
        for key, value in _document(report).items()
    }


def _document(report: Report) -> dict[str, Any]:
    """:func:`report_json` with each table's rows left as :class:`Rows`, written as read."""
    from placements.render.documents import Rows

    document: dict[str, Any] = {key: _json_meta(value) for key, value in report.meta.items()}
    for table in report.tables:
        document[table.name] = Rows(table, json_values)
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


def _shown_columns(table: Table, values: Sequence[Sequence[Any]] | None = None) -> list[int]:
    """Positions of the columns to print: optional ones only when some row fills them.

    ``values`` are the table's columns of values, when the caller has them already.
    """
    if values is None:
        values = _by_column(table)
    return [
        position
        for position, column in enumerate(table.columns)
        if not column.optional
        or any(value is not None and value != 0 for value in values[position])
    ]


def _by_column(table: Table) -> list[tuple[Any, ...]]:
    """The table's values column by column (as many empty columns as it has, with no rows)."""
    return list(zip(*_rows(table), strict=True)) or [()] * len(table.columns)


Grid = tuple[list[str], list[list[str]], list[str]]


def _layout(table: Table, *, joiner: str, header_break: str) -> Grid:
    """Headers, printed rows (totals last) and column alignments of a table."""
    if table.printed_sideways:
        return _sideways(table, joiner=joiner, header_break=header_break)
    values = _by_column(table)
    positions = _shown_columns(table, values)
    columns = [table.columns[p] for p in positions]
    headers = [column.header.replace("\n", header_break) for column in columns]
    # written a column at a time: each column's formatter over its values
    cells = [
        list(map(formatter(table.columns[p].kind, joiner=joiner), values[p])) for p in positions
    ]
    rows = [list(row) for row in zip(*cells, strict=True)] if cells else [[] for _ in table.rows]
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
        numeric = [align == "right" for align in aligns]
        draw, measure = _drawing(aligns, plain, drawable(headers, rows, aligns))
        out.append(fitted(headers, rows, numeric, width, draw, measure))
    out.extend(fold_lines(_notes_lines(report), width, "  "))
    return "\n".join(out) + "\n"


def _drawing(aligns: list[str], plain: bool, fast: bool) -> tuple[Draw, Measure | None]:
    """How :func:`fitted` draws a terminal table's column groups, and measures them.

    The simple format's width follows from its columns' widths, so a long
    table is measured without drawing each candidate group; the columns are
    stripped and measured once for all the groups (fitting folds the cells
    first, and then hands the same rows to every call).
    """
    style = "plain" if plain else "simple"
    last: list[tuple[list[str], list, Columns]] = []

    def columns(heads: list[str], lines: list) -> Columns:
        if not last or last[0][0] is not heads or last[0][1] is not lines:
            last[:] = [(heads, lines, Columns([] if plain else heads, lines, aligns))]
        return last[0][2]

    def draw(heads: list[str], lines: list, positions: list[int]) -> str:
        if fast:
            return columns(heads, lines).draw(positions, style)
        shown = [cut(line, positions) for line in lines]
        return text_table(
            shown,
            [] if plain else [heads[p] for p in positions],
            style,
            [aligns[p] for p in positions],
        )

    def measure(heads: list[str], lines: list) -> Callable[[list[int]], int]:
        return columns(heads, lines).drawn_width

    return draw, (measure if fast and not plain else None)


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
        out.append(text_table(rows, headers, "pipe", aligns))
    if report.notes:
        out.extend(["", "## Notes", ""])
        out.extend(
            f"- {note.text}" + (f" (`{note.where}`)" if note.where else "") for note in report.notes
        )
    return "\n".join(out) + "\n"


def _html(reports: Sequence[Report]) -> str:
    """One HTML document holding every report, each under its own heading."""
    import html

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
    import html

    out = [f"<h1>{html.escape(report.title)}</h1>"]
    meta = _meta_lines(report)
    if meta:
        out.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in meta) + "</ul>")
    for table in report.tables:
        if table.title:
            out.append(f"<h2>{html.escape(table.title)}</h2>")
        headers, rows, aligns = _layout(table, joiner="\n", header_break=" ")
        out.append(html_table(rows, headers, aligns) if rows else "<p>(none)</p>")
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
    keys, rows = _csv_rows(report)
    return _csv_text(keys, rows)


def _csv_many(reports: Sequence[Report]) -> str:
    """The main tables of several reports as one CSV, led by a column naming the report."""
    tables = [_csv_rows(report) for report in reports]
    if any(keys != tables[0][0] for keys, _ in tables):
        return _csv_many_by_pandas(reports, tables)
    rows = [
        [str(report.meta.get("scenario", report.title)), *row]
        for report, (_, found) in zip(reports, tables, strict=True)
        for row in found
    ]
    return _csv_text(["report", *tables[0][0]], rows)


def _csv_text(keys: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Cells as pandas' ``to_csv`` writes text: minimal quoting, ``\\n`` line ends.

    pandas writes through the standard csv module with these settings, so the
    module alone gives the same bytes without importing pandas.
    """
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(keys)
    writer.writerows(rows)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet opening a CSV reads a cell beginning with as a formula."""


def _inert(write: Callable[[Any], str]) -> Callable[[Any], str]:
    """A text column's writer for CSV: a text a spreadsheet would run as a formula (an id
    or a note drafted from a release, ``=HYPERLINK(...)``) leads with an apostrophe,
    which spreadsheets read as "this is text" and do not show."""

    def written(value: Any) -> str:
        text = write(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text

    return written


def _csv_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    table = report.table(report.csv_table) if report.csv_table else report.tables[0]
    keys = [column.key for column in table.columns]
    written = []
    for column in table.columns:
        write = formatter(column.kind, plain=True, joiner="; ")
        written.append(_inert(write) if column.kind is Kind.TEXT else write)
    rows = [
        [write(value) for write, value in zip(written, row, strict=True)] for row in _rows(table)
    ]
    return keys, rows


def _csv_many_by_pandas(
    reports: Sequence[Report], tables: Sequence[tuple[list[str], list[list[str]]]]
) -> str:
    """Tables of different columns: pandas lines them up (a missing cell left empty)."""
    import pandas as pd

    frames = []
    for report, (keys, rows) in zip(reports, tables, strict=True):
        frame = pd.DataFrame(rows, columns=keys, dtype=object)
        frame.insert(0, "report", str(report.meta.get("scenario", report.title)))
        frames.append(frame)
    buffer = io.StringIO()
    pd.concat(frames, ignore_index=True).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
