"""The draft book as YAML, in the format of README.md, with a comment on every term.

The book is laid out as :class:`Line` values first: each line's key and
value, the quotes, remark and TODO of its comment, and its field path. The
same lines give the YAML text and the table of quotes, so they cannot disagree.
"""

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from placements.core.money import price_text
from placements.core.terms.book import Acceleration, CashFee, Hold, Quantity
from placements.core.terms.schedule import Step
from placements.extract.draft import (
    DraftBook,
    DraftFees,
    DraftOptions,
    DraftTranche,
    DraftWarrant,
    Term,
)
from placements.schema.book import ACCELERATION, CASH_FEE, HOLD, QUANTITY, STEP, UNKNOWN_BASE
from placements.schema.write import flow, scalar, value_text

COMMENT_COLUMN = 40
COMMENT_WIDTH = 58
"""Comments start in this column and wrap at this width, so lines stay under 100."""


@dataclass(frozen=True)
class Line:
    """One line of the draft: a key and value, what its comment says, and the field it sets.

    A ``key`` of "-" is a list item. ``commented`` lines are written as
    comments: terms a release left incomplete, kept for the reviewer.
    ``set_aside`` lines are a tranche whose figures do not fit together
    (:mod:`.consistency`), commented out whole: one more ``# `` in front, so
    uncommenting the tranche gives back the draft as it would have been.
    """

    indent: int
    key: str = ""
    value: str = ""
    path: str = ""
    tranche: str = ""
    quotes: tuple[str, ...] = ()
    todo: str | None = None
    remark: str | None = None
    commented: bool = False
    set_aside: bool = False

    @property
    def in_book(self) -> bool:
        return not (self.commented or self.set_aside)

    @property
    def text(self) -> str:
        if self.key == "-":
            return f"- {self.value}"
        if not self.key:
            return ""
        return f"{self.key}: {self.value}" if self.value else f"{self.key}:"


class _Lines:
    """Collects lines, each with the field path and tranche of the part being written."""

    def __init__(self, path: str = "", tranche: str = "") -> None:
        self.path, self.tranche = path, tranche
        self.lines: list[Line] = []

    def add(
        self,
        indent: int,
        key: str,
        value: str,
        field: str,
        term: Term | None = None,
        *,
        commented: bool = False,
        todo: str | None = None,
    ) -> None:
        todos = "; ".join(filter(None, (term.todo if term else None, todo))) or None
        self.lines.append(
            Line(
                indent,
                key,
                value,
                f"{self.path}.{field}" if self.path else field,
                self.tranche,
                term.quotes if term else (),
                todos,
                term.remark if term else None,
                commented or (term.commented if term else False),
            )
        )

    def blank(self) -> None:
        self.lines.append(Line(0))


def book_lines(book: DraftBook) -> list[Line]:
    """The lines of the draft book, in file order."""
    out = _Lines()
    out.add(0, "issuer", "", "issuer")
    out.add(2, "name", scalar(book.issuer.value), "issuer.name", book.issuer)
    if book.ticker is not None:
        out.add(2, "ticker", json.dumps(book.ticker.value), "issuer.ticker", book.ticker)
    out.add(2, "currency", book.currency.value, "issuer.currency", book.currency)
    out.blank()
    out.add(0, "tranches", "", "tranches")
    lines = out.lines
    for position, tranche in enumerate(book.tranches):
        lines += tranche_lines(tranche, f"tranches[{position}]")
    return lines


def tranche_lines(tranche: DraftTranche, path: str) -> list[Line]:
    """A tranche's lines: ``path`` is its field path, such as tranches[0]."""
    out = _Lines(path, tranche.id.value)
    out.add(2, "- id", scalar(tranche.id.value), "id", tranche.id)
    closed = tranche.closed.value.isoformat()
    if tranche.closed_inferred is not None:
        closed = f"{{date: {closed}, inferred: {json.dumps(tranche.closed_inferred)}}}"
    out.add(4, "closed", closed, "closed", tranche.closed)
    if tranche.units is not None:
        out.add(4, "units", str(tranche.units.value), "units", tranche.units)
    if tranche.gross_proceeds is not None:
        gross = tranche.gross_proceeds
        out.add(4, "gross_proceeds", f"{gross.value:f}", "gross_proceeds", gross)
    price = tranche.unit_price
    out.add(4, "unit_price", price_text(price.value), "unit_price", price)
    out.add(4, "unit", "", "unit")
    out.add(6, "shares", str(tranche.shares.value), "unit.shares", tranche.shares)
    flow_through = tranche.flow_through
    out.add(6, "flow_through", _flag(flow_through.value), "unit.flow_through", flow_through)
    warrants = tranche.warrants
    out.add(6, "warrants", _number(warrants.value), "unit.warrants", warrants)
    if tranche.warrant is not None:
        _warrant_lines(out, tranche.warrant)
    _fee_lines(out, tranche.fees)
    out.add(4, "hold", hold_text(tranche.hold.value), "hold", tranche.hold)
    out.blank()
    if tranche.doubt is None:
        return out.lines
    first, *rest = out.lines
    todo = f"set aside, out of the book: {tranche.doubt}; check the figures and uncomment it"
    return [
        replace(first, todo="; ".join(filter(None, (first.todo, todo))), set_aside=True),
        *(replace(line, set_aside=True) if line.key else line for line in rest),
    ]


