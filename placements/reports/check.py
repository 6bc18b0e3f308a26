"""The check report: which files are clean, and every problem in those that are not."""

from collections.abc import Sequence

from placements.core.values import value
from placements.load.check import Checked
from placements.reports.report import Kind, Report, Row, column, table


@value(kw_only=True)
class FileRow(Row):
    """One file checked, its kind, and whether it is clean."""

    file: str = column("file")
    kind: str = column("kind")
    status: str = column("status")
    tranches: int | None = column("tranches", Kind.COUNT)
    problems: int = column("problems", Kind.COUNT)
    warnings: int | None = column("warnings", Kind.COUNT, optional=True)


@value(kw_only=True)
class ProblemRow(Row):
    """One problem: where it is, the field, and what was expected."""

    where: str = column("where")
    field: str = column("field")
    problem: str = column("problem")


@value(kw_only=True)
class WarningRow(Row):
    """One warning: where it is, the field, and what to look at."""

    where: str = column("where")
    field: str = column("field")
    warning: str = column("warning")


def check_report(results: Sequence[Checked]) -> Report:
    """Errors fail the check (exit 2); warnings are listed with them but leave it passing."""
    files = [
        FileRow(
            file=result.file,
            kind=result.kind,
            status="problems" if result.problems else "warnings" if result.warnings else "ok",
            tranches=result.tranches,
            problems=len(result.problems),
            warnings=len(result.warnings),
        )
        for result in results
    ]
    problems = [
        ProblemRow(where=str(problem.location), field=problem.field, problem=problem.message)
        for result in results
        for problem in result.problems
    ]
    warnings = [
        WarningRow(where=str(warning.location), field=warning.field, warning=warning.message)
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
            table("files", FileRow, files),
            table("problems", ProblemRow, problems, title="Problems"),
            *([table("warnings", WarningRow, warnings, title="Warnings")] if warnings else []),
        ),
        csv_table="problems",
        exit_code=2 if failed else 0,
    )
