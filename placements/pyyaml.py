"""PyYAML, imported with its regular expressions compiled when first used.

Importing PyYAML compiles some twenty patterns, one of them a class of every
printable Unicode character that only the pure-Python reader uses (we parse
with libyaml). That costs a third of what ``import typer`` does, on every
command that reads a file. Here PyYAML's own module-level patterns are made
lazily: each compiles on its first match, to the same pattern. Patterns
that other modules compile while PyYAML imports are left alone.

Import PyYAML as ``from placements.pyyaml import yaml``.
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

__all__ = ["yaml"]
