"""Price history from CSV: ``date,close`` rows, checked line by line."""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from placements.core.money import FINEST, too_fine
from placements.core.problems import InputError, Location, Problem, explain
from placements.core.scenario.checks import MAX_PRICE_GAP
from placements.core.scenario.model import PriceHistory
from placements.load.yamlfile import read_text

MAX_GAP = MAX_PRICE_GAP

MAX_ROWS = 200_000
HEADER = ["date", "close"]


def load_price_history(path: Path) -> PriceHistory:
    """Daily closes from a CSV file, or every problem with its rows."""
    name = str(path)
    rows = list(csv.reader(io.StringIO(read_text(path, "price file"))))
    if len(rows) > MAX_ROWS:
        what = explain("too many rows", got=len(rows), expected=f"at most {MAX_ROWS:,}")
        raise InputError([Problem(Location(name), "", what)])
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
    if len(row) != 2:
        return 1, explain("not a date,close row", ",".join(row), "two columns: date,close")
    text_day, text_close = row[0].strip(), row[1].strip()
    close_column = len(row[0]) + 2
    try:
        day = date.fromisoformat(text_day)
    except ValueError:
        return 1, explain("not a date", text_day or "nothing", "a date such as 2008-06-30")
    try:
        close = Decimal(text_close)
    except InvalidOperation:
        return close_column, explain("not a price", text_close or "nothing", "a close such as 0.28")
    if not close.is_finite() or close <= 0:
        return close_column, explain("not a positive price", text_close, "a close above 0")
    if too_fine(close):
        return close_column, explain(
            "finer than a micro-dollar", text_close, f"a close such as 0.28; {FINEST}"
        )
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
