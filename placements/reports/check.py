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
)
PROBLEM_COLUMNS = (
    Column("where", "where"),
    Column("field", "field"),
    Column("problem", "problem"),
)


def check_report(results: Sequence[Checked]) -> Report:
    files = [
        {
            "file": result.file,
            "kind": result.kind,
            "status": "ok" if not result.problems else "problems",
            "tranches": result.tranches,
            "problems": len(result.problems),
        }
        for result in results
    ]
    problems = [
        {"where": str(problem.location), "field": problem.field, "problem": problem.message}
        for result in results
        for problem in result.problems
    ]
    failed = sum(1 for result in results if result.problems)
    summary = f"{len(results)} file{'s' if len(results) != 1 else ''} checked"
    summary += f", {failed} with problems" if failed else ", all clean"
    return Report(
        title=f"Check: {summary}",
        tables=(
            table("files", FILE_COLUMNS, files),
            table("problems", PROBLEM_COLUMNS, problems, title="Problems"),
        ),
        csv_table="problems",
        exit_code=2 if failed else 0,
    )
