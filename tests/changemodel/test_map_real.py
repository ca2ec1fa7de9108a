"""Mapping suggestions with the real model: on the demo study each mechanism of the shipped
change model comes first for a theme about it; on SERDIF, with its analysts' codebook
imported, a suggestion that fits is far better than chance and one that does not is not."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from themes.changemodel.codebook import import_codebook
from themes.changemodel.mapping import suggest_mappings
from themes.changemodel.project_model import use_model
from themes.changemodel.yaml_file import save_model
from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "peer-support-study"
MECHANISMS = ("trust", "role-modelling", "engagement")

pytestmark = pytest.mark.model


def test_each_mechanism_is_first_for_the_demo_theme_most_about_it(tmp_path) -> None:
    run(DEMO, tmp_path / "p", load_config())
    with Project.open(tmp_path / "p") as store:
        view = load_view(store)
        model = use_model(store, "gillard2014")
        found = suggest_mappings(store, view, model, top=len(model.model.codable()))
    under = {flat.id: flat.path[0] for flat in model.model.walk()}  # element -> its mechanism
    firsts = {t.theme_id: under[t.best.element] for t in found.themes if t.fits and t.best}
    for mechanism in MECHANISMS:
        # the theme that scores highest on the mechanism (or an element under it) ...
        best = max(
            found.themes,
            key=lambda t: max(e.score for e in t.ranked if under[e.element] == mechanism),
        )
        # ... has it first, and fits
        assert firsts.get(best.theme_id) == mechanism, (mechanism, best)
    assert sum(t.fits for t in found.themes) >= 0.75 * len(found.themes)


@pytest.mark.slow
@pytest.mark.serdif
def test_serdif_suggestions_that_fit_beat_chance(serdif: Path, tmp_path: Path) -> None:
    imported = import_codebook(serdif / "codebook_final.csv", "SERDIF final codes").model
    save_model(imported, tmp_path / "serdif.yaml")
    config = load_config(overrides=['speakers.include_speakers=["Participant"]'])
    run(serdif / "transcripts", tmp_path / "p", config)
    with Project.open(tmp_path / "p") as store:
        view = load_view(store)
        model = use_model(store, str(tmp_path / "serdif.yaml"))
        found = suggest_mappings(store, view, model, top=1)
    ids = {flat.element.name: flat.id for flat in model.model.walk()}
    segment_of = {(s.transcript_id, s.turn_index): s.id for s in view.segments.values()}
    gold: dict[str, set[str]] = {}
    with (serdif / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            seg = segment_of.get((row["transcript"], int(row["turn_index"])))
            labels = {
                ids[x.strip()] for x in (row["all_labels"] or "").split(";") if x.strip() in ids
            }
            if seg and labels:
                gold[seg] = labels
    prevalence = Counter(e for labels in gold.values() for e in labels)
    chance = sum(prevalence.values()) / len(gold) / len(ids)  # a random element's share

    def precision(fits: bool) -> float:
        hits = total = 0
        for item in found.themes:
            if item.fits is fits and item.best is not None:
                members = [s for s in view.theme(item.theme_id).segment_ids if s in gold]
                hits += sum(item.best.element in gold[s] for s in members)
                total += len(members)
        return hits / max(total, 1)

    assert precision(True) >= 3 * chance
    assert precision(False) < precision(True)
