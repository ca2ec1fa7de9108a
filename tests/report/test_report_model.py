"""The report model, built from a small project made with a fake embedder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from test_report_support import INJECT_SCRIPT, PEOPLE, make_project

from themes.core.types import Segment, Theme
from themes.curation.compare import suggest_merges
from themes.curation.view import ProjectView, load_view
from themes.discovery.run_vectors import view_vectors
from themes.report.build import build_report, map_points, placed_coords, report_from_project
from themes.report.cross import SPEAKER_ROLE, context_fields, cross_tables
from themes.report.model import ReportModel
from themes.report.similarity import centroid_similarity
from themes.store.project import Project


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def view(project_dir: Path) -> ProjectView:
    with Project.open(project_dir) as project:
        return load_view(project)


@pytest.fixture(scope="module")
def model(project_dir: Path) -> ReportModel:
    with Project.open(project_dir) as project:
        return report_from_project(project)


def test_overview_counts_the_corpus_and_the_run(model: ReportModel, view: ProjectView) -> None:
    o = model.overview
    assert o.n_transcripts == len(PEOPLE) == 6
    assert o.n_clustered == len(view.order) == 6 * 4 * 4
    assert o.n_segments == len(view.segments) > o.n_clustered  # interviewer turns are context
    assert o.n_assigned + o.n_unassigned == o.n_clustered
    assert o.n_themes == len(view.themes) >= 2
    assert o.model_id == "fake-bow" and o.seed == 42 and o.run_id == view.run.id
    assert o.run_date == view.run.created_at
    assert dict(o.versions)["themes"]


def test_overview_lists_roles_included_and_excluded(model: ReportModel) -> None:
    roles = {r.role: r for r in model.overview.roles}
    assert roles["participant"].n_clustered == roles["participant"].n_segments == 96
    interviewer = roles["interviewer"]
    assert interviewer.n_clustered == 0 and interviewer.speakers == ("Interviewer",)
    assert sum(c.count for c in interviewer.excluded_reasons) == interviewer.n_segments
    assert dict(model.overview.speaker_settings)["cluster_roles"] == "participant"


def test_run_settings_show_resolved_auto_values(model: ReportModel) -> None:
    settings = dict(model.overview.settings)
    assert settings["UMAP n_neighbors"] == "auto → 10"
    assert settings["HDBSCAN min_cluster_size"] == "4"  # set explicitly: nothing to resolve
    assert settings["HDBSCAN min_samples"].startswith("auto → ")
    assert settings["prompt as context"] == "blend"


def test_one_card_per_theme_with_evidence(model: ReportModel, view: ProjectView) -> None:
    assert [c.id for c in model.themes] == [t.id for t in view.themes]
    for card, theme in zip(model.themes, view.themes, strict=True):
        assert card.label == theme.label and card.title == theme.label and card.name is None
        assert card.size == theme.size and card.keywords == theme.keywords
        assert min(5, theme.size) <= len(card.quotes) <= 10
        assert len({q.segment_id for q in card.quotes}) == len(card.quotes)
        for quote in card.quotes:
            assert quote.segment_id in theme.segment_ids
            seg = view.segments[quote.segment_id]
            assert (
                quote.text == seg.text and quote.location == f"{seg.transcript_id}:{seg.line_start}"
            )
            assert quote.prompt and quote.prompt.startswith("Tell me about")
            assert 3 <= len(quote.context) <= 5
            this = [c for c in quote.context if c.is_quote]
            assert len(this) == 1 and this[0].line == seg.line_start
            lines = [c.line for c in quote.context]
            assert lines == sorted(lines)
        assert card.colour.startswith("#") and len(card.colour) == 7
    assert len({c.colour for c in model.themes}) == len(model.themes)


def test_spread_by_participant_and_metadata(model: ReportModel) -> None:
    for card in model.themes:
        spreads = {s.field: s for s in card.spreads}
        assert card.spreads[0].field == "participant"
        assert sum(c.count for c in spreads["participant"].values) == card.size
        assert {c.label for c in spreads["participant"].values} <= set(PEOPLE)
        assert {"org_context", "role"} <= set(spreads)
        assert "number" not in spreads  # a participant number identifies, it is no context
        assert sum(c.count for c in spreads["org_context"].values) == card.size


def test_prompt_flag_follows_the_configured_threshold(view: ProjectView, project_dir: Path) -> None:
    themes = tuple(dataclasses.replace(t, prompt_share=0.5) for t in view.themes)
    low = dataclasses.replace(view, themes=themes)
    run = dataclasses.replace(
        view.run, config=dict(view.run.config, describe={"prompt_concentration": 0.4})
    )
    high = dataclasses.replace(low, run=run)
    assert not any(c.restates_prompt for c in build_report(low, [], {}).themes)
    assert all(c.restates_prompt for c in build_report(high, [], {}).themes)


def test_analyst_name_slot(view: ProjectView) -> None:
    @dataclasses.dataclass(frozen=True)
    class NamedTheme(Theme):
        name: str | None = None

    named = tuple(
        NamedTheme(**{f.name: getattr(t, f.name) for f in dataclasses.fields(t)}, name=f"N{t.id}")
        for t in view.themes
    )
    model = build_report(dataclasses.replace(view, themes=named), [], {})
    assert [c.title for c in model.themes] == [f"N{t.id}" for t in view.themes]
    assert [c.label for c in model.themes] == [t.label for t in view.themes]


def test_similarity_from_cached_vectors(
    model: ReportModel, view: ProjectView, project_dir: Path
) -> None:
    sim = model.similarity
    assert sim.theme_ids == tuple(t.id for t in view.themes)
    matrix = np.array(sim.matrix)
    assert np.allclose(matrix, matrix.T) and np.allclose(np.diag(matrix), 1.0, atol=1e-3)
    assert len(sim.top_pairs) == min(10, len(view.themes) * (len(view.themes) - 1) // 2)
    assert all(p.a < p.b for p in sim.top_pairs)
    assert "fake-bow" in sim.note and "suggest-merges" in sim.note
    with Project.open(project_dir) as project:
        vectors = view_vectors(project, view)  # what compare and suggest-merges read
    assert set(vectors) == set(view.order)
    # the pairs are those suggest-merges ranks first, in its order (one merge criterion)
    ranked = suggest_merges(view, vectors, top=10)
    assert [(p.a, p.b) for p in sim.top_pairs] == [(p.a, p.b) for p in ranked]
    same = centroid_similarity({t.id: [vectors[i] for i in t.segment_ids] for t in view.themes})
    assert same.matrix == sim.matrix  # the report's similarity is computed from those vectors


def test_centroid_similarity_by_hand() -> None:
    e = np.eye(3, dtype=np.float32)
    sim = centroid_similarity({1: [e[0], e[0]], 2: [e[0], e[1]], 3: [e[2]], 4: []})
    assert sim.theme_ids == (1, 2, 3)  # a theme without vectors is left out
    assert sim.top_pairs[0].a == 1 and sim.top_pairs[0].b == 2
    assert sim.top_pairs[0].similarity == pytest.approx(np.sqrt(0.5), abs=1e-4)
    assert sim.matrix[0][2] == pytest.approx(0.0)
    assert centroid_similarity({1: [e[0]]}).note  # fewer than two themes: explained, no pairs


def test_similarity_without_vectors_is_explained(view: ProjectView) -> None:
    model = build_report(view, [], {})
    assert model.similarity.top_pairs == () and "embeddings" in model.similarity.note


def test_cross_tables_cover_every_context(model: ReportModel, view: ProjectView) -> None:
    tables = {t.field: t for t in model.cross_tables}
    assert set(tables) == {"org_context", "role", "site"}
    org = tables["org_context"]
    assert org.values == ("partnership", "statutory", "voluntary")
    assert org.totals == (32, 32, 32)
    assigned = {v: 0 for v in org.values}
    for theme_id, cells in org.rows:
        theme = view.theme(theme_id)
        assert theme is not None and sum(c.count for c in cells) == theme.size
        for value, total, cell in zip(org.values, org.totals, cells, strict=True):
            assert cell.share == pytest.approx(cell.count / total, abs=1e-4)
            assigned[value] += cell.count
    assert sum(assigned.values()) == model.overview.n_assigned


def _segment(seg_id: str, transcript: str, role: str = "participant", **meta: str) -> Segment:
    return Segment(
        id=seg_id,
        transcript_id=transcript,
        source=f"{transcript}.txt",
        turn_index=0,
        speaker="P",
        role=role,
        text="some words here",
        line_start=1,
        line_end=1,
        char_start=0,
        char_end=15,
        metadata=meta,
    )


def test_context_fields_are_generic_and_skip_identifiers() -> None:
    segments = [
        _segment("a:1", "a", team="red", pid="1", only="x"),
        _segment("a:2", "a", role="interviewer", team="red", pid="1", only="x"),
        _segment("b:1", "b", team="blue", pid="2", only="x"),
        _segment("c:1", "c", team="blue", pid="3", only="x"),
    ]
    assert context_fields(segments) == ["team", SPEAKER_ROLE]
    tables = cross_tables(segments, {"a:1": 1, "a:2": None, "b:1": 1, "c:1": 2}, [1, 2])
    team = tables[0]
    assert team.values == ("blue", "red") and team.totals == (2, 2)
    assert team.rows[0] == (1, (team.rows[0][1][0], team.rows[0][1][1]))
    assert [c.count for c in team.rows[0][1]] == [1, 1] and [c.count for c in team.rows[1][1]] == [
        1,
        0,
    ]


def test_map_points_and_thinning(model: ReportModel, view: ProjectView) -> None:
    assert len(model.points) == len(view.coords) == len(view.order)
    assert model.map_note == ""
    point = model.points[0]
    assert point.theme_id == view.assignments[point.segment_id].theme_id
    assert len(point.quote) <= 160 and ":" in point.location
    points, note = map_points(view, 10)
    assert len(points) == 10 and "10 of 96" in note


def test_unassigned_and_hooks(model: ReportModel, view: ProjectView) -> None:
    assert [u.segment_id for u in model.unassigned] == [s.id for s in view.unassigned()]
    assert model.decisions == () and model.mappings == ()


def test_hostile_text_is_kept_verbatim_in_the_model(model: ReportModel) -> None:
    texts = [p.quote for p in model.points] + [
        q.prompt or "" for c in model.themes for q in c.quotes
    ]
    assert any(INJECT_SCRIPT in t for t in texts)  # escaping is the renderers' job


def test_segments_added_after_the_run_sit_beside_their_nearest_segments(view: ProjectView) -> None:
    added, twin, other = view.order[0], view.order[1], view.order[2]
    coords = {i: xy for i, xy in view.coords.items() if i != added}  # as if added later
    vectors = {i: np.eye(len(view.order), dtype=np.float32)[k] for k, i in enumerate(view.order)}
    vectors[added] = vectors[twin]
    later = dataclasses.replace(view, coords=coords)
    assert placed_coords(later, vectors, k=1) == {added: coords[twin]}
    mixed = {**vectors, added: (vectors[twin] + vectors[other]) / np.sqrt(2)}
    x, y = placed_coords(later, mixed, k=2)[added]
    assert (x, y) == pytest.approx(np.mean([coords[twin], coords[other]], axis=0), abs=1e-4)
    points, note = map_points(later, 0, {added: (x, y)})
    assert added in {p.segment_id for p in points} and "added after the run" in note
    assert placed_coords(view, vectors) == {}  # nothing added: nothing placed
