"""Draft exercise terms for a tranche's warrants and its finder's options.

An exercise schedule goes into the book only when every step has an end
(months, a date, or the stated expiry for the last). Otherwise it is kept
commented out with a TODO, and the units' warrants are drafted as 0, so that
no figure rests on a guessed term.
"""

from datetime import date

from placements.core.terms.book import ExerciseTerms, Into, Quantity
from placements.core.terms.checks import exercise_terms_problems
from placements.core.terms.schedule import step_last_days
from placements.extract.draft import DraftOptions, DraftWarrant, Term
from placements.extract.found import Found
from placements.extract.recognisers.fees import OptionTerms
from placements.extract.recognisers.steps import ExerciseFinding
from placements.extract.recognisers.warrants import AccelerationTerms


def draft_schedule(schedule: ExerciseFinding, closed: date, what: str) -> DraftWarrant:
    """The steps, term and expiry of ``schedule``, checked against each other."""
    steps = tuple(Term.of(step) for step in schedule.steps)
    todos = list(schedule.problems)
    expiry = None
    if not schedule.complete:
        todos.append(
            f"the release gives no end for the {what}' exercise price; add months or until"
        )
    elif schedule.expiry is not None:
        last = step_last_days(closed, [step.value for step in steps], schedule.expiry.value)[-1]
        if last == schedule.expiry.value:
            expiry = Term.of(schedule.expiry)
        else:
            todos.append(
                f"the release says they expire {schedule.expiry.value.isoformat()} "
                f'("{schedule.expiry.quote}"), but the steps end {last}; check the closing date'
            )
    complete = schedule.complete
    if complete:
        stated = ExerciseTerms(
            tuple(step.value for step in steps), expiry.value if expiry else None
        )
        problems = [
            problem.message for problem in exercise_terms_problems(stated, closed, "the closing")
        ]
        todos += problems
        complete = not problems
    term = Term.of(schedule.term) if schedule.term else None
    return DraftWarrant(
        steps,
        term,
        expiry,
        todo="; ".join(todos) or None,
        commented=not complete,
    )


def with_warrant_extras(
    warrant: DraftWarrant,
    transferable: Found[bool] | None,
    acceleration: AccelerationTerms | None,
) -> DraftWarrant:
    """The holders' warrant terms with their transferability and acceleration added."""
    accelerated = None
    if acceleration is not None:
        stated = acceleration.acceleration
        if acceleration.notice is None:
            todo = "no notice period stated; 30 days assumed"
            accelerated = Term.of(stated, todo)
        else:
            accelerated = Term(stated.value, (stated.quote, acceleration.notice.quote))
    transferable_term: Term[bool | None] = (
        Term[bool | None](transferable.value, (transferable.quote,))
        if transferable
        else Term(None, todo="the release does not say whether the warrants are transferable")
    )
    return DraftWarrant(
        warrant.steps,
        warrant.term,
        warrant.expiry,
        transferable_term,
        accelerated,
        warrant.todo,
        warrant.commented,
    )


def missing_warrant(what: str) -> DraftWarrant:
    return DraftWarrant(
        (),
        todo=f"the release gives no exercise price or term for the {what}",
        commented=True,
    )


def draft_options(
    quantity: Term[Quantity],
    terms: list[OptionTerms],
    warrant: DraftWarrant | None,
    closed: date,
) -> DraftOptions:
    """Finder's options on the warrants' terms, on their own, or (unstated) commented out."""
    into = next((t.into_units for t in terms if t.into_units), None)
    into_term = Term(Into.UNITS, (into.quote,)) if into else None
    same = next((t.same_as_warrants for t in terms if t.same_as_warrants), None)
    schedule = next((t.schedule for t in terms if t.schedule), None)
    if same is not None:
        usable = warrant is not None and not warrant.commented
        todo = None if usable else "on the warrants' terms, but those are incomplete"
        return DraftOptions(quantity, into_term, Term.of(same), todo=todo, commented=not usable)
    if schedule is not None:
        own = draft_schedule(schedule, closed, "finder's options")
        return DraftOptions(quantity, into_term, terms=own, commented=own.commented)
    return DraftOptions(
        quantity,
        into_term,
        todo="the release gives no terms for them; add 'terms: same_as_warrants' or their own "
        "exercise steps",
        commented=True,
    )
