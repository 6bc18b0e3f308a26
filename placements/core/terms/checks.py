"""Checks of a book that need more than one value: dates in order, ids unique, terms complete.

The loader checks each value on its own (types, signs, ranges); these checks
look across values. Each returns every problem it finds rather than stopping at
the first, so a user can fix a file in one pass.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from placements.core.dates import LATEST_DERIVED
from placements.core.memo import per_object
from placements.core.problems import Origin, Problem, Severity, explain
from placements.core.terms.book import Book, Debenture, ExerciseTerms, Offering, Security, Tranche
from placements.core.terms.hold import FOUR_MONTHS, hold_end
from placements.core.terms.limits import book_size_problems
from placements.core.terms.offering import offering_tranches, tranche_gross, tranche_units
from placements.core.terms.schedule import build_schedule, step_last_days
from placements.core.terms.tranche import (
    cash_fees,
    gross_difference,
    gross_proceeds,
    shares_issued,
    units,
)
from placements.core.terms.vesting import vesting_problems

ONE_DOLLAR = Decimal(1)
"""A stated gross further than this from the computed one is warned about, not just noted."""


def book_problems(book: Book) -> list[Problem]:
    problems = list(_duplicate_ids(book))
    problems.extend(_offering_problems(book))
    for tranche in book.tranches:
        problems.extend(tranche_problems(tranche))
    for security in book.securities:
        problems.extend(_security_problems(security))
    for debenture in book.debentures:
        problems.extend(
            exercise_terms_problems(debenture.conversion, debenture.issued, "the issue date")
        )
        if debenture.warrants is not None:
            problems.extend(
                exercise_terms_problems(
                    debenture.warrants.terms, debenture.issued, "the issue date"
                )
            )
    problems.extend(_base_problems(book))
    for entry in book.ledger:
        if entry.granted is not None:
            terms = entry.granted.terms
            found = list(exercise_terms_problems(terms, entry.day, "the grant"))
            if not found:
                expiry = build_schedule(entry.day, terms.steps, terms.expiry).expiry
                found.extend(vesting_problems(entry, expiry))
            problems.extend(found)
        if entry.steps:
            amendment = ExerciseTerms(entry.steps, entry.expiry, origin=entry.origin)
            problems.extend(exercise_terms_problems(amendment, entry.day, "the amendment"))
    if book.ledger and not problems:
        from placements.core.terms.ledger import ledger_problems  # only books with a ledger

        problems.extend(ledger_problems(book))
    if not problems:
        problems.extend(book_size_problems(book))
    return problems


def _base_problems(book: Book) -> Iterator[Problem]:
    """A base count must hold the shares of the tranches it includes (those closed by then).

    Otherwise carrying it back to an earlier day leaves fewer than no shares.
    """
    base = book.base
    if base is None:
        return
    included = sum(shares_issued(t) for t in book.tranches if t.closed <= base.as_of)
    if base.count < included:
        yield Problem.at(
            base.origin,
            "count",
            explain(
                "fewer shares than the tranches closed by then issued",
                got=f"{base.count:,} on {base.as_of.isoformat()}",
                expected=f"at least {included:,}: the count includes every tranche closed by "
                "its as_of day; those closing later add to it",
            ),
        )


def _offering_problems(book: Book) -> Iterator[Problem]:
    known = {offering.id for offering in book.offerings}
    for tranche in book.tranches:
        if tranche.offering is not None and tranche.offering not in known:
            yield Problem.at(
                tranche.origin,
                "offering",
                explain(
                    "no such offering",
                    got=tranche.offering,
                    expected="an id under 'offerings:'"
                    + (": " + ", ".join(sorted(known)) if known else ""),
                ),
            )


def book_warnings(book: Book) -> list[Problem]:
    """Legal terms a reader should look at: figures that rest on an inference or disagree.

    A stated gross beside units that differs from the computed one by more
    than a dollar, an offering's stated totals that the tranches do not add up
    to, a closing date that is inferred, and a fee whose base is unknown.
    """
    warnings: list[Problem] = []
    for tranche in book.tranches:
        difference = gross_difference(tranche)
        if difference is not None and abs(difference) > ONE_DOLLAR:
            warnings.append(
                _warning(
                    tranche.origin,
                    "gross_proceeds",
                    f"the stated gross differs from units x unit price by {difference:,f}",
                    got=f"{tranche.stated_gross:,f} stated",
                    expected=f"{gross_proceeds(tranche):,f} computed, which is used",
                )
            )
        if tranche.closed_inferred is not None:
            warnings.append(
                _warning(
                    tranche.origin,
                    "closed",
                    f"the closing date {tranche.closed.isoformat()} is inferred "
                    f"({tranche.closed_inferred}); " + resting_on(tranche) + " rest on it",
                )
            )
        hold = tranche.hold
        if (
            tranche.closed_inferred is not None
            and not tranche.closed_from_hold
            and hold.until is not None
            and hold_end(tranche.closed, FOUR_MONTHS) != hold.until
        ):
            warnings.append(
                _warning(
                    tranche.origin,
                    "closed",
                    "the inferred closing does not give the stated hold date with a "
                    "four-month hold",
                    got=f"{tranche.closed.isoformat()}, free from "
                    f"{hold_end(tranche.closed, FOUR_MONTHS).isoformat()}",
                    expected=f"a closing whose hold ends the day before {hold.until.isoformat()}",
                )
            )
        cash = tranche.fees.cash
        if cash is not None and cash.base_unknown:
            warnings.append(
                _warning(
                    cash.origin,
                    "of_gross",
                    "the cash fee's base is unknown, so the fee is shown as unknown",
                )
            )
    for offering in book.offerings:
        tranches = offering_tranches(book, offering)
        label = "the listed tranches"  # "tranches'" below
        if offering.earlier_unknown:
            continue  # the totals include tranches the book cannot list
        if (
            offering.gross is not None
            and abs(tranche_gross(tranches) - offering.gross) > ONE_DOLLAR
        ):
            difference = tranche_gross(tranches) - offering.gross
            warnings.append(
                _warning(
                    offering.origin,
                    "gross_proceeds",
                    f"{label}' gross differs from the offering's stated gross by {difference:+,f}",
                    got=f"{offering.gross:,f} stated",
                    expected=f"{tranche_gross(tranches):,f} from the tranches",
                )
            )
        if offering.units is not None and tranche_units(tranches) != offering.units:
            difference_units = tranche_units(tranches) - offering.units
            warnings.append(
                _warning(
                    offering.origin,
                    "units",
                    f"{label}' units differ from the offering's stated units by "
                    f"{difference_units:+,}",
                    got=f"{offering.units:,} stated",
                    expected=f"{tranche_units(tranches):,} from the tranches",
                )
            )
    if book.ledger:
        from placements.core.terms.ledger import ledger_warnings

        warnings.extend(ledger_warnings(book))
    return warnings


def resting_on(tranche: Tranche) -> str:
    """The figures that follow from a tranche's closing date."""
    figures = ["the closing's place in share counts"]
    if tranche.hold.until is None and tranche.hold.months is not None:
        figures.append("the free-trading date")
    terms = [tranche.warrant, tranche.fees.options.terms if tranche.fees.options else None]
    if any(t is not None and any(step.months is not None for step in t.steps) for t in terms):
        figures.append("exercise step ends counted in months")
    return ", ".join(figures[:-1]) + " and " + figures[-1] if len(figures) > 1 else figures[0]


