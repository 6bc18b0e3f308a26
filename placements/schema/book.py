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
    Debenture,
    EntryKind,
    ExerciseTerms,
    Fees,
    FinderOptions,
    Hold,
    InferredClosing,
    Into,
    Issuer,
    LedgerEntry,
    Offering,
    Quantity,
    Security,
    SecurityKind,
    Tranche,
    Unit,
    Vest,
)
from placements.core.terms.hold import latest_closing
from placements.core.terms.offering import with_offerings
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
    ScalarOr,
    Shape,
    Share,
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
            explicit=True,
        ),
        Field(
            "after_hold",
            Flag(),
            "Only days after the hold ends count; otherwise days count from the closing.",
            example=True,
            explicit=True,
        ),
        Field(
            "measure",
            Choice(["close", "vwap"]),
            "What is compared with the trigger: the closing price, or a volume-weighted "
            "average price (taken as the day's price in projections).",
            example="vwap",
        ),
        Field(
            "test",
            Choice(["at_or_above", "exceeds"]),
            "Whether the price must be at or above the trigger, or strictly exceed it.",
            example="exceeds",
        ),
        Field(
            "issuer",
            Choice(["may", "must"]),
            "Whether the issuer may accelerate at its option (scenarios decide) or must.",
            example="may",
        ),
        Field(
            "notice_within_days",
            Whole("calendar days, such as 10", at_most=MAX_DAYS),
            "Notice (a press release) is given within this many days of the trigger; "
            "projections take the last of them, and expiry is notice_days after it.",
            example=10,
        ),
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

OWN_HOLD = Field(
    "hold",
    HOLD,
    "Their own resale hold, when it is not their tranche's (by default it is).",
    example="none",
)

