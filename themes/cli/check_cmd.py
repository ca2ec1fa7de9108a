"""`themes check`: verify a project (database, schema, the decision log's triggers and hash
chain, every event, the current view, what `add` events placed)."""

from __future__ import annotations

from pathlib import Path

import typer

from themes.cli import common
from themes.cli.common import PROJECT_OPTION as PROJECT


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(project: Path = PROJECT) -> None:
    """Verify the project: SQLite's integrity check, the schema version, the append-only
    triggers and hash chain of the decision log (a changed, deleted, reordered or hand-added
    event is named), every event valid and replayable, every segment of the current view in
    exactly one theme or unassigned, the transcripts that `add` events placed. Prints what is
    wrong (ids only, never transcript text). Exit code 0: every check holds; 6: a check
    failed; 4: there is no project here."""
    from rich.text import Text

    from themes.core.errors import CheckFailedError
    from themes.curation.check import check_project

    report = check_project(project)
    out = common.console()
    out.print(Text(f"Checking {project}"), soft_wrap=True)
    for c in report.checks:
        mark = Text("ok     ", style="green") if c.ok else Text("FAILED ", style="bold red")
        out.print(mark + Text(f"{c.name}: {c.what}"), soft_wrap=True)
        for line in c.problems:
            out.print(Text(f"        - {line}"), soft_wrap=True)
        for line in c.notes:
            out.print(Text(f"        note: {line}"), soft_wrap=True)
    if report.ok:
        out.print("Every check holds.")
        return
    names = ", ".join(c.name for c in report.failed)
    raise CheckFailedError(
        f"{project}: {len(report.failed)} of {len(report.checks)} checks failed ({names}); "
        "the project does not hold exactly what themes recorded. Restore project.db from a "
        "backup, or keep it and note what is listed above."
    )