def _warning(
    origin: Origin, name: str, what: str, got: object = None, expected: str | None = None
) -> Problem:
    return Problem(
        origin.of(name), origin.field_path(name), explain(what, got, expected), Severity.WARNING
    )


def _duplicate_ids(book: Book) -> Iterator[Problem]:
    seen: dict[str, Origin] = {}
    items: list[Tranche | Security | Offering | Debenture] = [
        *book.tranches,
        *book.securities,
        *book.offerings,
        *book.debentures,
    ]
    for item in items:
        first = seen.setdefault(item.id, item.origin)
        if first is not item.origin:
            yield Problem.at(
                item.origin,
                "id",
                explain(
                    "duplicate id",
                    got=item.id,
                    expected=f"an id not already used at {first.of('id')}",
                ),
            )


def tranche_problems(tranche: Tranche) -> Iterator[Problem]:
    """Problems across the terms of one tranche (also used for proposed tranches)."""
    return iter(_tranche_problems(tranche))


@per_object
def _tranche_problems(tranche: Tranche) -> tuple[Problem, ...]:
    return tuple(_problems_of(tranche))


def _problems_of(tranche: Tranche) -> Iterator[Problem]:
    origin = tranche.origin
    if tranche.units is None and tranche.stated_gross is not None and units(tranche) < 1:
        yield Problem.at(
            origin,
            "gross_proceeds",
            explain(
                "buys less than one unit",
                got=f"{tranche.stated_gross} at {tranche.unit_price} per unit",
                expected="gross proceeds of at least one unit price",
            ),
        )
    cash = tranche.fees.cash
    if cash is not None and units(tranche) >= 1 and cash_fees(tranche) > gross_proceeds(tranche):
        yield Problem.at(
            cash.origin,
            "amount" if cash.amount is not None else "percent",
            explain(
                "the cash fees exceed the gross proceeds",
                got=f"{cash_fees(tranche)} of {gross_proceeds(tranche)}",
                expected="fees no larger than what the tranche raised",
            ),
        )
    options = tranche.fees.options
    options_share_terms = options is not None and options.terms is None
    if tranche.unit.warrants > 0 and tranche.warrant is None:
        yield Problem.at(
            tranche.unit.origin,
            "warrants",
            explain(
                "units carry warrants but the tranche gives no warrant terms",
                got=f"warrants: {tranche.unit.warrants}",
                expected="a 'warrant:' section with an exercise schedule",
            ),
        )
    if tranche.warrant is not None and tranche.unit.warrants == 0 and not options_share_terms:
        yield Problem.at(
            origin,
            "warrant",
            explain(
                "warrant terms given but the units carry no warrants",
                got="unit.warrants: 0",
                expected="unit.warrants above 0, or no 'warrant:' section",
            ),
        )
    if options_share_terms and tranche.warrant is None:
        assert options is not None
        yield Problem.at(
            options.origin,
            "terms",
            explain(
                "the options are on the same terms as the warrants, but the tranche has none",
                got="same_as_warrants",
                expected="a 'warrant:' section, or the options' own 'exercise:' steps",
            ),
        )
    if tranche.warrant is not None:
        yield from exercise_terms_problems(tranche.warrant, tranche.closed, "the closing")
    if options is not None and options.terms is not None:
        yield from exercise_terms_problems(options.terms, tranche.closed, "the closing")
    hold = tranche.hold
    if hold.until is not None and hold.until < tranche.closed:
        yield Problem.at(
            hold.origin,
            "until",
            explain(
                "the hold ends before the closing",
                got=hold.until.isoformat(),
                expected=f"a date on or after the closing, {tranche.closed.isoformat()}",
            ),
        )


