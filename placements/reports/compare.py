"""Scenarios side by side: one column per scenario, a line per figure."""

from collections.abc import Sequence

from placements.reports.report import Column, Distribution, Kind, Note, Report, table
from placements.reports.run import Run, summary_row

COLUMNS = (
    Column("scenario", "scenario"),
    Column("exercise_proceeds", "exercise proceeds", Kind.MONEY),
    Column("shares_issued_on_exercise", "shares issued on exercise", Kind.COUNT),
    Column("basic_end", "basic at end", Kind.COUNT),
    Column("fully_diluted_end", "fully diluted at end", Kind.COUNT),
    Column("tsm_diluted_end", "treasury-method diluted at end", Kind.COUNT),
    Column("peak_fully_diluted", "peak fully diluted", Kind.COUNT),
    Column("peak_dilution_pct", "peak dilution vs base", Kind.PERCENT, optional=True),
    Column("cash_raised", "cash at end (placements net + exercises)", Kind.MONEY),
)


def compare_report(runs: Sequence[tuple[Run, str]]) -> Report:
    """The summary figures of each run; a random walk's by their median (p50)."""
    rows = []
    for run, _ in runs:
        summary = summary_row(run)
        row = {"scenario": run.scenario.name}
        for column in COLUMNS[1:]:
            value = summary[column.key]
            row[column.key] = value.values["p50"] if isinstance(value, Distribution) else value
        rows.append(row)
    notes = [
        Note(
            f"{run.scenario.name}: a random walk of {run.projection.paths:,} paths; medians shown."
        )
        for run, _ in runs
        if not run.deterministic
    ]
    return Report(
        title="Scenarios compared",
        tables=(table("scenarios", COLUMNS, rows, sideways=True),),
        meta={"files": [source for _, source in runs]},
        notes=tuple(notes),
    )
