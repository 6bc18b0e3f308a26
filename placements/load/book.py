"""Books from YAML: the file format of README.md, read into :mod:`placements.core.book`.

Each ``read_*`` function reads one kind of mapping, records every problem it
finds with the reader, and returns None for what could not be read. The
cross-field checks of :mod:`placements.core.validate` run once the whole file
has been read cleanly.
"""

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from placements.core.book import (
    Acceleration,
    BaseShares,
    Book,
    CashFee,
    ExerciseTerms,
    Fees,
    FinderOptions,
    Hold,
    Into,
    Issuer,
    Quantity,
    Security,
    SecurityKind,
    Tranche,
    Unit,
)
from placements.core.origin import InputError, Origin, in_file_order
from placements.core.schedule import Step
from placements.core.validate import book_problems
from placements.load.reader import Fields, Reader
from placements.load.yamlfile import Cursor, read_yaml

MAX_PRICE = Decimal(1_000_000)
MAX_AMOUNT = Decimal(10) ** 13
MAX_COUNT = 10**13
MAX_MONTHS = 1200
MAX_DAYS = 3650
MAX_STEPS = 100

PRICE = "a price per share or unit above 0, such as 0.25"
COUNT = "a whole number above 0, such as 1800000"

BOOK_KEYS = ("issuer", "shares_outstanding", "tranches", "securities")
TRANCHE_KEYS = (
    "id",
    "closed",
    "units",
    "gross_proceeds",
    "unit_price",
    "unit",
    "warrant",
    "fees",
    "hold",
)
TERMS_KEYS = ("exercise", "expiry", "acceleration", "transferable")

T = TypeVar("T")


def load_book(path: Path) -> Book:
    """Read, check and return the book at ``path``, or raise :class:`InputError`."""
    return book_from_yaml(read_yaml(path, "book"))


def book_from_yaml(root: Cursor) -> Book:
    """The book in a parsed YAML file, or every problem with it.

    Cross-field checks run on whatever tranches and securities were read
    cleanly, so one pass reports both kinds of problem.
    """
    reader = Reader()
    book = read_book(reader, root)
    problems = reader.problems + (book_problems(book) if book else [])
    if problems or book is None:
        raise InputError(in_file_order(problems + reader.warnings))
    return replace(book, warnings=tuple(in_file_order(reader.warnings)))


def read_book(reader: Reader, cursor: Cursor) -> Book | None:
    fields = reader.mapping(
        cursor,
        BOOK_KEYS,
        required=("issuer", "tranches"),
        expected="a book: a mapping with issuer and tranches",
    )
    if fields is None:
        return None
    issuer = read_issuer(reader, fields["issuer"]) if "issuer" in fields else None
    base = None
    if "shares_outstanding" in fields:
        base = read_base_shares(reader, fields["shares_outstanding"])
    tranches = read_list(reader, fields.get("tranches"), read_tranche, "a list of tranches")
    securities = read_list(reader, fields.get("securities"), read_security, "a list of securities")
    return Book(issuer or Issuer(""), tuple(tranches), tuple(securities), base, fields.origin())


def read_list(
    reader: Reader,
    cursor: Cursor | None,
    read_item: Callable[[Reader, Cursor], T | None],
    expected: str,
) -> list[T]:
    """The items of an optional list that ``read_item`` read cleanly.

    The problems with the others are recorded by the reader.
    """
    if cursor is None:
        return []
    items = reader.sequence(cursor, expected) or []
    return [value for value in (read_item(reader, item) for item in items) if value is not None]


def read_issuer(reader: Reader, cursor: Cursor) -> Issuer | None:
    fields = reader.mapping(cursor, ("name", "ticker", "currency"), required=("name",))
    if fields is None:
        return None
    name = reader.text(fields["name"], "the issuer's name") if "name" in fields else None
    ticker = (
        reader.text(fields["ticker"], "a ticker such as TSXV:RMI") if "ticker" in fields else None
    )
    currency = "CAD"
    if "currency" in fields:
        currency = reader.text(fields["currency"], "a currency code such as CAD") or currency
    if name is None:
        return None
    return Issuer(name, ticker, currency, fields.origin())


def read_base_shares(reader: Reader, cursor: Cursor) -> BaseShares | None:
    fields = reader.mapping(cursor, ("count", "as_of"), required=("count", "as_of"))
    if fields is None or "count" not in fields or "as_of" not in fields:
        return None
    count = reader.count(fields["count"], COUNT, at_most=MAX_COUNT)
    as_of = reader.date(fields["as_of"])
    if count is None or as_of is None:
        return None
    return BaseShares(count, as_of, fields.origin())


