"""Build the SERDIF project with 100 analyst decisions in its log (a scripted session).

The run is `themes run` on the SERDIF transcripts, `Participant` turns (real model, default
settings, seed 42). The analysts' final codebook becomes the project's change model (`themes
model import codebook_final.csv`). Then one analyst works through the themes, each decision
chosen from what the view shows at that moment (so the log is valid and every event in force
or cancelled on purpose): 8 merges (the top pairs of `suggest-merges`), 2 splits, 20
renames, 10 definitions, 15 moves (borderline segments to their nearest other theme; 3 of
them of three segments at once), 8 exclusions (2 of three segments), 12 memos, 2 discards,
12 mappings onto codebook elements, 5 confirmed codes, 6 undos: 100 events.

    .venv/bin/python -m benchmarks.curation_session --project /tmp/serdif-100

`benchmarks/curation_speed.py` times the curation commands on it (and builds it when it is
not there). Needs the real model and ../shared/corpora/serdif-usability (or $THEMES_SERDIF).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import SERDIF

N_DECISIONS = 100
ANALYST = "benchmark"


def run_serdif(project: Path, corpus: Path = SERDIF, seed: int = 42) -> int:
    """The discovery run (reused when the project already has it)."""
    from benchmarks.common import serdif_config
    from themes.discovery.pipeline import run

    result = run(corpus / "transcripts", project, serdif_config([f"seed={seed}"]))
    return result.run_id


def store_codebook(project: Path, corpus: Path = SERDIF) -> str:
    """The analysts' final codebook as the project's change model; its hash."""
    from themes.changemodel.codebook import import_codebook
    from themes.changemodel.project_model import use_model
    from themes.changemodel.yaml_file import save_model
    from themes.store.project import Project

    path = project / "serdif-final-codes.yaml"
    if not path.exists():
        imported = import_codebook(corpus / "codebook_final.csv", "serdif-final-codes")
        save_model(imported.model, path, "SERDIF final codebook (benchmark)")
    with Project.open(project) as store:
        return use_model(store, str(path)).hash


def session(project: Path, model_hash: str) -> list[str]:
    """Record the scripted decisions; what each was, in order."""
    from themes.changemodel import decisions as coding
    from themes.changemodel.project_model import model_by_hash
    from themes.curation import decisions as decide
    from themes.curation.compare import suggest_merges
    from themes.curation.derived import view_vectors, words_for
    from themes.curation.split import propose_split
    from themes.curation.view import ProjectView, load_view
    from themes.store.project import Project

    done: list[str] = []

    def view() -> ProjectView:
        with Project.open(project) as store:
            return load_view(store)

    def record(what: str, act: Callable[[Project], Any]) -> None:
        with Project.open(project) as store:
            act(store)
        done.append(what)

    def by_size() -> list[int]:
        return [t.id for t in sorted(view().themes, key=lambda t: (-t.size, t.id))]

    with Project.open(project) as store:
        elements = [f.id for f in model_by_hash(store, model_hash).model.codable()]
        first = load_view(store)
        pairs = suggest_merges(first, view_vectors(store, first), top=0)
    taken: set[int] = set()
    merges: list[tuple[int, int]] = []
    for p in pairs:
        if not {p.a, p.b} & taken and len(merges) < 8:
            merges.append((p.a, p.b))
            taken |= {p.a, p.b}
    for i, (a, b) in enumerate(merges):
        record(
            "merge", partial(decide.merge, theme_ids=[a, b], name=f"Merged {i}", analyst=ANALYST)
        )
        if i in (2, 5):
            record("undo", partial(decide.undo, analyst=ANALYST, yes=True))
    for theme in by_size()[:2]:
        with Project.open(project) as store:
            now = load_view(store)
            proposal = propose_split(
                now, view_vectors(store, now), theme, k=2, words=words_for(store, now)
            )
        record("split", partial(decide.split, proposal=proposal, analyst=ANALYST))
    ids = by_size()
    for i, theme in enumerate(ids[:20]):
        record("rename", partial(decide.rename, theme_id=theme, name=f"Theme {i}", analyst=ANALYST))
        if i < 10:
            text = f"What theme {i} is about"
            record(
                "define", partial(decide.define, theme_id=theme, definition=text, analyst=ANALYST)
            )
    moved: set[str] = set()
    for i, theme in enumerate(ids[:15]):
        _move_borderline(project, theme, moved, 1 if i < 12 else 3, done)
        if i == 4:
            record("undo", partial(decide.undo, analyst=ANALYST, yes=True))
    now = view()
    loose = [s for s in now.order if now.assignments[s].theme_id is not None and s not in moved]
    for i in range(8):
        segs = loose[40 * i : 40 * i + (3 if i >= 6 else 1)]
        record(
            "exclude", partial(decide.exclude, segment_ids=segs, analyst=ANALYST, memo="off topic")
        )
    for i, theme in enumerate(by_size()[:6]):
        record("memo", partial(decide.memo, target=str(theme), text=f"note {i}", analyst=ANALYST))
    for i in range(4):
        seg = view().themes[i].segment_ids[0]
        record("memo", partial(decide.memo, target=seg, text="a telling quote", analyst=ANALYST))
    for i in range(2):
        record("memo", partial(decide.memo, target=None, text=f"project note {i}", analyst=ANALYST))
    for i, theme in enumerate(by_size()[:12]):
        element = elements[i % len(elements)]
        mapping = partial(coding.map_set, theme_id=theme, element_id=element, analyst=ANALYST)
        record("map_set", partial(mapping, model_hash=model_hash))
    now = view()
    for i in range(5):
        seg = now.themes[i].segment_ids[-1]
        element = elements[(i + 3) % len(elements)]
        code = partial(coding.code_set, segment_id=seg, element_id=element, analyst=ANALYST)
        record("code_set", partial(code, model_hash=model_hash))
    for theme in by_size()[-2:]:
        record(
            "discard", partial(decide.discard, theme_id=theme, analyst=ANALYST, memo="one voice")
        )
    for _ in range(3):
        record("undo", partial(decide.undo, analyst=ANALYST, yes=True))
    return done


def _move_borderline(project: Path, theme: int, moved: set[str], n: int, done: list[str]) -> None:
    """Move the `n` segments of `theme` nearest another theme to that theme (one event)."""
    from themes.curation import decisions as decide
    from themes.curation.compare import compare_segment
    from themes.curation.derived import view_vectors
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        vectors = view_vectors(store, view)
        found = view.theme(theme)
        if found is None:
            return
        picks: list[tuple[str, int]] = []
        for seg in found.segment_ids:
            if seg in moved:
                continue
            near = compare_segment(view, vectors, seg, top=2).nearest
            other = next((t.theme_id for t in near if t.theme_id != theme), None)
            if other is not None and (not picks or other == picks[0][1]):
                picks.append((seg, other))
            if len(picks) == n:
                break
        segs = [s for s, _ in picks]
        decide.move(store, segs, picks[0][1], ANALYST, memo="reads as the other theme")
    moved.update(segs)
    done.append("move")


def build(project: Path, corpus: Path = SERDIF) -> dict[str, Any]:
    """The 100-decision project in `project` (made when it has no decisions yet)."""
    from themes.store.project import Project

    t0 = time.perf_counter()
    run_serdif(project, corpus)
    with Project.open(project) as store:
        n = len(store.events(store.require_run().id))
    kinds: list[str] = []
    if n == 0:
        kinds = session(project, store_codebook(project, corpus))
        with Project.open(project) as store:
            n = len(store.events(store.require_run().id))
    if n != N_DECISIONS:
        raise SystemExit(f"{project}: {n} decisions in the log, expected {N_DECISIONS}")
    return {
        "project": str(project),
        "events": n,
        "seconds": round(time.perf_counter() - t0, 1),
        "kinds": {k: kinds.count(k) for k in sorted(set(kinds))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=SERDIF)
    args = parser.parse_args()
    print(json.dumps(build(args.project, args.corpus), indent=1))


if __name__ == "__main__":
    main()
