"""Who records a decision: the one place that reads the environment and the OS user."""

from __future__ import annotations

import getpass
import os


def resolve_analyst(given: str | None = None) -> str:
    """``--analyst``, else ``THEMES_ANALYST``, else the OS user name."""
    if given and given.strip():
        return given.strip()
    env = os.environ.get("THEMES_ANALYST", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system
        return "unknown"