def read_tranche(reader: Reader, cursor: Cursor) -> Tranche | None:
    fields = reader.mapping(
        cursor, TRANCHE_KEYS, required=("id", "closed", "unit_price"), expected="a tranche mapping"
    )
    if fields is None:
        return None
    tranche_id = (
        reader.text(fields["id"], "a tranche id such as 2007-09-ft") if "id" in fields else None
    )
    closed = reader.date(fields["closed"]) if "closed" in fields else None
    price = None
    if "unit_price" in fields:
        price = reader.price(fields["unit_price"], PRICE, MAX_PRICE)
    units = gross = None
    if "units" in fields and "gross_proceeds" in fields:
        reader.fail(
            fields["gross_proceeds"],
            "give units or gross proceeds, not both",
            expected="'units:', or 'gross_proceeds:' alone when the release states only that",
        )
    elif "units" in fields:
        units = reader.count(fields["units"], COUNT, positive=True, at_most=MAX_COUNT)
    elif "gross_proceeds" in fields:
        gross = reader.decimal(
            fields["gross_proceeds"], "an amount above 0", positive=True, at_most=MAX_AMOUNT
        )
    else:
        reader.fail(
            cursor.child(cursor.node, "units"),
            "missing",
            expected="'units:', or 'gross_proceeds:' when the release states only that",
        )
    unit = read_unit(reader, fields["unit"]) if "unit" in fields else Unit()
    warrant = read_exercise_terms(reader, fields["warrant"]) if "warrant" in fields else None
    fees = read_fees(reader, fields["fees"]) if "fees" in fields else Fees()
    hold = read_hold(reader, fields["hold"]) if "hold" in fields else Hold()
    if (
        tranche_id is None
        or closed is None
        or price is None
        or (units is None and gross is None)
        or unit is None
        or ("warrant" in fields and warrant is None)
        or fees is None
        or hold is None
    ):
        return None
    return Tranche(
        tranche_id, closed, price, units, gross, unit, warrant, fees, hold, fields.origin()
    )


def read_unit(reader: Reader, cursor: Cursor) -> Unit | None:
    fields = reader.mapping(cursor, ("shares", "warrants", "flow_through"))
    if fields is None:
        return None
    shares, warrants, flow_through = 1, Decimal(0), False
    if "shares" in fields:
        shares = reader.count(
            fields["shares"], "shares per unit, such as 1", positive=True, at_most=1000
        )
    if "warrants" in fields:
        warrants = reader.decimal(
            fields["warrants"], "warrants per unit, such as 1 or 0.5", at_most=Decimal(1000)
        )
    if "flow_through" in fields:
        flow_through = reader.boolean(fields["flow_through"])
    if shares is None or warrants is None or flow_through is None:
        return None
    return Unit(shares, warrants, flow_through, fields.origin())


def read_exercise_terms(reader: Reader, cursor: Cursor) -> ExerciseTerms | None:
    """Steps, expiry, acceleration and transferability of warrants or options."""
    fields = reader.mapping(cursor, TERMS_KEYS, required=("exercise",))
    if fields is None:
        return None
    return read_terms_fields(reader, fields)


def read_terms_fields(
    reader: Reader, fields: Fields, steps: tuple[Step, ...] | None = None
) -> ExerciseTerms | None:
    """Exercise terms from a mapping's fields; ``steps`` when already read otherwise."""
    if "exercise" in fields:
        items = reader.sequence(
            fields["exercise"], "a list of steps such as [{price: 0.30, months: 12}]"
        )
        if items is not None and not items:
            reader.fail(
                fields["exercise"], "no steps", expected="at least one {price, months|until} step"
            )
        elif items is not None and len(items) > MAX_STEPS:
            reader.fail(
                fields["exercise"],
                "too many steps",
                got=len(items),
                expected=f"at most {MAX_STEPS}",
            )
        elif items is not None:
            read = [read_step(reader, item) for item in items]
            if all(step is not None for step in read):
                steps = tuple(step for step in read if step is not None)
    expiry = reader.date(fields["expiry"]) if "expiry" in fields else None
    acceleration = None
    if "acceleration" in fields:
        acceleration = read_acceleration(reader, fields["acceleration"])
    transferable = reader.boolean(fields["transferable"]) if "transferable" in fields else None
    if (
        steps is None
        or ("expiry" in fields and expiry is None)
        or ("acceleration" in fields and acceleration is None)
    ):
        return None
    return ExerciseTerms(steps, expiry, acceleration, transferable, fields.origin())


