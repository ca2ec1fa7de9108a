"""The report shows the analyst's decisions: names, definitions, memos, the log, saturation."""

from __future__ import annotations

import shutil

from fakes import FakeEmbedder, write_study

from themes.core.config import load_config
from themes.curation import decisions as decide
from themes.curation.add import add_transcripts
from themes.discovery.pipeline import run
from themes.report import write_report
from themes.report.build import report_from_project
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


def test_report_shows_decisions_names_memos_and_saturation(tmp_path) -> None:
    write_study(tmp_path / "study", people=7)
    (tmp_path / "more").mkdir()
    held = sorted((tmp_path / "study").glob("*.txt"))[-1]
    shutil.move(held, tmp_path / "more" / held.name)
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as store:
        decide.merge(store, [1, 2], "Homes & trust", analyst="ann", memo="one story <really>")
        decide.define(store, 1, "Where people live", include="rent", exclude="work", analyst="ann")
        decide.rename(store, 3, "Temporary name", analyst="bob")
        decide.undo(store, analyst="bob")
        decide.memo(store, "3", "look at P2", analyst="bob")
    added = add_transcripts(
        tmp_path / "p", tmp_path / "more", embedder=FakeEmbedder(), analyst="cy"
    )
    with Project.open(tmp_path / "p") as store:
        points = report_from_project(store).points
    on_map = {p.segment_id.split(":")[0] for p in points}
    assert {t.transcript_id for t in added.transcripts} <= on_map  # added segments are drawn
    html = write_report(tmp_path / "p", fmt="html").read_text(encoding="utf-8")
    md = write_report(tmp_path / "p", fmt="md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "Where people live" in text and "look at P2" in text
        assert "cancelled by 4" in text and "undo event 3" in text
        assert "merge 1, 2 into 1" in text and "cy" in text
        assert "## Saturation" in text or 'id="saturation"' in text
    assert "Homes &amp; trust" in html and "one story &lt;really&gt;" in html  # escaped
    assert "Homes & trust" in md
    assert "Temporary name" not in html.split('id="decisions"')[0]  # undone: not on a card
    assert '<svg class="saturation"' in html and "<polyline" in html


def test_the_reports_saturation_is_the_commands(project) -> None:
    """The report's curve counts new themes and new codes by the rules `themes saturation`
    applies: near-duplicates left out, change-model elements first evidenced."""
    from themes.changemodel import decisions as coding
    from themes.changemodel.project_model import use_model
    from themes.curation.derived import view_vectors
    from themes.curation.saturation import element_evidence, saturation
    from themes.curation.view import load_view
    from themes.report.build import report_from_project

    model = use_model(project, "gillard2014")
    view = load_view(project)
    coding.map_set(project, view.themes[0].id, model.model.codable()[0].id, model.hash, "ann")
    view = load_view(project)
    points = saturation(
        view,
        project.transcript_batches(),
        vectors=view_vectors(project, view),
        codes=element_evidence(project, view),
    )
    rows = report_from_project(project).saturation
    assert [(r.transcript_id, r.n_new_themes, r.n_themes, r.n_codes) for r in rows] == [
        (p.transcript_id, p.n_new_themes, p.n_themes, p.n_codes) for p in points
    ]
    assert rows[-1].n_codes == 1
    assert [r.not_counted for r in rows] == [
        "; ".join(f"{t}: {why}" for t, why in p.not_counted) for p in points
    ]
