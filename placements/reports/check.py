"""The check report: which files are clean, and every problem in those that are not."""

from collections.abc import Sequence

from placements.load.check import Checked
from placements.reports.report import Column, Kind, Report, table

FILE_COLUMNS = (
    Column("file", "file"),
    Column("kind", "kind"),
    Column("status", "status"),
    Column("tranches", "tranches", Kind.COUNT),
    Column("problems", "problems", Kind.COUNT),
    Column("warnings", "warnings", Kind.COUNT, optional=True),
)
PROBLEM_COLUMNS = (
    Column("where", "where"),
    Column("field", "field"),
    Column("problem", "problem"),
)
WARNING_COLUMNS = (
    Column("where", "where"),
    Column("field", "field"),
    Column("warning", "warning"),
)


def check_report(results: Sequence[Checked]) -> Report:
    """Errors fail the check (exit 2); warnings are listed with them but leave it passing."""
    files = [
        {
            "file": result.file,
            "kind": result.kind,
            "status": "problems" if result.problems else "warnings" if result.warnings else "ok",
            "tranches": result.tranches,
            "problems": len(result.problems),
            "warnings": len(result.warnings),
        }
        for result in results
    ]
    problems = [
        {"where": str(problem.location), "field": problem.field, "problem": problem.message}
        for result in results
        for problem in result.problems
    ]
    warnings = [
        {"where": str(warning.location), "field": warning.field, "warning": warning.message}
        for result in results
        for warning in result.warnings
    ]
    failed = sum(1 for result in results if result.problems)
    warned = sum(1 for result in results if result.warnings and not result.problems)
    summary = f"{len(results)} file{'s' if len(results) != 1 else ''} checked"
    summary += f", {failed} with problems" if failed else ""
    summary += f", {warned} with warnings" if warned else ""
    summary += "" if failed or warned else ", all clean"
    return Report(
        title=f"Check: {summary}",
        tables=(
            table("files", FILE_COLUMNS, files),
            table("problems", PROBLEM_COLUMNS, problems, title="Problems"),
            *([table("warnings", WARNING_COLUMNS, warnings, title="Warnings")] if warnings else []),
        ),
        csv_table="problems",
        exit_code=2 if failed else 0,
    )
