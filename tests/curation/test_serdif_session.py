"""A scripted analyst session on the SERDIF corpus with the real model.

Run on 14 sessions, merge the two most similar pairs of themes, undo one merge, rename a
theme, add the 3 held-back sessions, then check the history, the export and the report.
"""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

pytestmark = [pytest.mark.serdif, pytest.mark.model]
HELD_BACK = ("serdif_P15", "serdif_P16", "serdif_P17")
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_serdif_session(serdif, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("THEMES_ANALYST", "session-test")
    first, more, p = tmp_path / "first", tmp_path / "more", str(tmp_path / "project")
    first.mkdir()
    more.mkdir()
    for path in sorted((serdif / "transcripts").glob("*.txt")):
        shutil.copy(path, (more if path.stem in HELD_BACK else first) / path.name)
    config = load_config(overrides=["speakers.include_speakers=[Participant]"])
    result = run(first, p, config)
    assert result.n_transcripts == 14 and result.n_themes >= 5

    from themes.curation.compare import suggest_merges
    from themes.discovery.run_vectors import view_vectors

    with Project.open(p) as store:
        view = load_view(store)
        pairs = suggest_merges(view, view_vectors(store, view), top=10)
    a, b = pairs[0].a, pairs[0].b
    c, d = next((x.a, x.b) for x in pairs if not {x.a, x.b} & {a, b})
    assert "Suggestion:" in cli("compare", str(a), str(b), "-p", p)
    cli("merge", str(a), str(b), "--name", "Merged first", "--memo", "same feature", "-p", p)
    cli("merge", str(c), str(d), "--name", "Merged second", "-p", p)
    assert "cancelled event 2" in cli("undo", "-p", p)
    cli("rename", str(c), "Kept apart", "-p", p)

    out = cli("add", str(more), "-p", p)
    for tid in HELD_BACK:
        assert tid in out
    assert "fit existing themes" in out

    with Project.open(p) as store:
        view = load_view(store)
        batches = store.transcript_batches()
    kinds = [e.kind for e in view.events]
    assert kinds == ["merge", "merge", "undo", "rename", "add"]
    assert view.cancelled() == {2}
    assert view.title(min(a, b)) == "Merged first" and view.theme(max(a, b)) is None
    assert view.theme(c) is not None and view.theme(d) is not None and view.title(c) == "Kept apart"
    add = view.events[-1].payload
    assert [r["transcript_id"] for r in add["per_transcript"]] == list(HELD_BACK)
    assert all(r["n_fit"] + r["n_novel"] == r["n_segments"] for r in add["per_transcript"])
    assert sum(r["n_fit"] for r in add["per_transcript"]) > 0
    assert {batches[t] for t in HELD_BACK} == {2}
    assert {view.segments[s].transcript_id for s in view.order} >= set(HELD_BACK)

    history = cli("history", "-p", p)
    assert "session-test" in history and "cancelled by 3" in history
    sat = cli("saturation", "-p", p)
    assert "serdif_P17" in sat

    from themes.report import write_report

    html = write_report(p, fmt="html").read_text(encoding="utf-8")
    md = write_report(p, fmt="md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "Merged first" in text and "Kept apart" in text
        assert "same feature" in text  # the merge's memo, on the card and in the decision log
        assert "session-test" in text
    assert "Saturation" in html
