"""The one validated configuration: schema, loading and dotted overrides."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from themes.core.errors import ConfigError
from themes.core.resources import data_dir


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RolePattern(_Section):
    pattern: str
    role: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from exc
        return value


class IngestConfig(_Section):
    extensions: list[str]
    metadata_file: str
    metadata_id_column: str
    id_patterns: list[str]
    value_labels: dict[str, dict[str, str]]
    csv_speaker_column: str
    csv_text_column: str
    csv_time_column: str
    max_file_mb: float = Field(gt=0)
    max_unpacked_mb: float = Field(gt=0)
    max_xml_depth: int = Field(ge=16, le=10_000)
    follow_symlinks: bool

    @field_validator("id_patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a valid regular expression ({exc})") from exc
        return value


class SpeakersConfig(_Section):
    roles: list[RolePattern]
    default_role: str
    prompt_roles: list[str]
    cluster_roles: list[str]
    include_speakers: list[str]
    exclude_speakers: list[str]


class SegmentConfig(_Section):
    max_tokens: int = Field(ge=16, le=4096)
    min_words: int = Field(ge=0)
    set_aside: bool
    filler_share: float = Field(gt=0, le=1)
    echo_overlap: float = Field(gt=0, le=1)
    echo_similarity: float = Field(ge=-1, le=1)
    echo_recited: int = Field(ge=0)


class EmbedConfig(_Section):
    model: str
    batch_size: int = Field(ge=1)
    backend: Literal["auto", "onnx", "torch"]
    context: Literal["none", "blend", "concat"]
    prompt_weight: float = Field(ge=0)
    neutral_pronouns: bool


Auto = Literal["auto"]


def _auto_or_at_least(minimum: int) -> Any:
    """A check for settings that are ``auto`` or a whole number >= `minimum` (one message)."""

    def check(value: Any) -> Any:
        if value == "auto":
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"must be auto or a whole number of at least {minimum}, not {value!r}")
        return value

    return check


AutoOr1 = Annotated[int | Auto, BeforeValidator(_auto_or_at_least(1))]
AutoOr2 = Annotated[int | Auto, BeforeValidator(_auto_or_at_least(2))]

# Seeds: numpy and UMAP take 0 .. 2**32 - 1; stability re-clusters with seed + 1000 + r.
MAX_SEED = 2**31 - 1
# UMAP's named metrics that make sense for sentence embeddings.
Metric = Literal["cosine", "euclidean", "manhattan", "correlation", "chebyshev", "canberra"]


class ReduceConfig(_Section):
    n_components: int = Field(ge=2, le=100)
    n_neighbors: AutoOr2
    min_dist: float = Field(ge=0, le=1)
    metric: Metric
    remove_top: int = Field(ge=0, le=100)


class ClusterConfig(_Section):
    min_cluster_size: AutoOr2
    min_samples: AutoOr1
    cluster_selection_method: Literal["eom", "leaf"]
    attach_threshold: float = Field(ge=0, le=1)


class DescribeConfig(_Section):
    n_keywords: int = Field(ge=1)
    n_exemplars: int = Field(ge=1)
    label_words: int = Field(ge=1)
    one_voice_share: float = Field(gt=0, le=1)
    min_participants: int = Field(ge=1)
    prompt_concentration: float = Field(gt=0, le=1)
    set_aside_share: float = Field(gt=0, le=1)
    extra_stop_words: list[str]


class StabilityConfig(_Section):
    runs: int = Field(ge=0, le=1000)
    sample: float = Field(gt=0, le=1)


class CurateConfig(_Section):
    add_threshold: float = Field(ge=0, le=1)


class ChangeModelConfig(_Section):
    map_threshold: float = Field(ge=-10, le=10)
    exclusion_weight: float = Field(ge=0, le=10)
    code_threshold: float = Field(ge=-10, le=10)
    code_margin: float = Field(ge=0, le=10)


class ReportConfig(_Section):
    max_map_points: int = Field(ge=0)
    context_fields: list[str]


class Config(_Section):
    seed: int = Field(ge=0, le=MAX_SEED)
    ingest: IngestConfig
    speakers: SpeakersConfig
    segment: SegmentConfig
    embed: EmbedConfig
    reduce: ReduceConfig
    cluster: ClusterConfig
    describe: DescribeConfig
    stability: StabilityConfig
    curate: CurateConfig
    changemodel: ChangeModelConfig
    report: ReportConfig

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def default_config_path() -> Path:
    return data_dir("themes.configs") / "default.yaml"


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: config file not found; check the path given to --config."
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            f"{path}: not valid YAML ({exc}); fix the file or leave --config out."
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config file must be a mapping of sections to settings.")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if key not in out:
            raise ConfigError(
                f"{where}: unknown setting {key!r}; known settings here: {', '.join(sorted(out))}."
            )
        if isinstance(out[key], dict) and isinstance(value, dict) and key != "value_labels":
            out[key] = _merge(out[key], value, f"{where}.{key}" if where else key)
        else:
            out[key] = value
    return out


def parse_override(text: str) -> tuple[list[str], Any]:
    """Parse ``section.key=value``; the value is read as YAML (``8``, ``true``, ``[a, b]``)."""
    if "=" not in text:
        raise ConfigError(
            f"--set {text!r}: write it as section.key=value, e.g. cluster.min_cluster_size=8."
        )
    dotted, raw = text.split("=", 1)
    keys = [k for k in dotted.strip().split(".") if k]
    if not keys:
        raise ConfigError(f"--set {text!r}: the setting name is empty.")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"--set {text!r}: the value is not valid YAML ({exc}).") from exc
    return keys, value


def _nest(keys: list[str], value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {keys[-1]: value}
    for key in reversed(keys[:-1]):
        out = {key: out}
    return out


def load_config(
    path: Path | None = None,
    overrides: list[str] | None = None,
    base: dict[str, Any] | None = None,
) -> Config:
    """Defaults, then an optional YAML file, then ``--set`` overrides; validated."""
    data = base if base is not None else _read_yaml(default_config_path())
    if path is not None:
        data = _merge(data, _read_yaml(Path(path)), "")
    for text in overrides or []:
        keys, value = parse_override(text)
        data = _merge(data, _nest(keys, value), "")
    return validate(data)


def validate(data: dict[str, Any]) -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"] if not _union_member(p))
            problems.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
        raise ConfigError(
            "invalid configuration: "
            + "; ".join(problems)
            + ". See configs/default.yaml for every setting and its allowed values."
        ) from exc


def stored_config(stored: Mapping[str, Any]) -> Config:
    """Settings stored with a run, over today's defaults: settings added since keep their
    defaults, settings since removed are dropped; validated like any other config."""
    return validate(_overlay(load_config().to_dict(), stored))


def _overlay(base: dict[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in stored.items():
        if key not in base:
            continue
        if isinstance(base[key], dict) and isinstance(value, Mapping):
            out[key] = _overlay(base[key], value)
        else:
            out[key] = value
    return out


def _union_member(part: object) -> bool:
    """pydantic's name for a branch of a union (``int``, ``literal['auto']``), not a setting."""
    return isinstance(part, str) and (part in {"int", "float", "str", "bool"} or "[" in part)
