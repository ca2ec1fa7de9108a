"""The run the analyst sees is the run decisions land on, and no run hides a decision."""

from __future__ import annotations

import pytest
from fakes import FakeEmbedder, write_study

from themes.core.config import load_config
from themes.core.errors import ProjectError
from themes.curation.decisions import merge, rename
from themes.curation.view import load_view
from themes.discovery.pipeline import Listener, run
from themes.store.project import Project

A = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
B = load_config(overrides=["cluster.min_cluster_size=6", "cluster.attach_threshold=0.3"])


def test_a_reused_run_is_the_run_shown_and_decided_on(tmp_path):
    write_study(tmp_path / "study")
    first = run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    second = run(tmp_path / "study", tmp_path / "p", B, embedder=FakeEmbedder())
    again = run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    assert again.reused and again.run_id == first.run_id != second.run_id
    with Project.open(tmp_path / "p") as p:
        assert load_view(p).run.id == first.run_id
        rename(p, 1, "Housing worries", analyst="ana")
        assert [e.run_id for e in p.events(first.run_id)] == [first.run_id]
    with Project.open(tmp_path / "p") as p:
        assert load_view(p).title(1) == "Housing worries"


def test_reusing_an_older_run_does_not_hide_the_current_runs_decisions(tmp_path):
    write_study(tmp_path / "study")
    run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    second = run(tmp_path / "study", tmp_path / "p", B, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        rename(p, 1, "Housing worries", analyst="ana")
    with pytest.raises(ProjectError, match="holds 1 analyst decision"):
        run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    with Project.open(tmp_path / "p") as p:
        assert load_view(p).run.id == second.run_id


class _DecideMeanwhile(Listener):
    """Records a merge from another connection while the run is clustering."""

    def __init__(self, project_dir) -> None:
        self.project_dir = project_dir
        self.done = False

    def stage(self, name: str) -> None:
        if name == "cluster" and not self.done:
            self.done = True
            with Project.open(self.project_dir) as other:
                merge(other, [1, 2], "Same thing", analyst="ana")


def test_a_decision_made_during_a_run_stays_in_view(tmp_path):
    write_study(tmp_path / "study")
    first = run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    listener = _DecideMeanwhile(tmp_path / "p")
    with pytest.raises(ProjectError, match="while this run was working"):
        run(
            tmp_path / "study",
            tmp_path / "p",
            A,
            embedder=FakeEmbedder(),
            force=True,
            new_run=True,
            listener=listener,
        )
    assert listener.done
    with Project.open(tmp_path / "p") as p:
        view = load_view(p)
        assert view.run.id == first.run_id and [e.kind for e in view.events] == ["merge"]
        assert p.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    # and the refusal stands for a later forced run too, without --new-run
    with pytest.raises(ProjectError, match="holds 1 analyst decision"):
        run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder(), force=True)


def test_settings_read_after_the_run_do_not_call_for_a_new_run(tmp_path):
    write_study(tmp_path / "study")
    first = run(tmp_path / "study", tmp_path / "p", A, embedder=FakeEmbedder())
    later = load_config(
        overrides=[
            "cluster.min_cluster_size=4",
            "cluster.attach_threshold=0.3",
            "curate.add_threshold=0.9",
            "changemodel.map_threshold=0.9",
        ]
    )
    again = run(tmp_path / "study", tmp_path / "p", later, embedder=FakeEmbedder())
    assert again.reused and again.run_id == first.run_id
