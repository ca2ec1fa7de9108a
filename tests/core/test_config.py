import pytest

from themes.core.config import load_config, parse_override
from themes.core.errors import ConfigError


def test_defaults_load_and_are_complete():
    cfg = load_config()
    assert cfg.seed == 42 and cfg.embed.model == "all-MiniLM-L6-v2"
    assert cfg.cluster.min_cluster_size == "auto"


def test_overrides_are_typed_from_yaml():
    cfg = load_config(
        overrides=[
            "cluster.min_cluster_size=8",
            "speakers.cluster_roles=[participant, note]",
            "embed.context=none",
        ]
    )
    assert cfg.cluster.min_cluster_size == 8
    assert cfg.speakers.cluster_roles == ["participant", "note"]
    assert cfg.embed.context == "none"


def test_unknown_keys_are_rejected_with_the_known_ones_listed(tmp_path):
    with pytest.raises(ConfigError, match="unknown setting 'min_clustr_size'.*min_cluster_size"):
        load_config(overrides=["cluster.min_clustr_size=8"])
    path = tmp_path / "mine.yaml"
    path.write_text("clustre:\n  min_cluster_size: 3\n")
    with pytest.raises(ConfigError, match="unknown setting 'clustre'"):
        load_config(path)


def test_invalid_values_name_the_setting():
    with pytest.raises(ConfigError, match="embed.context"):
        load_config(overrides=["embed.context=sideways"])
    with pytest.raises(ConfigError, match="cluster.attach_threshold"):
        load_config(overrides=["cluster.attach_threshold=2"])
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        load_config(overrides=["ingest.id_patterns=['(unclosed']"])


def test_config_file_changes_only_what_it_names(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("seed: 7\nsegment:\n  min_words: 2\n")
    cfg = load_config(path)
    assert cfg.seed == 7 and cfg.segment.min_words == 2 and cfg.segment.max_tokens == 200


def test_bad_files_and_overrides_say_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: [1\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="section.key=value"):
        parse_override("cluster.min_cluster_size")
