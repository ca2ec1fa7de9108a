"""Shared CLI helpers: consoles, config options, speaker selection."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from themes.core.config import Config
    from themes.curation.events import LogHealth


@lru_cache(maxsize=1)
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@lru_cache(maxsize=1)
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


PROJECT_OPTION = typer.Option(..., "--project", "-p", help="Project folder (made by `themes run`).")
ANALYST_OPTION = typer.Option(
    None, "--analyst", help="Who decides (default: $THEMES_ANALYST, else the OS user name)."
)
MEMO_OPTION = typer.Option("", "--memo", "-m", help="Why: a memo kept with the decision.")
CHANGE_MODEL_OPTION = typer.Option(
    None,
    "--model",
    help="A change model: a shipped name (gillard2014), a YAML file, or the name or hash of "
    "one the project stored (default: the one the project used last).",
)
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


def interactive() -> bool:
    """Whether a person can answer a question here (standard input and output are a
    terminal). Commands that ask first refuse, saying to pass --yes, when not."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


# Characters that can drive a terminal: C0 controls but tab and newline, DEL, C1 controls
# (U+009B is a one-character escape sequence), and the bidi overrides and isolates that can
# reorder what is shown ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print to a terminal: each control character shown as an escape
    (``\\x1b``), so a file or speaker name cannot clear the screen or retitle the window."""
    return _UNSAFE.sub(lambda m: ascii(m.group())[1:-1], text)


def plain(text: str) -> Text:
    """A table cell or line of data (a name, a keyword): control characters escaped, and
    never read as rich markup (a theme named "[/]" is shown, not parsed)."""
    from rich.text import Text

    return Text(printable(text))


def printable_json(text: str) -> str:
    """JSON text with the control characters JSON leaves raw (DEL, C1, bidi) escaped as
    ``\\u....``: the same data, safe to print."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def warn(kind: str, text: str) -> None:
    """A warning line on stderr; the text is printed as is (no markup), control characters
    escaped."""
    from rich.text import Text

    err_console().print(Text(f"{kind}: ", style="yellow") + Text(printable(text)), soft_wrap=True)


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
    from themes.core.config import load_config

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


def warn_log(health: LogHealth, project: Path) -> None:
    """One warning line when the decision log cannot be trusted (read commands call this)."""
    if not health.ok:
        warn("warning", f"{health.summary()}; see `themes check --project {project}`.")
