"""Draft a book from plain-text closing releases: ``placements extract``.

The pipeline, one module a stage:

1. :mod:`.text` reads each release (refusing empty, binary, huge or
   non-UTF-8 files), normalises it and splits it into sentences;
2. :mod:`.recognisers` find terms in the sentences, each with its quote;
   :mod:`.findings` runs them all over a release;
3. :mod:`.assemble` (with :mod:`.exercise` and :mod:`.payments`) chooses
   each tranche's terms and the TODOs a reviewer needs;
4. :mod:`.writer` lays the draft out as commented YAML;
5. :func:`extract` loads that YAML back with the book loader, so a draft that
   would not pass ``placements check`` is never handed out.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from placements.core.problems import InputError, Location, Problem
from placements.core.terms.book import Book
from placements.extract.assemble import draft_book
from placements.extract.draft import DraftBook
from placements.extract.findings import Findings, recognise
from placements.extract.text import Release, read_release
from placements.extract.writer import Line, book_lines, yaml_text
from placements.load.book import book_from_yaml
from placements.load.yamlfile import parse_yaml


@dataclass(frozen=True)
class Extraction:
    """What was drafted from a set of releases, or why nothing was."""

    files: tuple[str, ...]
    without_financing: tuple[str, ...]
    draft: DraftBook | None = None
    lines: tuple[Line, ...] = ()
    yaml: str = ""
    book: Book | None = None
    read: tuple[tuple[Release, Findings], ...] = ()
    """Each release and what its recognisers found: what ``--explain`` shows."""

    @property
    def todos(self) -> int:
        return sum(1 for line in self.lines if line.todo)

    @property
    def quoted(self) -> int:
        return sum(1 for line in self.lines if line.quotes)

    def summary(self) -> str:
        """One line for stderr: what was drafted and how much needs review."""
        if self.book is None:
            files = ", ".join(self.files)
            return f"placements extract: no financing found in {files}; nothing written"
        ids = ", ".join(tranche.id for tranche in self.book.tranches)
        tranches = _counted(len(self.book.tranches), "tranche")
        releases = _counted(len(self.files), "release")
        text = (
            f"placements extract: {tranches} ({ids}) from {releases}; "
            f"{_counted(self.quoted, 'term')} quoted, {_counted(self.todos, 'TODO')} to review"
        )
        if self.without_financing:
            text += f"; no financing in {', '.join(self.without_financing)}"
        return text


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def read_releases(paths: Sequence[Path]) -> list[Release]:
    """Every release in ``paths``, or one :class:`InputError` naming each that cannot be read."""
    releases, problems = [], []
    for path in paths:
        try:
            releases.append(read_release(path))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return releases


def extract(releases: Sequence[Release]) -> Extraction:
    """Draft one book from the financings in ``releases``; pure, no I/O."""
    files = tuple(release.file for release in releases)
    findings = [recognise(release) for release in releases]
    without = tuple(f.file for f in findings if not f.has_financing)
    draft = draft_book(findings)
    read = tuple(zip(releases, findings, strict=True))
    if draft is None:
        return Extraction(files, without, read=read)
    lines = tuple(book_lines(draft))
    text = yaml_text(draft, list(lines))
    return Extraction(files, without, draft, lines, text, validated(text, files), read)


def validated(text: str, files: Sequence[str]) -> Book:
    """The book the draft YAML holds; a draft that does not load is a bug, reported as such."""
    try:
        return book_from_yaml(parse_yaml(text, "draft"))
    except InputError as error:
        raise InputError(
            [
                Problem(
                    Location(", ".join(files)),
                    "",
                    f"placements extract drafted a book that does not load (a bug; please "
                    f"report it with the release): {problem}",
                )
                for problem in error.problems
            ]
        ) from None


def extract_files(paths: Sequence[Path]) -> Extraction:
    """Read the releases at ``paths`` and draft a book from them."""
    return extract(read_releases(paths))
