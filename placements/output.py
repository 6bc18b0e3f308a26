"""Where a report goes and in which format: the one mechanism every command uses.

The format comes from ``--format``, or else from the extension of
``--output``, or else is a terminal table. An existing file is only replaced
with ``--force``, and a file is written whole or not at all (a temporary file
renamed into place), so a failed run never leaves half a report.

Kept free of heavy imports: it is loaded for every command, ``--help`` too.
"""

import contextlib
import errno
import os
import sys
from enum import StrEnum
from pathlib import Path

from placements.core.problems import InputError, Location, Problem, explain
from placements.core.values import value


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


@value
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
    try:
        output = _through_links(output)
    except OSError as error:
        raise _refuse(output, f"cannot write here: {error.strerror}") from None
    _check_writable(output, force)
    _probe(output)
    return Destination(format, output, force)


def _through_links(path: Path) -> Path:
    """The file a symbolic link names: a report is written through a link, never over it.

    A link to nothing is refused, so a mistyped link never creates a file elsewhere.
    """
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if not target.exists():
        raise _refuse(
            path, explain("a link to nothing", got=str(target), expected="a link to a file")
        )
    return target


TEMPORARY = ".placements-partial"
"""The suffix of a report being written: ``.NAME.PID.placements-partial`` beside NAME."""


def _temporary_name(path: Path, pid: int) -> Path:
    return path.parent / f".{path.name}.{pid}{TEMPORARY}"


def _probe(path: Path) -> None:
    """Create and remove the temporary file now, so an unwritable place fails before the work.

    An existing file that cannot be replaced (immutable or append-only) is refused too:
    opening it to append changes nothing, and says so with EPERM.
    """
    if path.is_file():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK))
        except PermissionError as error:
            if error.errno == errno.EPERM:
                raise _refuse(path, f"cannot replace it: {error.strerror}") from None
        except OSError:
            pass  # read-only files are replaced by renaming, which the folder allows
    probe = _temporary_name(path, os.getpid())
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise _refuse(path, f"cannot write here: {error.strerror}") from None
    os.close(descriptor)
    os.unlink(probe)


def _clean_stale(path: Path) -> None:
    """Remove temporaries left beside ``path`` by runs that were killed mid-write."""
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*{TEMPORARY}"):
        pid_text = stale.name[len(path.name) + 2 : -len(TEMPORARY)]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _check_writable(path: Path, force: bool) -> None:
    try:
        _check_place(path, force)
    except OSError as error:  # a name too long, a loop of links
        raise _refuse(path, f"cannot write here: {error.strerror}") from None


def _check_place(path: Path, force: bool) -> None:
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
    _check_writable(to.path, to.force)
    _clean_stale(to.path)
    temporary = _temporary_name(to.path, os.getpid())
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise _refuse(to.path, f"cannot write here: {error.strerror}") from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, to.path)
    except OSError as error:
        os.unlink(temporary)
        raise _refuse(to.path, f"cannot write the report: {error.strerror}") from None
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
