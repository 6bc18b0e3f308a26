"""The ``placements`` command: parse arguments, call the library, print a report.

Each command is a function that returns a report; :func:`prints_report` adds
the shared ``--format``, ``--output`` and ``--force`` options and turns bad
input into located one-line errors with exit status 2. Heavy modules (pandas,
the loaders) are imported inside commands, so ``placements --help`` is quick.
"""

import copy
import functools
import inspect
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from placements.collector import collector_paused, exit_without_scanning, keep_freed_memory, kept
from placements.core.problems import InputError, excerpt
from placements.core.scenario.timeline import Frequency
from placements.output import Format, deliver, destination, terminal_width

if TYPE_CHECKING:
    from placements.core.scenario.model import Scenario
    from placements.core.terms.book import Book
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
                help="table, markdown, csv, json, html, yaml, xlsx (with --output) or ics "
                "(calendar). Default: from the --output file's extension, else table.",
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
        "table",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--table",
                metavar="NAME",
                help="Write only this table of the report (its JSON key, such as "
                "summary). CSV holds one table: the main one, unless --table names another.",
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


INTERNAL_ERROR = 3
"""The exit status of a bug: never 1, which ``extract`` uses for "no financing found"."""


def internal_error(error: Exception, arguments: list[object]) -> typer.Exit:
    """Report an unexpected exception in one line, naming the input, and exit with status 3."""
    files = [str(a) for a in arguments if isinstance(a, Path)]
    files += [str(p) for a in arguments if isinstance(a, list) for p in a if isinstance(p, Path)]
    inputs = ", ".join(files) or "the bundled example"
    reason = excerpt(f"{type(error).__name__}: {error}", 200)
    typer.echo(
        f"placements: internal error (a bug; please report it with the input): {reason}; "
        f"input: {inputs}",
        err=True,
    )
    return typer.Exit(INTERNAL_ERROR)


def prints_report(command: Callable[..., "Report | list[Report]"]) -> Callable[..., None]:
    """Give a report-returning command the shared output options, and print its report(s)."""

    @functools.wraps(command)
    @collector_paused
    def run(
        *args: object,
        format: Format | None = None,
        output: Path | None = None,
        force: bool = False,
        table: str | None = None,
        **kwargs: object,
    ) -> None:
        from placements.render import render, select_table

        try:
            to = destination(format, output, force)
            made = kept(command(*args, **kwargs))
            reports = made if isinstance(made, list) else [made]
            if table is not None:
                reports = select_table(reports, table)
            if any(report.tables or report.documents or not report.exit_code for report in reports):
                deliver(render(reports, to.format, terminal_width(to)), to)
        except InputError as error:
            raise fail(error) from None
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as error:
            raise internal_error(error, [*args, *kwargs.values()]) from None
        status = max(report.exit_code for report in reports)
        if status:
            raise typer.Exit(status)

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


def given_or_bundled(path: Path | None, argument: str = "BOOK") -> Path:
    """``path``, or the bundled example of ``argument`` when none is given (said on stderr)."""
    if path is not None:
        return path
    from placements import bundled

    example = {"SCENARIO": bundled.SCENARIO, "HOLDINGS": bundled.HOLDINGS}.get(
        argument, bundled.BOOK
    )
    typer.echo(f"placements: no {argument} given; using the bundled example {example}", err=True)
    return example


def warn(loaded: "Book | Scenario") -> None:
    """Print a file's warnings on stderr, one located line each; the command goes on."""
    for warning in loaded.warnings:
        typer.echo(str(warning), err=True)


def read_book(path: Path | None) -> "Book":
    """The book at ``path``, or the bundled example; its warnings go to stderr."""
    from placements.load.files import load_book_file

    book = load_book_file(given_or_bundled(path))
    warn(book)
    return book


def read_book_or_scenario(path: Path | None) -> "Book | Scenario":
    """The book or scenario at ``path``, or the bundled book; its warnings go to stderr."""
    from placements.load.files import load_file

    loaded = load_file(given_or_bundled(path))
    warn(loaded)
    return loaded


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"got {text!r}; expected a date as YYYY-MM-DD") from None


@app.command()
@prints_report
def terms(book: BookArgument = None) -> "Report":
    """One row per tranche: proceeds, fees, shares, warrants, hold and exercise steps.

    Examples:

        placements terms

        placements terms seeds/rocmec.yaml --format markdown

        placements terms seeds/rocmec.yaml -o terms.json
    """
    from placements import api

    return api.terms(read_book(book)).report


