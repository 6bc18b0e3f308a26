"""Scenarios side by side: one column per scenario, a line per figure."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from placements.reports.report import Distribution, Kind, Note, Report, Row, column, table
from placements.reports.run import Run, SummaryRow, summary_row


@dataclass(frozen=True, kw_only=True)
class ScenarioRow(Row):
    """One scenario's figures at its end: a random walk's by their median (p50)."""

    scenario: str = column("scenario")
    exercise_proceeds: Decimal = column("exercise proceeds", Kind.MONEY)
    shares_issued_on_exercise: int = column("shares issued on exercise", Kind.COUNT)
    basic_end: int = column("basic at end", Kind.COUNT)
    fully_diluted_end: int = column("fully diluted at end", Kind.COUNT)
    tsm_diluted_end: int = column("treasury-method diluted at end", Kind.COUNT)
    peak_fully_diluted: int = column("peak fully diluted", Kind.COUNT)
    peak_dilution_pct: Decimal | None = column("peak dilution vs base", Kind.PERCENT, optional=True)
    cash_raised: Decimal = column("cash at end (placements net + exercises)", Kind.MONEY)


COMPARED = [column.key for column in ScenarioRow.columns()[1:]]


def _median(summary: SummaryRow, key: str) -> object:
    value = getattr(summary, key)
    return value.values["p50"] if isinstance(value, Distribution) else value


def compare_report(runs: Sequence[tuple[Run, str]]) -> Report:
    """The summary figures of each run; a random walk's by their median (p50)."""
    rows = []
    for run, _ in runs:
        summary = summary_row(run)
        figures = {key: _median(summary, key) for key in COMPARED}
        rows.append(ScenarioRow(scenario=run.scenario.name, **figures))  # type: ignore[arg-type]
    notes = [
        Note(
            f"{run.scenario.name}: a random walk of {run.projection.paths:,} paths; medians shown."
        )
        for run, _ in runs
        if not run.deterministic
    ]
    return Report(
        title="Scenarios compared",
        tables=(table("scenarios", ScenarioRow, rows, sideways=True),),
        meta={"files": [source for _, source in runs]},
        notes=tuple(notes),
    )
