"""Remembering a pure function's answer for one object, while that object lives.

The same tranche is checked and turned into series several times in one
command (when its book is read, when a scenario checks its projected book,
when the scenario runs); on a book of 10,000 tranches each pass costs a
noticeable fraction of a second. The answer depends only on the (immutable)
object, so it is kept beside it: by identity, not by value, because hashing a
tranche would cost as much as the work, and dropped once the object is gone.
"""

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_FIRST_SWEEP = 1024
"""How many answers a function keeps before it first sweeps out those of dead objects."""


def per_object(function: Callable[[T], R]) -> Callable[[T], R]:
    """``function`` remembered per argument object; its answer must be immutable.

    Each answer holds a plain weak reference to its object (one that Python
    shares between every function remembering the same object), checked on
    each look-up, so an answer is never given to a newer object at the same id.
    Answers of dead objects are swept out whenever the memory has doubled
    since the last sweep, which keeps it in proportion to the living ones
    at a cost proportional to the answers made (a callback per object, which
    the sweep replaces, costs about as much as the answer on a large book).
    """
    answers: dict[int, tuple[weakref.ref[Any], R]] = {}
    sweep_at = _FIRST_SWEEP

    @functools.wraps(function)
    def remembered(value: T) -> R:
        nonlocal sweep_at
        key = id(value)
        entry = answers.get(key)
        if entry is not None and entry[0]() is value:
            return entry[1]
        answer = function(value)
        answers[key] = (weakref.ref(value), answer)
        if len(answers) >= sweep_at:
            for dead in [key for key, (ref, _) in answers.items() if ref() is None]:
                del answers[dead]
            sweep_at = max(_FIRST_SWEEP, 2 * len(answers))
        return answer

    return remembered