@app.command()
@prints_report
def calendar(
    books: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Book YAML files, or one holdings file. Default: the bundled Rocmec example.",
            metavar="BOOK",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    start: Annotated[
        date | None,
        typer.Option(
            "--from", parser=_day, metavar="DATE", help="Leave out events before this day."
        ),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option("--to", parser=_day, metavar="DATE", help="Leave out events after this day."),
    ] = None,
    remind: Annotated[
        int | None,
        typer.Option(
            "--remind",
            min=0,
            max=366,
            metavar="DAYS",
            help="With --format ics, an alarm this many days before each step-up and expiry.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of",
            parser=_day,
            metavar="DATE",
            help="The calendar as known that day: ledger entries after it are left out, and "
            "the dates they would change keep their old terms.",
        ),
    ] = None,
) -> "Report":
    """Every dated event in order: closings, hold ends, step-ups and expiries.

    A book's ledger adds its entries and the dates they change (an amended
    expiry, vesting dates, the hold on shares issued). Any number of books,
    or one holdings file (the fund's calendar: what it holds, with its
    counts); --format ics writes a calendar feed with a stable UID per
    event, so re-importing it updates rather than duplicates.

    Examples:

        placements calendar

        placements calendar seeds/rocmec.yaml --format csv -o calendar.csv

        placements calendar seeds/rocmec.yaml --format ics --remind 14 -o rocmec.ics

        placements calendar holdings.yaml --format ics -o fund.ics
    """
    from placements import api

    if start is not None and end is not None and end < start:
        raise typer.BadParameter(f"--to {end} is before --from {start}")
    if books and len(books) == 1:
        from placements.core.terms.book import Book
        from placements.load.files import load_book_or_holdings

        loaded = load_book_or_holdings(books[0])
        for warning in loaded.warnings:
            typer.echo(str(warning), err=True)
        if not isinstance(loaded, Book):
            return api.fund_calendar(loaded, start, end, remind, _stamp(), as_of).report
        read = [loaded]
    else:
        read = [read_book(path) for path in books] if books else [read_book(None)]
    return api.calendar(read, start, end, remind, _stamp(), as_of).report


def _stamp() -> datetime:
    """When the feed was made: now, or SOURCE_DATE_EPOCH for a reproducible file."""
    import os
    from datetime import UTC

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


@app.command()
@prints_report
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Book, scenario or holdings files to check.", metavar="FILE", show_default=False
        ),
    ],
) -> "Report":
    """Check books, scenarios and holdings; report every problem; exit 0 if clean, 2 if not.

    A scenario is checked with the book and price file it names; holdings with
    every book and price file they name.

    Examples:

        placements check seeds/rocmec.yaml

        placements check scenarios/*.yaml --format json
    """
    from placements.load.check import check_file
    from placements.reports.check import check_report

    return check_report([check_file(path) for path in files])


QuietOption = typer.Option(
    "--quiet", "-q", help="No progress bar on stderr during a long random walk."
)

ScenarioArguments = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Scenario YAML files. Default: the bundled flat-price example.",
        metavar="SCENARIO",
        show_default=False,
        dir_okay=False,
    ),
]


def read_scenarios(paths: list[Path] | None) -> list["Scenario"]:
    """The scenarios at ``paths``, or the bundled example (saying so on stderr).

    Every file is read before any is run, so a bad one stops the command early.
    """
    from placements.load.files import load_scenario_file

    if not paths:
        paths = [given_or_bundled(None, "SCENARIO")]
    loaded, problems = [], []
    for path in paths:
        try:
            scenario = load_scenario_file(path)
            warn(scenario)
            loaded.append(scenario)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return loaded


def _number(text: str, expected: str, fits: Callable[[Decimal], bool]) -> Decimal:
    """``text`` as a Decimal that ``fits``, or a usage error (exit 2) saying what to give."""
    from placements.core.money import parse_number

    number = parse_number(str(text))  # a default arrives as a Decimal
    if number is None or not fits(number):
        raise typer.BadParameter(f"got {text!r}; expected {expected}")
    return number


