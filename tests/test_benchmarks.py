"""Fast smoke tests of the benchmark code paths (no model, no UMAP, nothing timed)."""

import numpy as np
import pytest

pytest.importorskip("benchmarks.common")

from benchmarks import scale  # noqa: E402
from benchmarks.common import agreement, score, segment_codes  # noqa: E402
from benchmarks.report import markdown, targets  # noqa: E402


def test_score_counts_unassigned_as_one_cluster_and_drops_it_when_asked():
    truth = ["a", "a", "b", "b", "c", "c"]
    pred = np.array([0, 0, 1, 1, -1, -1])
    s = score(pred, truth)
    assert s.ami == pytest.approx(1.0) and s.ari == pytest.approx(1.0)
    assert s.ami_assigned == pytest.approx(1.0)
    assert s.unassigned == pytest.approx(1 / 3, abs=1e-3) and s.n_themes == 2
    assert score(pred, truth, n_themes=7).n_themes == 7
    assert agreement(pred, pred) == 1.0


def test_segment_ids_map_to_1_based_label_lines(monkeypatch):
    from types import SimpleNamespace

    import benchmarks.common as common

    labels = {("serdif_P1", 3): ("final", ""), ("serdif_P1", 12): ("x", "first")}
    monkeypatch.setattr(common, "serdif_labels", lambda: labels)
    segs = [SimpleNamespace(id=i) for i in ("serdif_P1:2", "serdif_P1:3", "serdif_P1:12b")]
    rows, final, first = segment_codes(segs)
    assert rows.tolist() == [1, 2] and final == ["final", "x"] and first == ["final", "first"]


def test_surrogate_is_deterministic_unit_length_and_spread_over_transcripts(monkeypatch):
    rng = np.random.default_rng(0)
    base = rng.normal(size=(5, 8)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    monkeypatch.setattr(scale, "base_data", lambda: ([f"text {i}" for i in range(5)], base))
    segs, vecs = scale.surrogate(250, seed=1)
    segs2, vecs2 = scale.surrogate(250, seed=1)
    assert vecs.shape == (250, 8) and np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    assert np.array_equal(vecs, vecs2) and [s.id for s in segs] == [s.id for s in segs2]
    assert len({s.transcript_id for s in segs}) == 3 and len({s.id for s in segs}) == 250
    small = {"n": 100, "timings": {"reduce": 1.0}}
    assert scale.growth(small, {"n": 1000, "timings": {"reduce": 10.0}}) == {"reduce": 1.0}


def test_targets_and_markdown_render_from_a_result():
    sub = {
        "n_segments": 10,
        "n_scored": 8,
        "themes": {
            "final": {
                "ami": 0.34,
                "ari": 0.1,
                "ami_assigned": 0.35,
                "ari_assigned": 0.1,
                "unassigned": 0.05,
                "n_themes": 4,
            },
            "settings": {},
        },
        "bertopic": {
            "final": {
                "ami": 0.24,
                "ari": 0.04,
                "ami_assigned": 0.3,
                "ari_assigned": 0.1,
                "unassigned": 0.3,
                "n_themes": 5,
            }
        },
    }
    res = {
        "quality": {
            "subsets": {"all": sub, "held_out": sub},
            "determinism": {
                "themes": {
                    "same_seed_ari": 1.0,
                    "other_seed_ari": [0.8],
                    "other_seed_ari_median": 0.8,
                }
            },
        },
        "speed": {
            "help": {"median_s": 0.3, "runs_s": [0.3]},
            "pipeline": {
                "cold": {"process_wall_s": 50.0, "peak_rss_mb": 800, "timings": {"embed": 40.0}},
                "warm": {"process_wall_s": 4.0, "peak_rss_mb": 500, "timings": {"embed": 0.1}},
            },
            "encode": {"encode_s": 40.0},
        },
    }
    rows = {r["target"]: r["met"] for r in targets(res)}
    assert len(rows) == 8 and set(rows.values()) == {"met"}, rows
    text = markdown(res)
    assert "| themes / final | 0.340" in text and "## Targets" in text
