"""The draft book as YAML, in the format of README.md, with a comment on every term.

The book is laid out as :class:`Line` values first: the text of each line,
the quotes and TODO for its comment, and its field path. The same lines give
the YAML text and the table of quotes, so the two cannot disagree.
"""

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import yaml

from placements.core.book import Acceleration, CashFee, Hold, Quantity
from placements.core.money import price_text
from placements.core.schedule import Step
from placements.extract.draft import DraftBook, DraftFees, DraftTranche, DraftWarrant, Term

COMMENT_COLUMN = 40
COMMENT_WIDTH = 58
"""Comments start in this column and wrap at this width, so lines stay under 100."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the draft: YAML text, what its comment says, and the field it sets."""

    indent: int
    text: str
    path: str = ""
    tranche: str = ""
    quotes: tuple[str, ...] = ()
    todo: str | None = None
    remark: str | None = None
    commented: bool = False


def book_lines(book: DraftBook) -> list[Line]:
    """The lines of the draft book, in file order."""
    lines = [Line(0, "issuer:")]
    lines.append(_line(2, "name", scalar(book.issuer.value), book.issuer, "issuer.name"))
    if book.ticker is not None:
        ticker = json.dumps(book.ticker.value)
        lines.append(_line(2, "ticker", ticker, book.ticker, "issuer.ticker"))
    lines.append(_line(2, "currency", book.currency.value, book.currency, "issuer.currency"))
    lines += [Line(0, ""), Line(0, "tranches:")]
    for position, tranche in enumerate(book.tranches):
        lines += tranche_lines(tranche, f"tranches[{position}]")
    return lines


def tranche_lines(tranche: DraftTranche, path: str) -> list[Line]:
    """A tranche's lines: ``path`` is its field path, such as tranches[0]."""
    name = tranche.id.value
    out = _Out(path, name)
    out.add(2, f"- id: {scalar(name)}", "id", tranche.id)
    out.add(4, f"closed: {tranche.closed.value.isoformat()}", "closed", tranche.closed)
    if tranche.units is not None:
        out.add(4, f"units: {tranche.units.value}", "units", tranche.units)
    if tranche.gross_proceeds is not None:
        gross = tranche.gross_proceeds
        out.add(4, f"gross_proceeds: {gross.value:f}", "gross_proceeds", gross)
    price = tranche.unit_price
    out.add(4, f"unit_price: {price_text(price.value)}", "unit_price", price)
    out.add(4, "unit:", "unit")
    out.add(6, f"shares: {tranche.shares.value}", "unit.shares", tranche.shares)
    flow_through = str(tranche.flow_through.value).lower()
    out.add(6, f"flow_through: {flow_through}", "unit.flow_through", tranche.flow_through)
    warrants = tranche.warrants
    out.add(6, f"warrants: {_number(warrants.value)}", "unit.warrants", warrants)
    if tranche.warrant is not None:
        _warrant_lines(out, tranche.warrant, "warrant")
    _fee_lines(out, tranche.fees)
    out.add(4, f"hold: {hold_text(tranche.hold.value)}", "hold", tranche.hold)
    out.lines.append(Line(0, ""))
    return out.lines


class _Out:
    """Collects a tranche's lines, prefixing each field path with the tranche's."""

    def __init__(self, path: str, tranche: str) -> None:
        self.path, self.tranche, self.lines = path, tranche, []

    def add(
        self,
        indent: int,
        text: str,
        field: str,
        term: Term | None = None,
        *,
        commented: bool = False,
        todo: str | None = None,
    ) -> None:
        self.lines.append(
            Line(
                indent,
                text,
                f"{self.path}.{field}",
                self.tranche,
                term.quotes if term else (),
                todo or (term.todo if term else None),
                term.remark if term else None,
                commented,
            )
        )


def _warrant_lines(out: _Out, warrant: DraftWarrant, field: str, indent: int = 4) -> None:
    hidden = warrant.commented
    if field == "warrant":
        out.add(indent, "warrant:", field, commented=hidden, todo=warrant.todo)
        indent += 2
        transferable = warrant.transferable
        if transferable is not None and transferable.value is not None:
            value = str(transferable.value).lower()
            out.add(
                indent,
                f"transferable: {value}",
                f"{field}.transferable",
                transferable,
                commented=hidden,
            )
        elif transferable is not None:
            out.add(indent, "# transferable: not stated", f"{field}.transferable", transferable)
    elif warrant.todo:
        out.lines[-1] = _with_todo(out.lines[-1], warrant.todo)
    out.add(indent, "exercise:", f"{field}.exercise", warrant.term, commented=hidden)
    for position, step in enumerate(warrant.steps):
        out.add(
            indent + 2,
            f"- {step_text(step.value)}",
            f"{field}.exercise[{position}]",
            step,
            commented=hidden,
        )
    if warrant.expiry is not None:
        out.add(
            indent,
            f"expiry: {warrant.expiry.value.isoformat()}",
            f"{field}.expiry",
            warrant.expiry,
            commented=hidden,
        )
    if warrant.acceleration is not None:
        text = f"acceleration: {acceleration_text(warrant.acceleration.value)}"
        out.add(indent, text, f"{field}.acceleration", warrant.acceleration, commented=hidden)


