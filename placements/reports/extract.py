"""The extract report: the draft book itself, or its terms and quotes as tables.

By default it prints the draft YAML (its own document). In JSON it is the
terms report's tranches and totals, figure for figure, plus every quote and
TODO of the draft, so a script can check a draft against a reviewed book.
"""

from dataclasses import dataclass

from placements.extract import Extraction
from placements.output import Format
from placements.reports.report import Kind, Report, Row, column, table
from placements.reports.terms import terms_report


@dataclass(frozen=True, kw_only=True)
class QuoteRow(Row):
    """A term of the draft, the words it came from, and what to review."""

    tranche: str = column("tranche")
    term: str = column("term")
    value: str = column("value")
    in_book: bool = column("in book", Kind.FLAG)
    quote: str | None = column("quote")
    todo: str | None = column("to review")


def extract_report(extraction: Extraction) -> Report:
    """What ``placements extract`` prints; exit status 1 and no tables if nothing was found."""
    if extraction.book is None:
        return Report(title="No financing found", tables=(), exit_code=1)
    book = extraction.book
    terms = terms_report(book, ", ".join(extraction.files))
    quotes = [
        QuoteRow(
            tranche=line.tranche,
            term=line.path,
            value=line.value,
            in_book=line.in_book,
            quote="; ".join(line.quotes) or None,
            todo=line.todo,
        )
        for line in extraction.lines
        if line.quotes or line.todo
    ]
    issuer = book.issuer
    return Report(
        title=f"Draft book from {_releases(len(extraction.files))}: {issuer.name}",
        tables=(
            terms.table("tranches"),
            table("quotes", QuoteRow, quotes, title="Quotes and TODOs"),
        ),
        meta={
            "releases": list(extraction.files),
            "without_financing": list(extraction.without_financing),
            "issuer": {"name": issuer.name, "ticker": issuer.ticker, "currency": issuer.currency},
            "todos": extraction.todos,
        },
        notes=terms.notes,
        documents={Format.YAML: extraction.yaml},
        default_format=Format.YAML,
    )


def _releases(count: int) -> str:
    return f"{count} release" if count == 1 else f"{count} releases"
