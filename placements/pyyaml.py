"""PyYAML, imported with its regular expressions compiled when first used.

Importing PyYAML compiles some twenty patterns, one of them a class of every
printable Unicode character that only the pure-Python reader uses (we parse
with libyaml). That costs a third of what ``import typer`` does, on every
command that reads a file. Here PyYAML's own module-level patterns are made
lazily: each compiles on its first match, to the same pattern. Patterns
that other modules compile while PyYAML imports are left alone.

Import PyYAML as ``from placements.pyyaml import yaml``. :func:`plain_tag` is
the safe loader's tag of a plain scalar, remembered, for the loader that reads
files and the writer that must know how its text would read back.
"""

import re
import sys
from typing import Any


class _PatternWhenUsed:
    """A pattern compiled on its first use; PyYAML only calls ``match`` and ``search``."""

    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> "re.Pattern[str]":
        if self._compiled is None:
            self._compiled = _compile(*self._arguments)
        return self._compiled

    def match(self, text: str, *position: int) -> "re.Match[str] | None":
        return self.compiled().match(text, *position)

    def search(self, text: str, *position: int) -> "re.Match[str] | None":
        return self.compiled().search(text, *position)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


_compile = re.compile


def _compile_when_used(pattern: Any, flags: int = 0) -> Any:
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if caller == "yaml" or caller.startswith("yaml."):
        return _PatternWhenUsed(pattern, flags)
    return _compile(pattern, flags)


if "yaml" in sys.modules:
    import yaml
else:
    re.compile = _compile_when_used
    try:
        import yaml
    finally:
        re.compile = _compile

__all__ = ["PLAIN_NAME", "STRING", "plain_tag", "reads_as_text", "yaml"]


MAX_TAGS_REMEMBERED = 100_000
"""How many plain scalars' tags the process remembers before it starts again."""

_RESOLVER = yaml.resolver.Resolver()
_TAGS: dict[str, str] = {}
STRING = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
"""The tag of a string: what a quoted scalar is, and a plain one that reads as nothing else."""
_INT, _TIMESTAMP = "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"
_NAME = (
    r"(?!(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL)\Z)([a-zA-Z][a-zA-Z0-9_/.-]*)\Z"
)
_SURE = re.compile(r"([1-9][0-9]*)\Z|([0-9]{4}-[0-9]{2}-[0-9]{2})\Z|" + _NAME)
"""Texts whose tag is sure without the resolver: whole numbers, ISO dates, and names
that are not among YAML 1.1's words for true, false and null."""
PLAIN_NAME = re.compile(_NAME)
"""Names (a letter, then letters, digits and ``_/.-``) that read back as text: written plain."""
_RESOLVED_FIRSTS = frozenset(key for key in _RESOLVER.yaml_implicit_resolvers if key)
"""The first characters of the texts the resolver might read as something else (a
number, a date, a boolean, null...): it picks its patterns by a text's first character."""


def plain_tag(text: str) -> str:
    """The tag the safe loader resolves a plain scalar written ``text`` to.

    Resolving runs the resolver's regular expressions; a book repeats its keys
    and most of its values (``units``, ``0.25``, ``12``) thousands of times, and
    books repeat each other's, so the answers are remembered (up to a bound).
    The tag depends on the text alone: the safe loader has no path resolvers.
    """
    if text and text[0] not in _RESOLVED_FIRSTS:
        return STRING  # no pattern to try: ids, names and notes, mostly
    try:
        return _TAGS[text]
    except KeyError:
        pass
    shape = _SURE.match(text)
    if shape is not None:  # a book's counts, dates and ids: each new, and of a known shape
        return _INT if shape.lastindex == 1 else _TIMESTAMP if shape.lastindex == 2 else STRING
    if len(_TAGS) >= MAX_TAGS_REMEMBERED:
        _TAGS.clear()
    tag = _TAGS[text] = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    return tag


def reads_as_text(text: str) -> bool:
    """Whether a plain scalar written ``text`` reads back as a string."""
    return plain_tag(text) == STRING


assert not yaml.resolver.Resolver.yaml_path_resolvers, "tags would depend on a node's path"
