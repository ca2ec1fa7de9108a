"""How fast the analyst's loop answers: every curation command on the SERDIF project with 100
decisions in its log (`benchmarks/curation_session.py` builds it), beside `python -c pass`
and `themes --help` on the same machine.

Each command runs `--repeats` times (default 5), each time in a fresh process on a fresh copy
of the project (copied before the clock starts), so a decision always meets the same log;
the figure is the median wall time of the process, start to exit. Arguments are chosen from
the project's view (the largest themes, the top pair of `suggest-merges`, a borderline
segment).

    .venv/bin/python -m benchmarks.curation_speed --project /tmp/serdif-100 [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT

PY = sys.executable
THEMES = str(Path(PY).with_name("themes"))
TARGET_S = 0.3


def commands(project: Path) -> dict[str, list[str]]:
    """Each timed command's arguments (after `themes`), chosen from the project's view."""
    from themes.changemodel.project_model import use_model
    from themes.curation.compare import suggest_merges
    from themes.curation.derived import view_vectors
    from themes.curation.view import load_view
    from themes.store.project import Project

    with Project.open(project) as store:
        view = load_view(store)
        pair = suggest_merges(view, view_vectors(store, view), top=1)[0]
        model = use_model(store, None)
    by_size = sorted(view.themes, key=lambda t: (-t.size, t.id))
    big, other = by_size[0], by_size[1]
    segs = [s for s in big.segment_ids if s not in big.exemplar_ids][:3]
    element = model.model.codable()[0].id
    p = ["--project", "PROJECT"]
    out = {
        "list": ["list", *p],
        "show": ["show", str(big.id), *p],
        "show --all": ["show", str(big.id), "--all", *p],
        "compare": ["compare", str(pair.a), str(pair.b), *p],
        "suggest-merges": ["suggest-merges", *p],
        "merge": ["merge", str(pair.a), str(pair.b), "--name", "Merged", *p],
        "split (preview)": ["split", str(big.id), *p],
        "rename": ["rename", str(big.id), "A new name", *p],
        "define": ["define", str(big.id), "What it is about", "--include", "x", *p],
        "move": ["move", segs[0], str(other.id), *p],
        "move (3 segments)": ["move", *segs, str(other.id), *p],
        "exclude": ["exclude", segs[0], *p],
        "discard": ["discard", str(by_size[-1].id), *p],
        "memo": ["memo", str(big.id), "A memo", *p],
        "history": ["history", *p],
        "undo": ["undo", "--yes", *p],
        "map set": ["map", "set", str(other.id), element, *p],
        "saturation": ["saturation", *p],
    }
    code_help = subprocess.run([THEMES, "code", "--help"], capture_output=True, text=True)
    if code_help.returncode == 0 and " set " in code_help.stdout:
        out["code set"] = ["code", "set", segs[1], element, *p]
    return out


def timed(argv: list[str], project: Path | None, scratch: Path) -> float:
    """Wall time of one fresh process (on a fresh copy of `project` when given)."""
    if project is not None:
        copy = scratch / "p"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project, copy)
        os.sync()  # the copy's pages on disk, so its first commit does not flush them all
        argv = [str(copy) if a == "PROJECT" else a for a in argv]
    env = {**os.environ, "THEMES_ANALYST": "benchmark", "COLUMNS": "100"}
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({proc.returncode}): {tail}")
    return wall


def measure(project: Path, repeats: int = 5) -> dict[str, Any]:
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="curation-speed-") as tmp:
        scratch = Path(tmp)
        base = {
            "python -c pass": ([PY, "-c", "pass"], None),
            "themes --help": ([THEMES, "--help"], None),
        }
        todo = {**base, **{k: ([THEMES, *v], project) for k, v in commands(project).items()}}
        for name, (argv, where) in todo.items():
            timed(argv, where, scratch)  # warm the file cache, not counted
            times = [timed(argv, where, scratch) for _ in range(repeats)]
            rows[name] = {
                "median_s": round(statistics.median(times), 3),
                "min_s": round(min(times), 3),
                "max_s": round(max(times), 3),
            }
    floor = rows["python -c pass"]["median_s"]
    helps = rows["themes --help"]["median_s"]
    for row in rows.values():
        row["x_python"] = round(row["median_s"] / floor, 1)
        row["x_help"] = round(row["median_s"] / helps, 1)
    slow = [k for k, r in rows.items() if r["median_s"] > TARGET_S]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "project": str(project),
        "repeats": repeats,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "target_s": TARGET_S,
        "over_target": slow,
        "rows": rows,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| command | median s | min-max s | / `python -c pass` | / `themes --help` |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in result["rows"].items():
        lines.append(
            f"| `{name}` | {r['median_s']:.3f} | {r['min_s']:.2f}-{r['max_s']:.2f} | "
            f"{r['x_python']:.1f} | {r['x_help']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="built when missing")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    from benchmarks.curation_session import build

    build(args.project)
    result = measure(args.project, args.repeats)
    print(markdown(result))
    print(f"over {TARGET_S} s: {', '.join(result['over_target']) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