def _share_price(text: str) -> Decimal:
    from placements.core.money import FINEST, too_fine
    from placements.load.book import MAX_PRICE

    return _number(
        text,
        f"a share price above 0, such as 0.28; {FINEST}; at most {MAX_PRICE:,}",
        lambda price: 0 < price <= MAX_PRICE and not too_fine(price),
    )


def _fraction(text: str, expected: str, fits: Callable[[Decimal], bool]) -> Decimal:
    """A rate written 0.8 or 80% (the README's one rule for percents), or a usage error."""
    from placements.core.money import as_fraction

    written = as_fraction(str(text))  # typer passes a default through as it is
    if written is None or not fits(written[0]):
        raise typer.BadParameter(f"got {text!r}; expected {expected}")
    return written[0]


def _volatility(text: str) -> Decimal:
    return _fraction(
        text, "an annual volatility from 0 to 5, such as 0.8 or 80%", lambda v: 0 <= v <= 5
    )


def _rate(text: str) -> Decimal:
    return _fraction(text, "an annual rate from 0 to 1, such as 0.03 or 3%", lambda r: 0 <= r <= 1)


@app.command()
@prints_report
def run(
    scenarios: ScenarioArguments = None,
    freq: Annotated[
        Frequency,
        typer.Option(
            "--freq", help="Timeline rows besides event days: daily, weekly, monthly or events."
        ),
    ] = Frequency.MONTHLY,
    paths: Annotated[
        int | None,
        typer.Option(
            "--paths", min=1, max=1_000_000, help="Paths of a random walk (overrides the file)."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help="Seed of a random walk (overrides the file)."),
    ] = None,
    quiet: Annotated[bool, QuietOption] = False,
    daily: Annotated[
        bool,
        typer.Option(
            "--daily",
            help="Draw a random walk's every day (draws 1) instead of bridging it (draws 3).",
        ),
    ] = False,
) -> "list[Report]":
    """Project share counts and proceeds under each scenario: summary, exercises, timeline.

    Examples:

        placements run

        placements run scenarios/flat.yaml --freq events

        placements run scenarios/rally.yaml -o rally.csv

        placements run scenarios/random.yaml --paths 20000 --seed 7

        placements run scenarios/random.yaml --daily
    """
    from placements import api
    from placements.progress import bar_for

    keep_freed_memory()
    return [
        api.run(scenario, freq, paths, seed, bar_for(scenario.name, quiet), daily).report
        for scenario in read_scenarios(scenarios)
    ]


RestateOption = Annotated[
    bool,
    typer.Option(
        "--restate",
        help="Show every date on the basis after the book's last consolidation or split "
        "(counts divided or multiplied, rounded down per series; prices the other way).",
    ),
]


@app.command()
@prints_report
def value(
    as_of: Annotated[
        date, typer.Option("--as-of", parser=_day, metavar="DATE", help="The day to value on.")
    ],
    price: Annotated[
        Decimal,
        typer.Option(parser=_share_price, metavar="PRICE", help="The share price that day."),
    ],
    volatility: Annotated[
        Decimal,
        typer.Option(
            parser=_volatility, metavar="V", help="Annual volatility of the share: 0.8 for 80%."
        ),
    ],
    book: BookArgument = None,
    rate: Annotated[
        Decimal,
        typer.Option(
            parser=_rate, metavar="R", help="Annual risk-free rate, continuously compounded."
        ),
    ] = Decimal("0.03"),
    steps: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=100_000,
            help="Lattice steps for series with a step-up to come. Default: 2000, which agrees "
            "with Black-Scholes to about 1e-4 of the share price.",
            show_default=False,
        ),
    ] = None,
    restate: RestateOption = False,
) -> "Report":
    """Value each warrant and option series outstanding on a day, per warrant and in total.

    Black-Scholes for one price left, a binomial lattice with early exercise
    for step-ups to come, and Hull's dilution adjustment when the book states
    its shares outstanding (else only the plain value). See "Warrant value"
    in the README. With --restate, --price is on the new basis.

    Examples:

        placements value seeds/rocmec.yaml --as-of 2008-06-30 --price 0.28 --volatility 0.8

        placements value --as-of 2008-12-31 --price 0.40 --volatility 1.0 --rate 0.025 -f json
    """
    from placements import api

    loaded = read_book(book)
    return api.value(loaded, as_of, price, float(volatility), float(rate), steps, restate).report


