"""Why the draft says what it says: each term's sentence and the recogniser that read it.

``extract --explain`` prints every term of the draft with the words it
quotes, the whole sentence they stand in, and the rule (the recogniser) that
read them. A term the release left out (a TODO with no quote) gets the rule
that came closest: the recogniser whose words appear in a sentence where it
read nothing, with that sentence, so a reviewer sees where to look and a
developer which pattern to teach.

Nothing here reads a release again: it walks the findings the recognisers
returned, which carry their quotes and offsets.
"""

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from placements.extract.findings import Findings
from placements.extract.found import Found
from placements.extract.recognisers import FEE_CONTEXT
from placements.extract.text import Release, Sentence, sentences
from placements.extract.writer import Line

RULES = {
    "issuer": "release.issuer",
    "ticker": "release.ticker",
    "release_date": "release.release_date",
    "announced": "release.earlier_announcement",
    "closing_dates": "release.closing_dates",
    "tranche_wording": "release.tranche_wording",
    "classes": "offering.unit_classes",
    "compositions": "composition.composition",
    "warrant_terms": "warrants.warrant_terms",
    "transferable": "warrants.transferability",
    "accelerations": "warrants.acceleration",
    "fees": "fees.fee_terms",
    "option_terms": "fees.option_terms",
    "holds": "holds.holds",
}
"""Each list of :class:`Findings`, and the recogniser (module.function) that fills it."""

MISSABLE = (
    # (the end of a term's field path, its recogniser, the words that recogniser looks for)
    ("closed", "release.closing_dates", re.compile(r"\bclos(?:ed|ing)\b|\bcomplet\w*", re.I)),
    ("hold", "holds.holds", re.compile(r"\bhold\b|\brestricted\b|\bresale\b", re.I)),
    ("fees", "fees.fee_terms", FEE_CONTEXT),
    ("fees.options", "fees.option_terms", re.compile(r"\b(?:options?|warrants?)\b", re.I)),
    ("unit.shares", "composition.composition", re.compile(r"\beach\b[^.]{0,80}\bunits?\b", re.I)),
    ("unit.warrants", "composition.composition", re.compile(r"\beach\b[^.]{0,80}\bunits?\b", re.I)),
    ("warrant", "warrants.warrant_terms", re.compile(r"\bwarrants?\b", re.I)),
    ("warrant.transferable", "warrants.transferability", re.compile(r"\btransfer", re.I)),
    ("issuer.name", "release.issuer", re.compile(r"\b(?:Inc|Corp|Ltd|Limited|plc)\b")),
)
"""Terms a release may leave out, and the rule that would have read each."""


@dataclass(frozen=True)
class Source:
    """A finding as read: its quote, where it is, and the rule and part of it that read it."""

    quote: str
    at: int
    rule: str
    file: str


@dataclass(frozen=True)
class Explained:
    """One term of the draft: what it says, and where and how it was read (or missed)."""

    tranche: str
    term: str
    value: str
    rule: str
    quote: str | None
    sentence: str | None
    missed: bool = False
    todo: str | None = None