EXERCISE_TERMS = Shape(
    "warrant",
    (*TERMS_FIELDS, OWN_HOLD),
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
    if "percent" not in fields and "amount" not in fields:
        reader.fail(
            fields.cursor, "no fee given", expected="'percent:' of gross, 'amount:', or both"
        )
        return False
    for base in ("of_gross", "of_units"):
        if base in fields and "percent" not in fields:
            reader.fail(fields[base], "a fee base needs a percent", expected="'percent:'")
            return False
    return True


def _cash_fee(values: dict[str, Any], origin: Origin) -> CashFee:
    of_gross = values.get("of_gross")
    unknown = of_gross == UNKNOWN_BASE
    return CashFee(
        values.get("percent"),
        values.get("amount"),
        None if unknown else of_gross,
        values.get("of_units"),
        unknown,
        origin,
    )


UNKNOWN_BASE = "unknown"


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
        Field(
            "of_gross",
            Either(
                Word(UNKNOWN_BASE, lambda origin: UNKNOWN_BASE),
                Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
                expected="an amount such as 1250000, or 'unknown'",
            ),
            "The part of the gross the percent is on (purchasers the finder introduced); "
            "`unknown` when the release does not say, so the fee is shown as unknown.",
            example="1250000",
        ),
        Field(
            "of_units",
            A_COUNT,
            "The percent is on these units at the unit price, instead of on all the gross.",
            example=2500000,
        ),
    ],
    doc="A cash fee or commission: a percent of gross (or of part of it), a fixed amount, or both.",
    model=CashFee,
    build=_cash_fee,
    check=_cash_given,
    one_of=[OneOf(["of_gross", "of_units"], both="give of_gross or of_units, not both")],
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
    (
        *QUANTITY_FIELDS,
        Field(
            "deemed_price",
            A_PRICE,
            "The price per security they are deemed issued at, which values the fee.",
            example="0.25",
        ),
    ),
    doc="A number of securities: a percent of the units sold, or a count, and the deemed "
    "price they were paid at.",
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
    quantity = Quantity(values.get("percent_of_units"), values.get("count"), origin=origin)
    terms = None
    if "steps" in values:
        terms = ExerciseTerms(
            values["steps"],
            values.get("expiry"),
            values.get("acceleration"),
            values.get("transferable"),
            origin=origin,
        )
    return FinderOptions(
        quantity, terms, values.get("into", Into.SHARES), values.get("hold"), origin=origin
    )


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
        Field(
            "hold",
            HOLD,
            "The options' own resale hold (broker warrants often carry one); the tranche's "
            "otherwise.",
            example={"until": "2025-02-01"},
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


def _inferred_closing(values: dict[str, Any], origin: Origin) -> InferredClosing:
    return InferredClosing(values["reason"], values.get("day"), origin)


INFERRED_CLOSING = Shape(
    "closed",
    [
        Field(
            "date",
            Date(),
            "The closing date taken; left out, the latest day whose hold ends on the "
            "tranche's stated `hold: {until:}` date.",
            attribute="day",
            example="2024-10-31",
        ),
        Field(
            "inferred",
            Text("why the date is inferred, such as 'from the hold date'"),
            "Why the date is inferred: the release states no closing date.",
            required=True,
            attribute="reason",
            example="from the hold date",
        ),
    ],
    doc="A closing date the release does not state, marked as inferred with the reason.",
    expected="a date, or {date: 2024-10-31, inferred: from the hold date}",
    build=_inferred_closing,
)


def _tranche_check(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    ok = True
    if "units" not in fields and "gross_proceeds" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "units")
        reader.fail(
            missing,
            "missing",
            expected="'units:', or 'gross_proceeds:' when the release states only that",
        )
        ok = False
    closed = values.get("closed")
    if isinstance(closed, InferredClosing) and closed.day is None:
        hold = values.get("hold")
        until = hold.until if isinstance(hold, Hold) else None
        day = None if until is None else latest_closing(until)
        if day is None:
            reader.fail(
                fields["closed"],
                "no closing date, and none follows from the hold",
                got="no date" if until is None else f"hold until {until.isoformat()}",
                expected="'date:', or 'hold: {until: DATE}' that a four-month hold can end on",
            )
            ok = False
        else:
            values["closed"] = InferredClosing(closed.reason, day, closed.origin)
            values["closed_from_hold"] = True
    return ok


def _tranche(values: dict[str, Any], origin: Origin) -> Tranche:
    closed = values.pop("closed")
    if isinstance(closed, InferredClosing):
        values["closed_inferred"] = closed.reason
        closed = closed.day
    return Tranche(closed=closed, **values, origin=origin)


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
        Field(
            "closed",
            ScalarOr(
                Date(),
                Nested(INFERRED_CLOSING),
                expected="a date, or {date: 2024-10-31, inferred: from the hold date}",
            ),
            "The closing date, or a mapping marking it as inferred with the reason.",
            required=True,
            example="2024-03-15",
        ),
        Field(
            "offering",
            Text("an offering id such as 2024-private-placement"),
            "The offering (in `offerings:`) whose stated totals and fees this tranche shares.",
            example="2024-pp",
        ),
        Field("units", A_COUNT, "Units sold.", example=1000000),
        Field(
            "gross_proceeds",
            Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
            "The gross proceeds as stated. Alone, units = floor(gross / unit price); beside "
            "units, the computed gross stays the rule and a difference is noted (and "
            "warned about above a dollar).",
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
    build=_tranche,
    check=_tranche_check,
)


def _security(values: dict[str, Any], origin: Origin) -> Security:
    steps = values.get("steps")
    if steps is None:
        at = Origin(origin.of("price"), origin.field_path("price"))
        steps = (Step(values["price"], origin=at),)
    terms = ExerciseTerms(
        steps,
        values.get("expiry"),
        values.get("acceleration"),
        values.get("transferable"),
        values.get("hold"),
        origin=origin,
    )
    return Security(
        values["id"],
        values["kind"],
        values["count"],
        terms,
        values.get("issued"),
        origin,
        vesting=values.get("vesting", ()),
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


OFFERING = Shape(
    "offering",
    [
        Field(
            "id",
            Text("an offering id such as 2024-pp"),
            "Unique within the book; tranches name it in `offering:`.",
            required=True,
            example="2024-pp",
        ),
        Field(
            "gross_proceeds",
            Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
            "The total gross proceeds the release states; `check` reconciles it with the "
            "tranches'.",
            attribute="gross",
            example="4790583",
        ),
        Field(
            "units",
            A_COUNT,
            "The total units (or shares) the release states; reconciled like the gross.",
            example=12312407,
        ),
        Field(
            "fees",
            Nested(FEES),
            "Fees stated once for the whole offering. Cash fees are allocated to the "
            "tranches pro rata to their gross, to the cent, by largest remainder; finder's "
            "options form a series of the offering's own.",
        ),
        Field(
            "earlier_tranches",
            Choice(["unknown"], lambda word: True),
            "`unknown`: the totals include earlier tranches the book does not list (a final "
            "tranche restating the whole offering); no split is invented.",
            attribute="earlier_unknown",
            example="unknown",
        ),
    ],
    doc="Tranches or classes sold under one headline, with the totals and fees stated for "
    "all of them.",
    model=Offering,
)


def _attached(values: dict[str, Any], origin: Origin) -> Security:
    steps = values["steps"]
    terms = ExerciseTerms(
        steps,
        values.get("expiry"),
        values.get("acceleration"),
        values.get("transferable"),
        values.get("hold"),
        origin,
    )
    return Security("", SecurityKind.WARRANTS, values["count"], terms, None, origin)


ATTACHED_WARRANTS = Shape(
    "debenture_warrants",
    [
        Field("count", A_COUNT, "How many warrants were issued.", required=True, example=3000000),
        *(
            f
            if f.key != "exercise"
            else Field(
                "exercise",
                STEPS,
                "The warrants' exercise prices, counted from the debentures' issue.",
                required=True,
                attribute="steps",
                example=[{"price": "0.30", "months": 24}],
            )
            for f in TERMS_FIELDS
        ),
        OWN_HOLD,
    ],
    doc="Warrants issued with convertible debentures, on their own schedule.",
    build=_attached,
)


def _debenture(values: dict[str, Any], origin: Origin) -> Debenture:
    conversion = ExerciseTerms(values["steps"], values["maturity"], origin=origin)
    attached = values.get("warrants")
    if attached is not None:
        attached = Security(
            f"{values['id']}/warrants",
            attached.kind,
            attached.count,
            attached.terms,
            values["issued"],
            attached.origin,
        )
    return Debenture(
        values["id"],
        values["issued"],
        values["principal"],
        conversion,
        values["maturity"],
        values.get("interest"),
        attached,
        values.get("hold", Hold()),
        origin,
    )


DEBENTURE = Shape(
    "debenture",
    [
        Field(
            "id",
            Text("an id such as 2025-cd"),
            "Unique within the book; its attached warrants are `<id>/warrants`.",
            required=True,
            example="2025-cd",
        ),
        Field("issued", Date(), "The issue (closing) date.", required=True, example="2025-06-30"),
        Field(
            "principal",
            Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
            "The principal amount issued.",
            required=True,
            example="1500000",
        ),
        Field(
            "conversion",
            STEPS,
            "The conversion prices, in order, as steps from the issue; shares on conversion "
            "= floor(principal / price in force).",
            required=True,
            attribute="steps",
            example=[{"price": "0.20", "months": 12}, {"price": "0.25", "months": 12}],
        ),
        Field(
            "maturity",
            Date(),
            "The maturity date, which ends the last conversion step.",
            required=True,
            example="2027-06-30",
        ),
        Field("interest", Percent(), "Annual interest, in percent.", example=10),
        Field("warrants", Nested(ATTACHED_WARRANTS), "Warrants issued with the debentures."),
        Field("hold", HOLD, "The resale hold on the debentures.", example={"months": 4}),
    ],
    doc="Convertible debentures: principal convertible into shares, with optional warrants.",
    model=Debenture,
    build=_debenture,
)


VEST = Shape(
    "vest",
    [
        Field(
            "date",
            Date(),
            "The day they vest: they may be exercised from it.",
            required=True,
            attribute="day",
            example="2025-05-01",
        ),
        Field("count", A_COUNT, "How many vest that day.", example=1000000),
        Field(
            "fraction",
            Share("a fraction of the grant such as 0.25 or 25%", Decimal(1)),
            "The fraction of the grant that vests that day (0.25 or 25%).",
            example="25%",
        ),
    ],
    doc="One vesting date of a grant, with the count or the fraction that vests on it.",
    expected="a vesting date such as {date: 2025-05-01, fraction: 25%}",
    model=Vest,
    one_of=[
        OneOf(
            ["count", "fraction"],
            both="give a count or a fraction, not both",
            missing="give a count or a fraction",
            missing_expected="'count:' or 'fraction:'",
            at_mapping=True,
        )
    ],
)

GRANT = Shape(
    "grant",
    [
        *(f for f in SECURITY.fields if f.key != "issued"),
        Field(
            "vesting",
            ListOf(
                Nested(VEST),
                "a list of vesting dates such as [{date: 2025-05-01, fraction: 50%}]",
                empty=("no vesting dates", "at least one {date, count|fraction}"),
                at_most=MAX_STEPS,
                noun="vesting dates",
                whole=True,
            ),
            "When they vest: dates in order, each with a count (adding up to the grant) or a "
            "fraction (adding up to 1). Unvested options are outstanding but may not be "
            "exercised; without it, all may be from the grant.",
            example=[
                {"date": "2025-05-01", "fraction": "50%"},
                {"date": "2026-05-01", "fraction": "50%"},
            ],
        ),
        Field(
            "hold",
            HOLD,
            "The resale hold on the shares their exercise issues (none by default).",
            example={"months": 4},
        ),
    ],
    doc="Options or warrants granted on the entry's date: the new series and its terms.",
    expected="a grant: {id, kind, count, price, expiry}",
    model=Security,
    build=_security,
    one_of=SECURITY.one_of,
    check=_price_needs_expiry,
)

ALL = "all"
ENTRY_KINDS = tuple(kind.value for kind in EntryKind)
SERIES_ID = Text("a series id such as 2007-09-ft/warrants")


def _entry_check(reader: Reader, fields: Fields, values: dict[str, Any]) -> bool:
    given = [key for key in ENTRY_KINDS if key in fields]
    if len(given) != 1:
        return True  # the one-of rule has said so
    kind = given[0]
    if kind == "exercise" and "count" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "count")
        reader.fail(missing, "missing", expected="the count exercised, or 'all'")
        return False
    if kind in ("amend", "accelerate"):
        if kind == "amend" and "exercise_steps" not in fields and "expiry" not in fields:
            missing = fields.cursor.child(fields.cursor.node, "expiry")
            reader.fail(missing, "missing", expected="new 'exercise_steps:', an 'expiry:', or both")
            return False
        if kind == "accelerate" and "exercise_steps" in fields:
            reader.fail(
                fields["exercise_steps"],
                "an acceleration changes only the expiry",
                expected="'expiry:' or nothing (the series' terms give it)",
            )
            return False
    elif "exercise_steps" in fields or "expiry" in fields:
        key = "exercise_steps" if "exercise_steps" in fields else "expiry"
        reader.fail(fields[key], f"{key} is not used by {kind!r} entries", expected="amend")
        return False
    if kind == "issue" and "price" not in fields:
        missing = fields.cursor.child(fields.cursor.node, "price")
        reader.fail(missing, "missing", expected="the deemed price per share issued")
        return False
    for key in ("count", "price", "hold", "prices_to", "principal"):
        allowed = {
            "count": ("exercise", "expire", "cancel", "forfeit"),
            "price": ("exercise", "issue"),
            "hold": ("issue",),
            "prices_to": ("consolidate", "split"),
            "principal": ("convert",),
        }[key]
        if key in fields and kind not in allowed:
            reader.fail(
                fields[key],
                f"{key} is not used by {kind!r} entries",
                expected=f"{key} only with " + " or ".join(allowed),
            )
            return False
    return True


def _entry(values: dict[str, Any], origin: Origin) -> LedgerEntry:
    kind = next(k for k in EntryKind if k.value in values)
    what = values[kind.value]
    count = values.get("count")
    series = what if kind not in (EntryKind.GRANT, EntryKind.ISSUE, *REBASE_KINDS) else None
    granted = None
    if kind is EntryKind.GRANT:
        granted, count = what, what.count
    elif kind is EntryKind.ISSUE:
        count = what
    return LedgerEntry(
        values["day"],
        kind,
        series,
        None if count == ALL else count,
        values.get("price"),
        granted,
        values.get("hold"),
        values.get("note"),
        values.get("source"),
        values.get("steps", ()),
        values.get("expiry"),
        what if kind in REBASE_KINDS else None,
        values.get("prices_to"),
        None if values.get("principal") == ALL else values.get("principal"),
        origin,
    )


REMOVAL_KINDS = (EntryKind.EXPIRE, EntryKind.CANCEL, EntryKind.FORFEIT)
REBASE_KINDS = (EntryKind.CONSOLIDATE, EntryKind.SPLIT)
A_RATIO = Number("a ratio above 0, such as 10", positive=True, at_most=Decimal(1_000_000))
ALL_OR_COUNT = Either(Word(ALL, lambda _: ALL), A_COUNT, expected=f"'{ALL}' or {COUNT}")

LEDGER_ENTRY = Shape(
    "entry",
    [
        Field(
            "date",
            Date(),
            "The day it happened; counts are taken at the end of it.",
            required=True,
            attribute="day",
            example="2024-03-15",
        ),
        Field(
            "exercise",
            SERIES_ID,
            "The series exercised: shares are issued at the price in force (or `price`).",
            example="2023-06-units/warrants",
        ),
        Field(
            "expire",
            SERIES_ID,
            "The series whose `count` (all by default) expired unexercised.",
            example="options-2019",
        ),
        Field("cancel", SERIES_ID, "The series whose `count` (all by default) was cancelled."),
        Field(
            "forfeit",
            SERIES_ID,
            "The series whose `count` (all by default) was forfeited (options of a holder "
            "who left).",
        ),
        Field("grant", Nested(GRANT), "New options or warrants, issued on the day."),
        Field(
            "issue",
            A_COUNT,
            "Shares issued outside a placement (for debt, a property, a bonus, RSUs): "
            "the count, at the deemed `price`.",
            example=250000,
        ),
        Field(
            "amend",
            SERIES_ID,
            "The series whose terms change from the day (a repricing or an extension): "
            "give `exercise_steps`, `expiry` or both.",
            example="2023-06-units/warrants",
        ),
        Field(
            "accelerate",
            SERIES_ID,
            "The series whose expiry the issuer's notice (given on the day) brings forward: to "
            "`expiry`, or else the day + the series' notice days.",
            example="2023-06-units/warrants",
        ),
        Field(
            "consolidate",
            A_RATIO,
            "A share consolidation: old shares per new share. From the day every count is "
            "divided by it (rounded down per series) and exercise and conversion prices "
            "multiplied.",
            example=10,
        ),
        Field(
            "split",
            A_RATIO,
            "A share split: new shares per old share. From the day every count is multiplied "
            "by it (rounded down per series) and exercise and conversion prices divided.",
            example=2,
        ),
        Field(
            "prices_to",
            Price("a price step such as 0.01", MAX_PRICE),
            "What a consolidation's or split's exercise and conversion prices are rounded to, "
            "half-up, as "
            "the notice states (0.01 by default).",
            example="0.001",
        ),
        Field(
            "convert",
            Text("a debenture id such as 2024-debentures"),
            "The debenture whose `principal` (all that is left by default) converted into "
            "floor(principal / conversion price in force) shares.",
            example="2024-debentures",
        ),
        Field(
            "principal",
            Either(
                Word(ALL, lambda _: ALL),
                Number("an amount above 0", positive=True, at_most=MAX_AMOUNT),
                expected="'all' or an amount above 0",
            ),
            "A conversion's principal converted, or `all`.",
            example=100000,
        ),
        Field(
            "exercise_steps",
            STEPS,
            "An amendment's new exercise steps from the day; months count from the day.",
            attribute="steps",
            example=[{"price": "0.20", "until": "2026-06-30"}],
        ),
        Field(
            "expiry",
            Date(),
            "An amendment's or acceleration's new expiry.",
            example="2026-06-30",
        ),
        Field(
            "count",
            ALL_OR_COUNT,
            "How many were exercised, expired, cancelled or forfeited, or `all` outstanding.",
            example=100000,
        ),
        Field(
            "price",
            A_PRICE,
            "An exercise's stated price (instead of the one in force), or an issue's "
            "deemed price per share.",
            example="0.12",
        ),
        Field("hold", HOLD, "The resale hold on shares issued.", example={"months": 4}),
        Field("note", Text("a note"), "A note about the entry.", example="shares for debt"),
        Field(
            "source",
            Text("a filing or release"),
            "Where it is stated: a filing or a release.",
            example="news release 2024-03-18",
        ),
    ],
    doc="One thing that happened after the closings: give the date and exactly one of "
    "exercise, expire, cancel, forfeit, grant or issue.",
    expected="an entry such as {date: 2024-03-15, exercise: options-2022, count: 100000}",
    model=LedgerEntry,
    build=_entry,
    one_of=[
        OneOf(
            list(ENTRY_KINDS),
            both="give one of " + ", ".join(ENTRY_KINDS) + " per entry",
            missing="missing",
            missing_expected="one of " + ", ".join(ENTRY_KINDS),
            missing_at="",
        )
    ],
    check=_entry_check,
)


def _book(values: dict[str, Any], origin: Origin) -> Book:
    return with_offerings(
        Book(
            values.get("issuer") or Issuer(""),
            values.get("tranches", ()),
            values.get("securities", ()),
            values.get("base"),
            origin,
            values.get("offerings", ()),
            values.get("debentures", ()),
            ledger=values.get("ledger", ()),
            fiscal_year_end=values.get("fiscal_year_end"),
        )
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
        Field(
            "offerings",
            ListOf(Nested(OFFERING), "a list of offerings"),
            "Offerings whose tranches share stated totals and fees.",
        ),
        Field(
            "debentures",
            ListOf(Nested(DEBENTURE), "a list of convertible debentures"),
            "Convertible debentures outstanding.",
        ),
        Field(
            "fiscal_year_end",
            Date(),
            "The end of a fiscal year (its month and day are used), for continuity's "
            "--period; December 31 by default.",
            example="2024-06-30",
        ),
        Field(
            "ledger",
            ListOf(Nested(LEDGER_ENTRY), "a list of ledger entries"),
            "What happened after the closings (exercises, expiries, grants, issuances), "
            "in date order; every view applies the entries on or before its day.",
        ),
    ],
    doc="An issuer's placements and other outstanding securities, in one file.",
    expected="a book: a mapping with issuer and tranches",
    model=Book,
    build=_book,
    lenient=True,
)
