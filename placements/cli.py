"""The ``placements`` command: parse arguments, call the library, print a report.

Each command is a function that returns a report; :func:`prints_report` adds
the shared ``--format``, ``--output`` and ``--force`` options and turns bad
input into located one-line errors with exit status 2. Heavy modules (pandas,
the loaders) are imported inside commands, so ``placements --help`` is quick.
"""

import functools
import inspect
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from placements.core.origin import InputError, excerpt
from placements.core.timeline import Frequency
from placements.output import Format, deliver, destination

if TYPE_CHECKING:
    from placements.core.book import Book
    from placements.core.scenario import Scenario
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
            made = command(*args, **kwargs)
            reports = made if isinstance(made, list) else [made]
            if any(report.tables or report.documents or not report.exit_code for report in reports):
                deliver(render(reports, to.format), to)
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

    example = bundled.SCENARIO if argument == "SCENARIO" else bundled.BOOK
    typer.echo(f"placements: no {argument} given; using the bundled example {example}", err=True)
    return example


def read_book(path: Path | None) -> tuple["Book", str]:
    """The book at ``path``, or the bundled example."""
    from placements.load.book import load_book

    path = given_or_bundled(path)
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
        list[Path],
        typer.Argument(help="Book or scenario files to check.", metavar="FILE", show_default=False),
    ],
) -> "Report":
    """Check books and scenarios and report every problem; exit 0 if all are clean, 2 if not.

    A scenario is checked with the book and price file it names.

    Examples:

        placements check seeds/rocmec.yaml

        placements check scenarios/*.yaml --format json
    """
    from placements.load.check import check_file
    from placements.reports.check import check_report

    return check_report([check_file(path) for path in files])


ScenarioArguments = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Scenario YAML files. Default: the bundled flat-price example.",
        metavar="SCENARIO",
        show_default=False,
        dir_okay=False,
    ),
]


def read_scenarios(paths: list[Path] | None) -> list[tuple["Scenario", str]]:
    """The scenarios at ``paths``, or the bundled example (saying so on stderr).

    Every file is read before any is run, so a bad one stops the command early.
    """
    from placements.load.scenario import load_scenario

    if not paths:
        paths = [given_or_bundled(None, "SCENARIO")]
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((load_scenario(path), str(path)))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return loaded


def _number(text: str, expected: str, fits: Callable[[Decimal], bool]) -> Decimal:
    """``text`` as a Decimal that ``fits``, or a usage error (exit 2) saying what to give."""
    from placements.load.reader import parse_number

    number = parse_number(str(text))  # a default arrives as a Decimal
    if number is None or not fits(number):
        raise typer.BadParameter(f"got {text!r}; expected {expected}")
    return number


def _share_price(text: str) -> Decimal:
    from placements.load.book import MAX_PRICE

    return _number(
        text,
        f"a share price above 0 and at most {MAX_PRICE:,}, such as 0.28",
        lambda price: 0 < price <= MAX_PRICE,
    )


def _volatility(text: str) -> Decimal:
    return _number(
        text, "an annual volatility from 0 to 5, such as 0.8 for 80%", lambda v: 0 <= v <= 5
    )


def _rate(text: str) -> Decimal:
    return _number(text, "an annual rate from 0 to 1, such as 0.03 for 3%", lambda r: 0 <= r <= 1)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"got {text!r}; expected a date as YYYY-MM-DD") from None


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
) -> "list[Report]":
    """Project share counts and proceeds under each scenario: summary, exercises, timeline.

    Examples:

        placements run

        placements run scenarios/flat.yaml --freq events

        placements run scenarios/rally.yaml -o rally.csv

        placements run scenarios/random.yaml --paths 20000 --seed 7
    """
    from placements.reports.run import run_report, run_scenario

    return [
        run_report(run_scenario(scenario, freq, paths, seed), source)
        for scenario, source in read_scenarios(scenarios)
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
) -> "Report":
    """Value each warrant and option series outstanding on a day, per warrant and in total.

    Black-Scholes for one price left, a binomial lattice with early exercise
    for step-ups to come, and Hull's dilution adjustment when the book states
    its shares outstanding (else only the plain value). See "Warrant value"
    in the README.

    Examples:

        placements value seeds/rocmec.yaml --as-of 2008-06-30 --price 0.28 --volatility 0.8

        placements value --as-of 2008-12-31 --price 0.40 --volatility 1.0 --rate 0.025 -f json
    """
    from placements.core.series_value import Market
    from placements.core.valuation import DEFAULT_STEPS
    from placements.reports.value import value_report

    market = Market(as_of, price, float(volatility), float(rate), steps or DEFAULT_STEPS)
    return value_report(*read_book(book), market)


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
) -> "Report":
    """Scenarios side by side: proceeds, shares issued, basic and fully diluted, dilution, cash.

    One column per scenario; a random walk shows its medians.

    Examples:

        placements compare scenarios/flat.yaml scenarios/rally.yaml scenarios/slump.yaml

        placements compare scenarios/*.yaml --format markdown
    """
    from placements.reports.compare import compare_report
    from placements.reports.run import run_scenario

    return compare_report(
        [
            (run_scenario(scenario, Frequency.EVENTS, paths, seed), source)
            for scenario, source in read_scenarios(scenarios)
        ]
    )


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
            help="Share price for in-the-money and the treasury method. Default: the "
            "scenario's price that day; a book has none.",
            show_default=False,
        ),
    ] = None,
) -> "Report":
    """The outstanding-securities table of an MD&A: each series, then share counts.

    Each series with its count, exercise price in force, next step-up, expiry
    and whether it is in the money; then basic, fully diluted and
    treasury-method totals. From a scenario, counts reflect its exercises.

    Examples:

        placements securities --as-of 2008-06-30 --price 0.28

        placements securities scenarios/flat.yaml --as-of 2008-12-31 -f markdown
    """
    from placements.reports.securities import securities_report

    return securities_report(*read_book_or_scenario(file), as_of, price)


def read_book_or_scenario(path: Path | None) -> tuple["Book | Scenario", str]:
    """The book or scenario at ``path``, or the bundled book."""
    from placements.load.files import load_file

    path = given_or_bundled(path)
    return load_file(path), str(path)


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
