"""The report's change-model section: each element of the project's current change model with
the themes mapped onto it, its coded quotes (the analyst's confirmed codes, then the
machine's), and how that evidence spreads over participants and contexts; and the elements
with no evidence yet. There is no section when the project has no change model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from themes.changemodel.project_model import ProjectModel, stored_model
from themes.core.types import Segment
from themes.curation.mappings import ThemeMapping
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView
from themes.report.cards import make_quote, participant_label, participant_spread
from themes.report.model import (
    ChangeModelSection,
    CodedQuote,
    Count,
    ElementEvidence,
    MappedTheme,
    MappingEntry,
    Spread,
)
from themes.store.change_models import MachineCode
from themes.store.project import Project

MAX_QUOTES = 5  # coded quotes shown per element


def change_model_section(
    project: Project,
    view: ProjectView,
    fields: Sequence[str] = (),
    single_speaker: Collection[str] = (),
) -> tuple[ChangeModelSection | None, tuple[MappingEntry, ...]]:
    """The section for the project's current change model (None without one), and its
    mappings as flat rows."""
    stored = project.current_change_model()
    if stored is None:
        return None, ()
    model = stored_model(project, stored)
    machine = project.codes(view.run.id, model.hash)
    return build_section(view, model, machine, fields, single_speaker), mapping_rows(view, model)


def build_section(
    view: ProjectView,
    model: ProjectModel,
    machine: Sequence[MachineCode] = (),
    fields: Sequence[str] = (),
    single_speaker: Collection[str] = (),
) -> ChangeModelSection:
    state = view.element_state
    decided = state.decided(model.hash)
    usable = {
        i for i in view.order if i in view.segments and view.assignments[i].assigned_by != EXCLUDED
    }
    position = {seg_id: n for n, seg_id in enumerate(view.order)}
    by_analyst = {(c.segment, c.element): c.analyst for c in state.codes if c.model == model.hash}
    elements = []
    for flat in model.model.walk():
        e = flat.element
        mapped = [m for m in state.mapped(model.hash) if m.element == e.id]
        confirmed = sorted(
            (s for s, els in decided.items() if els.get(e.id) is True and s in usable),
            key=lambda s: position.get(s, 0),
        )
        codes = [
            c
            for c in machine
            if c.element == e.id
            and c.segment_id in usable
            and c.segment_id not in confirmed
            and decided.get(c.segment_id, {}).get(e.id) is not False
        ]
        codes.sort(key=lambda c: (-c.score, position.get(c.segment_id, 0)))
        quotes = [
            CodedQuote(_quote(view, s), confirmed_by=by_analyst.get((s, e.id), ""))
            for s in confirmed[:MAX_QUOTES]
        ]
        quotes += [
            CodedQuote(_quote(view, c.segment_id), method=c.method, score=round(c.score, 4))
            for c in codes[: MAX_QUOTES - len(quotes)]
        ]
        evidence = _evidence(view, mapped, [*confirmed, *(c.segment_id for c in codes)], usable)
        elements.append(
            ElementEvidence(
                id=e.id,
                name=e.name,
                depth=flat.depth,
                codable=e.codable,
                provisional=e.provisional,
                description=e.description,
                themes=tuple(_mapped_theme(view, m) for m in mapped),
                quotes=tuple(quotes),
                n_confirmed=len(confirmed),
                n_machine=len(codes),
                n_segments=len(evidence),
                n_participants=len({participant_label(s, single_speaker) for s in evidence}),
                spreads=_spreads(evidence, fields, single_speaker) if evidence else (),
            )
        )
    others = [m for m in state.mapped() if m.model != model.hash]
    return ChangeModelSection(
        name=model.model.name,
        label=model.label,
        source=model.model.source,
        short_hash=model.short_hash,
        elements=tuple(elements),
        links=tuple((x.from_, x.to, x.kind) for x in model.model.links),
        machine_methods=tuple(sorted({c.method for c in machine})),
        note=(
            f"{len(others)} mapping(s) onto other change models are not shown." if others else ""
        ),
    )


def mapping_rows(view: ProjectView, model: ProjectModel) -> tuple[MappingEntry, ...]:
    names = {flat.id: flat.element.name for flat in model.model.walk()}
    return tuple(
        MappingEntry(
            theme_id=m.theme,
            mechanism=f"{m.element}: {names.get(m.element, '')}",
            status="mapped",
            note=f"by {m.analyst} (decision #{m.event_id})",
        )
        for m in view.element_state.mapped(model.hash)
    )


def _quote(view: ProjectView, seg_id: str):  # type: ignore[no-untyped-def]
    return make_quote(view.segments[seg_id], view, None)


def _mapped_theme(view: ProjectView, mapping: ThemeMapping) -> MappedTheme:
    theme = view.theme(mapping.theme)
    return MappedTheme(
        theme_id=mapping.theme,
        title=view.title(mapping.theme),
        size=theme.size if theme is not None else 0,
        analyst=mapping.analyst,
        event_id=mapping.event_id,
    )


def _evidence(
    view: ProjectView, mapped: Sequence[ThemeMapping], coded: Sequence[str], usable: set[str]
) -> list[Segment]:
    """Segments in the mapped themes or coded with the element, each once, in view order."""
    wanted = set(coded)
    for m in mapped:
        theme = view.theme(m.theme)
        if theme is not None:
            wanted.update(theme.segment_ids)
    return [view.segments[i] for i in view.order if i in wanted and i in usable]


def _spreads(
    segments: Sequence[Segment], fields: Sequence[str], single_speaker: Collection[str]
) -> tuple[Spread, ...]:
    total = max(len(segments), 1)
    out = [participant_spread(segments, single_speaker)]
    for field in fields:
        counts = Counter(str(s.metadata[field]) for s in segments if field in s.metadata)
        if counts:
            values = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            out.append(Spread(field, tuple(Count(v, n, round(n / total, 4)) for v, n in values)))
    return tuple(out)
