"""Typed rows of the project database, as the store reads and writes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One recorded decision."""

    id: int
    run_id: int
    created_at: str
    analyst: str
    kind: str
    payload: Mapping[str, Any]
    memo: str = ""
