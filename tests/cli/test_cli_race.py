"""Two CLI processes at once (merge+merge, split+split, add+split, run+merge): they never both
print success for conflicting changes, what each prints is what was recorded, and no printed
decision is lost or "without effect". Reading the themes is slowed down in both processes
(tests/cli_driver.py) so that they overlap."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fakes import FakeEmbedder, write_study
from soundness import ROOT, acknowledged_events, check_project, driver_command, driver_env

from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

pytestmark = pytest.mark.slow

SETTINGS = ["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"]
CONFIG = load_config(overrides=SETTINGS)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli-race")
    write_study(root / "study", people=7)
    (root / "more").mkdir()
    held = sorted((root / "study").glob("*.txt"))[-1]
    shutil.move(held, root / "more" / held.name)
    lines = ["Interviewer: Anything else?"]
    novel = "the weather sunshine rainfall forecast umbrella"
    lines += [f"Participant: Honestly {novel} mattered number {i} today." for i in range(8)]
    (root / "more" / "VOL1PW99.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def project(base, tmp_path) -> Path:
    shutil.copytree(base / "p", tmp_path / "p")
    return tmp_path / "p"


def together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start the commands at the same moment; wait for all."""
    env = driver_env(after_view=0.5)
    procs = [
        subprocess.Popen(
            driver_command(*c),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for c in commands
    ]
    done = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return done


def recorded(project: Path):
    with Project.open(project) as store:
        return {e.id: e for e in load_view(store).events}


def test_merge_merge(project) -> None:
    p = str(project)
    done = together(
        ["merge", "1", "2", "--name", "A", "-p", p], ["merge", "1", "2", "--name", "B", "-p", p]
    )
    ok = [d for d in done if d.returncode == 0]
    assert len(ok) == 1, [(d.stdout, d.stderr) for d in done]
    failed = next(d for d in done if d.returncode != 0)
    assert "theme 2 is not among the current themes" in failed.stderr
    check_project(project, acknowledged_events(ok[0].stdout))


def test_split_split(project) -> None:
    p = str(project)
    done = together(
        ["split", "1", "--k", "2", "--yes", "-p", p], ["split", "2", "--k", "2", "--yes", "-p", p]
    )
    assert all(d.returncode == 0 for d in done), [d.stderr for d in done]
    events = recorded(project)
    printed = []
    for d in done:
        event_id, theme, ids = re.search(
            r"Event (\d+): split theme (\d+) into ([\d, ]+)\.", d.stdout
        ).groups()
        parts = [int(i) for i in ids.split(", ")]
        assert [part["id"] for part in events[int(event_id)].payload["parts"]] == parts
        printed += parts
    assert len(set(printed)) == 4
    check_project(project, [e for d in done for e in acknowledged_events(d.stdout)])


def test_add_split(base, project) -> None:
    p = str(project)
    added, split = together(
        ["add", str(base / "more"), "-p", p], ["split", "1", "--k", "2", "--yes", "-p", p]
    )
    assert added.returncode == 0 and split.returncode == 0, (added.stderr, split.stderr)
    new = re.search(r"new candidate themes: ([\d, ]+|none);", added.stdout).group(1)
    parts = re.search(r"split theme 1 into ([\d, ]+)\.", split.stdout).group(1)
    new_ids = [] if new == "none" else [int(i) for i in new.split(", ")]
    part_ids = [int(i) for i in parts.split(", ")]
    assert new_ids and not set(new_ids) & set(part_ids)
    view = check_project(
        project, acknowledged_events(added.stdout) + acknowledged_events(split.stdout)
    )
    assert {t.id for t in view.themes} >= {*new_ids, *part_ids}


def test_run_merge(base, project) -> None:
    p = str(project)
    args = ["run", str(base / "study"), "--force", "--new-run", "--no-report", "-q", "-p", p]
    for s in SETTINGS:
        args += ["--set", s]
    ran, merged = together(args, ["merge", "1", "2", "--name", "A", "-p", p])
    assert ran.returncode == 0 or merged.returncode == 0, (ran.stderr, merged.stderr)
    if ran.returncode != 0:
        assert "while this run was working" in ran.stderr
    check_project(project, acknowledged_events(merged.stdout) if merged.returncode == 0 else [])