def _fee_lines(out: _Out, fees: DraftFees) -> None:
    if fees.empty:
        out.add(4, "# fees: none", "fees", fees.remark)
        return
    out.add(4, "fees:", "fees")
    if fees.cash is not None:
        out.add(6, f"cash: {cash_text(fees.cash.value)}", "fees.cash", fees.cash)
    if fees.shares is not None:
        out.add(6, f"shares: {quantity_text(fees.shares.value)}", "fees.shares", fees.shares)
    if fees.units is not None:
        out.add(6, f"units: {quantity_text(fees.units.value)}", "fees.units", fees.units)
    options = fees.options
    if options is None:
        return
    hidden = options.commented
    out.add(6, "options:", "fees.options", commented=hidden, todo=options.todo)
    quantity = options.quantity
    key, value = _quantity_field(quantity.value)
    out.add(8, f"{key}: {value}", f"fees.options.{key}", quantity, commented=hidden)
    if options.into is not None:
        out.add(
            8,
            f"into: {options.into.value.value}",
            "fees.options.into",
            options.into,
            commented=hidden,
        )
    if options.same_as_warrants is not None:
        out.add(
            8,
            "terms: same_as_warrants",
            "fees.options.terms",
            options.same_as_warrants,
            commented=hidden,
        )
    elif options.terms is not None:
        _warrant_lines(out, options.terms, "fees.options", indent=8)


def _with_todo(line: Line, todo: str) -> Line:
    joined = f"{line.todo}; {todo}" if line.todo else todo
    return Line(
        line.indent,
        line.text,
        line.path,
        line.tranche,
        line.quotes,
        joined,
        line.remark,
        line.commented,
    )


def _line(indent: int, key: str, value: str, term: Term, path: str) -> Line:
    return Line(indent, f"{key}: {value}", path, "", term.quotes, term.todo, term.remark)


def yaml_text(book: DraftBook, lines: list[Line]) -> str:
    """The draft as YAML: a heading that names the releases, then the commented lines."""
    out = ["# Draft book written by `placements extract` from:"]
    for read in book.releases:
        when = f"release of {read.date.isoformat()}" if read.date else "undated release"
        count = f"{read.tranches} tranche{'s' if read.tranches != 1 else ''}"
        out.append(f"#   {read.file}  ({when}; {count})")
    out += [
        "# Each term quotes the words it came from. Review every TODO before using",
        "# the figures; lines commented out are terms the release left incomplete.",
        "# Tranche ids are generated from the closing month, the kind of unit and",
        "# the tranche number; rename them as you like.",
        "",
    ]
    for line in lines:
        out += _rendered(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _rendered(line: Line) -> Iterator[str]:
    prefix = " " * line.indent
    text = prefix + ("# " if line.commented else "") + line.text
    quotes = "; ".join(f'"{quoted}"' for quoted in line.quotes)
    comments = []
    for note in (quotes, line.remark, f"TODO: {line.todo}" if line.todo else None):
        if note:
            comments += textwrap.wrap(note, COMMENT_WIDTH, break_on_hyphens=False)
    if not comments:
        yield text.rstrip()
        return
    yield f"{text.ljust(COMMENT_COLUMN - 1)} # {comments[0]}"
    for comment in comments[1:]:
        yield f"{'':<{COMMENT_COLUMN - 1}} # {comment}"


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain when it reads back as the same string."""
    try:
        plain = yaml.safe_load(text) == text and "\n" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def step_text(step: Step) -> str:
    parts = [f"price: {price_text(step.price)}"]
    if step.months is not None:
        parts.append(f"months: {step.months}")
    if step.until is not None:
        parts.append(f"until: {step.until.isoformat()}")
    return "{" + ", ".join(parts) + "}"


def cash_text(fee: CashFee) -> str:
    parts = []
    if fee.percent is not None:
        parts.append(f"percent: {_number(fee.percent)}")
    if fee.amount is not None:
        parts.append(f"amount: {fee.amount:f}")
    return "{" + ", ".join(parts) + "}"


def _quantity_field(quantity: Quantity) -> tuple[str, str]:
    if quantity.percent_of_units is not None:
        return "percent_of_units", _number(quantity.percent_of_units)
    return "count", str(quantity.count)


def quantity_text(quantity: Quantity) -> str:
    key, value = _quantity_field(quantity)
    return "{" + f"{key}: {value}" + "}"


def hold_text(hold: Hold) -> str:
    if hold.until is not None:
        return "{until: " + hold.until.isoformat() + "}"
    if hold.months is not None:
        return "{months: " + str(hold.months) + "}"
    return "none"


def acceleration_text(terms: Acceleration) -> str:
    return (
        f"{{trigger: {price_text(terms.trigger)}, trading_days: {terms.trading_days}, "
        f"notice_days: {terms.notice_days}, after_hold: {str(terms.after_hold).lower()}}}"
    )