@app.command()
@prints_report
def compare(
    scenarios: ScenarioArguments = None,
    paths: Annotated[
        int | None,
        typer.Option(
            "--paths", min=1, max=1_000_000, help="Paths of random walks (overrides the files)."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help="Seed of random walks (overrides the files)."),
    ] = None,
    quiet: Annotated[bool, QuietOption] = False,
) -> "Report":
    """Scenarios side by side: proceeds, shares issued, basic and fully diluted, dilution, cash.

    One column per scenario; a random walk shows its medians.

    Examples:

        placements compare scenarios/flat.yaml scenarios/rally.yaml scenarios/slump.yaml

        placements compare scenarios/*.yaml --format markdown
    """
    from placements import api
    from placements.progress import bar_for

    return api.compare(
        read_scenarios(scenarios), paths, seed, lambda s: bar_for(s.name, quiet)
    ).report


@app.command()
@prints_report
def securities(
    as_of: Annotated[
        date, typer.Option("--as-of", parser=_day, metavar="DATE", help="The day to list.")
    ],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A book, or a scenario to take exercises and prices from. "
            "Default: the bundled Rocmec book.",
            metavar="BOOK|SCENARIO",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    price: Annotated[
        Decimal | None,
        typer.Option(
            parser=_share_price,
            metavar="PRICE",
            help="Share price for in-the-money and the treasury method (with --restate, on "
            "the new basis). Default: the scenario's price that day; a book has none.",
            show_default=False,
        ),
    ] = None,
    restate: RestateOption = False,
) -> "Report":
    """The outstanding-securities table of an MD&A: each series, then share counts.

    Each series with its count, exercise price in force, next step-up, expiry
    and whether it is in the money; then basic, fully diluted and
    treasury-method totals. From a scenario, counts reflect its exercises.

    Examples:

        placements securities --as-of 2008-06-30 --price 0.28

        placements securities scenarios/flat.yaml --as-of 2008-12-31 -f markdown

        placements securities seeds/example-ledger.yaml --as-of 2024-12-31 --restate
    """
    from placements import api

    return api.securities(read_book_or_scenario(file), as_of, price, restate).report


@app.command()
@prints_report
def holdings(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A holdings file: a fund's positions in books, its prices and ledger. "
            "Default: the bundled example fund.",
            metavar="HOLDINGS",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of",
            parser=_day,
            metavar="DATE",
            help="The day to view; only prices and entries up to it are used. Default: today.",
            show_default=False,
        ),
    ] = None,
    liquidity: Annotated[
        bool,
        typer.Option(
            "--liquidity", help="Month by month, the shares becoming free-trading and their value."
        ),
    ] = False,
    exercise_plan: Annotated[
        bool,
        typer.Option(
            "--exercise-plan",
            help="In-the-money warrants stepping up or expiring within --horizon days, and "
            "the cash needed week by week.",
        ),
    ] = False,
    horizon: Annotated[
        int,
        typer.Option(
            "--horizon", min=1, max=3660, metavar="DAYS", help="Days ahead for --exercise-plan."
        ),
    ] = 90,
    steps: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=100_000,
            help="Lattice steps for series with a step-up to come. Default: 2000, as value.",
            show_default=False,
        ),
    ] = None,
) -> "Report":
    """A fund's positions on a day across every issuer it holds, then totals by issuer.

    Each position: shares and warrants held and how many are free-trading,
    the price in force, next step-up and expiry, intrinsic and model value
    (as `placements value` computes them), cost and gain. --liquidity and
    --exercise-plan give the month-by-month free-trading schedule and the
    cash to exercise what is in the money before it steps up or expires.

    Examples:

        placements holdings holdings.yaml --as-of 2008-06-30

        placements holdings holdings.yaml --as-of 2007-12-31 --liquidity

        placements holdings holdings.yaml --as-of 2008-06-30 --exercise-plan --horizon 90
    """
    from placements import api
    from placements.load.holdings import load_holdings

    if liquidity and exercise_plan:
        raise typer.BadParameter("give --liquidity or --exercise-plan, not both")
    day = as_of or date.today()
    loaded = load_holdings(given_or_bundled(file, "HOLDINGS"))
    for warning in loaded.warnings:
        typer.echo(str(warning), err=True)
    if liquidity:
        return api.liquidity(loaded, day).report
    if exercise_plan:
        return api.exercise_plan(loaded, day, horizon).report
    return api.holdings(loaded, day, steps).report


