"""The run's settings as curation reads them: straight from what the run stored.

A run stores its resolved settings (`Run.config`), so a setting is read from there without
validating the whole configuration again (which loads pydantic and YAML: more time than a
curation command may take). A setting added to `themes` after the run was made is not in
what it stored; only then the full, validated configuration is loaded for its default
(`themes.discovery.run_vectors.run_config`).
"""

from __future__ import annotations

from typing import Any

from themes.store.records import Run

_MISSING = object()


def run_setting(run: Run, section: str, key: str) -> Any:
    """``section.key`` as the run stored it (today's default when the run predates it)."""
    stored = run.config.get(section)
    value = stored.get(key, _MISSING) if isinstance(stored, dict) else _MISSING
    if value is _MISSING:
        from themes.discovery.run_vectors import run_config

        return getattr(getattr(run_config(run), section), key)
    return value


def describe_settings(run: Run) -> dict[str, Any]:
    """The ``describe`` settings a curated theme is described with."""
    keys = (
        "n_keywords",
        "n_exemplars",
        "label_words",
        "one_voice_share",
        "min_participants",
        "prompt_concentration",
        "extra_stop_words",
    )
    return {key: run_setting(run, "describe", key) for key in keys}
