"""The extract report: the draft book itself, or its terms and quotes as tables.

By default it prints the draft YAML (its own document). In JSON it is the
terms report's tranches and totals, figure for figure, plus every quote and
TODO of the draft, so a script can check a draft against a reviewed book.
"""

from dataclasses import dataclass

from placements.extract import Extraction
from placements.extract.explain import Explained, explain
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


@dataclass(frozen=True, kw_only=True)
class ExplainRow(Row):
    """A term of the draft, the sentence it came from and the rule that read it, or missed it."""

    tranche: str = column("tranche")
    term: str = column("term")
    value: str = column("value")
    read: bool = column("read", Kind.FLAG)
    rule: str = column("rule")
    quote: str | None = column("quote")
    sentence: str | None = column("sentence")
    todo: str | None = column("to review")


def explain_report(extraction: Extraction) -> Report:
    """``placements extract --explain``: each term with its sentence and rule; exit 1 if none."""
    if extraction.book is None:
        return Report(title="No financing found", tables=(), exit_code=1)
    assert extraction.draft is not None, "a book is drafted"
    files = {tranche.id.value: tranche.source for tranche in extraction.draft.tranches}
    explained = explain(list(extraction.read), list(extraction.lines), files)
    rows = [
        ExplainRow(
            tranche=each.tranche,
            term=each.term,
            value=each.value,
            read=not each.missed,
            rule=each.rule,
            quote=each.quote,
            sentence=each.sentence,
            todo=each.todo,
        )
        for each in explained
    ]
    return Report(
        title=f"How the draft was read from {_releases(len(extraction.files))}",
        tables=(table("explain", ExplainRow, rows, title="Terms, sentences and rules"),),
        meta={"releases": list(extraction.files)},
        documents={Format.TABLE: explanation_text(explained)},
    )


def explanation_text(explained: list[Explained]) -> str:
    """The explanation for a terminal: one block a term, the sentence quoted under it."""
    out = []
    for each in explained:
        where = f"{each.tranche}: " if each.tranche else ""
        value = f" = {each.value}" if each.value else ""
        if each.missed:
            out.append(f"{where}{each.term}{value}  MISSED; closest rule: {each.rule}")
        else:
            out.append(f"{where}{each.term}{value}  read by {each.rule}")
            out.append(f'    quote:    "{each.quote}"')
        if each.sentence:
            out.append(f'    sentence: "{each.sentence}"')
        if each.todo:
            out.append(f"    TODO:     {each.todo}")
    return "\n".join(out) + "\n"
