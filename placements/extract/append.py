"""Appending drafted tranches to an existing book, keeping its text as written.

The book is not re-written from its model: that would lose its comments,
its order and its layout, which are an analyst's work. The new tranches are
written as text at the end of its ``tranches`` list, indented as its items
are, under a comment naming the releases they come from. Where that end is
comes from the YAML nodes' marks: before the key that follows the list, and
before the blank lines and comments that head that key.

Pure: the book's text and parsed root in, the new text out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from placements.core.problems import InputError, Location, Problem
from placements.extract.draft import DraftTranche, Term
from placements.load.yamlfile import Cursor
from placements.pyyaml import yaml


@dataclass(frozen=True)
class Insertion:
    """Where new tranche items go: before line ``line`` (0-based), their dashes at ``column``.

    ``flow_empty`` is the span of a ``tranches: []`` to remove first.
    """

    line: int
    column: int
    flow_empty: tuple[int, int] | None = None


def insertion(text: str, root: Cursor) -> Insertion:
    """Where the book at ``root`` (parsed from ``text``) takes new tranches."""
    lines = text.splitlines()
    node = root.node
    tranches = None
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        tranches = next((v for k, v in node.value if k.value == "tranches"), None)
    if not isinstance(tranches, yaml.SequenceNode):
        raise _unusable(root.file, tranches or node, "a book whose tranches are a list")
    if tranches.flow_style:
        if tranches.value:
            raise _unusable(
                root.file, tranches, "a block list of tranches ('- id: ...' lines) to append to"
            )
        span = (tranches.start_mark.index, tranches.end_mark.index)
        return Insertion(tranches.start_mark.line + 1, 2, flow_empty=span)
    column = tranches.start_mark.column
    end = tranches.end_mark  # where the next key starts, or the end of the text
    line = end.line + 1 if end.column > 0 else end.line
    while line - 1 > tranches.start_mark.line and _after_the_list(lines[line - 1], column):
        line -= 1
    return Insertion(line, column)


def _unusable(file: str, node: yaml.Node, expected: str) -> InputError:
    mark = node.start_mark
    where = Location(file, mark.line + 1, mark.column + 1)
    return InputError([Problem(where, "tranches", f"--book needs {expected}")])


def _after_the_list(line: str, column: int) -> bool:
    """Whether a line between the list and what follows it is not the last item's.

    A block list ends where the next key starts, after the blank lines and
    comments before it; a comment indented past the items' dashes continues
    the last item (a comment wrapped in the comment column), others head
    what follows.
    """
    stripped = line.lstrip(" ")
    return not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= column)


def appended(text: str, where: Insertion, items: Sequence[str], heading: Sequence[str]) -> str:
    """``text`` with the rendered tranche ``items`` (dashes at column 2) inserted at ``where``.

    ``heading`` is comment lines put before them, at the dashes' column.
    """
    if where.flow_empty is not None:
        start, end = where.flow_empty
        text = text[:start].rstrip(" ") + text[end:]
    lines = text.splitlines()
    shift = where.column - 2
    block = [""] + [" " * where.column + f"# {line}" if line else "" for line in heading]
    block += [_shifted(item, shift) for item in items]
    while block and not block[-1]:
        block.pop()
    at = where.line
    if at < len(lines) and lines[at].strip():
        block.append("")
    return "\n".join(lines[:at] + block + lines[at:]) + "\n"


def _shifted(line: str, shift: int) -> str:
    if not line or shift == 0:
        return line
    if shift > 0:
        return " " * shift + line
    return line[-shift:] if line[:-shift].strip() == "" else line.lstrip()


def with_free_ids(tranches: Sequence[DraftTranche], used: set[str]) -> list[DraftTranche]:
    """The tranches with ids the book does not use yet: a second 2024-03-ft is 2024-03-ft-2."""
    taken = set(used)
    result = []
    for tranche in tranches:
        stem = tranche.id.value
        name, count = stem, 1
        while name in taken:
            count += 1
            name = f"{stem}-{count}"
        taken.add(name)
        if name != stem:
            remark = f"generated; {stem} is already in the book"
            tranche = replace(tranche, id=Term(name, tranche.id.quotes, remark=remark))
        result.append(tranche)
    return result
