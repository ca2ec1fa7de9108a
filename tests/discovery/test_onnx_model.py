"""The model run through onnxruntime: same vectors as torch, exported once, torch not imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from themes.core.errors import ModelError
from themes.discovery.embed import SentenceTransformerEmbedder
from themes.discovery.onnx_backend import Export, export_folder, prepare

pytestmark = pytest.mark.model

TEXTS = [
    "She had been there herself, so I trusted her straight away.",
    "The rota changed again and nobody told the peer workers.",
    "ok",
    "Going to the allotment group with him was the first time I left the flat in months.",
]


def _never() -> None:
    raise AssertionError("the torch model should not be loaded")


def test_onnx_vectors_equal_torch_vectors_and_export_is_reused() -> None:
    onnx = SentenceTransformerEmbedder("all-MiniLM-L6-v2", backend="onnx")
    torch = SentenceTransformerEmbedder("all-MiniLM-L6-v2", backend="torch")
    ours, reference = onnx.encode(TEXTS), torch.encode(TEXTS)
    assert onnx.backend_ == "onnx" and torch.backend_ == "torch"
    assert ours.shape == (4, 384) and ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-5
    folder, export = prepare(onnx.info.path, _never, label=onnx.model_id)  # already exported
    assert export.usable and export.max_abs_diff is not None and export.max_abs_diff < 1e-4
    assert {"model.onnx", "tokenizer.json", "meta.json"} <= {p.name for p in folder.iterdir()}


def test_a_run_with_an_export_does_not_import_torch(tmp_path: Path) -> None:
    SentenceTransformerEmbedder("all-MiniLM-L6-v2", backend="onnx").encode(["warm the export"])
    code = (
        "import sys; from themes.discovery.embed import SentenceTransformerEmbedder as E; "
        "e = E('all-MiniLM-L6-v2'); v = e.encode(['a peer worker', 'a rota']); "
        "print(e.backend_, v.shape, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.split()
    assert out == ["onnx", "(2,", "384)", "False", "False"]


def test_auto_falls_back_to_torch_with_a_note_when_the_export_is_unusable() -> None:
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    folder = export_folder(embedder.info.path, "broken-" + embedder.model_id)
    folder.mkdir(parents=True)
    Export(False, "ONNX vectors differ from sentence-transformers by 3.0e-02").write(folder)
    embedder.model_id = "broken-" + embedder.model_id  # the export folder is named after it
    vectors = embedder.encode(TEXTS[:2])
    assert embedder.backend_ == "torch" and vectors.shape == (2, 384)
    assert embedder.notes == [
        "embedding with torch: ONNX vectors differ from sentence-transformers by 3.0e-02"
    ]
    strict = SentenceTransformerEmbedder("all-MiniLM-L6-v2", backend="onnx")
    strict.model_id = embedder.model_id
    with pytest.raises(ModelError, match="embed.backend=torch"):
        strict.encode(TEXTS[:1])


def test_auto_uses_torch_when_onnxruntime_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    assert embedder.encode(TEXTS[:1]).shape == (1, 384)
    assert embedder.backend_ == "torch"
    assert embedder.notes == ["embedding with torch: onnxruntime is not installed"]


def test_an_unwritable_cache_is_a_note_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("THEMES_CACHE_DIR", str(blocker))
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    assert embedder.encode(TEXTS[:1]).shape == (1, 384)
    assert embedder.backend_ == "torch"
    assert "THEMES_CACHE_DIR" in embedder.notes[0]


def test_a_damaged_meta_file_means_export_again(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{not json")
    assert Export.read(tmp_path) is None
    (tmp_path / "meta.json").write_text(json.dumps({"format": 0, "usable": True}))
    assert Export.read(tmp_path) is None


def test_half_made_exports_of_killed_processes_are_cleared(tmp_path: Path) -> None:
    from themes.discovery.onnx_backend import _remove_stale_work

    old, fresh = tmp_path / ".export-old", tmp_path / ".export-new"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "model.onnx").write_bytes(b"partial")
    os.utime(old, (0, 0))
    _remove_stale_work(tmp_path)
    assert not old.exists() and fresh.exists()  # a running export is left alone