def read_step(reader: Reader, cursor: Cursor) -> Step | None:
    fields = reader.mapping(
        cursor,
        ("price", "months", "until"),
        required=("price",),
        expected="a step such as {price: 0.30, months: 12}",
    )
    if fields is None:
        return None
    price = reader.price(fields["price"], PRICE, MAX_PRICE) if "price" in fields else None
    months = until = None
    if "months" in fields and "until" in fields:
        reader.fail(fields["until"], "give months or until, not both", expected="one of them")
        return None
    if "months" in fields:
        months = reader.count(
            fields["months"], "a number of months such as 12", positive=True, at_most=MAX_MONTHS
        )
        if months is None:
            return None
    if "until" in fields:
        until = reader.date(fields["until"])
        if until is None:
            return None
    if price is None:
        return None
    return Step(price, months, until, fields.origin())


def read_acceleration(reader: Reader, cursor: Cursor) -> Acceleration | None:
    fields = reader.mapping(
        cursor,
        ("trigger", "trading_days", "notice_days", "after_hold"),
        required=("trigger", "trading_days"),
    )
    if fields is None:
        return None
    trigger = reader.price(fields["trigger"], PRICE, MAX_PRICE) if "trigger" in fields else None
    days = None
    if "trading_days" in fields:
        days = reader.count(
            fields["trading_days"],
            "consecutive trading days, such as 10",
            positive=True,
            at_most=MAX_DAYS,
        )
    notice = 30
    if "notice_days" in fields:
        notice = reader.count(
            fields["notice_days"], "calendar days of notice, such as 30", at_most=MAX_DAYS
        )
    after_hold = reader.boolean(fields["after_hold"]) if "after_hold" in fields else False
    if trigger is None or days is None or notice is None or after_hold is None:
        return None
    return Acceleration(trigger, days, notice, after_hold, fields.origin())


def read_fees(reader: Reader, cursor: Cursor) -> Fees | None:
    fields = reader.mapping(cursor, ("cash", "shares", "options", "units"))
    if fields is None:
        return None
    cash = read_cash_fee(reader, fields["cash"]) if "cash" in fields else None
    shares = read_quantity(reader, fields["shares"]) if "shares" in fields else None
    options = read_finder_options(reader, fields["options"]) if "options" in fields else None
    units = read_quantity(reader, fields["units"]) if "units" in fields else None
    if any(
        name in fields and value is None
        for name, value in (
            ("cash", cash),
            ("shares", shares),
            ("options", options),
            ("units", units),
        )
    ):
        return None
    return Fees(cash, shares, options, units, fields.origin())


def read_cash_fee(reader: Reader, cursor: Cursor) -> CashFee | None:
    fields = reader.mapping(cursor, ("percent", "amount"))
    if fields is None:
        return None
    if "percent" not in fields and "amount" not in fields:
        reader.fail(cursor, "no fee given", expected="'percent:' of gross, 'amount:', or both")
        return None
    percent = reader.percent(fields["percent"]) if "percent" in fields else None
    amount = (
        reader.decimal(fields["amount"], "an amount such as 22375", at_most=MAX_AMOUNT)
        if "amount" in fields
        else None
    )
    if ("percent" in fields and percent is None) or ("amount" in fields and amount is None):
        return None
    return CashFee(percent, amount, fields.origin())


def read_quantity(reader: Reader, cursor: Cursor, extra: tuple[str, ...] = ()) -> Quantity | None:
    """A count of finder's securities, or a percent of the units sold."""
    fields = reader.mapping(cursor, ("percent_of_units", "count", *extra))
    if fields is None:
        return None
    return read_quantity_fields(reader, fields)


def read_quantity_fields(reader: Reader, fields: Fields) -> Quantity | None:
    has_percent, has_count = "percent_of_units" in fields, "count" in fields
    if has_percent == has_count:
        reader.fail(
            fields.cursor,
            "give a count or a percent of units" + (", not both" if has_count else ""),
            expected="'count:' or 'percent_of_units:'",
        )
        return None
    if has_percent:
        percent = reader.percent(fields["percent_of_units"])
        return (
            None if percent is None else Quantity(percent_of_units=percent, origin=fields.origin())
        )
    count = reader.count(fields["count"], "a whole number such as 53503", at_most=MAX_COUNT)
    return None if count is None else Quantity(count=count, origin=fields.origin())


