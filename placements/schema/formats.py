"""The formats a user writes, by name: their JSON Schema and their reference page."""

import json

from placements.schema.book import (
    ACCELERATION,
    ATTACHED_WARRANTS,
    BASE_SHARES,
    BOOK,
    CASH_FEE,
    DEBENTURE,
    EXERCISE_TERMS,
    FEES,
    FINDER_OPTIONS,
    GRANT,
    HOLD_MAPPING,
    INFERRED_CLOSING,
    ISSUER,
    LEDGER_ENTRY,
    OFFERING,
    QUANTITY,
    SECURITY,
    STEP,
    TRANCHE,
    UNIT,
    VEST,
)
from placements.schema.holdings import HOLDINGS, HOLDINGS_SHAPES
from placements.schema.json import json_schema
from placements.schema.kinds import Shape
from placements.schema.reference import reference
from placements.schema.scenario import SCENARIO, SCENARIO_SHAPES

BOOK_SHAPES = [
    BOOK,
    ISSUER,
    BASE_SHARES,
    TRANCHE,
    UNIT,
    EXERCISE_TERMS,
    STEP,
    ACCELERATION,
    FEES,
    CASH_FEE,
    QUANTITY,
    FINDER_OPTIONS,
    HOLD_MAPPING,
    INFERRED_CLOSING,
    SECURITY,
    OFFERING,
    DEBENTURE,
    ATTACHED_WARRANTS,
    LEDGER_ENTRY,
    GRANT,
    VEST,
]
FORMATS: dict[str, tuple[str, Shape, list[Shape]]] = {
    "book": ("Book", BOOK, BOOK_SHAPES),
    "scenario": ("Scenario", SCENARIO, SCENARIO_SHAPES),
    "holdings": ("Holdings", HOLDINGS, HOLDINGS_SHAPES),
}


def format_schema(name: str) -> str:
    """The JSON Schema of the format called ``name`` (book, scenario or holdings), as JSON text."""
    title, root, _ = FORMATS[name]
    document = json_schema(root, f"placements {title.lower()}")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def format_reference() -> str:
    """The Markdown reference of every format (docs/formats.md)."""
    return reference([(title, shapes) for title, _, shapes in FORMATS.values()])
