"""The book format: an issuer, its closed tranches and its other outstanding securities.

Each :class:`~placements.schema.Shape` below is one mapping of the file; the
domain objects they build are those of :mod:`placements.core.terms.book`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from placements.core.problems import Origin
from placements.core.terms.book import (
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
from placements.core.terms.schedule import Step
from placements.schema.kinds import (
    Choice,
    Date,
    Either,
    Field,
    Flag,
    ListOf,
    Nested,
    Number,
    OneOf,
    Percent,
    Price,
    Shape,
    Text,
    Whole,
    Word,
)

if TYPE_CHECKING:
    from placements.load.reader import Fields, Reader

MAX_PRICE = Decimal(1_000_000)
MAX_AMOUNT = Decimal(10) ** 13
MAX_COUNT = 10**13
MAX_MONTHS = 1200
MAX_DAYS = 3650
MAX_STEPS = 100

PRICE = "a price per share or unit above 0, such as 0.25"
COUNT = "a whole number above 0, such as 1800000"

A_PRICE = Price(PRICE, MAX_PRICE)
A_COUNT = Whole(COUNT, positive=True, at_most=MAX_COUNT)
EXCHANGES = ("TSXV", "CSE", "TSX", "NEO")

ISSUER = Shape(
    "issuer",
    [
        Field(
            "name",
            Text("the issuer's name"),
            "The issuer's legal name.",
            required=True,
            example="Rocmec Mining Inc.",
        ),
        Field(
            "ticker", Text("a ticker such as TSXV:RMI"), "Exchange and symbol.", example="TSXV:RMI"
        ),
        Field(
            "exchange", Choice(EXCHANGES), "The exchange the shares are listed on.", example="TSXV"
        ),
        Field(
            "currency",
            Text("a currency code such as CAD"),
            "The currency of every amount in the book.",
            example="CAD",
        ),
    ],
    doc="Who issued the securities.",
    model=Issuer,
)

BASE_SHARES = Shape(
    "shares_outstanding",
    [
        Field(
            "count",
            Whole(COUNT, at_most=MAX_COUNT),
            "Shares outstanding on that day.",
            required=True,
            example=48250000,
        ),
        Field(
            "as_of",
            Date(),
            "The day the count was true; tranches closing after it add to it.",
            required=True,
            example="2024-02-29",
        ),
    ],
    doc="A base count of shares outstanding and the day it was true.",
    model=BaseShares,
)

STEP = Shape(
    "step",
    [
        Field(
            "price",
            A_PRICE,
            "The exercise price in force during the step.",
            required=True,
            example="0.30",
        ),
        Field(
            "months",
            Whole("a number of months such as 12", positive=True, at_most=MAX_MONTHS),
            "How long the step lasts, in calendar months from the end of the one before "
            "(the first from the closing).",
            example=12,
        ),
        Field("until", Date(), "The step's last day, when stated as a date.", example="2009-09-21"),
    ],
    doc="One exercise price and how long it lasts.",
    expected="a step such as {price: 0.30, months: 12}",
    model=Step,
    one_of=[OneOf(["months", "until"], both="give months or until, not both")],
)

ACCELERATION = Shape(
    "acceleration",
    [
        Field(
            "trigger",
            A_PRICE,
            "The closing price that, held long enough, lets the issuer shorten the term.",
            required=True,
            example="0.40",
        ),
        Field(
            "trading_days",
            Whole("consecutive trading days, such as 10", positive=True, at_most=MAX_DAYS),
            "How many consecutive trading days the price must close at or above the trigger.",
            required=True,
            example=10,
        ),
        Field(
            "notice_days",
            Whole("calendar days of notice, such as 30", at_most=MAX_DAYS),
            "Expiry moves to the last of those days plus this many days.",
            example=30,
        ),
        Field("after_hold", Flag(), "Only days after the hold ends count.", example=True),
    ],
    doc="The issuer's right to shorten the term once the share price has run.",
    model=Acceleration,
)

STEPS = ListOf(
    Nested(STEP),
    "a list of steps such as [{price: 0.30, months: 12}]",
    empty=("no steps", "at least one {price, months|until} step"),
    at_most=MAX_STEPS,
    noun="steps",
    whole=True,
)

TERMS_FIELDS = (
    Field(
        "exercise",
        STEPS,
        "The exercise prices, in order.",
        required=True,
        attribute="steps",
        example=[{"price": "0.30", "months": 12}, {"price": "0.35", "months": 12}],
    ),
    Field(
        "expiry",
        Date(),
        "The last day to exercise; must match the last step, or ends a "
        "last step that gives neither months nor until.",
        example="2009-09-21",
    ),
    Field("acceleration", Nested(ACCELERATION), "An acceleration clause, if any."),
    Field("transferable", Flag(), "Whether the warrants may be transferred.", example=False),
)

EXERCISE_TERMS = Shape(
    "warrant",
    TERMS_FIELDS,
    doc="How a warrant (or option) is exercised: its steps, expiry and acceleration.",
    model=ExerciseTerms,
)

UNIT = Shape(
    "unit",
    [
        Field(
            "shares",
            Whole("shares per unit, such as 1", positive=True, at_most=1000),
            "Shares in one unit.",
            example=1,
        ),
        Field(
            "warrants",
            Number("warrants per unit, such as 1 or 0.5", at_most=Decimal(1000)),
            "Warrants in one unit: 1, 0.5, ...",
            example="0.5",
        ),
        Field("flow_through", Flag(), "Whether the shares are flow-through shares.", example=True),
    ],
    doc="What one unit is made of.",
    model=Unit,
)


def _cash_given(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "percent" in fields or "amount" in fields:
        return True
    reader.fail(fields.cursor, "no fee given", expected="'percent:' of gross, 'amount:', or both")
    return False


CASH_FEE = Shape(
    "cash",
    [
        Field("percent", Percent(), "A percent of the gross proceeds.", example=7),
        Field(
            "amount",
            Number("an amount such as 22375", at_most=MAX_AMOUNT),
            "A fixed amount.",
            example="500",
        ),
    ],
    doc="A cash fee or commission: a percent of gross, a fixed amount, or both.",
    model=CashFee,
    check=_cash_given,
)

QUANTITY_FIELDS = (
    Field("percent_of_units", Percent(), "A percent of the units sold.", example=2),
    Field(
        "count",
        Whole("a whole number such as 53503", at_most=MAX_COUNT),
        "A stated count.",
        example=53503,
    ),
)
QUANTITY_RULE = OneOf(
    ["percent_of_units", "count"],
    both="give a count or a percent of units, not both",
    both_expected="'count:' or 'percent_of_units:'",
    missing="give a count or a percent of units",
    missing_expected="'count:' or 'percent_of_units:'",
    at_mapping=True,
)

QUANTITY = Shape(
    "quantity",
    QUANTITY_FIELDS,
    doc="A number of securities: a percent of the units sold, or a count.",
    model=Quantity,
    one_of=[QUANTITY_RULE],
)

OWN_TERMS = ("expiry", "acceleration", "transferable")


def _options_terms(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    extra = [name for name in OWN_TERMS if name in fields]
    if "terms" in fields and extra:
        reader.fail(
            fields[extra[0]],
            "options on the warrants' terms take no terms of their own",
            expected="'terms: same_as_warrants' alone",
        )
        return False
    return True


def _finder_options(values: dict[str, Any], origin: Origin) -> FinderOptions:
    quantity = Quantity(values.get("percent_of_units"), values.get("count"), origin)
    terms = None
    if "steps" in values:
        terms = ExerciseTerms(
            values["steps"],
            values.get("expiry"),
            values.get("acceleration"),
            values.get("transferable"),
            origin,
        )
    return FinderOptions(quantity, terms, values.get("into", Into.SHARES), origin)


FINDER_OPTIONS = Shape(
    "options",
    [
        *QUANTITY_FIELDS,
        Field(
            "into",
            Choice([into.value for into in Into], Into),
            "What one option is exercised into: a share, or a unit (a share plus the "
            "unit's warrant fraction).",
            example="units",
        ),
        Field(
            "terms",
            Choice(["same_as_warrants"]),
            "On the same terms as the tranche's warrants.",
            example="same_as_warrants",
        ),
        *(
            Field(
                f.key,
                f.kind,
                f"The options' own terms: {f.doc[0].lower()}{f.doc[1:]}",
                attribute=f.attribute,
                example=f.example,
            )
            for f in TERMS_FIELDS
        ),
    ],
    doc="Finder's or broker options (or compensation warrants): how many, into what, on "
    "which terms.",
    model=FinderOptions,
    build=_finder_options,
    one_of=[
        QUANTITY_RULE,
        OneOf(
            ["terms", "exercise"],
            both="give 'terms: same_as_warrants' or the options' own exercise steps, not both",
            missing="the options' terms are missing",
            missing_expected="'terms: same_as_warrants', or their own 'exercise:' steps",
            both_at="exercise",
            missing_at="",
        ),
    ],
    check=_options_terms,
)

FEES = Shape(
    "fees",
    [
        Field("cash", Nested(CASH_FEE), "Cash fees or commissions."),
        Field("shares", Nested(QUANTITY), "Finder's shares."),
        Field("units", Nested(QUANTITY), "Finder's units, made like the units sold."),
        Field(
            "options",
            Nested(FINDER_OPTIONS),
            "Finder's or broker options, or compensation warrants.",
        ),
    ],
    doc="What the finders, agents or brokers were paid.",
    model=Fees,
)

HOLD_TERMS = "'none', {months: 4} or {until: 2008-03-23}"


def _hold(values: dict[str, Any], origin: Origin) -> Hold:
    return Hold(months=values.get("months"), until=values.get("until"), origin=origin)


HOLD_MAPPING = Shape(
    "hold",
    [
        Field(
            "months",
            Whole("a number of months such as 4", at_most=MAX_MONTHS),
            "The legend date is the closing plus these months plus one day.",
            example=4,
        ),
        Field(
            "until",
            Date("the first day the securities may trade, such as 2008-03-23"),
            "The first day the securities may trade, as stated.",
            example="2008-03-23",
        ),
    ],
    doc="The resale restriction on what a tranche issued (NI 45-102's four months and a day "
    "by default); `none` for prospectus-exempt offerings such as LIFE.",
    expected=HOLD_TERMS,
    model=Hold,
    build=_hold,
    one_of=[
        OneOf(
            ["months", "until"],
            both="give months or until, not both",
            both_expected=HOLD_TERMS,
            missing="give months or until",
            missing_expected=HOLD_TERMS,
            at_mapping=True,
        )
    ],
)
HOLD = Either(Word("none", Hold.none), Nested(HOLD_MAPPING), expected=HOLD_TERMS)

TRANCHE = Shape(
    "tranche",
    [
        Field(
            "id",
            Text("a tranche id such as 2007-09-ft"),
            "Unique within the book; names the tranche's series.",
            required=True,
            example="2024-03-ft",
        ),
        Field("closed", Date(), "The closing date.", required=True, example="2024-03-15"),
        Field("units", A_COUNT, "Units sold.", example=1000000),
        Field(
            "gross_proceeds",
            Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
            "The gross proceeds, when the release states only that: units = floor(gross / "
            "unit price).",
            attribute="stated_gross",
            example="120000",
        ),
        Field("unit_price", A_PRICE, "The price of one unit.", required=True, example="0.12"),
        Field("unit", Nested(UNIT), "What one unit is made of."),
        Field(
            "warrant",
            Nested(EXERCISE_TERMS),
            "The warrants' terms; required when units carry warrants.",
        ),
        Field("fees", Nested(FEES), "What the finders were paid."),
        Field("hold", HOLD, "The resale hold.", example={"months": 4}),
    ],
    doc="Units of one class sold at one price on one closing date.",
    expected="a tranche mapping",
    model=Tranche,
    one_of=[
        OneOf(
            ["units", "gross_proceeds"],
            both="give units or gross proceeds, not both",
            both_expected="'units:', or 'gross_proceeds:' alone when the release states only that",
            missing="missing",
            missing_expected="'units:', or 'gross_proceeds:' when the release states only that",
        )
    ],
)


def _security(values: dict[str, Any], origin: Origin) -> Security:
    steps = values.get("steps")
    if steps is None:
        at = Origin(origin.of("price"), origin.field_path("price"))
        steps = (Step(values["price"], origin=at),)
    terms = ExerciseTerms(
        steps, values.get("expiry"), values.get("acceleration"), values.get("transferable"), origin
    )
    return Security(
        values["id"], values["kind"], values["count"], terms, values.get("issued"), origin
    )


def _price_needs_expiry(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    if "price" in fields and "exercise" not in fields and "expiry" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "expiry")
        reader.fail(missing, "missing", expected="the expiry date of the price")
        return False
    return True


SECURITY = Shape(
    "security",
    [
        Field(
            "id",
            Text("an id such as options-2006"),
            "Unique within the book; the series id.",
            required=True,
            example="options-2022",
        ),
        Field(
            "kind",
            Choice([kind.value for kind in SecurityKind], SecurityKind),
            "Options or warrants.",
            required=True,
            example="options",
        ),
        Field("count", A_COUNT, "How many are outstanding.", required=True, example=2500000),
        Field(
            "issued",
            Date(),
            "The issue date, which lets steps count in months.",
            example="2023-05-01",
        ),
        Field("price", A_PRICE, "One exercise price until the expiry.", example="0.15"),
        *(f for f in TERMS_FIELDS if f.key != "exercise"),
        Field("exercise", STEPS, "Exercise steps, instead of one price.", attribute="steps"),
    ],
    doc="Options or older warrants outstanding beside the book's tranches.",
    expected="a security: {id, kind, count, price, expiry}",
    model=Security,
    build=_security,
    one_of=[
        OneOf(
            ["price", "exercise"],
            both="give a price or exercise steps, not both",
            missing="missing",
            missing_expected="'price:' and 'expiry:', or 'exercise:' steps",
            both_at="price",
        )
    ],
    check=_price_needs_expiry,
)


def _book(values: dict[str, Any], origin: Origin) -> Book:
    return Book(
        values.get("issuer") or Issuer(""),
        values.get("tranches", ()),
        values.get("securities", ()),
        values.get("base"),
        origin,
    )


BOOK = Shape(
    "book",
    [
        Field("issuer", Nested(ISSUER), "Who issued the securities.", required=True),
        Field(
            "shares_outstanding",
            Nested(BASE_SHARES),
            "A base count of shares outstanding, for dilution and the treasury method.",
            attribute="base",
        ),
        Field(
            "tranches",
            ListOf(Nested(TRANCHE), "a list of tranches"),
            "Every tranche the issuer has closed.",
            required=True,
        ),
        Field(
            "securities",
            ListOf(Nested(SECURITY), "a list of securities"),
            "Options and older warrants outstanding.",
        ),
    ],
    doc="An issuer's placements and other outstanding securities, in one file.",
    expected="a book: a mapping with issuer and tranches",
    model=Book,
    build=_book,
    lenient=True,
)