def read_finder_options(reader: Reader, cursor: Cursor) -> FinderOptions | None:
    own_terms = TERMS_KEYS
    fields = reader.mapping(cursor, ("percent_of_units", "count", "terms", "into", *own_terms))
    if fields is None:
        return None
    quantity = read_quantity_fields(reader, fields)
    into = Into.SHARES
    if "into" in fields:
        chosen = reader.choice(fields["into"], [choice.value for choice in Into])
        if chosen is None:
            return None
        into = Into(chosen)
    terms = None
    if "terms" in fields and "exercise" in fields:
        reader.fail(
            fields["exercise"],
            "give 'terms: same_as_warrants' or the options' own exercise steps, not both",
            expected="one of them",
        )
        return None
    if "terms" in fields:
        if reader.choice(fields["terms"], ["same_as_warrants"]) is None:
            return None
        extra = [name for name in own_terms if name in fields]
        if extra:
            reader.fail(
                fields[extra[0]],
                "options on the warrants' terms take no terms of their own",
                expected="'terms: same_as_warrants' alone",
            )
            return None
    elif "exercise" in fields:
        terms = read_terms_fields(reader, fields)
        if terms is None:
            return None
    else:
        reader.fail(
            cursor,
            "the options' terms are missing",
            expected="'terms: same_as_warrants', or their own 'exercise:' steps",
        )
        return None
    if quantity is None:
        return None
    return FinderOptions(quantity, terms, into, fields.origin())


def read_hold(reader: Reader, cursor: Cursor) -> Hold | None:
    expected = "'none', {months: 4} or {until: 2008-03-23}"
    if reader.scalar_is(cursor, "none"):
        return Hold.none(Origin(cursor.location, cursor.path))
    fields = reader.mapping(cursor, ("months", "until"), expected=expected)
    if fields is None:
        return None
    if ("months" in fields) == ("until" in fields):
        reader.fail(
            cursor,
            "give months or until" + (", not both" if "months" in fields else ""),
            expected=expected,
        )
        return None
    if "months" in fields:
        months = reader.count(fields["months"], "a number of months such as 4", at_most=MAX_MONTHS)
        return None if months is None else Hold(months=months, origin=fields.origin())
    until = reader.date(
        fields["until"], "the first day the securities may trade, such as 2008-03-23"
    )
    return None if until is None else Hold(months=None, until=until, origin=fields.origin())


def read_price_until_expiry(reader: Reader, fields: Fields) -> tuple[Step, ...] | None:
    """The one step of a security stated as a single price until its expiry."""
    price = reader.price(fields["price"], PRICE, MAX_PRICE)
    if "expiry" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "expiry")
        reader.fail(missing, "missing", expected="the expiry date of the price")
        return None
    at = fields["price"]
    return None if price is None else (Step(price, origin=Origin(at.location, at.path)),)


def read_security(reader: Reader, cursor: Cursor) -> Security | None:
    fields = reader.mapping(
        cursor,
        ("id", "kind", "count", "issued", "price", *TERMS_KEYS),
        required=("id", "kind", "count"),
        expected="a security: {id, kind, count, price, expiry}",
    )
    if fields is None:
        return None
    security_id = (
        reader.text(fields["id"], "an id such as options-2006") if "id" in fields else None
    )
    kind = (
        reader.choice(fields["kind"], [k.value for k in SecurityKind]) if "kind" in fields else None
    )
    count = (
        reader.count(fields["count"], COUNT, positive=True, at_most=MAX_COUNT)
        if "count" in fields
        else None
    )
    issued = reader.date(fields["issued"]) if "issued" in fields else None
    terms = None
    if "price" in fields and "exercise" in fields:
        reader.fail(
            fields["price"], "give a price or exercise steps, not both", expected="one of them"
        )
    elif "price" in fields:
        terms = read_terms_fields(reader, fields, steps=read_price_until_expiry(reader, fields))
    elif "exercise" in fields:
        terms = read_terms_fields(reader, fields)
    else:
        reader.fail(
            cursor.child(cursor.node, "price"),
            "missing",
            expected="'price:' and 'expiry:', or 'exercise:' steps",
        )
    if (
        security_id is None
        or kind is None
        or count is None
        or terms is None
        or ("issued" in fields and issued is None)
    ):
        return None
    return Security(security_id, SecurityKind(kind), count, terms, issued, fields.origin())
