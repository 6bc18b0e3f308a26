"""The ``placements`` command: parse arguments, call the library, print a report.

Each command is a function that returns a report; :func:`prints_report` adds
the shared ``--format``, ``--output`` and ``--force`` options and turns bad
input into located one-line errors with exit status 2. Heavy modules (pandas,
the loaders) are imported inside commands, so ``placements --help`` is quick.
"""

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from placements.core.origin import InputError
from placements.output import Format, deliver, destination

if TYPE_CHECKING:
    from placements.core.book import Book
    from placements.reports.report import Report

app = typer.Typer(
    name="placements",
    help="Model private placements and warrant dilution: terms, calendars, scenarios.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

OUTPUT_OPTIONS = (
    inspect.Parameter(
        "format",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Format | None,
            typer.Option(
                "--format",
                "-f",
                help="table, markdown, csv, json, html or yaml. Default: from the "
                "--output file's extension, else table.",
                show_default=False,
            ),
        ],
    ),
    inspect.Parameter(
        "output",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="Write the report to this file instead of printing it.",
                dir_okay=False,
                show_default=False,
            ),
        ],
    ),
    inspect.Parameter(
        "force",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool, typer.Option("--force", help="Replace the --output file if it exists.")
        ],
    ),
)


def fail(error: InputError) -> typer.Exit:
    """Print each problem as ``file:line:col: field: message`` and exit with status 2."""
    for problem in error.problems:
        typer.echo(str(problem), err=True)
    return typer.Exit(2)


def prints_report(command: Callable[..., "Report"]) -> Callable[..., None]:
    """Give a report-returning command the shared output options, and print its report."""

    @functools.wraps(command)
    def run(
        *args: object,
        format: Format | None = None,
        output: Path | None = None,
        force: bool = False,
        **kwargs: object,
    ) -> None:
        from placements.render import render

        try:
            to = destination(format, output, force)
            report = command(*args, **kwargs)
            if report.tables or report.documents or not report.exit_code:
                deliver(render(report, to.format), to)
        except InputError as error:
            raise fail(error) from None
        if report.exit_code:
            raise typer.Exit(report.exit_code)

    parameters = [*inspect.signature(command).parameters.values(), *OUTPUT_OPTIONS]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run


BookArgument = Annotated[
    Path | None,
    typer.Argument(
        help="A book YAML file. Default: the bundled Rocmec example.",
        metavar="BOOK",
        show_default=False,
        dir_okay=False,
    ),
]


def read_book(path: Path | None) -> tuple["Book", str]:
    """The book at ``path``, or the bundled example (saying so on stderr)."""
    from placements import bundled
    from placements.load.book import load_book

    if path is None:
        path = bundled.BOOK
        typer.echo(f"placements: no BOOK given; using the bundled example {path}", err=True)
    return load_book(path), str(path)


@app.command()
@prints_report
def terms(book: BookArgument = None) -> "Report":
    """One row per tranche: proceeds, fees, shares, warrants, hold and exercise steps.

    Examples:

        placements terms

        placements terms seeds/rocmec.yaml --format markdown

        placements terms seeds/rocmec.yaml -o terms.json
    """
    from placements.reports.terms import terms_report

    return terms_report(*read_book(book))


@app.command()
@prints_report
def calendar(book: BookArgument = None) -> "Report":
    """Every dated event in order: closings, hold ends, step-ups and expiries.

    Examples:

        placements calendar

        placements calendar seeds/rocmec.yaml --format csv -o calendar.csv
    """
    from placements.reports.calendar import calendar_report

    return calendar_report(*read_book(book))


@app.command()
@prints_report
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Book files to check.", metavar="FILE", show_default=False)
    ],
) -> "Report":
    """Check files and report every problem found; exit 0 if all are clean, 2 if not.

    Examples:

        placements check seeds/rocmec.yaml

        placements check books/*.yaml --format json
    """
    from placements.load.check import check_file
    from placements.reports.check import check_report

    return check_report([check_file(path) for path in files])


@app.command()
@prints_report
def extract(
    releases: Annotated[
        list[Path],
        typer.Argument(
            help="Plain-text closing press releases.", metavar="RELEASE", show_default=False
        ),
    ],
) -> "Report":
    """Draft a book from closing releases, quoting the words of each term.

    Prints the draft book's YAML, with a TODO comment on whatever the releases
    leave out or leave unclear, and a one-line summary on stderr. Exits 1,
    writing nothing, when no release holds a financing.

    Examples:

        placements extract seeds/001_cc6d11cc4f05d607.txt

        placements extract seeds/00[01]_*.txt -o book.yaml

        placements extract seeds/001_cc6d11cc4f05d607.txt --format json
    """
    from placements.extract import extract_files
    from placements.reports.extract import extract_report

    extraction = extract_files(releases)
    typer.echo(extraction.summary(), err=True)
    return extract_report(extraction)


def main() -> None:
    app()
