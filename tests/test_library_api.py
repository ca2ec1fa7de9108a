"""The library API in `themes/__init__.py`: the README's example works, imports stay lazy."""

from __future__ import annotations

import subprocess
import sys

import themes


def test_the_library_api_runs_a_study(tmp_path, fake_study) -> None:
    from fakes import FakeEmbedder

    root = fake_study()
    config = themes.load_config(overrides=["cluster.min_cluster_size=4"])
    result = themes.run(root / "study", tmp_path / "p", config, embedder=FakeEmbedder())
    assert result.n_themes >= 2
    with themes.open_project(tmp_path / "p") as project:
        view = themes.load_view(project)
    assert len(view.themes) == result.n_themes
    report = themes.write_report(tmp_path / "p")
    assert report.exists()


def test_importing_themes_loads_nothing_heavy() -> None:
    code = "import sys, themes; print(sorted(m for m in ('numpy', 'sklearn', 'pydantic', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
