"""kill -9 at random moments of `run`, `add`, `merge`, `split` and `report` (20 kills in all).

Each kill is a CLI subprocess (fake embedder, see tests/cli_driver.py) killed after a random
share of the time the same command took when it ran to the end; write transactions are
slowed a little so that kills land inside them too. After every kill the project opens, every
segment is in exactly one theme or unassigned, every decision or run the command printed before
it died is there, and `themes check` passes (once it exists). Seeded: set THEMES_KILL_SEED to
try other moments.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from fakes import FakeEmbedder, write_study
from soundness import (
    ROOT,
    acknowledged_events,
    acknowledged_run,
    check_project,
    cli,
    driver_command,
    driver_env,
)

from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

pytestmark = pytest.mark.slow

SETTINGS = ["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"]
CONFIG = load_config(overrides=SETTINGS)
PAUSE = 0.3  # seconds each write transaction stays open before it commits
N_ADDED = 5


@pytest.fixture(scope="module")
def rng() -> random.Random:
    return random.Random(int(os.environ.get("THEMES_KILL_SEED", "20261129")))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    write_study(root / "study", people=6 + N_ADDED)
    held = sorted((root / "study").glob("*.txt"))[-N_ADDED:]
    for i, path in enumerate(held):
        (root / f"more{i}").mkdir()
        shutil.move(path, root / f"more{i}" / path.name)
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def project(base, tmp_path) -> Path:
    shutil.copytree(base / "p", tmp_path / "p")
    return tmp_path / "p"


def timed(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = cli(*args, in_transaction=PAUSE)
    assert done.returncode == 0, done.stderr
    return done, time.perf_counter() - start


def killed_at(delay: float, *args: str, **pauses: float) -> tuple[str, bool]:
    """Start the command, SIGKILL it after `delay` seconds (unless it ended); its output."""
    proc = subprocess.Popen(
        driver_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=driver_env(in_transaction=PAUSE, **pauses),
    )
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        killed = True
    out, _ = proc.communicate()
    return out, killed


def moment(rng: random.Random, duration: float) -> float:
    return rng.uniform(0.3, 1.0) * duration


def current(project: Path):
    with Project.open(project) as store:
        return load_view(store)


def test_kill_run(base, tmp_path, rng) -> None:
    study = str(base / "study")
    args = ["run", study, "--force", "--no-report", "-q"]
    for s in SETTINGS:
        args += ["--set", s]
    first, duration = timed(*args, "-p", str(tmp_path / "warm"))
    check_project(tmp_path / "warm", run_id=acknowledged_run(first.stdout))
    for i in range(4):
        target = tmp_path / ("fresh" if i == 0 else "warm")  # the first kill: a new project
        out, _ = killed_at(moment(rng, duration), *args, "-p", str(target))
        check_project(target, run_id=acknowledged_run(out))


def test_kill_merge(project, rng) -> None:
    def merge_two() -> list[str]:
        a, b = sorted(t.id for t in current(project).themes)[:2]
        return ["merge", str(a), str(b), "--name", f"merged {a}", "-p", str(project)]

    done, duration = timed(*merge_two())
    acknowledged = acknowledged_events(done.stdout)
    assert acknowledged
    for _ in range(4):
        out, _ = killed_at(moment(rng, duration), *merge_two())
        acknowledged += acknowledged_events(out)
        check_project(project, acknowledged)


def test_kill_split(project, rng) -> None:
    def split_largest() -> list[str]:
        largest = max(current(project).themes, key=lambda t: (t.size, -t.id))
        assert largest.size >= 4
        return ["split", str(largest.id), "--k", "2", "--yes", "-p", str(project)]

    done, duration = timed(*split_largest())
    acknowledged = acknowledged_events(done.stdout)
    assert acknowledged
    for _ in range(4):
        out, _ = killed_at(moment(rng, duration), *split_largest())
        acknowledged += acknowledged_events(out)
        check_project(project, acknowledged)


def _added(project: Path, transcript: str) -> tuple[bool, bool]:
    """(the transcript is stored, an add event names it)"""
    with Project.open(project) as store:
        stored = transcript in store.transcript_batches()
        view = load_view(store)
    named = any(transcript in e.payload.get("transcripts", ()) for e in view.events)
    return stored, named


def test_kill_add(base, project, rng) -> None:
    duration = 0.0
    acknowledged: list[int] = []
    for i in range(N_ADDED):
        folder = base / f"more{i}"
        transcript = next(folder.glob("*.txt")).stem
        if i == 0:
            done, duration = timed("add", str(folder), "-p", str(project))
            acknowledged += acknowledged_events(done.stdout)
            continue
        out, killed = killed_at(moment(rng, duration), "add", str(folder), "-p", str(project))
        acknowledged += acknowledged_events(out)
        check_project(project, acknowledged)
        stored, named = _added(project, transcript)
        assert stored == named, "transcripts stored without their add event (or the reverse)"
        retry = cli("add", str(folder), "-p", str(project))  # a retry finishes the job
        if stored:
            assert retry.returncode != 0 and "already in the project" in retry.stderr
        else:
            assert retry.returncode == 0, retry.stderr
            acknowledged += acknowledged_events(retry.stdout)
        assert _added(project, transcript) == (True, True)
    check_project(project, acknowledged)


def _report_ok(path: Path) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), "a half-written report is in place"


def test_kill_report(project, rng) -> None:
    report = project / "reports" / "report.html"
    args = ("report", "-p", str(project))
    done, duration = timed(*args)
    _report_ok(report)
    left = []
    for i in range(4):
        # the rename waits a second: the first kill lands anywhere, the others while a
        # finished temporary file waits to be renamed
        if i == 0:
            out, _ = killed_at(moment(rng, duration + 1.0), *args, before_replace=1.0)
        else:
            out, _ = killed_once(report.parent, rng.uniform(0.0, 0.9), *args, before_replace=1.0)
        _report_ok(report)
        left += [p.name for p in report.parent.glob(".report.html.tmp-*")]
        check_project(project)
    assert left, "no kill left a temporary file behind"
    cli(*args)
    _report_ok(report)
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.html"]


def killed_once(folder: Path, delay: float, *args: str, **pauses: float) -> tuple[str, bool]:
    """Start the command; SIGKILL it `delay` seconds after a temporary file appears in
    `folder` (or after a minute)."""
    before = set(folder.glob(".*.tmp-*"))
    proc = subprocess.Popen(
        driver_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=driver_env(in_transaction=PAUSE, **pauses),
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if set(folder.glob(".*.tmp-*")) - before:
            time.sleep(delay)
            break
        time.sleep(0.01)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return out, killed
