"""Draft a book from plain-text closing releases: ``placements extract``.

The pipeline, one module a stage:

1. :mod:`.text` reads each release (refusing empty, binary, huge or
   non-UTF-8 files), normalises it and splits it into sentences;
2. :mod:`.recognisers` find terms in the sentences, each with its quote;
   :mod:`.findings` runs them all over a release;
3. :mod:`.assemble` (with :mod:`.exercise` and :mod:`.payments`) chooses
   each tranche's terms and the TODOs a reviewer needs;
   :mod:`.restated` drops the classes a later release (or the book given
   with ``--book``) already states, so each closing is drafted once;
4. :mod:`.consistency` sets aside the figures that do not fit together;
5. :mod:`.writer` lays the draft out as commented YAML, and :mod:`.append`
   adds it to the end of an existing book's tranches, keeping its text;
6. :func:`extract` loads that YAML back with the book loader, so a draft that
   would not pass ``placements check`` is never handed out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from placements.core.problems import InputError, Location, Problem
from placements.core.terms.book import Book
from placements.extract.append import appended, insertion, with_free_ids
from placements.extract.assemble import draft_book
from placements.extract.consistency import Doubt, checked
from placements.extract.draft import DraftBook
from placements.extract.findings import Findings, recognise
from placements.extract.restated import Restatement, book_key, without_restatements
from placements.extract.text import Release, read_release
from placements.extract.writer import Line, book_lines, rendered, tranche_lines, yaml_text
from placements.load.book import book_from_yaml
from placements.load.yamlfile import Cursor, parse_yaml, read_text

SHOWN_IDS = 8
"""The summary names this many tranches; a thousand ids would not make a line."""


@dataclass(frozen=True)
class ExistingBook:
    """A book to append to (``--book``): its file, its text as written, and what it holds."""

    file: str
    text: str
    root: Cursor
    book: Book


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
    doubts: tuple[Doubt, ...] = ()
    """Figures set aside because they do not fit the others (:mod:`.consistency`)."""
    restated: tuple[Restatement, ...] = ()
    appended_to: str | None = None
    """The book the new tranches were appended to (``--book``), if any."""
    notes: tuple[str, ...] = ()
    """What else the reviewer should know, such as releases naming another issuer."""

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
            if self.doubts:
                doubts = "; ".join(str(doubt) for doubt in self.doubts)
                return (
                    f"placements extract: the financing in {files} has figures that do not fit "
                    f"together ({doubts}); nothing written"
                )
            return f"placements extract: no financing found in {files}; nothing written"
        releases = _counted(len(self.files), "release")
        drafted = self.draft.tranches if self.draft else ()
        if self.appended_to is not None and not drafted:
            text = f"placements extract: no new tranche for {self.appended_to} from {releases}"
        else:
            ids = [tranche.id.value for tranche in drafted]
            shown = ", ".join(ids[:SHOWN_IDS]) + (
                f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
            )
            to = f" appended to {self.appended_to}" if self.appended_to is not None else ""
            text = (
                f"placements extract: {_counted(len(ids), 'tranche')} ({shown}){to} from "
                f"{releases}; {_counted(self.quoted, 'term')} quoted, "
                f"{_counted(self.todos, 'TODO')} to review"
            )
        aside = sum(1 for tranche in drafted if tranche.doubt is not None)
        if self.doubts:
            text += f"; {_counted(len(self.doubts), 'doubtful figure')} set aside"
            if aside:
                text += f" ({_counted(aside, 'tranche')} commented out)"
        if self.restated:
            text += "; " + "; ".join(str(restatement) for restatement in self.restated[:3])
            if len(self.restated) > 3:
                text += f" and {len(self.restated) - 3} more restatements"
        if self.without_financing:
            text += f"; no financing in {', '.join(self.without_financing)}"
        return "; ".join((text, *self.notes))


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


def extract(releases: Sequence[Release], book: ExistingBook | None = None) -> Extraction:
    """Draft one book from the financings in ``releases``, one tranche per closing; pure.

    With ``book``, the new tranches are appended to it, and those it already
    holds are not drafted again.
    """
    files = tuple(release.file for release in releases)
    findings = [recognise(release) for release in releases]
    without = tuple(f.file for f in findings if not f.has_financing)
    known = [book_key(tranche) for tranche in book.book.tranches] if book else []
    where = book.file if book else "the book"
    read = tuple(zip(releases, findings, strict=True))
    distinct, restated = without_restatements(findings, known, where)
    draft = draft_book(distinct)
    if draft is None:
        if book is not None and restated:
            return Extraction(
                files,
                without,
                yaml=book.text,
                book=book.book,
                restated=tuple(restated),
                appended_to=book.file,
                read=read,
            )
        return Extraction(files, without, restated=tuple(restated), read=read)
    consistent = checked(draft, distinct, {release.file: release.text for release in releases})
    doubts = consistent.doubts
    if not consistent.any_in_book:
        return Extraction(files, without, doubts=doubts, restated=tuple(restated), read=read)
    draft = consistent.draft
    if book is not None:
        return replace(_appended(book, draft, files, without, doubts, tuple(restated)), read=read)
    lines = tuple(book_lines(draft))
    text = yaml_text(draft, list(lines))
    return Extraction(
        files,
        without,
        draft,
        lines,
        text,
        validated(text, files),
        doubts=doubts,
        restated=tuple(restated),
        read=read,
    )


def _appended(
    book: ExistingBook,
    draft: DraftBook,
    files: tuple[str, ...],
    without: tuple[str, ...],
    doubts: tuple[Doubt, ...],
    restated: tuple[Restatement, ...],
) -> Extraction:
    """The book's text with the draft's tranches appended, loaded back and checked."""
    used = {tranche.id for tranche in book.book.tranches}
    tranches = with_free_ids(draft.tranches, used)
    draft = replace(draft, tranches=tuple(tranches))
    first = len(book.book.tranches)
    lines = [
        line
        for position, tranche in enumerate(tranches)
        for line in tranche_lines(tranche, f"tranches[{first + position}]")
    ]
    heading = ["Appended by `placements extract` from:"] + [
        f"  {read.file}" for read in draft.releases if read.tranches
    ]
    notes: tuple[str, ...] = ()
    named, holder = draft.issuer, book.book.issuer.name
    if named.quotes and _plain(named.value) != _plain(holder):
        notes = (f"TODO: the releases name {named.value}, but the book is {holder}'s",)
        heading += notes
    text = appended(book.text, insertion(book.text, book.root), rendered(lines), heading)
    return Extraction(
        files,
        without,
        draft,
        tuple(lines),
        text,
        validated(text, files),
        doubts=doubts,
        restated=restated,
        appended_to=book.file,
        notes=notes,
    )


def _plain(name: str) -> str:
    """An issuer's name without case, punctuation or spacing, to compare two spellings."""
    return "".join(character for character in name.lower() if character.isalnum())


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


def read_book_text(path: Path) -> ExistingBook:
    """The book at ``path`` with its text as written, or the located problems that stop it."""
    text = read_text(path, "book")
    root = parse_yaml(text, str(path))
    return ExistingBook(str(path), text, root, book_from_yaml(root))


def extract_files(paths: Sequence[Path], book: Path | None = None) -> Extraction:
    """Read the releases at ``paths`` and draft a book from them, or onto ``book``."""
    existing = read_book_text(book) if book is not None else None
    return extract(read_releases(paths), existing)
