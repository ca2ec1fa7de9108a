"""Deductive coding with the real model on a few SERDIF sessions: the analysts' 22 final
codes imported as a change model, zero-shot and trained on their codes of three sessions,
scored on a fourth. A quick check that it works on real data (the benchmark measures it:
`python -m benchmarks.coding`)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from themes.changemodel.agreement import agreement
from themes.changemodel.codebook import import_codebook
from themes.changemodel.codes import machine_codings
from themes.changemodel.codings import Codings
from themes.changemodel.deductive import code_segments, coded_segments, store_codes
from themes.changemodel.project_model import use_model
from themes.changemodel.yaml_file import save_model
from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

pytestmark = [pytest.mark.model, pytest.mark.serdif]
SESSIONS = ("serdif_P1", "serdif_P2", "serdif_P3", "serdif_P4")


def test_serdif_sessions_coded_zero_shot_and_trained(serdif: Path, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for name in SESSIONS:
        shutil.copy(serdif / "transcripts" / f"{name}.txt", folder)
    imported = import_codebook(serdif / "codebook_final.csv", "SERDIF final codes").model
    save_model(imported, tmp_path / "serdif.yaml")
    ids = {flat.element.name: flat.id for flat in imported.codable()}
    config = load_config(overrides=['speakers.include_speakers=["Participant"]'])
    run(folder, tmp_path / "p", config)
    gold: dict[str, set[str]] = {}
    with (serdif / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["transcript"] in SESSIONS and row["speaker"] == "Participant" and row["label"]:
                line = int(row["turn_index"]) + 1  # segment ids are TRANSCRIPT:LINE
                gold[f"{row['transcript']}:{line}"] = {ids[x] for x in row["all_labels"].split(";")}
    with Project.open(tmp_path / "p") as store:
        view = load_view(store)
        for seg_id in coded_segments(view):  # ids are lines: turn_index + 1 here
            seg = view.segments[seg_id]
            assert seg_id == f"{seg.transcript_id}:{seg.turn_index + 1}" == seg.location
        model = use_model(store, str(tmp_path / "serdif.yaml"))
        zero = code_segments(store, view, model)
        assert zero.codes and {c.element for c in zero.codes} <= set(ids.values())
        sample = Codings.of(
            "P1-P3",
            [(s, e) for s, es in gold.items() if not s.startswith("serdif_P4:") for e in es],
        )
        trained = code_segments(store, view, model, training=sample, resamples=0)
        assert trained.cv is not None and trained.training is not None
        assert trained.training.folds == 3 and len(trained.training.used) > 150
        store_codes(store, trained)
        machine = machine_codings(store, view, model)
    held = {s for s in gold if s.startswith("serdif_P4:")}
    scored = agreement(Codings.of("analysts", [(s, e) for s in held for e in gold[s]]), machine,
                       segments=held, resamples=0)  # fmt: skip
    assert len(scored.segments) > 50
    assert scored.pooled.kappa.value is not None and scored.pooled.kappa.value > 0.15
