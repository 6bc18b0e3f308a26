"""Price history from CSV: ``date,close`` rows, checked line by line."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from placements.core.money import FINEST, parse_number, too_fine
from placements.core.problems import InputError, Location, Problem, excerpt, explain
from placements.core.scenario.checks import MAX_PRICE_GAP
from placements.core.scenario.model import PriceHistory
from placements.load.book import MAX_PRICE
from placements.load.reader import Reader
from placements.load.yamlfile import Cursor, no_file, read_text, resolved

MAX_GAP = MAX_PRICE_GAP

MAX_ROWS = 200_000
HEADER = ["date", "close"]
LEAST_PRICE = Decimal("0.000001")


def load_price_history(path: Path) -> PriceHistory:
    """Daily closes from a CSV file, or every problem with its rows."""
    name = str(path)
    reader = csv.reader(io.StringIO(read_text(path, "price file")))
    try:
        rows = list(reader)
    except csv.Error as error:  # a field past csv's size limit, a NUL
        what = explain("not a CSV row", got=str(error), expected="date,close")
        raise InputError([Problem(Location(name, max(reader.line_num, 1), 1), "", what)]) from None
    if len(rows) > MAX_ROWS:
        what = explain("too many rows", got=len(rows), expected=f"at most {MAX_ROWS:,}")
        raise InputError([Problem(Location(name, MAX_ROWS + 1, 1), "", what)])
    problems: list[Problem] = []
    closes: list[tuple[date, Decimal]] = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if number == 1 and [cell.strip().lower() for cell in row] == HEADER:
            continue
        read = _close(row)
        if isinstance(read[0], int):
            problems.append(Problem(Location(name, number, read[0]), "", str(read[1])))
            continue
        day, close = read
        previous = closes[-1][0] if closes else None
        wrong = _out_of_step(day, previous) if previous is not None else None
        if wrong is not None:
            problems.append(Problem(Location(name, number, 1), "", wrong))
            if previous is not None and day <= previous:
                continue
        closes.append((day, close))
    if not closes and not problems:
        what = explain("no prices", expected="date,close rows")
        problems.append(Problem(Location(name, 1, 1), "", what))
    if problems:
        raise InputError(problems)
    return PriceHistory(tuple(closes), name)


def _close(row: list[str]) -> tuple[date, Decimal] | tuple[int, str]:
    """A row's date and close, or the column and description of what is wrong with it."""
    if any("\n" in cell or "\r" in cell for cell in row):
        return 1, explain(
            "a quote that does not close", excerpt(",".join(row), 40), "date,close on one line"
        )
    if len(row) != 2:
        return 1, explain(
            "not a date,close row", excerpt(",".join(row), 40), "two columns: date,close"
        )
    text_day, text_close = row[0].strip(), row[1].strip()
    close_column = len(row[0]) + 2
    try:
        day = date.fromisoformat(text_day)
    except ValueError:
        return 1, explain(
            "not a date", excerpt(text_day, 40) or "nothing", "a date such as 2008-06-30"
        )
    close = parse_number(text_close)
    if close is None:
        return close_column, explain(
            "not a price", excerpt(text_close, 40) or "nothing", "a close such as 0.28"
        )
    if close <= 0:
        return close_column, explain("not a positive price", text_close, "a close above 0")
    if close < LEAST_PRICE:  # would round to no price at all: prices are whole micro-dollars
        return close_column, explain("price too low", text_close, f"at least {LEAST_PRICE}")
    if too_fine(close):
        return close_column, explain(
            "finer than a micro-dollar", text_close, f"a close such as 0.28; {FINEST}"
        )
    if close > MAX_PRICE:
        return close_column, explain("price too high", text_close, f"at most {MAX_PRICE:,}")
    return day, close


def _out_of_step(day: date, previous: date) -> str | None:
    """What is wrong with a close's date coming after ``previous``, if anything."""
    if day <= previous:
        return explain(
            "dates out of order", day.isoformat(), f"a date after {previous.isoformat()}"
        )
    if day - previous > MAX_GAP:
        return explain(
            "a gap in the prices",
            f"{(day - previous).days} days after {previous.isoformat()}",
            f"a close at least every {MAX_GAP.days} days",
        )
    return None


def read_price_csv(reader: Reader, cursor: Cursor, name: str, beside: str) -> PriceHistory | None:
    """The closes a file names at ``cursor``, relative to that file (``beside``: what it is)."""
    csv_path = Path(cursor.file).parent / name
    trouble = no_file(csv_path, "price file")
    if trouble is not None:
        reader.fail(
            cursor,
            trouble,
            got=f"{name}, resolved to {resolved(csv_path)}",
            expected=f"a CSV file of date,close rows, relative to {beside}",
        )
        return None
    try:
        return load_price_history(csv_path)
    except InputError as error:
        reader.problems.extend(error.problems)
        return None
