"""Scenarios side by side: one column per scenario, a line per figure."""

from collections.abc import Sequence
from dataclasses import replace

from placements.reports.report import Column, Distribution, Note, Report, table
from placements.reports.run import Run, SummaryRow, summary_row

COMPARED = (
    "exercise_proceeds",
    "shares_issued_on_exercise",
    "basic_end",
    "fully_diluted_end",
    "tsm_diluted_end",
    "peak_fully_diluted",
    "peak_dilution_pct",
    "cash_raised",
)
"""The summary figures compared, as :class:`~placements.reports.run.SummaryRow` names them."""
SCENARIO = Column("scenario", "scenario")


def _medians(summary: SummaryRow) -> SummaryRow:
    """A random walk's summary by its medians (p50); one path's as it is."""
    figures = {
        key: value.values["p50"]
        for key in COMPARED
        if isinstance(value := getattr(summary, key), Distribution)
    }
    return replace(summary, **figures)


def compare_report(runs: Sequence[tuple[Run, str]]) -> Report:
    """The summary figures of each run; a random walk's by their median (p50)."""
    rows = [_medians(summary_row(run)) for run, _ in runs]
    compared = table("scenarios", SummaryRow, rows, sideways=True).select(COMPARED, "scenarios")
    names = [run.scenario.name for run, _ in runs]
    notes = [
        Note(
            f"{run.scenario.name}: a random walk of {run.projection.paths:,} paths; medians shown."
        )
        for run, _ in runs
        if not run.deterministic
    ]
    return Report(
        title="Scenarios compared",
        tables=(compared.led_by(SCENARIO, names),),
        meta={"files": [source for _, source in runs]},
        notes=tuple(notes),
    )