def _security_problems(security: Security) -> Iterator[Problem]:
    start_name = "its issue date" if security.issued else "an issue date"
    yield from exercise_terms_problems(security.terms, security.issued, start_name)


def exercise_terms_problems(
    terms: ExerciseTerms, start: date | None, start_name: str
) -> Iterator[Problem]:
    """Problems with a schedule of steps that starts on ``start``.

    Each step must end after the one before it and after the start, the last
    must end on the stated expiry (or run to it), and a step counted in months
    needs a date to count from.
    """
    last_days = step_last_days(start, terms.steps, terms.expiry)
    previous = start
    for position, (step, last) in enumerate(zip(terms.steps, last_days, strict=True)):
        is_last = position == len(terms.steps) - 1
        if last is None:
            if step.months is not None:
                what, expected = "months need a date to count from", f"{start_name}, or 'until:'"
            elif is_last:
                what, expected = "the last step has no end", "'months:', 'until:' or an 'expiry:'"
            else:
                what, expected = "the step has no end", "'months:' or 'until:'"
            yield Problem(step.origin.at, step.origin.path, explain(what, expected=expected))
            previous = None
            continue
        if last > LATEST_DERIVED:
            yield Problem.at(
                step.origin,
                "until" if step.until is not None else "months",
                explain(
                    "the step ends too late",
                    got=f"a last day after {LATEST_DERIVED.isoformat()}",
                    expected=f"steps that end by {LATEST_DERIVED.isoformat()}",
                ),
            )
            return
        if previous is not None and last <= previous:
            name = "until" if step.until is not None else "months"
            reference = start_name if position == 0 else "the previous step's last day"
            yield Problem.at(
                step.origin,
                name,
                explain(
                    "the step ends too early",
                    got=f"last day {last.isoformat()}",
                    expected=f"a day after {reference}, {previous.isoformat()}",
                ),
            )
        previous = last
    stated, computed = terms.expiry, last_days[-1] if last_days else None
    last_step = terms.steps[-1] if terms.steps else None
    ends_by_itself = last_step is not None and (
        last_step.months is not None or last_step.until is not None
    )
    if stated is not None and computed is not None and ends_by_itself and stated != computed:
        yield Problem.at(
            terms.origin,
            "expiry",
            explain(
                "the expiry does not match the schedule",
                got=stated.isoformat(),
                expected=f"the last step's last day, {computed.isoformat()}",
            ),
        )
    if stated is not None and start is not None and stated < start:
        yield Problem.at(
            terms.origin,
            "expiry",
            explain(
                "the expiry comes before the issue",
                got=stated.isoformat(),
                expected=f"a date after {start_name}, {start.isoformat()}",
            ),
        )
