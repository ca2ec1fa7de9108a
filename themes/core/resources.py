"""Where the data files that ship with the package are.

`configs/` and `models/` sit at the top of the repository; a built wheel carries them as
`themes.configs` and `themes.registry`. From a source checkout (including editable installs run
from the repository root) they are read from the repository itself.
"""

from __future__ import annotations

import importlib
from pathlib import Path

_TOP = {"themes.configs": "configs", "themes.registry": "models"}


def data_dir(package: str) -> Path:
    """The folder of a data package: ``themes.configs`` or ``themes.registry``."""
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / _TOP[package]
    return Path(next(iter(module.__path__)))
