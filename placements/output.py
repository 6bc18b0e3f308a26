"""Where a report goes and in which format: the one mechanism every command uses.

The format comes from ``--format``, or else from the extension of
``--output``, or else is a terminal table. An existing file is only replaced
with ``--force``, and a file is written whole or not at all (a temporary file
renamed into place), so a failed run never leaves half a report.

Kept free of heavy imports: it is loaded for every command, ``--help`` too.
"""

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from placements.core.problems import InputError, Location, Problem, explain


class Format(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    YAML = "yaml"
    XLSX = "xlsx"
    ICS = "ics"


BINARY = {Format.XLSX}
"""Formats written as bytes, which are never printed to a terminal or a pipe."""


EXTENSIONS = {
    ".txt": Format.TABLE,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".csv": Format.CSV,
    ".json": Format.JSON,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".yaml": Format.YAML,
    ".yml": Format.YAML,
    ".xlsx": Format.XLSX,
    ".ics": Format.ICS,
}


@dataclass(frozen=True)
class Destination:
    """A chosen format, and the file to write (None for standard output).

    A format of None leaves the choice to the report: most print a table.
    """

    format: Format | None
    path: Path | None = None
    force: bool = False


def destination(format: Format | None, output: Path | None, force: bool = False) -> Destination:
    """Decide the format and check the output file can be written, before any work."""
    if output is None:
        if format in BINARY:
            raise InputError(
                [
                    Problem(
                        Location("command line"),
                        "--format",
                        f"{format} is a binary file, not printed; write it with --output FILE",
                    )
                ]
            )
        return Destination(format)
    if format is None:
        format = EXTENSIONS.get(output.suffix.lower())
        if format is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise _refuse(
                output,
                explain(
                    "cannot tell the format from the file name",
                    got=output.suffix or "no extension",
                    expected=f"one of {known}, or --format",
                ),
            )
    _check_writable(output, force)
    return Destination(format, output, force)


def _check_writable(path: Path, force: bool) -> None:
    if path.is_dir():
        raise _refuse(path, explain("is a directory", expected="a file name for the report"))
    if path.exists() and not force:
        raise _refuse(path, "already exists; pass --force to replace it")
    if not path.parent.is_dir():
        raise _refuse(
            path,
            explain("no such directory", got=str(path.parent), expected="an existing directory"),
        )


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(Location(str(path)), "--output", message)])


def deliver(text: str | bytes, to: Destination) -> None:
    """Print ``text``, or write it (text or bytes) whole to the destination file."""
    if to.path is None:
        assert isinstance(text, str), "bytes are only written to a file"
        sys.stdout.write(text)
        return
    import tempfile

    _check_writable(to.path, to.force)
    descriptor, temporary = tempfile.mkstemp(dir=to.path.parent, prefix=f".{to.path.name}.")
    try:
        if isinstance(text, bytes):
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, to.path)
    except BaseException:
        os.unlink(temporary)
        raise


def terminal_width(to: Destination) -> int | None:
    """The width terminal tables fit: ``COLUMNS``, else the terminal's, else none.

    Only printed tables fit a width; a file, or output piped to a script,
    gets tables as wide as they need, so their lines never change under it.
    """
    if to.path is not None:
        return None
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def _umask() -> int:
    """The process umask: a temporary file is private, the report should not be."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
