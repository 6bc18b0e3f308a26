"""Every file format, declared once: each field's key, kind of value, bounds, default and doc.

The loader reads and checks files by these declarations
(:mod:`placements.load.shapes`), ``placements schema`` prints them as JSON
Schema (:mod:`placements.schema.json`), and the format reference in
``docs/formats.md`` is generated from them (:mod:`placements.schema.reference`).
A new term is one :class:`Field` here, plus its rule in the domain code.

Kept free of heavy imports: value kinds name the :class:`~placements.load.reader.Reader`
method that reads them, so declaring a format costs only building these
small objects.
"""

from placements.schema.kinds import (
    Choice,
    Date,
    Either,
    Field,
    Flag,
    Kind,
    ListOf,
    MapOf,
    Nested,
    Number,
    OneOf,
    Percent,
    Shape,
    Share,
    Text,
    Whole,
    Word,
)

__all__ = [
    "Choice",
    "Date",
    "Either",
    "Field",
    "Flag",
    "Kind",
    "ListOf",
    "MapOf",
    "Nested",
    "Number",
    "OneOf",
    "Percent",
    "Price",
    "Shape",
    "Share",
    "Text",
    "Whole",
    "Word",
]