def _warrant_lines(out: _Lines, warrant: DraftWarrant) -> None:
    hidden = warrant.commented
    out.add(4, "warrant", "", "warrant", commented=hidden, todo=warrant.todo)
    transferable = warrant.transferable
    if transferable is not None:
        stated = transferable.value is not None
        value = _flag(bool(transferable.value)) if stated else "not stated"
        field = "warrant.transferable"
        out.add(6, "transferable", value, field, transferable, commented=hidden or not stated)
    _exercise_lines(out, warrant, "warrant", 6)
    if warrant.acceleration is not None:
        text = acceleration_text(warrant.acceleration.value)
        field = "warrant.acceleration"
        out.add(6, "acceleration", text, field, warrant.acceleration, commented=hidden)


def _exercise_lines(out: _Lines, terms: DraftWarrant, field: str, indent: int) -> None:
    hidden = terms.commented
    out.add(indent, "exercise", "", f"{field}.exercise", terms.term, commented=hidden)
    for position, step in enumerate(terms.steps):
        where = f"{field}.exercise[{position}]"
        out.add(indent + 2, "-", step_text(step.value), where, step, commented=hidden)
    if terms.expiry is not None:
        expiry = terms.expiry
        out.add(
            indent, "expiry", expiry.value.isoformat(), f"{field}.expiry", expiry, commented=hidden
        )


def _fee_lines(out: _Lines, fees: DraftFees) -> None:
    if fees.empty:
        out.add(4, "fees", "none", "fees", fees.remark, commented=True)
        return
    out.add(4, "fees", "", "fees", commented=not fees.in_book)
    if fees.cash is not None:
        out.add(6, "cash", cash_text(fees.cash.value), "fees.cash", fees.cash)
    if fees.shares is not None:
        out.add(6, "shares", quantity_text(fees.shares.value), "fees.shares", fees.shares)
    if fees.units is not None:
        out.add(6, "units", quantity_text(fees.units.value), "fees.units", fees.units)
    if fees.options is not None:
        _option_lines(out, fees.options)


def _option_lines(out: _Lines, options: DraftOptions) -> None:
    hidden = options.commented
    own_todo = options.terms.todo if options.terms else None
    todo = "; ".join(filter(None, (options.todo, own_todo))) or None
    out.add(6, "options", "", "fees.options", commented=hidden, todo=todo)
    key, value = _quantity_field(options.quantity.value)
    out.add(8, key, value, f"fees.options.{key}", options.quantity, commented=hidden)
    if options.into is not None:
        into = options.into
        out.add(8, "into", into.value.value, "fees.options.into", into, commented=hidden)
    if options.same_as_warrants is not None:
        same = options.same_as_warrants
        out.add(8, "terms", "same_as_warrants", "fees.options.terms", same, commented=hidden)
    elif options.terms is not None:
        _exercise_lines(out, replace(options.terms, commented=hidden), "fees.options", 8)


def yaml_text(book: DraftBook, lines: list[Line]) -> str:
    """The draft as YAML: a heading that names the releases, then the commented lines."""
    out = [
        "# yaml-language-server: $schema=book.schema.json",
        "# (`placements schema book > book.schema.json` lets an editor check this file.)",
        "# Draft book written by `placements extract` from:",
    ]
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
    out += rendered(lines)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def rendered(lines: list[Line]) -> list[str]:
    """The text lines of ``lines``, each with its comment in the comment column."""
    out: list[str] = []
    for line in lines:
        out += _rendered(line)
    return out


def _rendered(line: Line) -> Iterator[str]:
    marks = ("# " if line.set_aside else "") + ("# " if line.commented else "")
    text = " " * line.indent + marks + line.text
    quotes = "; ".join(f'"{quoted}"' for quoted in line.quotes)
    comments = []
    for note in (quotes, line.remark, f"TODO: {line.todo}" if line.todo else None):
        if note:
            comments += _wrapped(note)
    if not comments:
        yield text.rstrip()
        return
    yield f"{text.ljust(COMMENT_COLUMN - 1)} # {comments[0]}"
    for comment in comments[1:]:
        yield f"{'':<{COMMENT_COLUMN - 1}} # {comment}"


def _wrapped(note: str) -> list[str]:
    """The comment's lines; most fit on one, and are kept as they are without textwrap,
    which took a third of the time of writing a draft of a thousand tranches."""
    if len(note) <= COMMENT_WIDTH and note.isprintable() and note == note.strip():
        return [note]
    return textwrap.wrap(note, COMMENT_WIDTH, break_on_hyphens=False)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def step_text(step: Step) -> str:
    return flow(STEP, step)


def cash_text(fee: CashFee) -> str:
    text = flow(CASH_FEE, fee)
    if fee.base_unknown and fee.of_gross is None and fee.of_units is None:
        # flow() writes what the fee holds; an unknown base is a flag, written as a word
        text = f"{text[:-1]}, of_gross: {UNKNOWN_BASE}}}"
    return text


def _quantity_field(quantity: Quantity) -> tuple[str, str]:
    """The one field a quantity sets (a count or a percent of units), as key and text."""
    field = next(f for f in QUANTITY.fields if getattr(quantity, f.attribute) is not None)
    return field.key, value_text(field.kind, getattr(quantity, field.attribute))


def quantity_text(quantity: Quantity) -> str:
    return flow(QUANTITY, quantity)


def hold_text(hold: Hold) -> str:
    return value_text(HOLD, hold)


def acceleration_text(terms: Acceleration) -> str:
    return flow(ACCELERATION, terms)
