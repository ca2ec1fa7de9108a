"""Shared fixtures: the default config and the shared SERDIF corpus (skipped when absent)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from themes.core.config import Config, load_config
from themes.store.project import Project

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def _export_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """ONNX exports of the model go to a folder of this test session, not the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THEMES_CACHE_DIR", str(tmp_path_factory.mktemp("themes-cache")))
        yield


FAKE_MODEL = "fake-bow"


@pytest.fixture(scope="session", autouse=True)
def _fake_model() -> None:
    """`--set embed.model=fake-bow` (or `--model fake-bow`) selects the fake embedder, as a
    plugin registers a model: commands run their real code path, with no weights to load.
    Segments are counted with the default model's tokenizer, so they match real runs."""
    from fakes import FakeEmbedder

    from themes.discovery.model_registry import register_model
    from themes.discovery.tokens import token_counter

    default = load_config().embed.model
    register_model(
        FAKE_MODEL, lambda config: FakeEmbedder(), lambda text: token_counter(default)(text)
    )


FAKE_STUDY_SETTINGS = ["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"]


@pytest.fixture(scope="session")
def fake_study(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """`fake_study(people=6, hold=0)`: a folder with `study/` (the synthetic study of
    `fakes.write_study`), `more/` (its last `hold` transcripts, held back for `themes add`)
    and `p/` (a project run on `study/` with the fake embedder). Built once per session and
    shared: copy `p/` before changing it."""
    from fakes import FakeEmbedder, write_study

    from themes.discovery.pipeline import run

    built: dict[tuple[int, int], Path] = {}

    def make(people: int = 6, hold: int = 0) -> Path:
        if (people, hold) not in built:
            root = tmp_path_factory.mktemp(f"study-{people}-{hold}")
            write_study(root / "study", people=people)
            (root / "more").mkdir()
            for held in sorted((root / "study").glob("*.txt"))[people - hold :]:
                shutil.move(held, root / "more" / held.name)
            config = load_config(overrides=FAKE_STUDY_SETTINGS)
            run(root / "study", root / "p", config, embedder=FakeEmbedder())
            built[(people, hold)] = root
        return built[(people, hold)]

    return make


@pytest.fixture
def project(fake_study: Callable[..., Path], tmp_path: Path) -> Iterator[Project]:
    """An open copy of the default fake study's project, free to change (modules that need
    another study define their own `project`)."""
    shutil.copytree(fake_study() / "p", tmp_path / "p")
    with Project.open(tmp_path / "p") as store:
        yield store


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
