"""Issue 11, finding 6: values are validated at the edge, before any work, with a message
naming the setting; the new ingest limits are settings with defaults."""

from __future__ import annotations

import pytest

from themes.core.config import MAX_SEED, load_config
from themes.core.errors import ConfigError


def test_ingest_limits_have_defaults() -> None:
    ingest = load_config().ingest
    assert ingest.max_unpacked_mb == 100 and ingest.max_xml_depth == 200
    assert ingest.follow_symlinks is False


@pytest.mark.parametrize(
    "override, setting",
    [
        ("cluster.min_cluster_size=0", "cluster.min_cluster_size: must be auto or a whole number"),
        ("cluster.min_cluster_size=1", "cluster.min_cluster_size"),
        ("cluster.min_cluster_size=many", "cluster.min_cluster_size"),
        ("cluster.min_samples=0", "cluster.min_samples"),
        (
            "reduce.n_neighbors=1",
            "reduce.n_neighbors: must be auto or a whole number of at least 2",
        ),
        ("reduce.n_components=1", "reduce.n_components"),
        ("reduce.min_dist=2", "reduce.min_dist"),
        ("reduce.metric=telepathy", "reduce.metric"),
        ("seed=-1", "seed"),
        (f"seed={2**40}", "seed"),
        ("stability.runs=-1", "stability.runs"),
        ("ingest.max_unpacked_mb=0", "ingest.max_unpacked_mb"),
        ("ingest.max_xml_depth=2", "ingest.max_xml_depth"),
        ("ingest.follow_symlinks=perhaps", "ingest.follow_symlinks"),
    ],
)
def test_out_of_range_values_name_the_setting(override: str, setting: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides=[override])
    message = str(info.value)
    assert setting in message and "configs/default.yaml" in message
    assert "literal" not in message and ".int:" not in message  # no pydantic internals


@pytest.mark.parametrize(
    "override", ["cluster.min_cluster_size=2", "reduce.n_neighbors=auto", f"seed={MAX_SEED}"]
)
def test_values_in_range_are_accepted(override: str) -> None:
    load_config(overrides=[override])
