"""The schema command's reports: a format as JSON Schema, or the reference page of every format."""

from placements.output import Format
from placements.reports.report import Report
from placements.schema.formats import format_reference, format_schema


def schema_report(name: str) -> Report:
    """The JSON Schema of the book or scenario format, as its own document."""
    return Report(
        title=f"JSON Schema of the {name} format",
        tables=(),
        documents={Format.JSON: format_schema(name)},
        default_format=Format.JSON,
    )


def reference_report() -> Report:
    """The Markdown reference of every format (``docs/formats.md``)."""
    return Report(
        title="File formats",
        tables=(),
        documents={Format.MARKDOWN: format_reference()},
        default_format=Format.MARKDOWN,
    )
