"""The discovery run end to end with a fake embedder: storage, reuse, determinism."""

import io
import shutil
from collections import Counter

import pytest
from fakes import FakeEmbedder, write_study

from themes.core.config import load_config
from themes.core.errors import InputError
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.export.tables import segment_rows, theme_rows, write_rows
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


def exported(project_dir) -> tuple[str, str]:
    with Project.open(project_dir) as p:
        view = load_view(p)
    seg_out, theme_out = io.StringIO(), io.StringIO()
    write_rows(segment_rows(view), "csv", seg_out)
    write_rows(theme_rows(view), "jsonl", theme_out)
    return seg_out.getvalue(), theme_out.getvalue()


def test_run_stores_themes_with_provenance(tmp_path):
    write_study(tmp_path / "study")
    result = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    assert not result.reused and result.n_transcripts == 6
    assert result.n_clustered == 6 * 4 * 4  # interviewer turns are context, not clustered
    assert result.n_themes >= 2
    with Project.open(tmp_path / "p") as p:
        view = load_view(p)
        run_info = view.run
    assert run_info.config["cluster"]["min_cluster_size"] == 4
    assert run_info.versions["themes"] and run_info.model_id == "fake-bow"
    every = segment_rows(view)  # every segment, with its status
    assert len(every) == result.n_segments
    assert {r["status"] for r in every} == {"clustered", "not-selected"}
    rows = [r for r in every if r["status"] == "clustered"]
    assert len(rows) == result.n_clustered
    required = {
        "segment_id",
        "transcript",
        "source_file",
        "speaker",
        "role",
        "line_start",
        "line_end",
        "char_start",
        "char_end",
        "text",
        "theme_id",
        "theme_label",
        "theme_probability",
        "assigned_by",
    }
    assert required <= set(rows[0])
    assert "meta_org_context" in rows[0] and rows[0]["meta_org_context"] == "voluntary"
    for row in rows:
        assert row["prompt"].startswith("Tell me about")
        if row["theme_id"] == "":
            assert row["assigned_by"] == "" and row["theme_label"] == ""
        else:
            assert row["assigned_by"] in {"hdbscan", "nearest"}
    # every clustered segment is in exactly one theme or unassigned
    members = [s for t in view.themes for s in t.segment_ids]
    assert len(members) == len(set(members))
    assert set(members) | {s.id for s in view.unassigned()} == set(view.order)
    counted = Counter(a.theme_id for a in view.assignments.values() if a.theme_id is not None)
    assert {t.id: t.size for t in view.themes} == dict(counted)
    assert [t.id for t in view.themes] == list(range(1, len(view.themes) + 1))
    assert all(a.size >= b.size for a, b in zip(view.themes, view.themes[1:], strict=False))


def test_second_run_on_unchanged_folder_reuses_everything(tmp_path):
    write_study(tmp_path / "study")
    first = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    fake = FakeEmbedder()
    second = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=fake)
    assert second.reused and second.run_id == first.run_id and fake.calls == []
    forced = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=fake, force=True)
    assert not forced.reused and forced.run_id != first.run_id
    assert fake.calls == [] and forced.n_embedded == 0  # all from the cache


def test_same_input_same_seed_same_exports_whatever_the_file_order(tmp_path):
    write_study(tmp_path / "a", order=[0, 1, 2, 3, 4, 5])
    write_study(tmp_path / "b", order=[5, 3, 1, 0, 4, 2])
    run(tmp_path / "a", tmp_path / "pa", CONFIG, embedder=FakeEmbedder())
    run(tmp_path / "a", tmp_path / "pa2", CONFIG, embedder=FakeEmbedder())
    run(tmp_path / "b", tmp_path / "pb", CONFIG, embedder=FakeEmbedder())
    first = exported(tmp_path / "pa")
    assert exported(tmp_path / "pa2") == first
    assert exported(tmp_path / "pb") == first


def test_too_few_segments_says_what_to_check(tmp_path):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Interviewer: Hello there, how are you?\nParticipant: Fine thanks, all good here.\n"
    )
    with pytest.raises(InputError, match="at least 3"):
        run(folder, tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    assert not (tmp_path / "p" / "project.db").exists()


def test_stability_scores_each_theme(tmp_path):
    write_study(tmp_path / "study")
    config = load_config(overrides=["cluster.min_cluster_size=4", "stability.runs=2"])
    run(tmp_path / "study", tmp_path / "p", config, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        themes = load_view(p).themes
    assert themes and all(0.0 <= t.stability <= 1.0 for t in themes)


def test_new_file_keeps_existing_segment_ids(tmp_path):
    write_study(tmp_path / "study", people=5)
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        before = {s.id: s.text for s in p.segments()}
    shutil.rmtree(tmp_path / "study")
    write_study(tmp_path / "study", people=6)
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        after = {s.id: s.text for s in p.segments()}
    assert all(after[k] == v for k, v in before.items())


def test_older_run_of_a_changed_transcript_is_a_clear_error(tmp_path):
    from themes.core.errors import ProjectError

    write_study(tmp_path / "study")
    first = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    path = sorted((tmp_path / "study").glob("*.txt"))[0]
    path.write_text(
        "Interviewer: A new question about housing?\n" + path.read_text(), encoding="utf-8"
    )
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        assert load_view(p).order  # the latest run is fine
        with pytest.raises(ProjectError, match="earlier versions of 1 transcript"):
            load_view(p, first.run_id)


def test_changing_only_cluster_settings_reuses_the_reduction(tmp_path, monkeypatch):
    from themes.discovery.reduce import Reducer

    write_study(tmp_path / "study")
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())

    def refuse(self, X, y=None):
        raise AssertionError("UMAP ran again")

    monkeypatch.setattr(Reducer, "fit_transform", refuse)
    other = load_config(overrides=["cluster.min_cluster_size=6"])
    result = run(tmp_path / "study", tmp_path / "p", other, embedder=FakeEmbedder())
    assert not result.reused and result.run_id == 2
    changed = load_config(overrides=["cluster.min_cluster_size=6", "reduce.n_neighbors=12"])
    with pytest.raises(AssertionError, match="UMAP ran again"):
        run(tmp_path / "study", tmp_path / "p", changed, embedder=FakeEmbedder())


def test_a_new_run_never_silently_hides_the_analysts_decisions(tmp_path):
    from themes.core.errors import ProjectError
    from themes.curation.decisions import rename

    write_study(tmp_path / "study")
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        rename(p, 1, "Housing worries", analyst="ana")
    again = run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    assert again.reused  # unchanged: the run and its decisions are what the analyst sees
    other = load_config(overrides=["cluster.min_cluster_size=6"])
    with pytest.raises(ProjectError, match="holds 1 analyst decision"):
        run(tmp_path / "study", tmp_path / "p", other, embedder=FakeEmbedder())
    fresh = run(tmp_path / "study", tmp_path / "p", other, embedder=FakeEmbedder(), new_run=True)
    assert fresh.run_id == 2


def test_refused_run_leaves_the_project_as_it_was(tmp_path):
    from themes.core.errors import ProjectError
    from themes.curation.decisions import rename

    write_study(tmp_path / "study")
    run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        rename(p, 1, "Housing worries", analyst="ana")
    path = sorted((tmp_path / "study").glob("*.txt"))[0]
    path.write_text(path.read_text() + "Participant: One more thing about the landlord.\n")
    with pytest.raises(ProjectError, match="holds 1 analyst decision"):
        run(tmp_path / "study", tmp_path / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        view = load_view(p)  # the transcripts in the project still match the run
    assert view.title(1) == "Housing worries"
