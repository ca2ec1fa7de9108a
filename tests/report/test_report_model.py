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
from themes.report.cross import SPEAKER_ROLE, context_fields
from themes.report.model import ReportModel
from themes.report.similarity import merge_candidates
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
    assert np.allclose(matrix, matrix.T) and np.allclose(np.diag(matrix), 1.0)
    assert all(p.a < p.b for p in sim.top_pairs) and sim.top_pairs
    assert "fake-bow" in sim.note and "suggest-merges" in sim.note
    with Project.open(project_dir) as project:
        vectors = view_vectors(project, view)  # what compare and suggest-merges read
    assert set(vectors) == set(view.order)
    # one merge criterion: the pairs, shares and verdicts are those suggest-merges gives, in
    # its order (the pairs to merge or look at first, then the closest pairs to keep apart)
    ranked = [s.evidence for s in suggest_merges(view, vectors, top=0)]
    shown = [(p.a, p.b, p.share, p.verdict) for p in sim.top_pairs]
    wanted = [(e.a, e.b, e.share, e.verdict) for e in ranked if e.verdict != "keep apart"]
    wanted = wanted[:10]
    wanted += [(e.a, e.b, e.share, e.verdict) for e in ranked if e.verdict == "keep apart"][
        : max(0, 5 - len(wanted))
    ]
    assert shown == wanted
    assert all(p.reason.startswith(p.verdict) for p in sim.top_pairs)
    for i, a in enumerate(sim.theme_ids):
        for j, b in enumerate(sim.theme_ids):
            if a < b:
                share = next(e.share for e in ranked if (e.a, e.b) == (a, b))
                assert sim.matrix[i][j] == share


def test_merge_candidates_by_hand() -> None:
    rng = np.random.default_rng(0)
    base = np.eye(8, dtype=np.float32)

    def group(direction: np.ndarray, n: int = 12) -> np.ndarray:
        rows = direction + rng.normal(0, 0.05, (n, 8)).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    groups = {1: group(base[0]), 2: group(base[0]), 3: group(base[5])}
    vectors = {f"{t}:{i}": row for t, rows in groups.items() for i, row in enumerate(rows)}
    members = {t: [f"{t}:{i}" for i in range(len(rows))] for t, rows in groups.items()}
    sim = merge_candidates(vectors, {**members, 4: []})
    assert sim.theme_ids == (1, 2, 3)  # a theme without vectors is left out
    first = sim.top_pairs[0]
    assert (first.a, first.b, first.verdict) == (1, 2, "merge") and first.share > 0.9
    assert len(sim.top_pairs) == 3  # fewer pairs than the list holds: every one
    assert all(p.verdict != "merge" and p.share < 0.35 for p in sim.top_pairs[1:])
    assert sim.matrix[0][1] == first.share and sim.matrix[0][0] == 1.0
    assert merge_candidates(vectors, {1: members[1]}).note  # fewer than two themes: explained


def test_similarity_without_vectors_is_explained(view: ProjectView) -> None:
    model = build_report(view, [], {})
    assert model.similarity.top_pairs == () and "embeddings" in model.similarity.note


def test_contexts_cover_every_field(model: ReportModel, view: ProjectView) -> None:
    tables = {c.field: c for c in model.context_comparisons}
    assert set(tables) == {"org_context", "role", "site"}
    org = tables["org_context"]
    assert org.contexts == ("partnership", "statutory", "voluntary")
    assert sum(org.totals) == model.overview.n_assigned
    for row in org.rows:
        theme = view.theme(int(row.label.id))
        assert theme is not None and sum(row.counts) == theme.size
        for total, count, share in zip(org.totals, row.counts, row.shares, strict=True):
            assert share == pytest.approx(count / total, abs=1e-4)


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


def test_spreads_order_numbers_as_numbers(view: ProjectView) -> None:
    from themes.report.cards import metadata_spreads

    theme = dataclasses.replace(
        view.themes[0],
        spread={
            "years_in_role": {"10": 5, "2": 1, "1.5": 3, "22": 2},
            "org_context": {"voluntary": 1, "statutory": 4, "partnership": 4},
        },
    )
    spreads = {s.field: [c.label for c in s.values] for s in metadata_spreads(theme)}
    assert spreads["years_in_role"] == ["1.5", "2", "10", "22"]  # by value, not as text
    assert spreads["org_context"] == ["partnership", "statutory", "voluntary"]  # largest first
