"""The change model a project works with: found by name, path or what the project stored.

The first time a model is used on a project its YAML text is stored in the project
(`themes.store.change_models`) and every decision about it names it by the text's hash, so
later commands, reports and exports read exactly the model the decisions were made against.
Without ``--model`` a command uses the model the project used last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from themes.changemodel.elements import ChangeModel, FlatElement
from themes.changemodel.yaml_file import load_model, parse_model, resolve_model, shipped_dir
from themes.core.errors import ChangeModelError, InputError, NotFoundError
from themes.store.change_models import StoredChangeModel, content_hash
from themes.store.project import Project

_HASH_PREFIX = re.compile(r"^[0-9a-f]{6,64}$")


@dataclass(frozen=True)
class ProjectModel:
    """A change model as a project uses it: its stored hash and name, and the parsed tree."""

    hash: str
    name: str
    model: ChangeModel

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def label(self) -> str:
        """How messages and reports name it: ``gillard2014 (Peer worker change model)``."""
        return self.name if self.name == self.model.name else f"{self.name} ({self.model.name})"

    def codable(self, element_id: str) -> FlatElement:
        """The codable element with this id; the error lists the ids that are."""
        return codable_element(self, element_id)


def stored_model(project: Project, stored: StoredChangeModel) -> ProjectModel:
    """A stored model, parsed (the text was valid when stored; a damaged row is reported)."""
    return ProjectModel(stored.hash, stored.name, _parse(stored.hash, stored.content, stored.name))


def model_by_hash(project: Project, model_hash: str) -> ProjectModel:
    return stored_model(project, project.change_model(model_hash))


@lru_cache(maxsize=16)
def _parse(model_hash: str, content: str, name: str) -> ChangeModel:
    return parse_model(content, f"change model {name} ({model_hash[:12]}) stored in the project")


def use_model(project: Project, given: str | None) -> ProjectModel:
    """The change model `given` names (a shipped name, a YAML file, or the name or hash of a
    model the project stored), stored in the project if it is new there; without `given`, the
    one the project used last. A read-only project is not written to."""
    if given is None or not given.strip():
        current = project.current_change_model()
        if current is None:
            raise InputError(
                f"{project.folder}: no change model is in the project yet; give one with "
                "--model NAME|FILE (e.g. --model gillard2014, or a file made by "
                "`themes model import`)."
            )
        return stored_model(project, current)
    try:
        path = resolve_model(given)
    except ChangeModelError:
        found = _stored_named(project, given.strip())
        if found is None:
            raise
        if not project.read_only:
            project.save_change_model(found.name, found.content)  # now the current one
        return stored_model(project, found)
    model = load_model(path)
    content = path.read_bytes().decode("utf-8-sig")
    name = path.stem if path.parent == shipped_dir() else path.name
    if project.read_only:
        return ProjectModel(content_hash(content), name, model)
    return ProjectModel(project.save_change_model(name, content), name, model)


def _stored_named(project: Project, given: str) -> StoredChangeModel | None:
    """The latest stored model named `given`, or whose hash starts with it (6+ hex digits)."""
    stored = project.change_models()
    for found in reversed(stored):
        if found.name == given:
            return found
    if _HASH_PREFIX.match(given):
        matches = [s for s in stored if s.hash.startswith(given)]
        if len(matches) > 1:
            raise InputError(
                f"--model {given}: {len(matches)} stored change models have hashes starting "
                "so; give more of the hash."
            )
        return matches[0] if matches else None
    return None


def codable_element(model: ProjectModel, element_id: str) -> FlatElement:
    """The element `element_id` of `model`, which must be codable."""
    try:
        flat = model.model.get(element_id)
    except KeyError:
        known = [f.id for f in model.model.codable()]
        shown = ", ".join(known[:25]) + (", ..." if len(known) > 25 else "")
        raise NotFoundError(
            f"element {element_id!r} is not in the change model {model.label}; its codable "
            f"elements are: {shown} (see `themes model check`)."
        ) from None
    if not flat.element.codable:
        children = [c.id for c in flat.element.children if c.codable]
        under = f": use one of its elements ({', '.join(children)})" if children else ""
        raise InputError(
            f"element {element_id!r} of {model.label} is a category, not codable{under}."
        )
    return flat
