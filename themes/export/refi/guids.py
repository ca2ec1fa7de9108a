"""Deterministic GUIDs: the same project, theme or element always gets the same GUID, so a
QDA tool that reads a second export sees the same codes, sources and quotes again.

A project's identity is derived from its first run (when it was made, the fingerprint of its
inputs and settings, and the folder it read), which is stored once and never changes or goes
away: every export of the project, from any copy of its folder, uses the same identity without
writing anything to the project (read-only projects export too). Two projects made from the
same folder with the same settings in the same second would share it. Each GUID is a
name-based UUID (version 5) of that identity and what the object is (``theme:RUN:ID``,
``element:ID``, ``source:TRANSCRIPT:HASH``, ...).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from themes.core.errors import ProjectError
from themes.store.project import Project
from themes.store.records import Run

# uuid5(NAMESPACE_URL, "urn:themes:refi-qda"): the namespace of every project identity.
THEMES_NAMESPACE = uuid.UUID("a1bb3054-3d44-5435-a600-d0f5e161de1a")


@dataclass(frozen=True)
class ProjectIdentity:
    """Who a project is in exports: a stable UUID, a name and when it began."""

    uuid: uuid.UUID
    name: str
    created_at: str  # ISO 8601, the first run's time

    def guid(self, *parts: object) -> str:
        """The GUID of one object of this project, e.g. ``guid("theme", 3, 12)``."""
        key = ":".join(str(p) for p in parts)
        return str(uuid.uuid5(self.uuid, key))


def identity_from(name: str, first: Run) -> ProjectIdentity:
    key = f"project:{first.created_at}:{first.fingerprint}:{first.folder}"
    return ProjectIdentity(uuid.uuid5(THEMES_NAMESPACE, key), name, first.created_at)


def project_identity(store: Project) -> ProjectIdentity:
    """The identity of an open project, from its first run (run ids start at 1 and runs are
    never deleted; the loop only guards against a project made otherwise)."""
    current = store.require_run()
    name = store.folder.resolve().name
    for run_id in range(1, current.id + 1):
        try:
            return identity_from(name, store.run(run_id))
        except ProjectError:
            continue
    return identity_from(name, current)
