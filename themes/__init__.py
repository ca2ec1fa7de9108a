"""themes: NLP-assisted theme discovery for qualitative research.

The library API (the command line is a thin layer over it)::

    import themes

    config = themes.load_config(overrides=["cluster.min_cluster_size=8"])
    result = themes.run("transcripts/", "my-project", config)   # discover candidate themes
    themes.add_transcripts("my-project", "new-interviews/")      # place new transcripts
    with themes.open_project("my-project") as project:
        view = themes.load_view(project)                          # the analyst's current themes
    themes.write_report("my-project")                             # reports/report.html

Names are imported when first used, so `import themes` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from themes.core.offline import go_offline as _go_offline

__version__ = "0.1.0"

_go_offline()  # before any command can load onnxruntime, torch or transformers (cheap)

_API = {
    "run": ("themes.discovery.pipeline", "run"),
    "add_transcripts": ("themes.curation.add", "add_transcripts"),
    "open_project": ("themes.store.project", "Project.open"),
    "load_view": ("themes.curation.view", "load_view"),
    "write_report": ("themes.report.write", "write_report"),
    "load_config": ("themes.core.config", "load_config"),
}

if TYPE_CHECKING:
    from themes.core.config import load_config
    from themes.curation.add import add_transcripts
    from themes.curation.view import load_view
    from themes.discovery.pipeline import run
    from themes.report.write import write_report
    from themes.store.project import Project

    open_project = Project.open

__all__ = [
    "__version__",
    "add_transcripts",
    "load_config",
    "load_view",
    "open_project",
    "run",
    "write_report",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'themes' has no attribute {name!r}")
    module, attribute = _API[name]
    value: Any = import_module(module)
    for part in attribute.split("."):
        value = getattr(value, part)
    globals()[name] = value
    return value
