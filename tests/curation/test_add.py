"""`themes add`: new transcripts against the curated themes, new candidate themes, saturation."""

from __future__ import annotations

import shutil

import pytest
from fakes import FakeEmbedder

from themes.core.config import load_config
from themes.core.errors import InputError
from themes.curation import decisions as decide
from themes.curation.add import add_transcripts
from themes.curation.saturation import saturation
from themes.curation.view import load_view
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])
NOVEL = [
    "the weather sunshine rainfall forecast umbrella",
    "rainfall forecast weather umbrella sunshine",
    "umbrella sunshine weather forecast rainfall",
]


def write_novel(folder) -> None:
    """One held-back participant on a topic the study never had."""
    lines = ["Interviewer: Anything else?"]
    for i in range(8):
        lines.append(f"Participant: Honestly the {NOVEL[i % 3]} mattered number {i} today.")
    (folder / "VOL1PW99.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def base(fake_study):
    """Two held-back participants on the same topics plus one on a new topic."""
    root = fake_study(people=8, hold=2)
    if not (root / "more" / "VOL1PW99.txt").exists():
        write_novel(root / "more")
    return root


@pytest.fixture
def project_dir(base, tmp_path):
    shutil.copytree(base / "p", tmp_path / "p")
    return tmp_path / "p"


def test_add_fits_known_topics_and_finds_a_new_theme(base, project_dir) -> None:
    with Project.open(project_dir) as store:
        before = load_view(store)
    result = add_transcripts(project_dir, base / "more", embedder=FakeEmbedder(), analyst="ann")
    rows = {r.transcript_id: r for r in result.transcripts}
    assert set(rows) == {"VOL1PW99", "VOL2PW06", "VOL2PW08"}
    for known in ("VOL2PW06", "VOL2PW08"):
        assert rows[known].n_fit == rows[known].n_segments == 16 and rows[known].n_new_themes == 0
    assert rows["VOL1PW99"].n_novel == 8 and rows["VOL1PW99"].n_new_themes == 1
    top = max(t.id for t in before.themes)
    assert result.new_theme_ids == (top + 1,) and result.batch == 2
    with Project.open(project_dir) as store:
        view = load_view(store)
        batches = store.transcript_batches()
        event = view.events[-1]
    assert event.kind == "add" and event.analyst == "ann"
    assert event.payload["per_transcript"][0]["transcript_id"] == "VOL1PW99"
    new = view.theme(top + 1)
    assert new is not None and new.size >= 3 and "weather" in " ".join(new.keywords)
    assert len(view.order) == len(before.order) + 40
    curve = saturation(view, batches)
    assert [p.batch for p in curve] == [1] * 6 + [2] * 3
    # the new candidate theme is one participant's: first voiced there, not counted a theme
    assert curve[-3].transcript_id == "VOL1PW99" and curve[-3].n_new_themes == 0
    assert [t for t, why in curve[-3].not_counted if why.startswith("one voice")] == [top + 1]
    assert curve[-1].n_new_themes == 0 and curve[-1].n_fit == 16
    assert [p.n_themes for p in curve] == sorted(p.n_themes for p in curve)


def test_add_respects_merges_and_can_be_undone(base, project_dir) -> None:
    with Project.open(project_dir) as store:
        decide.merge(store, [1, 2], "One", analyst="ann")
        before = load_view(store)
    add_transcripts(project_dir, base / "more", embedder=FakeEmbedder())
    with Project.open(project_dir) as store:
        view = load_view(store)
        assert all(view.assignments[s].theme_id != 2 for s in view.order)
        decide.undo(store)
        undone = load_view(store)
    assert undone.order == before.order and [t.id for t in undone.themes] == [
        t.id for t in before.themes
    ]


def test_adding_the_same_transcripts_again_is_refused(base, project_dir) -> None:
    add_transcripts(project_dir, base / "more", embedder=FakeEmbedder())
    with pytest.raises(InputError, match="already in the project"):
        add_transcripts(project_dir, base / "more", embedder=FakeEmbedder())


def test_add_sets_aside_a_prompt_read_aloud(base, project_dir, tmp_path) -> None:
    """An added transcript is read as a run reads one: a question the participant reads out
    is an echo, kept out of the themes and of the `add` event, in the set-aside list."""
    question = "Describe the weekly timetable shown on the noticeboard beside the kitchen."
    folder = tmp_path / "echo"
    folder.mkdir()
    source = next((base / "more").glob("VOL2PW06*"))
    lines = source.read_text(encoding="utf-8").splitlines()
    lines += [f"Interviewer: {question}", f"Participant: {question}"]
    (folder / "VOL3PW01.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    add_transcripts(project_dir, folder, embedder=FakeEmbedder(), analyst="ann")
    with Project.open(project_dir) as store:
        added = [s for s in store.segments() if s.transcript_id == "VOL3PW01"]
        view = load_view(store)
    echo = [s for s in added if s.text == question and s.role == "participant"]
    assert len(echo) == 1 and not echo[0].clustered
    assert echo[0].skip_reason.startswith("echo: restates a prompt")
    assert echo[0].id not in view.assignments
    assert sum(1 for s in added if s.clustered) == 16  # the answers all stay
