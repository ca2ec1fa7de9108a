"""Helpers for the report tests (no tests here): a small study with hostile text, run with a
fake embedder, so the report can be built without the real model."""

from __future__ import annotations

from pathlib import Path

from fakes import TOPICS, FakeEmbedder

from themes.core.config import load_config
from themes.discovery.pipeline import run

INJECT_SCRIPT = "<script>window.__pwned=1</script>"
INJECT_IMG = '<img src=x onerror="window.__pwned=2">'
INJECT = f"{INJECT_SCRIPT} {INJECT_IMG} </textarea>"
PEOPLE = ("STA1PW01", "STA1SU02", "VOL2PW03", "VOL2SU04", "PAR3PW05", "PAR3ST06")
CONFIG_OVERRIDES = ["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"]


def write_report_study(folder: Path, n_per_topic: int = 4) -> Path:
    """Six participants in three org contexts and three roles, each on every topic.

    The housing question carries script/img/textarea markup, and so does one answer.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for p, name in enumerate(PEOPLE):
        lines = []
        for topic, words in TOPICS.items():
            extra = f" {INJECT}" if topic == "housing" else ""
            lines.append(f"Interviewer: Tell me about {topic} in your work?{extra}")
            ws = words.split()
            for k in range(n_per_topic):
                chosen = " ".join(ws[(k + j + p) % len(ws)] for j in range(5))
                lead = f"{INJECT} " if (topic == "housing" and p == 0 and k == 0) else ""
                lines.append(
                    f"Participant: {lead}Well I think the {chosen} really matters to us here."
                )
            lines.append("Interviewer: Thanks.")
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def make_project(tmp_path: Path) -> Path:
    """Run the study with the fake embedder; returns the project folder."""
    study = write_report_study(tmp_path / "study")
    project = tmp_path / "project"
    run(study, project, load_config(overrides=CONFIG_OVERRIDES), embedder=FakeEmbedder())
    return project
