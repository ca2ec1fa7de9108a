"""A pipeline listener that draws progress on stderr."""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from themes.cli.common import err_console
from themes.discovery.pipeline import Listener

_UNITS = {"embed": "segments", "stability": "re-clusterings"}


class RichListener(Listener):
    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._stage = ""

    def __enter__(self) -> RichListener:
        if not self.quiet:
            self._progress = Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=err_console(),
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._finish()
            self._progress.stop()

    def _finish(self) -> None:
        if self._progress is not None and self._task is not None:
            task = self._progress.tasks[self._task]
            total = task.total or 1
            self._progress.update(self._task, total=total, completed=total)

    def stage(self, name: str) -> None:
        if self._progress is None:
            return
        self._finish()
        self._stage = name
        self._task = self._progress.add_task(name, total=None, rate="")

    def progress(self, done: int, total: int) -> None:
        if self._progress is None or self._task is None:
            return
        task = self._progress.tasks[self._task]
        rate = ""
        if task.elapsed and done:
            rate = f"{done / task.elapsed:.0f} {_UNITS.get(self._stage, 'items')}/s"
        self._progress.update(
            self._task, total=max(total, 1), completed=done if total else 1, rate=rate
        )
