"""Codings of a project's current view: the curated themes now, element codes later."""

from __future__ import annotations

import shutil

import pytest
from fakes import FakeEmbedder, write_study

from themes.analysis.coding import coding_for, element_coding, theme_coding
from themes.analysis.inputs import default_path, load_inputs
from themes.core.config import load_config
from themes.core.errors import AnalysisError, NoCodesError
from themes.curation import decisions as decide
from themes.curation.replay import EXCLUDED
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("coding")
    write_study(root / "study")
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    return root / "p"


@pytest.fixture
def project(base, tmp_path):
    shutil.copytree(base, tmp_path / "p")
    with Project.open(tmp_path / "p") as store:
        yield store


def test_theme_coding_follows_the_analysts_decisions(project) -> None:
    decide.rename(project, 1, "Housing worries", analyst="ann")
    decide.define(project, 1, "Talk of homes and rent", "bills", "work housing", analyst="ann")
    excluded = load_view(project).theme(2).segment_ids[0]
    decide.exclude(project, excluded, analyst="ann")
    view = load_view(project)
    coding = theme_coding(view)
    assert coding.source == "theme" and not coding.multi_label
    assert list(coding.labels) == [str(t.id) for t in view.themes]
    one = coding.labels["1"]
    assert (one.name, one.heading, one.description) == (
        "Housing worries",
        "1. Housing worries",
        "Talk of homes and rent",
    )
    assert excluded not in coding.by_segment  # set aside by the analyst
    assert set(coding.members("1")) == set(view.theme(1).segment_ids)
    for seg_id, labels in coding.by_segment.items():
        a = view.assignments[seg_id]
        assert a.assigned_by != EXCLUDED
        assert labels == (frozenset() if a.theme_id is None else frozenset({str(a.theme_id)}))


def test_element_codes_say_how_to_make_them(project) -> None:
    view = load_view(project)
    message = "no deductive codes yet: run `themes code --model M` first."
    with pytest.raises(NoCodesError, match="no deductive codes yet"):
        element_coding(project, view)
    with pytest.raises(NoCodesError) as info:
        coding_for("element", project, view)
    assert str(info.value) == message and info.value.exit_code == 2
    with pytest.raises(AnalysisError, match="--cols 'codes'"):
        coding_for("codes", project, view)


def test_inputs_and_default_paths(project) -> None:
    inputs = load_inputs(project)
    assert inputs.coding.source == "theme" and inputs.project_name == "p"
    assert set(inputs.vectors) >= set(inputs.coding.by_segment)
    path = default_path(project.folder, "matrix-speaker role/x-theme", "xlsx")
    assert path == project.folder / "reports" / "matrix-speaker-role-x-theme.xlsx"
