"""Two decision commands at once: each reads, checks and appends in one write transaction, so
they never both succeed with conflicting changes and neither is lost (turned into a decision
"without effect"). And `themes add` stores its transcripts and its event together or not at
all.

Threads with their own connections race through a barrier; reading the view is slowed down
so that, without the write transaction around read-check-append, both would read the same
state before either appends.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fakes import FakeEmbedder, write_study
from soundness import check_project

import themes.curation.view
from themes.core.config import load_config
from themes.core.errors import NotFoundError, ProjectError, ThemesError
from themes.curation import decisions as decide
from themes.curation.add import add_transcripts
from themes.curation.split import propose_split
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.discovery.run_vectors import view_vectors
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
NOVEL = "the weather sunshine rainfall forecast umbrella"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("race")
    write_study(root / "study", people=7)
    (root / "more").mkdir()
    held = sorted((root / "study").glob("*.txt"))[-1]
    shutil.move(held, root / "more" / held.name)
    lines = ["Interviewer: Anything else?"]
    lines += [f"Participant: Honestly {NOVEL} mattered number {i} today." for i in range(8)]
    (root / "more" / "VOL1PW99.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def project_dir(base, tmp_path, monkeypatch):
    shutil.copytree(base / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return tmp_path / "p"


@pytest.fixture
def slow_view(monkeypatch) -> None:
    """Reading the view takes a while: enough for the other thread to read it too."""
    load = themes.curation.view.load_view

    def slow(*args: Any, **kwargs: Any) -> Any:
        view = load(*args, **kwargs)
        time.sleep(0.3)
        return view

    monkeypatch.setattr(themes.curation.view, "load_view", slow)
    monkeypatch.setattr(decide, "load_view", slow)


def race(project_dir, *calls: Callable[[Project], Any]) -> list[Any]:
    """Run each call in its own thread with its own connection, all released together;
    returns what each returned or the ThemesError it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def go(i: int, call: Callable[[Project], Any]) -> None:
        with Project.open(project_dir) as store:
            barrier.wait()
            try:
                results[i] = call(store)
            except ThemesError as exc:
                results[i] = exc

    threads = [threading.Thread(target=go, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def succeeded(results: list[Any]) -> list[Any]:
    return [r for r in results if not isinstance(r, ThemesError)]


def test_the_same_merge_twice_at_once_succeeds_once(project_dir, slow_view) -> None:
    results = race(
        project_dir,
        lambda s: decide.merge(s, [1, 2], "Homes", analyst="ann"),
        lambda s: decide.merge(s, [1, 2], "Housing", analyst="bob"),
    )
    won = succeeded(results)
    assert len(won) == 1, results
    lost = next(r for r in results if isinstance(r, ThemesError))
    assert isinstance(lost, NotFoundError) and "theme 2" in str(lost)
    view = check_project(project_dir, [won[0].id])
    assert [e.id for e in view.events] == [won[0].id]


def test_overlapping_merges_at_once_are_both_in_force_or_one_refused(
    project_dir, slow_view
) -> None:
    results = race(
        project_dir,
        lambda s: decide.merge(s, [1, 2], "A"),
        lambda s: decide.merge(s, [2, 3], "B"),
    )
    won = succeeded(results)
    assert won, results
    check_project(project_dir, [e.id for e in won])  # none "without effect"


def test_splits_at_once_never_share_ids_and_report_what_was_recorded(
    project_dir, slow_view
) -> None:
    with Project.open(project_dir) as store:
        view = load_view(store)
        vectors = view_vectors(store, view)
        one, two = (propose_split(view, vectors, t, k=2) for t in (1, 2))
        again = propose_split(view, vectors, 1, k=2)
    results = race(
        project_dir,
        lambda s: decide.split(s, one),
        lambda s: decide.split(s, two),
        lambda s: decide.split(s, again),  # the same theme as the first: one of them fails
    )
    won = succeeded(results)
    assert len(won) == 2, results
    assert isinstance(next(r for r in results if isinstance(r, ThemesError)), NotFoundError)
    ids = [decide.part_ids(e) for e in won]
    assert not set(ids[0]) & set(ids[1])
    view = check_project(project_dir, [e.id for e in won])
    recorded = {e.id: e.payload for e in view.events}
    for event in won:  # what the command returned is what the log holds
        assert recorded[event.id] == event.payload
        assert all(view.theme(pid) is not None for pid in decide.part_ids(event))


def test_add_and_split_at_once_both_count(base, project_dir, slow_view) -> None:
    with Project.open(project_dir) as store:
        view = load_view(store)
        proposal = propose_split(view, view_vectors(store, view), 1, k=2)
    results = race(
        project_dir,
        lambda s: add_transcripts(project_dir, base / "more", embedder=FakeEmbedder()),
        lambda s: decide.split(s, proposal),
    )
    added, split = results
    assert not isinstance(added, ThemesError) and not isinstance(split, ThemesError), results
    assert added.new_theme_ids, "the novel transcript should bring a new theme"
    assert not set(added.new_theme_ids) & set(decide.part_ids(split))
    view = check_project(project_dir, [added.event_id, split.id])
    assert {t.id for t in view.themes} >= {*added.new_theme_ids, *decide.part_ids(split)}


def test_a_run_and_a_merge_at_once_never_hide_the_merge(base, project_dir, slow_view) -> None:
    def new_run(store: Project) -> Any:
        return run(
            base / "study",
            project_dir,
            CONFIG,
            embedder=FakeEmbedder(),
            force=True,
            new_run=True,
        )

    results = race(project_dir, new_run, lambda s: decide.merge(s, [1, 2], "Homes"))
    ran, merged = results
    assert not isinstance(merged, ThemesError) or not isinstance(ran, ThemesError), results
    if isinstance(ran, ThemesError):
        assert isinstance(ran, ProjectError) and "while this run was working" in str(ran)
    acknowledged = [] if isinstance(merged, ThemesError) else [merged.id]
    check_project(project_dir, acknowledged)


# -- add: all or nothing --------------------------------------------------------------------


def test_an_add_that_dies_before_its_event_leaves_nothing_behind(
    base, project_dir, monkeypatch
) -> None:
    append = Project.append_event

    def dies(self: Project, run_id: int, analyst: str, kind: str, *args: Any) -> int:
        if kind == "add":
            raise KeyboardInterrupt  # as if the process were stopped here
        return append(self, run_id, analyst, kind, *args)

    monkeypatch.setattr(Project, "append_event", dies)
    with pytest.raises(KeyboardInterrupt):
        add_transcripts(project_dir, base / "more", embedder=FakeEmbedder())
    monkeypatch.setattr(Project, "append_event", append)
    with Project.open(project_dir) as store:
        assert "VOL1PW99" not in store.transcript_batches()
        assert not store.events(store.require_run().id)
    result = add_transcripts(project_dir, base / "more", embedder=FakeEmbedder())  # the retry
    assert {r.transcript_id for r in result.transcripts} >= {"VOL1PW99"}
    check_project(project_dir, [result.event_id])


def test_adds_of_overlapping_folders_at_once_add_each_transcript_once(
    base, project_dir, slow_view
) -> None:
    """Two `add`s of overlapping folders at once: each transcript is added exactly once."""
    only = base / "only-novel"
    if not only.exists():
        only.mkdir()
        shutil.copy(base / "more" / "VOL1PW99.txt", only)
    results = race(
        project_dir,
        lambda s: add_transcripts(project_dir, base / "more", embedder=FakeEmbedder()),
        lambda s: add_transcripts(project_dir, only, embedder=FakeEmbedder()),
    )
    won = succeeded(results)
    assert won, results
    view = check_project(project_dir, [r.event_id for r in won])
    named = [t for e in view.events for t in e.payload["transcripts"]]
    assert sorted(named) == sorted(set(named)) and "VOL1PW99" in named
