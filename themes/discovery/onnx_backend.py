"""A local sentence-transformers model exported once to ONNX and run with onnxruntime.

The export runs the model's own modules (transformer, pooling, any dense or normalise layers)
through torch's ONNX exporter and keeps the exact tokenizer sentence-transformers uses. It is
checked on probe texts against sentence-transformers before it is used: if any vector differs
by more than `MAX_ABS_DIFF`, the export is marked unusable and runs keep using torch. Later
runs load the ONNX file in a fraction of a second instead of importing torch and transformers,
and encode faster on a CPU; the numbers are the same to about 1e-6.

Exports live in a per-user cache folder (`THEMES_CACHE_DIR`, else `$XDG_CACHE_HOME/themes`,
else `~/.cache/themes`), one folder per model version. They hold model weights only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from themes.core.offline import go_offline

EXPORT_FORMAT = 1
MAX_ABS_DIFF = 1e-4
_TOKEN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_PROBES = (
    "I felt listened to for the first time.",
    "She had been there herself, so I trusted her.",
    "ok",
    "Les pairs aidants: ça change tout, vraiment! 100% worth it.",
    "WHY DID NOBODY TELL ME ABOUT THE GROUP SOONER?",
    " ".join(["The peer worker came with me to every appointment that winter."] * 60),
)


def cache_root() -> Path:
    """Where exports are kept: THEMES_CACHE_DIR, $XDG_CACHE_HOME/themes or ~/.cache/themes."""
    if os.environ.get("THEMES_CACHE_DIR"):
        return Path(os.environ["THEMES_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "themes"


def model_key(model_path: Path) -> str:
    """Identifies one version of a model folder: every file's name, size and change time."""
    digest = hashlib.sha256(f"format {EXPORT_FORMAT}\n".encode())
    for path in sorted(p for p in model_path.rglob("*") if p.is_file()):
        stat = path.stat()
        rel = path.relative_to(model_path).as_posix()
        digest.update(f"{rel}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


@dataclass(frozen=True)
class Export:
    """What an export folder holds (meta.json): usable or not, and how to feed the model."""

    usable: bool
    reason: str  # why not usable, or ""
    inputs: tuple[str, ...] = ()
    max_seq_length: int = 0
    do_lower_case: bool = False
    max_abs_diff: float | None = None

    @staticmethod
    def read(folder: Path) -> Export | None:
        try:
            data = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if data.get("format") != EXPORT_FORMAT:
                return None
            return Export(
                usable=bool(data["usable"]),
                reason=str(data["reason"]),
                inputs=tuple(data["inputs"]),
                max_seq_length=int(data["max_seq_length"]),
                do_lower_case=bool(data["do_lower_case"]),
                max_abs_diff=data.get("max_abs_diff"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        data = {"format": EXPORT_FORMAT, **asdict(self), "inputs": list(self.inputs)}
        (folder / "meta.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def export_folder(model_path: Path, label: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in label)
    return cache_root() / "onnx" / f"{safe}-{model_key(model_path)}"


def prepare(
    model_path: Path, load_torch_model: Callable[[], Any], label: str = "model"
) -> tuple[Path, Export]:
    """The export folder for a model, exporting and checking it first if there is none.

    `load_torch_model` returns the loaded SentenceTransformer (only called when exporting).
    Raises OSError when the cache folder cannot be written.
    """
    final = export_folder(model_path, label)
    found = Export.read(final)
    if found is not None:
        return final, found
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_work(final.parent)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=final.parent))
    try:
        meta = _export(load_torch_model(), work)
        meta.write(work)
        try:
            work.rename(final)  # atomic: a crash never leaves a half-written export behind
        except OSError:  # another process finished first; use its export
            shutil.rmtree(work, ignore_errors=True)
            other = Export.read(final)
            if other is None:
                raise
            return final, other
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, meta


def _remove_stale_work(parent: Path, age_s: float = 24 * 3600) -> None:
    """Half-made exports of processes that were killed (a day old or more)."""
    cutoff = time.time() - age_s
    for folder in parent.glob(".export-*"):
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _export(st_model: Any, folder: Path) -> Export:
    """Export the model's whole module stack to folder/model.onnx and check it on probes."""
    go_offline()
    import torch

    first = st_model[0]
    backend = getattr(getattr(first, "tokenizer", None), "backend_tokenizer", None)
    if backend is None:
        return Export(False, "the model's tokenizer has no fast (tokenizers) version")
    prepare_fn = getattr(st_model, "preprocess", None) or st_model.tokenize
    features = prepare_fn(list(_PROBES[:2]))
    names = tuple(k for k, v in features.items() if isinstance(v, torch.Tensor))
    constants = {k: v for k, v in features.items() if not isinstance(v, torch.Tensor)}
    if not set(names) <= set(_TOKEN_INPUTS):
        return Export(False, f"the model takes inputs other than tokens: {sorted(names)}")

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = st_model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            out = self.inner({**constants, **dict(zip(names, tensors, strict=True))})
            embedding: torch.Tensor = out["sentence_embedding"]
            return embedding

    args = tuple(features[k] for k in names)
    target = folder / "model.onnx"
    axes = {k: {0: "batch", 1: "tokens"} for k in names}
    axes["sentence_embedding"] = {0: "batch"}
    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")
        options: dict[str, Any] = {
            "input_names": list(names),
            "output_names": ["sentence_embedding"],
            "dynamic_axes": axes,
            "opset_version": 17,
        }
        try:
            torch.onnx.export(Wrapped().eval(), args, str(target), dynamo=False, **options)
        except TypeError:  # torch from before the dynamo switch
            torch.onnx.export(Wrapped().eval(), args, str(target), **options)
    (folder / "tokenizer.json").write_text(backend.to_str(), encoding="utf-8")
    meta = Export(
        usable=True,
        reason="",
        inputs=names,
        max_seq_length=int(st_model.max_seq_length),
        do_lower_case=bool(getattr(first, "do_lower_case", False)),
    )
    reference = st_model.encode(list(_PROBES), normalize_embeddings=True, convert_to_numpy=True)
    ours = OnnxEncoder(folder, meta).encode(list(_PROBES))
    diff = float(np.abs(np.asarray(reference, dtype=np.float32) - ours).max())
    if not diff <= MAX_ABS_DIFF:
        return Export(False, f"ONNX vectors differ from sentence-transformers by {diff:.1e}")
    return replace(meta, max_abs_diff=diff)


class OnnxEncoder:
    """Encodes texts with an exported model: unit-length float32 rows."""

    def __init__(self, folder: Path, meta: Export, batch_size: int = 32) -> None:
        go_offline()  # before onnxruntime loads: it reads ORT_DISABLE_TELEMETRY only then
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.meta = meta
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(meta.max_seq_length)
        options = ort.SessionOptions()
        options.log_severity_level = 3  # errors only
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t.strip() for t in texts]  # as sentence-transformers prepares them
        if self.meta.do_lower_case:
            texts = [t.lower() for t in texts]
        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")  # little padding
        vectors: np.ndarray | None = None
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            out = self._run([encodings[i] for i in rows])
            if vectors is None:
                vectors = np.zeros((len(texts), out.shape[1]), dtype=np.float32)
            vectors[rows] = out
        return vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)

    def _run(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        feed = {
            name: np.zeros((len(encodings), width), dtype=np.int64) for name in self.meta.inputs
        }
        for row, enc in enumerate(encodings):
            values = {
                "input_ids": enc.ids,
                "attention_mask": enc.attention_mask,
                "token_type_ids": enc.type_ids,
            }
            for name, array in feed.items():
                array[row, : len(enc.ids)] = values[name]
        (out,) = self.session.run(None, feed)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.asarray(out / norms, dtype=np.float32)
