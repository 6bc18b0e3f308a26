"""The investor pack as a self-contained HTML page, or as markdown.

The page carries its charts as inline SVG and its style inline, so it is one
file that opens anywhere and needs no network. Print rules fit A4 and Letter
alike (the narrower width and the shorter height of the two), keep each
chart and each table's rows whole across pages, and repeat table headers. Ids
and dates never break at their hyphens: each such word is kept on one line.
"""

import base64
import html
import re
from collections.abc import Sequence

from placements.reports.pack import Pack
from placements.reports.report import Report

WORD_WITH_HYPHEN = re.compile(r"\S*\w-\w\S*")
STYLE = """
@page { size: 210mm 279mm; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
  color: #1a1a1a; max-width: 186mm; margin: 1.5em auto; padding: 0 0.5em; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 0.2em; }
h2 { font-size: 12.5pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #bbb;
  break-after: avoid; }
.facts { color: #444; margin: 0 0 1em; }
.facts span { margin-right: 1.4em; white-space: nowrap; }
.methods li { margin-bottom: 0.25em; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 7.5pt; width: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { padding: 0.18em 0.35em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { text-align: left; background: #f2f2f2; font-weight: 600; vertical-align: bottom; }
td { white-space: pre-line; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { text-align: right; }
tr.total td { font-weight: 700; border-top: 1.5px solid #666; }
.nb { white-space: nowrap; }
figure.chart { margin: 0.6em 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-height: 110mm; display: block; }
figcaption { font-size: 8.5pt; color: #555; margin-top: 0.2em; }
.notes { font-size: 8.5pt; color: #444; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: auto; } }
"""


def _text(value: str) -> str:
    """Escaped text in which ids and dates (words with hyphens) stay on one line."""
    out, last = [], 0
    for match in WORD_WITH_HYPHEN.finditer(value):
        out.append(html.escape(value[last : match.start()]))
        out.append(f'<span class="nb">{html.escape(match.group())}</span>')
        last = match.end()
    out.append(html.escape(value[last:]))
    return "".join(out)


def _table_html(report: Report) -> list[str]:
    from placements.render import _layout

    out = []
    for table in report.tables:
        headers, rows, aligns = _layout(table, joiner="\n", header_break=" ")
        if table.title:
            out.append(f"<h3>{html.escape(table.title)}</h3>")
        if not rows:
            out.append("<p>(none)</p>")
            continue
        total = len(rows) - 1 if table.totals is not None else None

        def cls(position: int, aligns: list[str] = aligns) -> str:
            return ' class="num"' if aligns[position] == "right" else ""

        out.append('<div class="wide"><table>')
        out.append(
            "<thead><tr>"
            + "".join(f"<th{cls(i)}>{_text(h)}</th>" for i, h in enumerate(headers))
            + "</tr></thead><tbody>"
        )
        for number, row in enumerate(rows):
            kind = ' class="total"' if number == total else ""
            out.append(
                f"<tr{kind}>"
                + "".join(f"<td{cls(i)}>{_text(value)}</td>" for i, value in enumerate(row))
                + "</tr>"
            )
        out.append("</tbody></table></div>")
    if report.notes:
        out.append('<ul class="notes">')
        out.extend(f"<li>{_text(note.text)}</li>" for note in report.notes)
        out.append("</ul>")
    return out


def pack_html(pack: Pack, charts: Sequence[tuple[str, str]]) -> str:
    """The pack as one HTML page with its charts inline."""
    title = f"{pack.issuer}: investor pack as of {pack.as_of.isoformat()}"
    facts = [f"Issuer: {pack.issuer}"]
    if pack.ticker:
        facts.append(f"Ticker: {pack.ticker}")
    facts += [f"As of: {pack.as_of.isoformat()}", f"Currency: {pack.currency}"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(pack.issuer)}: investor pack</h1>",
        '<p class="facts">' + "".join(f"<span>{_text(f)}</span>" for f in facts) + "</p>",
        "<h2>Methods and assumptions</h2>",
        '<ul class="methods">' + "".join(f"<li>{_text(m)}</li>" for m in pack.methods) + "</ul>",
    ]
    for section in pack.sections:
        out.append(f"<h2>{_text(section.title)}</h2>")
        out.extend(_table_html(section))
    if charts:
        out.append("<h2>Charts</h2>")
        for caption, svg in charts:
            out.append(
                f'<figure class="chart">{svg}<figcaption>{_text(caption)}</figcaption></figure>'
            )
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


def pack_markdown(pack: Pack, charts: Sequence[tuple[str, str]]) -> str:
    """The pack as markdown, its charts as SVG images inlined as data URIs."""
    from placements.render import _markdown

    out = [f"# {pack.issuer}: investor pack", ""]
    if pack.ticker:
        out.append(f"- Ticker: {pack.ticker}")
    out += [f"- As of: {pack.as_of.isoformat()}", f"- Currency: {pack.currency}", ""]
    out += ["## Methods and assumptions", ""]
    out += [f"- {text}" for text in pack.methods]
    for section in pack.sections:
        body = _markdown(section)
        out += ["", body.replace("# ", "## ", 1).replace("\n## ", "\n### ").rstrip()]
    if charts:
        out += ["", "## Charts", ""]
        for caption, svg in charts:
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            out += [f"![{caption}](data:image/svg+xml;base64,{data})", ""]
    return "\n".join(out).rstrip() + "\n"
