"""Shared fixtures: the default config and the shared SERDIF corpus (skipped when absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from themes.core.config import Config, load_config

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def _export_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """ONNX exports of the model go to a folder of this test session, not the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THEMES_CACHE_DIR", str(tmp_path_factory.mktemp("themes-cache")))
        yield


@pytest.fixture
def config() -> Config:
    """The default configuration."""
    return load_config()


@pytest.fixture
def serdif() -> Path:
    """The SERDIF usability corpus in ../shared; the test is skipped when it is absent."""
    path = SHARED / "corpora" / "serdif-usability"
    if not path.is_dir():
        pytest.skip(f"{path} is not available")
    return path
