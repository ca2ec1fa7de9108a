"""Running the console entry point (`themes.cli.app.main`) in-process, as a user would."""

from __future__ import annotations

import sys

import pytest

from themes.cli.app import main


def run_main(monkeypatch: pytest.MonkeyPatch, *args: object) -> int:
    """`themes ARGS...` through the real entry point; returns its exit code."""
    monkeypatch.setattr(sys, "argv", ["themes", *map(str, args)])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    return int(info.value.code or 0)
