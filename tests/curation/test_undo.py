"""An undo (or a redo: undoing an undo) that would leave later decisions without effect lists
them and is applied only when confirmed."""

from __future__ import annotations

import shutil

import pytest
from fakes import FakeEmbedder, write_study

from themes.core.config import load_config
from themes.core.errors import ConfirmationNeeded
from themes.curation import decisions as decide
from themes.curation.split import propose_split
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.discovery.run_vectors import view_vectors
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("undo")
    write_study(root / "study", people=6)
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root


@pytest.fixture
def store(base, tmp_path):
    shutil.copytree(base / "p", tmp_path / "p")
    with Project.open(tmp_path / "p") as project:
        yield project


def split_move_rename(store: Project):
    """`split 1`, move a segment of theme 2 into the first part, rename that part."""
    view = load_view(store)
    split = decide.split(store, propose_split(view, view_vectors(store, view), 1, k=2))
    part = decide.part_ids(split)[0]
    seg = view.theme(2).segment_ids[0]
    move = decide.move(store, seg, part)
    rename = decide.rename(store, part, "Part one")
    return split, move, rename


def test_undoing_a_split_that_later_work_builds_on_asks_first(store) -> None:
    split, move, rename = split_move_rename(store)
    plan = decide.plan_undo(store, split.id)
    assert plan.target.id == split.id
    assert [e.id for e in plan.voided] == [move.id, rename.id]
    assert plan.describe_voided() == [
        f"#{move.id} move {move.payload['segment']} to {move.payload['theme']}",
        f"#{rename.id} rename {rename.payload['theme']} to 'Part one'",
    ]
    with pytest.raises(ConfirmationNeeded, match=rf"#{move.id} move .*#{rename.id} rename"):
        decide.undo(store, split.id)
    with pytest.raises(ConfirmationNeeded, match="--yes"):
        decide.undo(store, split.id, accepted=[move.id])  # shown only one of the two
    assert len(load_view(store).events) == 3  # nothing was recorded
    done = decide.undo(store, split.id, accepted=[move.id, rename.id])
    assert done.event.kind == "undo" and done.event.payload == {"event": split.id}
    view = load_view(store)
    assert set(view.skipped()) == {move.id, rename.id} and view.theme(1) is not None


def test_yes_applies_without_asking(store) -> None:
    split, move, rename = split_move_rename(store)
    done = decide.undo(store, split.id, yes=True)
    assert [e.id for e in done.plan.voided] == [move.id, rename.id]


def test_an_undo_that_voids_nothing_needs_no_confirmation(store) -> None:
    split, move, rename = split_move_rename(store)
    assert decide.plan_undo(store).voided == ()  # the latest: the rename
    done = decide.undo(store)
    assert done.plan.target.id == rename.id and not load_view(store).skipped()


def test_a_redo_that_would_void_later_work_asks_too(store) -> None:
    merge = decide.merge(store, [1, 2], "Both")
    undo = decide.undo(store, merge.id).event  # theme 2 is back
    rename = decide.rename(store, 2, "Two again")
    plan = decide.plan_undo(store, undo.id)  # redo the merge: theme 2 would go again
    assert plan.target.id == undo.id and [e.id for e in plan.voided] == [rename.id]
    with pytest.raises(ConfirmationNeeded, match=f"undoing event {undo.id}"):
        decide.undo(store, undo.id)
    decide.undo(store, undo.id, yes=True)
    view = load_view(store)
    assert view.theme(2) is None and view.title(1) == "Both" and rename.id in view.skipped()


def test_the_latest_decision_is_undone_by_default_and_decisions_return_what_was_recorded(
    store,
) -> None:
    memo = decide.memo(store, "3", "look again")
    assert memo.kind == "memo" and memo.payload == {"target": "theme", "id": 3}
    assert memo.memo == "look again" and memo.analyst
    assert load_view(store).events[-1] == memo
    done = decide.undo(store)
    assert done.plan.target == memo and done.event.payload == {"event": memo.id}
