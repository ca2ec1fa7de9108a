"""Every segment is exported with its status, and the report counts and lists what was set
aside; `segment.set_aside: false` brings echoes and fillers back into the themes, flagged."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from fakes import TOPICS, FakeEmbedder

from themes.core.config import load_config
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.export.tables import segment_rows, theme_rows, write_rows
from themes.report.build import report_from_project
from themes.report.markdown import render_markdown
from themes.store.project import Project

SETTINGS = ["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"]
READ_OUT = "Which of the three leaflets names the most local walking groups for newcomers?"


def write_talky_study(folder: Path, people: int = 6) -> None:
    """The fake study's answers, plus in every interview a filler turn, a turn too short to
    cluster, the interviewer's question read back, and a shared text read out."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in range(people):
        lines = []
        for topic, words in TOPICS.items():
            question = f"Tell me about {topic} and the {words.split()[p % 3]} in your work?"
            lines.append(f"Interviewer: {question}")
            ws = words.split()
            for k in range(4):
                chosen = " ".join(ws[(k + j + p) % len(ws)] for j in range(5))
                lines.append(f"Participant: Well I think the {chosen} really matters to us here.")
            if topic == "housing":
                lines.append("Participant: Okay, yeah, so I guess that is it, done.")
                lines.append("Participant: Mm, yes.")
                lines.append(f"Participant: {question}")
            if topic == "risk":
                lines.append(f"Participant: {READ_OUT}")
        (folder / f"VOL{1 + p % 2}PW{p + 1:02d}.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("talky")
    write_talky_study(root / "study")
    return root


def _run(study: Path, name: str, *extra: str) -> Path:
    config = load_config(overrides=[*SETTINGS, *extra])
    run(study / "study", study / name, config, embedder=FakeEmbedder())
    return study / name


def test_every_segment_is_exported_with_its_status(study: Path) -> None:
    with Project.open(_run(study, "p")) as project:
        view = load_view(project)
        rows = segment_rows(view)
        status = Counter(r["status"] for r in rows)
        assert status["filler"] == 6 and status["short"] == 6
        assert status["echo"] == 12  # the question read back, and the shared text read out
        assert status["not-selected"] == 6 * 4 and status["clustered"] == 6 * 16
        assert len(rows) == len(view.segments)
        by_id = {r["segment_id"]: r for r in rows}
        echo = next(r for r in rows if r["status"] == "echo" and r["text"] == READ_OUT)
        assert echo["status_reason"].startswith("echo: recites a shared text")
        assert echo["theme_id"] == "" and echo["assigned_by"] == ""
        assert all(by_id[i]["status"] == "clustered" for i in view.order)
        decide.exclude(project, view.order[0], analyst="ann")
        after = {r["segment_id"]: r["status"] for r in segment_rows(load_view(project))}
        assert after[view.order[0]] == "excluded"
        report = report_from_project(project)
    assert report.set_aside is not None
    counts = {c.label: c.count for c in report.set_aside.counts}
    assert counts == {"short": 6, "echo": 12, "filler": 6, "excluded": 1}
    assert len(report.set_aside.items) == 12 + 6 + 1  # short turns are counted, not listed
    text = render_markdown(report)
    assert "## Set aside" in text and "| short | 6 |" in text
    out = io.StringIO()
    write_rows(rows, "csv", out)
    assert out.getvalue().splitlines()[0].startswith("run_id,segment_id,status,status_reason")


def test_set_aside_false_clusters_echo_and_filler_and_flags_their_theme(study: Path) -> None:
    with Project.open(_run(study, "back", "segment.set_aside=false")) as project:
        view = load_view(project)
        rows = segment_rows(view)
        themes = theme_rows(view)
        report = report_from_project(project)
    status = Counter(r["status"] for r in rows)
    assert "echo" not in status and "filler" not in status and status["short"] == 6
    marked = [r for r in rows if r["status_reason"].startswith(("echo", "filler"))]
    assert len(marked) == 18 and all(r["status"] == "clustered" for r in marked)
    flagged = [t for t in report.themes if t.set_aside_flag]
    assert flagged, [(t["label"], t["echo_share"], t["filler_share"]) for t in themes]
    assert {"subtitle", "echo_share", "filler_share"} <= set(themes[0])
    assert report.set_aside is not None and report.set_aside.clustered_back


def test_list_shows_the_echo_filler_flag(study: Path) -> None:
    from typer.testing import CliRunner

    from themes.cli.app import app

    project = (
        study / "back"
        if (study / "back").exists()
        else _run(study, "back", "segment.set_aside=false")
    )
    result = CliRunner().invoke(app, ["list", "--project", str(project)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "echo/filler" in result.output or "filler " in result.output
