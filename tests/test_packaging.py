"""A non-editable install carries the configs, model registry and report templates."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_data_files_and_works_outside_the_repository(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "wheel"),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "wheel").glob("themes-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "themes/configs/default.yaml" in names
    assert "themes/registry/registry.yaml" in names
    assert any(n.startswith("themes/report/templates/") for n in names)
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import themes, themes.core.config, themes.discovery.model_registry\n"
        f"assert str(themes.__file__).startswith({str(target)!r}), themes.__file__\n"
        "cfg = themes.core.config.load_config()\n"
        "info = themes.discovery.model_registry.resolve_model(cfg.embed.model)\n"
        "print('OK', cfg.seed, info.dim)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "OK 42 384", result.stderr
