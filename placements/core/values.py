"""Frozen value classes, made as ``@dataclass(frozen=True)`` makes them, only faster.

``dataclass`` writes out and compiles each generated method (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), and
compiling them costs a few milliseconds a class at import; a command that
prints a two-tranche table imports some forty classes.
:func:`value` lets ``dataclass`` collect the fields (so ``dataclasses.fields``,
``replace`` and ``asdict`` work as before), compiles ``__init__`` alone, and
shares closures for the rest. Instances behave as
a frozen dataclass's: same constructor, defaults and default factories, repr,
equality, hash, and ``FrozenInstanceError`` on assignment.

Only what the domain's classes use is supported: plain fields with defaults or
``field(default_factory=...)``, ``repr``/``compare``/``hash`` per field, and
``__post_init__``. Anything else is refused when the class is made.
"""

import dataclasses
import inspect
import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast, dataclass_transform, overload

T = TypeVar("T")

_PLAIN = False
"""Set True to make plain frozen dataclasses (to compare the two)."""


@overload
def value(cls: type[T], /) -> type[T]: ...
@overload
def value(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def value(
    cls: type[T] | None = None, /, *, kw_only: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """``cls`` as a frozen dataclass, made without compiling more than its ``__init__``.

    ``@value`` or ``@value(kw_only=True)``, as ``@dataclass(frozen=True, ...)``.
    """
    if cls is None:
        return lambda cls: _made(cls, kw_only)
    return _made(cls, kw_only)


def _made(cls: type[T], kw_only: bool) -> type[T]:
    if _PLAIN:
        return dataclasses.dataclass(frozen=True, kw_only=kw_only)(cls)
    documented = bool(cls.__dict__.get("__doc__"))
    if not documented:
        # replaced below; without one, dataclass reads the signature of object's
        # __init__, whose tokenizer costs ~15 ms of start-up to compile
        cls.__doc__ = cls.__name__
    made: Any = dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
    fields = list(dataclasses.fields(made))
    _refuse_the_unsupported(made, fields, kw_only)
    made.__dataclass_params__.init = True
    made.__dataclass_params__.repr = True
    made.__dataclass_params__.eq = True
    made.__dataclass_params__.frozen = True
    for name, method in _methods(made, fields, kw_only).items():
        method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    made.__init__.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    if not documented:  # as dataclass does: the signature stands for a docstring
        made.__doc__ = made.__name__ + str(inspect.signature(made)).replace(" -> None", "")
    return made


def _refuse_the_unsupported(cls: type, fields: list[dataclasses.Field[Any]], kw_only: bool) -> None:
    names = set(inspect.get_annotations(cls))
    if len(fields) != len(names) or any(not f.init or f.kw_only != kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: value() supports plain fields only")
    for base in cls.__mro__[1:-1]:
        if dataclasses.is_dataclass(base):
            raise TypeError(f"{cls.__name__}: value() classes do not inherit fields")
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__name__} defines {name}: use dataclass(frozen=True)")


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_NO_DEFAULT_FACTORY = _Factory()
"""The default of a field with a default factory, shown as ``dataclasses`` shows it."""


def _methods(
    cls: type, fields: list[dataclasses.Field[Any]], kw_only: bool
) -> dict[str, Callable[..., Any]]:
    """The six methods of a frozen dataclass; only ``__init__`` is compiled.

    Compiling is what costs: the others are shared closures over the field
    names, reading the fields with :func:`operator.attrgetter`, and give the
    same answers as the ones ``dataclass`` writes out (tuples compared and
    hashed field by field, the same repr, the same errors).
    """
    names = [f.name for f in fields]
    scope: dict[str, Any] = {
        "_setattr": object.__setattr__,
        "_factory_default": _NO_DEFAULT_FACTORY,
    }
    parameters, values = [], []
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_factory_default")
            values.append(f"_factory_{f.name}() if {f.name} is _factory_default else {f.name}")
        else:
            if f.default is not dataclasses.MISSING:
                scope[f"_default_{f.name}"] = f.default
                parameters.append(f"{f.name}=_default_{f.name}")
            else:
                parameters.append(f.name)
            values.append(f.name)
    if fields and cast(Any, cls).__dictoffset__ != 0:
        # The instance's dict is made whole, from one dict display, where it has one:
        # a fifth of the cost of setting each field, and a large book makes hundreds of
        # thousands of instances.
        pairs = ", ".join(f"{f.name!r}: {v}" for f, v in zip(fields, values, strict=True))
        body = [f"  _setattr(self, '__dict__', {{{pairs}}})"]
    else:
        body = [f"  _setattr(self, {f.name!r}, {v})" for f, v in zip(fields, values, strict=True)]
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    if kw_only and parameters:
        parameters.insert(0, "*")
    text = "\n".join([f"def __init__(self, {', '.join(parameters)}):", *(body or ["  pass"])])
    init = _compiled_when_first_called(cls, text, scope)
    init.__signature__ = _signature(fields, kw_only)  # type: ignore[attr-defined]

    shown = [f.name for f in fields if f.repr]
    compared = attributes_getter([f.name for f in fields if f.compare])
    hashed = attributes_getter(
        [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    )
    frozen = frozenset(names)
    owner, parent = cls, cast(Any, cls.__mro__[1])  # what super(cls, self) finds, with one base

    def __repr__(self: Any) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({parts})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is owner or name in frozen:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        parent.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is owner or name in frozen:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        parent.__delattr__(self, name)

    return {
        "__init__": init,
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }


def _signature(fields: list[dataclasses.Field[Any]], kw_only: bool) -> inspect.Signature:
    """The signature of the ``__init__`` that :func:`_methods` writes, annotated as dataclass's."""
    kind = inspect.Parameter.KEYWORD_ONLY if kw_only else inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            default: Any = _NO_DEFAULT_FACTORY
        else:
            default = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        parameters.append(inspect.Parameter(f.name, kind, default=default, annotation=f.type))
    return inspect.Signature(parameters, return_annotation=None)


def _compiled_when_first_called(cls: type, text: str, scope: dict[str, Any]) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one from ``text``, puts it on ``cls``, and runs it.

    Compiling is most of what making a class costs (half a millisecond), and
    a command uses only some of the classes it imports. The stand-in has the
    real one's signature, so ``inspect.signature(cls)`` is unchanged.
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = cls.__dict__["__init__"]
        if real is __init__:
            exec(text, scope)  # the text is made from field names alone
            real = scope["__init__"]
            real.__qualname__ = __init__.__qualname__
            real.__annotations__ = __init__.__annotations__
            type.__setattr__(cls, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


def attributes_getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields of an object as a tuple, always a tuple (as dataclass compares)."""
    if len(names) >= 2:
        return operator.attrgetter(*names)
    if names:
        name = names[0]
        return lambda value: (getattr(value, name),)
    return lambda value: ()