class Period(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"


class By(StrEnum):
    SERIES = "series"


@app.command()
@prints_report
def continuity(
    start: Annotated[
        date,
        typer.Option(
            "--from", parser=_day, metavar="DATE", help="The opening balance is at the end of it."
        ),
    ],
    end: Annotated[
        date,
        typer.Option(
            "--to", parser=_day, metavar="DATE", help="The closing balance is at the end of it."
        ),
    ],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A book. Default: the bundled Rocmec book.",
            metavar="BOOK",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    period: Annotated[
        Period | None,
        typer.Option(
            "--period",
            help="Split the range into fiscal quarters or years (the book's fiscal_year_end).",
            show_default=False,
        ),
    ] = None,
    restate: RestateOption = False,
    by: Annotated[
        By | None,
        typer.Option(
            "--by",
            help="series: also list each series and debenture at the close "
            "(count, price in force, expiry, remaining life).",
            show_default=False,
        ),
    ] = None,
) -> "Report":
    """The continuity schedule of shares, warrants, options and convertibles, as the notes give it.

    For each class: the opening balance, each kind of movement (placements,
    finder's securities, exercises, grants, expiries, cancellations,
    forfeitures, other issuances, step-ups, conversions, maturities,
    consolidation) and the closing balance; warrants and options with their
    weighted-average exercise prices, and the weighted-average remaining life
    at the close; convertible debentures with their principal and the shares
    it converts into. It foots: opening plus movements equals closing, in
    counts and in count x price.

    Examples:

        placements continuity seeds/example-ledger.yaml --from 2023-12-31 --to 2024-12-31

        placements continuity seeds/example-ledger.yaml --from 2024-12-31 --to 2025-12-31
    """
    from placements import api

    if end < start:
        raise typer.BadParameter(f"--to {end} is before --from {start}")
    chosen = period and period.value
    return api.continuity(read_book(file), start, end, chosen, restate, by and by.value).report


@app.command()
@prints_report
def extract(
    releases: Annotated[
        list[Path],
        typer.Argument(
            help="Plain-text closing press releases.", metavar="RELEASE", show_default=False
        ),
    ],
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Each term with the sentence it came from and the rule that read it, and for "
            "a term missed the rule that came closest, instead of the draft.",
        ),
    ] = False,
    book: Annotated[
        Path | None,
        typer.Option(
            "--book",
            help="An existing book: print it with the releases' new tranches appended, keeping "
            "its comments; tranches it already holds are not drafted again.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
) -> "Report":
    """Draft a book from closing releases, one tranche per closing, quoting each term's words.

    Prints the draft book's YAML, with a TODO comment on whatever the releases
    leave out or leave unclear, and a one-line summary on stderr. A closing
    that several releases state is drafted once; figures that do not fit
    together are set aside as TODOs. Exits 1, writing nothing, when no release
    holds a financing.

    Examples:

        placements extract seeds/001_cc6d11cc4f05d607.txt

        placements extract seeds/00[01]_*.txt -o book.yaml

        placements extract seeds/001_cc6d11cc4f05d607.txt --format json

        placements extract seeds/001_cc6d11cc4f05d607.txt --explain
        placements extract --book seeds/rocmec.yaml seeds/00[01]_*.txt
    """
    from placements.extract import extract_files
    from placements.reports.extract import explain_report, extract_report

    extraction = extract_files(releases, book)
    typer.echo(extraction.summary(), err=True)
    return explain_report(extraction) if explain else extract_report(extraction)


class FileFormat(StrEnum):
    BOOK = "book"
    SCENARIO = "scenario"
    HOLDINGS = "holdings"


@app.command()
@prints_report
def schema(
    of: Annotated[
        FileFormat,
        typer.Argument(
            help="Which file format: book, scenario or holdings.",
            metavar="book|scenario|holdings",
        ),
    ] = FileFormat.BOOK,
    reference: Annotated[
        bool,
        typer.Option("--reference", help="The Markdown reference of every format instead."),
    ] = False,
) -> "Report":
    """Print a file format as JSON Schema, for editors that check YAML while you type.

    Save it beside your files and name it on a book's first line, and VS Code's
    YAML extension completes keys and underlines mistakes:

        # yaml-language-server: $schema=book.schema.json

    Examples:

        placements schema book -o book.schema.json

        placements schema scenario

        placements schema holdings -o holdings.schema.json

        placements schema --reference -o formats.md
    """
    from placements.reports.schema import reference_report, schema_report

    return reference_report() if reference else schema_report(of.value)


@app.command()
def report(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario files to compare, or a book. Default: the bundled flat, rally, "
            "slump and random-walk scenarios.",
            metavar="SCENARIO...|BOOK",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of",
            parser=_day,
            metavar="DATE",
            help="The day of the pack. Default: the book's last closing.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, QuietOption] = False,
    format: OUTPUT_OPTIONS[0].annotation = None,  # type: ignore[valid-type]
    output: OUTPUT_OPTIONS[1].annotation = None,  # type: ignore[valid-type]
    force: OUTPUT_OPTIONS[3].annotation = False,  # type: ignore[valid-type]
) -> None:
    """An investor pack: terms, securities, the next 12 months, scenarios compared, charts.

    One document for investors or a board: HTML (self-contained, with SVG
    charts, printable on A4 or Letter), xlsx or markdown, chosen by the
    --output extension or --format.

    Examples:

        placements report -o pack.html

        placements report scenarios/flat.yaml scenarios/random.yaml --as-of 2008-06-30 -o pack.xlsx
    """
    from placements.render import render

    try:
        to = destination(format, output, force)
        wanted = to.format or Format.MARKDOWN
        if wanted in (Format.CSV, Format.ICS):
            from placements.core.problems import Location, Problem

            raise InputError(
                [
                    Problem(
                        Location("command line"),
                        "--format",
                        f"a pack is not one table: write html, xlsx or markdown, not {wanted}",
                    )
                ]
            )
        pack = _build_pack(files, as_of, quiet)
        if wanted in (Format.HTML, Format.MARKDOWN):
            from placements.render.charts import pack_charts
            from placements.render.pack import pack_html, pack_markdown

            charts = pack_charts(pack)
            made: str | bytes = (
                pack_html(pack, charts) if wanted is Format.HTML else pack_markdown(pack, charts)
            )
        else:
            from placements.reports.pack import pack_report

            made = render(pack_report(pack), wanted, terminal_width(to))
        deliver(made, to)
    except InputError as error:
        raise fail(error) from None
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except Exception as error:
        raise internal_error(error, [files, as_of]) from None


def _build_pack(files: list[Path] | None, as_of: date | None, quiet: bool):
    """The book and scenarios named (or the bundled ones), projected into a pack."""
    from placements.core.scenario.model import Scenario
    from placements.load.files import load_file
    from placements.progress import bar_for
    from placements.reports.pack import build_pack
    from placements.reports.run import run_scenario

    if not files:
        from placements import bundled

        folder = bundled.EXAMPLES / "scenarios"
        files = [folder / f"{name}.yaml" for name in ("flat", "rally", "slump", "random")]
    loaded, problems = [], []
    for path in files:
        try:
            loaded.append((load_file(path), path))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    books = [(item, str(path)) for item, path in loaded if not isinstance(item, Scenario)]
    scenarios = [item for item, _ in loaded if isinstance(item, Scenario)]
    if books:
        book, source = books[0]
    else:
        book, source = scenarios[0].book, str(loaded[0][1])
    runs = [run_scenario(s, Frequency.MONTHLY, progress=bar_for(s.name, quiet)) for s in scenarios]
    return build_pack(book, source, runs, as_of)


def app_for(arguments: list[str]) -> typer.Typer:
    """The app, holding only the command that ``arguments`` name when they name one.

    Typer makes the options of every command on every run, a fifth of the
    start-up of a command that prints a small table; a command's own help,
    parsing and errors depend on it alone. Anything else (no command, an
    option first, a misspelt name) gets the whole app and its help.
    """
    wanted = arguments[0] if arguments else None
    chosen = [command for command in app.registered_commands if _name(command) == wanted]
    if len(chosen) != 1:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    narrowed.callback()(_group)  # a group still, not the command alone
    return narrowed


def _name(command: "typer.models.CommandInfo") -> str | None:
    """A command's name on the command line, as typer derives it."""
    if command.name:
        return command.name
    if command.callback is None:
        return None
    return typer.main.get_command_name(command.callback.__name__)


def _group() -> None:
    """Model private placements and warrant dilution."""


def main() -> None:
    try:
        app_for(sys.argv[1:])()
    finally:
        exit_without_scanning()
