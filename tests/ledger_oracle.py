"""The ledger replayed by hand: the oracle of ``securities --as-of`` on a book with a ledger.

It knows only the test book's series (what each issued, until when, and what an
exercise brings) and applies entries in date order, in plain Python, with none
of ``placements.core.terms.ledger``.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Known:
    issued: int
    first: date
    expiry: date
    shares_per_exercise: int = 1
    child: str | None = None  # the series an exercise adds one warrant each to


def replay(
    known: dict[str, Known], base: int, entries: list[dict], day: date
) -> tuple[dict[str, int], int]:
    """What is outstanding of each series at the end of ``day``, and the shares the ledger issued.

    ``entries`` are dicts as written in YAML: {date, exercise|expire|cancel|forfeit: id,
    count} or {date, issue: count, price} or {date, grant: {id, count, ...}}.
    """
    left = {name: series.issued for name, series in known.items()}
    expiries = {name: series.expiry for name, series in known.items()}
    shares = 0
    for entry in sorted(entries, key=lambda e: e["date"]):
        on = entry["date"]
        if on > day:
            break
        if "issue" in entry:
            shares += entry["issue"]
            continue
        if "grant" in entry:
            grant = entry["grant"]
            left[grant["id"]] = grant["count"]
            expiries[grant["id"]] = grant["expiry"]
            continue
        (kind,) = [k for k in ("exercise", "expire", "cancel", "forfeit") if k in entry]
        name = entry[kind]
        count = entry.get("count", "all")
        taken = left[name] if count == "all" else count
        assert taken <= left[name], "the generated ledgers are valid"
        left[name] -= taken
        if kind == "exercise":
            series = known.get(name)
            shares += taken * (series.shares_per_exercise if series else 1)
            if series and series.child and on <= expiries[series.child]:
                left[series.child] += taken
    live = {name: count for name, count in left.items() if day <= expiries[name] and count > 0}
    return live, base + shares
