"""Domain objects written back as YAML by their shapes: the inverse of reading them.

``extract`` drafts books with these, so a draft's keys, their order and how
each value is written come from the same declarations the loader reads: a
draft always says what the format says.
"""

import json
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from placements.core.money import price_text
from placements.schema.kinds import (
    Date,
    Either,
    Flag,
    Kind,
    Nested,
    Number,
    Percent,
    Price,
    Shape,
    Text,
    Whole,
    Word,
)


def flow(shape: Shape, obj: Any) -> str:
    """``obj`` as a one-line YAML mapping of the fields it sets: ``{price: 0.30, months: 12}``.

    A field at its default is left out, unless it is required, ``explicit``,
    or one of a choice of keys (a hold's months).
    """
    chosen = {key for rule in shape.one_of for key in rule.keys}
    parts = []
    for field in shape.fields:
        value = getattr(obj, field.attribute, None)
        if value is None:
            continue
        stated = field.required or field.explicit or field.key in chosen
        if not stated and value == shape.default(field):
            continue
        parts.append(f"{field.key}: {value_text(field.kind, value)}")
    return "{" + ", ".join(parts) + "}"


def value_text(kind: Kind, value: Any) -> str:
    """One value as YAML writes it for ``kind``: exact decimals, ISO dates, plain words."""
    if isinstance(kind, Either):
        for part in kind.kinds:
            if isinstance(part, Word) and _is_word(part, value):
                return part.word
        return value_text(kind.kinds[-1], value)
    if isinstance(kind, Nested):
        return flow(kind.shape, value)
    if isinstance(kind, Price):
        return price_text(value)
    if isinstance(kind, (Number, Percent)):
        return f"{Decimal(value).normalize():f}"
    if isinstance(kind, Whole):
        return str(int(value))
    if isinstance(kind, Date) or isinstance(value, date):
        return value.isoformat()
    if isinstance(kind, Flag):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(kind, Text):
        return scalar(str(value))
    return str(value)


def _is_word(word: Word, value: Any) -> bool:
    """Whether ``value`` is what the word stands for (compared without its origin)."""
    from dataclasses import fields, is_dataclass

    stands_for = word.value(value.origin) if hasattr(value, "origin") else None
    if stands_for is None or not is_dataclass(value):
        return False
    return all(
        getattr(value, f.name) == getattr(stands_for, f.name)
        for f in fields(value)
        if f.name != "origin"
    )


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain when it reads back as the same string."""
    from placements.pyyaml import yaml

    try:
        plain = yaml.safe_load(text) == text and "\n" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)
