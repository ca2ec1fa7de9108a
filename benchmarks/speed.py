"""Speed and memory: every measured thing in a fresh process (benchmarks.worker).

- cold run: empty project, fresh process, with numba's on-disk cache and the model's ONNX
  export as they are (made by any earlier run on this machine); and once as the very first run
  after installing: NUMBA_CACHE_DIR and THEMES_CACHE_DIR pointing at empty folders (numba
  compiles UMAP/pynndescent, the model is exported to ONNX and checked)
- warm re-run: same project, embeddings cached, clustering again (--force)
- unchanged re-run: same project, nothing changed (the run is reused)
- `themes --help` start-up
- pure sentence-transformers encode of the same texts (batch 32): the physical reference; and
  the same texts through the ONNX export themes uses
- BERTopic: fit on the same plain embeddings, and end to end (encode + fit)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import RESULTS, ROOT

PY = sys.executable
THEMES_BIN = Path(PY).with_name("themes")


def spawn(task: str, args: dict, env: dict | None = None, timeout: float = 900) -> dict:
    """Run one worker task in a fresh interpreter; its RESULT plus the outer wall time."""
    full_env = {**os.environ, **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PY, "-m", "benchmarks.worker", task, json.dumps(args)],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"worker {task} failed ({proc.returncode}): {' | '.join(tail)}")
    result = json.loads(lines[-1][len("RESULT ") :])
    result["process_wall_s"] = round(wall, 3)
    return result


def help_startup(repeats: int = 5) -> dict:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([str(THEMES_BIN), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}


def numba_cache_state() -> dict:
    """Whether umap/pynndescent have compiled code cached on disk (index files in __pycache__)."""
    import importlib.util

    out = {}
    for name in ("umap", "pynndescent"):
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).parent / "__pycache__" if spec and spec.origin else None
        out[name] = len(list(folder.glob("*.nbi"))) if folder and folder.is_dir() else 0
    return out


def pipeline_speed(
    folder: Path,
    overrides: list[str],
    label: str,
    repeats: int = 1,
    first_run: bool = True,
    warm_repeats: int = 3,
) -> dict:
    """Cold, warm and unchanged runs of one folder: `repeats` cold runs, each followed by
    `warm_repeats` warm re-runs; the median run of each kind is reported (all are kept)."""
    out: dict = {
        "folder": str(folder),
        "overrides": overrides,
        "numba_cache_before": numba_cache_state(),
    }
    work = RESULTS / "projects"
    work.mkdir(parents=True, exist_ok=True)
    colds, warms = [], []
    for k in range(repeats):
        project = work / f"{label}-{k}"
        shutil.rmtree(project, ignore_errors=True)
        args = {"folder": str(folder), "project": str(project), "overrides": overrides}
        colds.append(spawn("pipeline", args))
        warms += [spawn("pipeline", {**args, "force": True}) for _ in range(warm_repeats)]
        if k == 0:
            out["unchanged"] = spawn("pipeline", args)
    out["cold_runs"], out["warm_runs"] = colds, warms
    out["cold"] = _median_run(colds)
    out["warm"] = _median_run(warms)
    if first_run:
        project = work / f"{label}-first"
        shutil.rmtree(project, ignore_errors=True)
        with tempfile.TemporaryDirectory() as numba, tempfile.TemporaryDirectory() as export:
            out["first_run"] = spawn(
                "pipeline",
                {"folder": str(folder), "project": str(project), "overrides": overrides},
                env={"NUMBA_CACHE_DIR": numba, "THEMES_CACHE_DIR": export},
            )
    return out


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["process_wall_s"])
    return ordered[len(ordered) // 2]


def encode_reference(
    folder: Path, overrides: list[str], repeats: int = 1, backend: str = "torch"
) -> dict:
    args = {"folder": str(folder), "overrides": overrides, "backend": backend}
    runs = [spawn("encode", args) for _ in range(repeats)]
    best = _median_run(runs)
    best["encode_s_runs"] = [r["encode_s"] for r in runs]
    best["encode_s_median"] = round(statistics.median(best["encode_s_runs"]), 3)
    return best


def bertopic_speed(folder: Path, overrides: list[str]) -> dict:
    args = {"folder": str(folder), "overrides": overrides}
    return {
        "fit_only": spawn("bertopic", args),
        "end_to_end": spawn("bertopic", {**args, "end_to_end": True}),
    }
