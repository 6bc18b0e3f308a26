"""Remembering a pure function's answer for one object, while that object lives.

The same tranche is checked and turned into series several times in one
command (when its book is read, when a scenario checks its projected book,
when the scenario runs); on a book of 10,000 tranches each pass costs a
noticeable fraction of a second. The answer depends only on the (immutable)
object, so it is kept with it (not looked up by value, because hashing a
tranche would cost as much as the work) and dropped when the object is.
"""

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


def per_object(function: Callable[[T], R]) -> Callable[[T], R]:
    """``function`` remembered per argument object; its answer must be immutable.

    An object with an instance dict keeps the answer there, as
    ``functools.cached_property`` does, under a key no attribute can have:
    the cheapest place to look it up, and gone with the object. Others are
    remembered by identity beside a weak reference.
    """
    slot = f"<{function.__module__}.{function.__qualname__}>"
    answers: dict[int, tuple[weakref.ref[Any], R]] = {}

    @functools.wraps(function)
    def remembered(value: T) -> R:
        own = getattr(value, "__dict__", None)
        if type(own) is dict:
            answer = own.get(slot, _NONE)
            if answer is _NONE:
                answer = own[slot] = function(value)
            return cast(R, answer)
        key = id(value)
        entry = answers.get(key)
        if entry is not None and entry[0]() is value:
            return entry[1]
        answer = function(value)
        answers[key] = (weakref.ref(value, functools.partial(_forget, answers, key)), answer)
        return answer

    return remembered


_NONE: Any = object()
"""No answer yet (None can be one)."""


def _forget(
    answers: dict[int, tuple[weakref.ref[Any], Any]], key: int, ref: weakref.ref[Any]
) -> None:
    """Drop the answer of an object that is gone (not a newer one at the same id)."""
    entry = answers.get(key)
    if entry is not None and entry[0] is ref:
        del answers[key]
