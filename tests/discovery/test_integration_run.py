"""The discovery run with the real model on the demo study and on SERDIF."""

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.config import load_config
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.export.tables import segment_rows, write_rows
from themes.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "peer-support-study"

pytestmark = pytest.mark.model


def _segments_csv(project: Path) -> str:
    """The latest run's segment export, without the run id (which differs between runs)."""
    with Project.open(project) as p:
        view = load_view(p)
    out = io.StringIO()
    rows = [{k: v for k, v in row.items() if k != "run_id"} for row in segment_rows(view)]
    write_rows(rows, "csv", out)
    return out.getvalue()


def test_demo_study_gives_sensible_themes(tmp_path):
    config = load_config()
    result = run(DEMO, tmp_path / "p", config)
    assert result.n_transcripts >= 12
    assert 4 <= result.n_themes <= 40
    assert result.n_unassigned / result.n_clustered <= 0.3
    with Project.open(tmp_path / "p") as p:
        view = load_view(p)
    assert view.run.summary.embed_backend == "onnx"  # the audit trail says how it ran
    assert "onnxruntime" in view.run.versions and not result.warnings
    spread = [t for t in view.themes if not t.one_voice]
    assert len(spread) >= len(view.themes) // 2  # most themes are voiced by several people
    for theme in view.themes:
        assert theme.keywords and theme.exemplar_ids
        assert set(theme.exemplar_ids) <= set(theme.segment_ids)
    rows = list(csv.DictReader(io.StringIO(_segments_csv(tmp_path / "p"))))
    assert {r["meta_org_context"] for r in rows} == {"statutory", "voluntary", "partnership"}
    # the same input, config and seed clustered again gives identical assignments
    before = _segments_csv(tmp_path / "p")
    again = run(DEMO, tmp_path / "p", config, force=True)
    assert again.n_embedded == 0 and again.run_id != result.run_id
    assert _segments_csv(tmp_path / "p") == before


@pytest.mark.serdif
def test_serdif_participant_run(tmp_path, serdif):
    project = tmp_path / "serdif"
    result = CliRunner().invoke(
        app,
        [
            "run",
            str(serdif / "transcripts"),
            "--speaker",
            "Participant",
            "--project",
            str(project),
            "--quiet",
            "--no-report",
        ],
    )
    assert result.exit_code == 0, result.output
    with Project.open(project) as p:
        view = load_view(p)
    speakers = {view.segments[i].speaker for i in view.order}
    assert speakers == {"Participant"}
    assert len(view.themes) >= 10
    assert len(view.unassigned()) / len(view.order) <= 0.3
    prompts = [view.segments[i].prompt for i in view.order]
    assert sum(p is not None for p in prompts) / len(prompts) > 0.9  # Task turns are the prompts
