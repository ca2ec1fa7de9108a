"""What each segment carries: the machine's codes (`themes code`) overlaid by the analyst's
confirmed ones (`themes code set` / `clear`, events replayed into the view).

For one segment and element: a confirmed decision holds (carries it, or does not); without
one the machine's code holds. Confirmed codes are never changed by coding again: they live
in the decision log, machine codes in the run's `codes` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from themes.changemodel.codings import Codings
from themes.core.errors import InputError
from themes.core.order import natural_key
from themes.store.change_models import MachineCode

if TYPE_CHECKING:
    from themes.changemodel.project_model import ProjectModel
    from themes.curation.view import ProjectView
    from themes.store.project import Project

ANALYST = "analyst"  # the method of a code the analyst confirmed and the machine did not give


@dataclass(frozen=True)
class SegmentCode:
    """One element for one segment: the machine's score and method (None/`analyst` when only
    the analyst gave it) and the analyst's decision (None: not reviewed)."""

    segment_id: str
    element: str
    score: float | None
    method: str
    confirmed: bool | None

    @property
    def holds(self) -> bool:
        """Whether the segment carries the element once confirmed codes are overlaid."""
        return self.confirmed if self.confirmed is not None else True


@dataclass(frozen=True)
class ProjectCodes:
    """A run's codes against one model: machine codes with the analyst's decisions."""

    model: ProjectModel
    run_id: int
    coded: bool  # whether `themes code` has stored codes for this run and model
    codes: tuple[SegmentCode, ...]  # by segment (natural order), then element (model order)

    def elements_of(self) -> dict[str, tuple[str, ...]]:
        """Segment id -> the elements it carries (overlaid), for segments carrying any."""
        out: dict[str, list[str]] = {}
        for code in self.codes:
            if code.holds:
                out.setdefault(code.segment_id, []).append(code.element)
        return {k: tuple(v) for k, v in out.items()}


def project_codes(project: Project, view: ProjectView, model: ProjectModel) -> ProjectCodes:
    """The view's run's codes against `model`, with the analyst's decisions (machine codes of
    segments the analyst has excluded are left out)."""
    from themes.changemodel.deductive import coded_segments

    machine = project.codes(view.run.id, model.hash)
    decided = view.element_state.decided(model.hash)
    coded = set(coded_segments(view))
    by_key: dict[tuple[str, str], SegmentCode] = {}
    for code in machine:
        if code.segment_id not in coded:
            continue  # excluded by the analyst since (or a segment no longer in the view)
        verdict = decided.get(code.segment_id, {}).get(code.element)
        by_key[(code.segment_id, code.element)] = SegmentCode(
            code.segment_id, code.element, code.score, code.method, verdict
        )
    for segment, elements in decided.items():
        for element, present in elements.items():
            if (segment, element) not in by_key:
                by_key[(segment, element)] = SegmentCode(segment, element, None, ANALYST, present)
    order = {flat.id: i for i, flat in enumerate(model.model.walk())}
    codes = sorted(
        by_key.values(),
        key=lambda c: (natural_key(c.segment_id), order.get(c.element, len(order)), c.element),
    )
    return ProjectCodes(model, view.run.id, bool(machine), tuple(codes))


def machine_codings(project: Project, view: ProjectView, model: ProjectModel) -> Codings:
    """The machine's codes as a coder's: every segment `themes code` codes (the analyst's
    exclusions left out), with the elements the machine gave it (none for the rest),
    confirmed codes not overlaid."""
    from themes.changemodel.deductive import coded_segments

    machine: list[MachineCode] = project.codes(view.run.id, model.hash)
    if not machine:
        raise InputError(
            f"run {view.run.id} has no machine codes for {model.label}; run `themes code "
            f"--project {project.folder}` first."
        )
    coded = coded_segments(view)
    pairs: list[tuple[str, str | None]] = [(seg, None) for seg in coded]
    kept = set(coded)
    pairs += [(c.segment_id, c.element) for c in machine if c.segment_id in kept]
    return Codings.of("machine", pairs)


def confirmed_codings(view: ProjectView, model: ProjectModel) -> Codings:
    """The analyst's confirmed codes as a coder's: every segment with a decision about it,
    with the elements confirmed present (none when every decision was "does not carry")."""
    decided = view.element_state.decided(model.hash)
    if not decided:
        raise InputError(
            f"no segment has a confirmed code for {model.label}; confirm codes with `themes "
            "code set SEGMENT ELEMENT` (or `themes code clear`) first."
        )
    pairs: list[tuple[str, str | None]] = []
    for segment, elements in decided.items():
        pairs.append((segment, None))
        pairs += [(segment, e) for e, present in elements.items() if present]
    return Codings.of("confirmed", pairs)


def codes_for(
    project: Project, view: ProjectView, model: str | None, required: bool
) -> ProjectCodes | None:
    """The codes of the view's run against the model `model` names (default: the project's
    current one), for exports; None when the project has no change model and they are not
    `required`."""
    from themes.changemodel.project_model import use_model

    if model is None and project.current_change_model() is None:
        if not required:
            return None
        raise InputError(
            f"{project.folder}: no change model is in the project yet, so no codes; code the "
            "segments first with `themes code --model NAME|FILE`."
        )
    found = project_codes(project, view, use_model(project, model))
    if required and not found.coded and not found.codes:
        raise InputError(
            f"run {view.run.id} has no codes for {found.model.label}; code the segments first "
            f"with `themes code --project {project.folder}`."
        )
    return found
