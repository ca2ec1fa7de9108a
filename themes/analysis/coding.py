"""A coding: the labels a set of segments carries, whatever made them.

Sources: ``theme`` (the analyst's curated themes, one label per segment; unassigned segments
carry none) and ``element`` (deductive codes of change-model elements, several labels per
segment). Every analysis in this part reads only a `Coding`, so a source is one function here
that returns one, registered in `SOURCES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from themes.core.errors import AnalysisError, NoCodesError
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView


@dataclass(frozen=True)
class LabelInfo:
    """One label: a theme or a change-model element."""

    id: str  # "3" for theme 3, the element id for an element
    name: str  # the analyst's name (or the run's label), the element's name
    heading: str  # how a table column names it: "3. Trust", "trust: Building trust..."
    description: str = ""  # the analyst's definition, the element's description


@dataclass(frozen=True)
class Coding:
    """Which labels each segment carries.

    `by_segment` holds every segment the coding considered, in transcript/run order; an empty
    set means considered and given no label (an unassigned segment). Row totals and shares are
    over these segments. `labels` are in display order.
    """

    source: str  # "theme" | "element"
    labels: Mapping[str, LabelInfo]
    by_segment: Mapping[str, frozenset[str]]
    multi_label: bool = False
    note: str = ""  # what the segments are, for captions
    _members: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))
        object.__setattr__(
            self,
            "by_segment",
            MappingProxyType({k: frozenset(v) for k, v in self.by_segment.items()}),
        )
        members: dict[str, list[str]] = {label: [] for label in self.labels}
        for seg_id, labels in self.by_segment.items():
            for label in labels:
                if label in members:
                    members[label].append(seg_id)
        object.__setattr__(self, "_members", {k: tuple(v) for k, v in members.items()})

    @property
    def segment_ids(self) -> tuple[str, ...]:
        return tuple(self.by_segment)

    def members(self, label: str) -> tuple[str, ...]:
        """The segments carrying `label`, in the coding's order."""
        return self._members.get(label, ())

    def label_list(self) -> tuple[LabelInfo, ...]:
        return tuple(self.labels.values())


def theme_coding(view: ProjectView) -> Coding:
    """The curated themes as a coding: every clustered segment the analyst has not excluded,
    labelled with its theme (unassigned segments carry no label)."""
    labels: dict[str, LabelInfo] = {}
    for theme in view.themes:
        notes = view.notes(theme.id)
        title = view.title(theme.id)
        labels[str(theme.id)] = LabelInfo(
            id=str(theme.id),
            name=title,
            heading=f"{theme.id}. {title}",
            description=notes.definition if notes is not None else "",
        )
    by_segment: dict[str, frozenset[str]] = {}
    for seg_id in view.order:
        assignment = view.assignments[seg_id]
        if seg_id not in view.segments or assignment.assigned_by == EXCLUDED:
            continue
        tid = assignment.theme_id
        by_segment[seg_id] = frozenset({str(tid)}) if str(tid) in labels else frozenset()
    return Coding(
        source="theme",
        labels=labels,
        by_segment=by_segment,
        multi_label=False,
        note="clustered segments not excluded by the analyst (unassigned ones included)",
    )


def element_coding(project: Any, view: ProjectView) -> Coding:
    """Deductive codes of change-model elements (`themes code`, overlaid by the analyst's
    confirmed codes), several per segment: every clustered segment the analyst has not
    excluded, with the codable elements of the project's current change model it carries."""
    from themes.changemodel.codes import codes_for

    found = codes_for(project, view, None, required=False)
    if found is None or not (found.coded or found.codes):
        raise NoCodesError("no deductive codes yet: run `themes code --model M` first.")
    labels = {
        flat.id: LabelInfo(
            id=flat.id,
            name=flat.element.name,
            heading=f"{flat.id}: {flat.element.name}",
            description=flat.element.description,
        )
        for flat in found.model.model.codable()
    }
    carried = found.elements_of()
    by_segment = {
        seg_id: frozenset(e for e in carried.get(seg_id, ()) if e in labels)
        for seg_id in view.order
        if seg_id in view.segments and view.assignments[seg_id].assigned_by != EXCLUDED
    }
    return Coding(
        source="element",
        labels=labels,
        by_segment=by_segment,
        multi_label=True,
        note=f"clustered segments coded against {found.model.label} (uncoded ones included)",
    )


SOURCES = {"theme": lambda project, view: theme_coding(view), "element": element_coding}


def coding_for(source: str, project: Any, view: ProjectView) -> Coding:
    """The coding named `source` (``theme`` or ``element``) of a project's current view."""
    if source not in SOURCES:
        raise AnalysisError(f"--cols {source!r}: use one of {', '.join(SOURCES)}.")
    return SOURCES[source](project, view)