def explain(
    read: list[tuple[Release, Findings]], lines: list[Line], files: dict[str, str]
) -> list[Explained]:
    """Every quoted or missed term of the draft ``lines``, with its sentence and rule.

    ``files`` names the release each tranche (by id) was drafted from: a term
    it misses is looked for there. What came closest depends only on the
    release and the term's field, so it is found once for each, not for every
    tranche of a release of many.
    """
    texts = {release.file: release for release, _ in read}
    closest: dict[tuple[str, str], tuple[str, str | None]] = {}
    sources: dict[str, list[Source]] = {}
    splits = {release.file: _Sentences(release.text) for release, _ in read}
    read_by: dict[tuple[str, str], list[int]] = {}  # (file, rule): where that rule read
    for release, findings in read:
        for source in _sources(findings):
            sources.setdefault(source.quote, []).append(source)
            read_by.setdefault((release.file, source.rule.split(" ")[0]), []).append(source.at)
    chosen: dict[tuple[str, str, str], Source | None] = {}  # by file, quote and part
    result = []
    for line in lines:
        file = files.get(line.tranche, "")
        if line.quotes:
            field = re.sub(r"^tranches\[\d+\]\.", "", line.path)
            part = next((rule for part, rule in OWN_RULES if field.startswith(part)), "")
            for quote in line.quotes:
                if (file, quote, part) not in chosen:
                    chosen[file, quote, part] = _likeliest(sources.get(quote, []), file, part)
                read_from = chosen[file, quote, part]
                result.append(
                    Explained(
                        line.tranche,
                        line.path,
                        line.value,
                        read_from.rule if read_from else "(derived from other terms)",
                        quote,
                        splits[read_from.file].around(read_from.at) if read_from else None,
                        todo=line.todo,
                    )
                )
        elif line.todo:
            field = re.sub(r"^tranches\[\d+\]\.", "", line.path)
            if (file, field) not in closest:
                releases = [texts[file]] if file in texts else [r for r, _ in read]
                closest[file, field] = _closest(field, releases, splits, read_by)
            rule, sentence = closest[file, field]
            result.append(
                Explained(
                    line.tranche, line.path, line.value, rule, None, sentence, True, line.todo
                )
            )
    return result


OWN_RULES = (("fees.options", "fees."), ("fees", "fees."), ("warrant", "warrants."))
"""The rules whose findings a term under each part of a tranche is likeliest to quote."""


def _likeliest(sources: list[Source], file: str, prefix: str) -> Source | None:
    """Of the findings with a term's quote, the one its tranche's release read, by its part's rule.

    The same words can be read by two rules ("on or before April 28, 2024" ends
    both the warrants and the broker warrants), and in two releases; the first
    read is the default.
    """
    ranked = [
        next((s for s in sources if s.file == file and s.rule.startswith(prefix)), None),
        next((s for s in sources if s.file == file), None),
        next((s for s in sources if s.rule.startswith(prefix)), None),
    ]
    return next((source for source in ranked if source is not None), None)


def _closest(
    field: str,
    releases: list[Release],
    splits: dict[str, "_Sentences"],
    read_by: dict[tuple[str, str], list[int]],
) -> tuple[str, str | None]:
    """The rule that would read a tranche's ``field``, and the first sentence where its words
    appear but it read nothing: the sentence that came closest."""
    wanted = next(((rule, words) for end, rule, words in MISSABLE if field == end), None)
    if wanted is None:
        return "(no rule reads this term)", None
    rule, words = wanted
    for release in releases:
        found_at = sorted(read_by.get((release.file, rule), []))
        for sentence in splits[release.file].all:
            inside = bisect_right(found_at, sentence.start + len(sentence.text) - 1)
            read_here = inside > 0 and found_at[inside - 1] >= sentence.start
            if not read_here and words.search(sentence.text):
                return f"{rule} (closest)", _one_line(sentence.text)
    return f"{rule} (no sentence has its words)", None


class _Sentences:
    """A release's sentences, to find the one holding an offset by bisection."""

    def __init__(self, text: str) -> None:
        self.all: list[Sentence] = list(sentences(text))
        self._starts = [sentence.start for sentence in self.all]

    def around(self, at: int) -> str | None:
        index = bisect_right(self._starts, at) - 1
        return _one_line(self.all[index].text) if index >= 0 else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sources(findings: Findings) -> Iterator[Source]:
    """Every finding in ``findings``, with the rule that read it and the part it is of."""
    for name, rule in RULES.items():
        yield from _walk(getattr(findings, name), rule, "", findings.file)


def _walk(value: object, rule: str, part: str, file: str) -> Iterator[Source]:
    if isinstance(value, Found):
        yield Source(value.quote, value.at, f"{rule} ({part})" if part else rule, file)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, rule, part, file)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for each in dataclasses.fields(value):
            inner = getattr(value, each.name)
            if isinstance(inner, Found | list | tuple) or dataclasses.is_dataclass(inner):
                yield from _walk(inner, rule, each.name, file)
