"""The format reference (``docs/formats.md``), written from the formats' declarations.

A test compares the checked-in page with what this writes, so the page
cannot fall behind the loader: both read the same declarations.
"""

from typing import Any

from placements.schema.json import plain_default
from placements.schema.kinds import Shape

HEADER = """\
# File formats

<!-- Generated from placements/schema by `placements schema --reference`; do not edit.
     tests/test_schema.py fails when this page and the declarations disagree. -->

Every mapping of every file, with each key: what it holds, its default when
it is left out, and what it means. Required keys are marked **required**.
Percents may be written `7` or `7%`; shares of a whole `0.5` or `50%`.
Editors that read JSON Schema can check a file as it is typed: run
`placements schema book > book.schema.json` (or `scenario`) and put
`# yaml-language-server: $schema=book.schema.json` on a file's first line.
"""


def reference(formats: list[tuple[str, list[Shape]]]) -> str:
    """Markdown for each format: a section per format, a table per mapping."""
    out = [HEADER]
    for title, shapes in formats:
        out.append(f"## {title}\n")
        for shape in shapes:
            out.append(_shape_section(shape))
    return "\n".join(out).rstrip() + "\n"


def _shape_section(shape: Shape) -> str:
    lines = [f'<a id="{shape.name}"></a>', f"### `{shape.name}`", "", shape.doc, ""]
    lines += ["| key | value | default | meaning |", "|---|---|---|---|"]
    for field in shape.fields:
        required = "**required**" if field.key in shape.required else _default(shape, field)
        lines.append(
            f"| `{field.key}` | {field.kind.describe()} | {required} | {_cell(field.doc)} |"
        )
    rules = [rule for rule in shape.one_of]
    if rules:
        lines.append("")
        for rule in rules:
            keys = " or ".join(f"`{key}`" for key in rule.keys)
            lines.append(f"- Give {'one' if rule.missing else 'at most one'} of {keys}.")
    lines.append("")
    return "\n".join(lines)


def _default(shape: Shape, field: Any) -> str:
    value = plain_default(shape.default(field))
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
