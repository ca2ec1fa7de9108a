"""Run every benchmark and write benchmarks/results/latest.json and latest.md.

    .venv/bin/python -m benchmarks.run            # full (~15 min on 2 cores)
    .venv/bin/python -m benchmarks.run --quick    # smoke run (~3 min): demo study, fewer runs
    .venv/bin/python -m benchmarks.run --with-100k  # also try 100,000 segments (10-minute limit)

Quality and determinism run in this process on cached embeddings
(benchmarks/results/cache, filled on first use); every speed, memory and scale figure comes
from a fresh process (benchmarks.worker).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone

from benchmarks import scale as scale_mod
from benchmarks import speed
from benchmarks.common import RESULTS, SERDIF_TRANSCRIPTS, demo_folder, peak_rss_mb
from benchmarks.quality import demo_check, run_quality
from benchmarks.report import markdown, targets

SERDIF_OVERRIDES = ["speakers.include_speakers=[Participant]"]


def machine() -> dict:
    import psutil

    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    from themes.discovery.pipeline import package_versions

    t_all = time.perf_counter()
    res: dict = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python -m benchmarks.run" + (" --quick" if quick else ""),
        "quick": quick,
        "machine": machine(),
        "versions": package_versions(),
    }
    try:
        from importlib.metadata import version

        res["versions"]["bertopic"] = version("bertopic")
    except Exception:  # noqa: BLE001
        res["versions"]["bertopic"] = "not installed"

    log("quality and determinism on SERDIF (themes vs BERTopic)")
    res["quality"] = run_quality(quick=quick)
    demo = demo_folder()
    if demo is not None:
        log(f"demo check on {demo}")
        res["demo"] = demo_check(demo)

    speed_folder, overrides = (
        (demo, []) if quick and demo else (SERDIF_TRANSCRIPTS, SERDIF_OVERRIDES)
    )
    log(f"speed and memory on {speed_folder} (fresh processes)")
    sp: dict = {"corpus": str(speed_folder)}
    sp["help"] = speed.help_startup(3 if quick else 5)
    sp["pipeline"] = speed.pipeline_speed(
        speed_folder, overrides, "quick" if quick else "serdif", first_run=not quick
    )
    sp["encode"] = speed.encode_reference(speed_folder, overrides, repeats=1 if quick else 2)
    sp["encode_onnx"] = speed.encode_reference(
        speed_folder, overrides, repeats=1 if quick else 2, backend="onnx"
    )
    sp["bertopic"] = (
        {"fit_only": speed.spawn("bertopic", {"folder": str(speed_folder), "overrides": overrides})}
        if quick
        else speed.bertopic_speed(speed_folder, overrides)
    )
    res["speed"] = sp

    sizes = [] if quick else [5_000, 20_000]
    if "--with-100k" in argv:
        sizes.append(100_000)
    sc: dict = {"sizes": {}, "surrogate": scale_mod.__doc__.split("\n\n")[1].replace("\n", " ")}
    for n in sizes:
        log(f"scale: {n} surrogate segments")
        limit = 600 if n > 20_000 else 420
        try:
            sc["sizes"][str(n)] = speed.spawn("scale", {"n": n}, timeout=limit)
        except Exception as exc:  # noqa: BLE001 - a timeout is a result to report
            sc["sizes"][str(n)] = {
                "n": n,
                "failed": f"{type(exc).__name__}: {str(exc)[:200]}",
                "limit_s": limit,
            }
    done = [v for v in sc["sizes"].values() if "timings" in v]
    if len(done) >= 2:
        sc["growth_exponent"] = scale_mod.growth(done[0], done[-1])
        if "100000" not in sc["sizes"] or "timings" not in sc["sizes"]["100000"]:
            sc["projection"] = scale_mod.project(done[-1], sc["growth_exponent"], 100_000)
    res["scale"] = sc

    res["targets"] = targets(res)
    res["total_s"] = round(time.perf_counter() - t_all, 1)
    res["parent_peak_rss_mb"] = peak_rss_mb()
    res["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "quick" if quick else "latest"
    (RESULTS / f"{name}.json").write_text(json.dumps(res, indent=1) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(res))
    log(f"wrote {RESULTS / name}.json and .md in {res['total_s']} s")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
