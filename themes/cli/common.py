"""Shared CLI helpers: consoles, config options, speaker selection."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import typer
from rich.console import Console

from themes.core.config import Config, load_config


@lru_cache(maxsize=1)
def console() -> Console:
    return Console(highlight=False)


@lru_cache(maxsize=1)
def err_console() -> Console:
    return Console(stderr=True, highlight=False)


CONFIG_OPTION = typer.Option(
    None, "--config", "-c", help="YAML file with the settings to change (see configs/default.yaml)."
)
SET_OPTION = typer.Option(
    None,
    "--set",
    "-s",
    help="Override one setting, e.g. --set cluster.min_cluster_size=8 (repeatable).",
)
SPEAKER_OPTION = typer.Option(
    None, "--speaker", help="Cluster only turns of this speaker name (repeatable)."
)
EXCLUDE_SPEAKER_OPTION = typer.Option(
    None, "--exclude-speaker", help="Do not cluster turns of this speaker name (repeatable)."
)
ROLE_OPTION = typer.Option(
    None,
    "--role",
    help="Cluster turns of this role, e.g. participant (repeatable; replaces "
    "speakers.cluster_roles).",
)
EXCLUDE_ROLE_OPTION = typer.Option(
    None, "--exclude-role", help="Do not cluster turns of this role, e.g. interviewer (repeatable)."
)
STRICT_OPTION = typer.Option(
    False, "--strict", help="Treat every warning about the input as an error."
)


def warn(kind: str, text: str) -> None:
    """A warning line on stderr; the text is printed as is (no markup)."""
    from rich.text import Text

    err_console().print(Text(f"{kind}: ", style="yellow") + Text(text), soft_wrap=True)


def build_config(
    config_file: Path | None,
    overrides: list[str] | None,
    speakers: list[str] | None = None,
    exclude_speakers: list[str] | None = None,
    roles: list[str] | None = None,
    exclude_roles: list[str] | None = None,
) -> Config:
    """Defaults + file + --set, then the speaker/role options on top.

    Naming speakers selects exactly those speakers, whatever their role; otherwise the
    clustered roles are `speakers.cluster_roles` (or --role) minus --exclude-role.
    """
    extra = list(overrides or [])
    cfg = load_config(config_file, extra)
    updates: list[str] = []
    if speakers:
        updates.append(f"speakers.include_speakers={_yaml_list(speakers)}")
    if exclude_speakers:
        updates.append(f"speakers.exclude_speakers={_yaml_list(exclude_speakers)}")
    if roles or exclude_roles:
        keep = list(roles) if roles else list(cfg.speakers.cluster_roles)
        keep = [r for r in keep if r not in set(exclude_roles or [])]
        updates.append(f"speakers.cluster_roles={_yaml_list(keep)}")
    if updates:
        cfg = load_config(config_file, extra + updates)
    return cfg


def _yaml_list(items: list[str]) -> str:
    import json

    return json.dumps(list(items))
