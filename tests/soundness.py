"""What must hold of a project after any crash or race (shared by the kill and race tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from themes.curation.view import ProjectView, load_view
from themes.store.project import Project

ROOT = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).resolve().parent / "cli_driver.py"


def acknowledged_events(output: str) -> list[int]:
    """Event ids the CLI reported as recorded ("Event 12: ..." / "Event 12 (batch 2)")."""
    return [int(m) for m in re.findall(r"^Event (\d+)\b", output, flags=re.MULTILINE)]


def acknowledged_run(output: str) -> int | None:
    found = re.findall(r"^Run (\d+):", output, flags=re.MULTILINE)
    return int(found[-1]) if found else None


def check_view(view: ProjectView, project: Project) -> None:
    """Every clustered segment of the project is in exactly one theme or unassigned."""
    themes = {t.id: set(t.segment_ids) for t in view.themes}
    assert len(themes) == len(view.themes), "two themes share an id"
    seen: dict[str, int] = {}
    for tid, members in themes.items():
        for seg in members:
            assert seg not in seen, f"segment {seg} is in themes {seen[seg]} and {tid}"
            seen[seg] = tid
    assert len(set(view.order)) == len(view.order), "a segment is listed twice"
    for seg in view.order:
        a = view.assignments[seg]
        if a.theme_id is None:
            assert seg not in seen, f"segment {seg} is unassigned and in theme {seen[seg]}"
        else:
            assert seen.get(seg) == a.theme_id, f"segment {seg}: {a.theme_id} vs {seen.get(seg)}"
    assert set(seen) <= set(view.order)
    clustered = {s.id for s in project.segments() if s.clustered}
    missing = clustered - set(view.order)
    assert not missing, f"{len(missing)} stored segments are in no theme and not unassigned"


def check_project(
    project_dir: Path,
    acknowledged: Iterable[int] = (),
    run_id: int | None = None,
    in_force: bool = True,
) -> ProjectView | None:
    """The project opens, its view is sound, every acknowledged event is in the current run's
    log (and in force, unless `in_force` is False), and `themes check` passes where it exists.
    Returns the view (None when no run was ever stored)."""
    if not (project_dir / "project.db").exists():
        assert not list(acknowledged) and run_id is None
        return None
    with Project.open(project_dir) as project:
        if project.current_run() is None:
            assert run_id is None and not list(acknowledged)
            assert not project.transcripts(), "transcripts were stored without a run"
            return None
        view = load_view(project)
        check_view(view, project)
    if run_id is not None:
        assert view.run.id == run_id, f"run {run_id} was acknowledged, {view.run.id} is shown"
    ids = {e.id for e in view.events}
    for event_id in acknowledged:
        assert event_id in ids, f"acknowledged event {event_id} is missing"
        if in_force:
            assert event_id not in view.cancelled(), f"event {event_id} is cancelled"
            assert event_id not in view.skipped(), (
                f"event {event_id} has no effect: {view.skipped()[event_id]}"
            )
    if has_check_command():
        done = cli("check", "-p", str(project_dir))
        assert done.returncode == 0, f"themes check failed:\n{done.stdout}\n{done.stderr}"
    return view


_CHECK: list[bool] = []


def has_check_command() -> bool:
    """Whether `themes check` exists yet (another change adds it)."""
    if not _CHECK:
        from themes.cli.app import app

        names = {c.name for c in app.registered_commands}
        _CHECK.append("check" in names)
    return _CHECK[0]


def driver_command(*args: str) -> list[str]:
    return [sys.executable, str(DRIVER), *args]


def driver_env(**pauses: float) -> dict[str, str]:
    """The environment of a CLI subprocess: unbuffered output (what is printed is out before a
    kill), a fixed analyst, and the driver's pauses (``DRIVER_PAUSE_...``, see cli_driver)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", THEMES_ANALYST="tester", COLUMNS="200")
    env.update({f"DRIVER_PAUSE_{k.upper()}": str(v) for k, v in pauses.items()})
    return env


def cli(*args: str, **pauses: float) -> subprocess.CompletedProcess[str]:
    """Run the CLI (fake embedder) to completion."""
    return subprocess.run(
        driver_command(*args),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=driver_env(**pauses),
        timeout=300,
    )
