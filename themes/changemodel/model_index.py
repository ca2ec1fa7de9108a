"""What a decision about a change model needs (its hash, names and elements), without parsing
the model again: the first use of a stored model indexes it (`project_model`, YAML and the
schema) and the project's view cache keeps the index by the model's hash, so `themes map
set`, `map clear` and `code set` load neither YAML nor the schema's pydantic models.

A stored model never changes (a changed file is another model, another hash), so its index
never goes stale. The checks and messages are those of `project_model.codable_element`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from themes.changemodel.model_files import resolve_model, shipped_dir
from themes.core.errors import ChangeModelError, InputError, NotFoundError
from themes.store.change_models import content_hash
from themes.store.project import Project

KIND = "model"  # `view_cache` rows: key = the model's hash


@dataclass(frozen=True)
class Indexed:
    name: str
    codable: bool
    children: tuple[str, ...]  # its codable children's ids


@dataclass(frozen=True)
class ModelIndex:
    hash: str
    name: str  # what the project calls it
    model_name: str  # the model's own name
    elements: Mapping[str, Indexed]  # in tree order

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def label(self) -> str:
        """As `ProjectModel.label`: ``gillard2014 (Peer worker change model)``."""
        return self.name if self.name == self.model_name else f"{self.name} ({self.model_name})"

    def codable(self, element_id: str) -> Indexed:
        """The codable element `element_id` (errors as `project_model.codable_element`)."""
        found = self.elements.get(element_id)
        if found is None:
            known = [i for i, e in self.elements.items() if e.codable]
            shown = ", ".join(known[:25]) + (", ..." if len(known) > 25 else "")
            raise NotFoundError(
                f"element {element_id!r} is not in the change model {self.label}; its codable "
                f"elements are: {shown} (see `themes model check`)."
            )
        if not found.codable:
            under = (
                f": use one of its elements ({', '.join(found.children)})" if found.children else ""
            )
            raise InputError(
                f"element {element_id!r} of {self.label} is a category, not codable{under}."
            )
        return found


def model_index(project: Project, model_hash: str) -> ModelIndex:
    """The index of the stored model `model_hash` (made and kept the first time)."""
    run = project.require_run().id
    blob: bytes | None = project.cached(run, KIND, [model_hash]).get(model_hash)
    if blob is None:
        from themes.changemodel.project_model import model_by_hash

        parsed = model_by_hash(project, model_hash)
        rows = [
            [
                f.id,
                f.element.name,
                f.element.codable,
                [c.id for c in f.element.children if c.codable],
            ]
            for f in parsed.model.walk()
        ]
        made = {"name": parsed.name, "model_name": parsed.model.name, "elements": rows}
        blob = json.dumps(made).encode()
        project.remember(run, KIND, [(model_hash, blob)])
    data = json.loads(blob)
    elements = {r[0]: Indexed(r[1], bool(r[2]), tuple(r[3])) for r in data["elements"]}
    return ModelIndex(model_hash, data["name"], data["model_name"], elements)


def index_for(project: Project, given: str | None) -> ModelIndex:
    """The model `given` names, as `project_model.use_model` finds it (and makes it the
    project's current model); without parsing it when the project already holds that text."""
    if given is None or not given.strip():
        current = project.current_change_model()
        if current is not None:
            return model_index(project, current.hash)
    else:
        try:
            path = resolve_model(given)
        except ChangeModelError:
            path = None
        if path is not None:
            try:
                content = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                content = None
            held = {m.hash for m in project.change_models()}
            if content is not None and content_hash(content) in held:
                name = path.stem if path.parent == shipped_dir() else path.name
                digest = content_hash(content)
                if not project.read_only:
                    project.save_change_model(name, content)  # the current one from now on
                return model_index(project, digest)
    from themes.changemodel.project_model import use_model

    return model_index(project, use_model(project, given).hash)
