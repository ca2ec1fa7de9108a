"""Saturation: what each transcript brings that no earlier one did, in a chosen order.

Orders: ``added`` (default: the initial run's transcripts, then each `themes add` batch; ids
in natural order within a batch), ``id`` (natural order: P2 before P10) or a metadata field
such as an interview date (natural order of its values, so ISO dates sort in time;
transcripts without a value come last).

A theme is *new* at the first transcript that has a segment in it, and counts only when it
is a theme by the rules discovery applies: at least the run's smallest theme size
(`RunSummary.min_cluster_size`), voiced by at least `describe.min_participants` participants
with none holding `describe.one_voice_share` or more, and not a near-duplicate of a theme
that came before (the merge criterion, `themes.curation.criterion`, says "merge"; checked
when vectors are given). Themes first voiced but not counted are listed apart. A *code* is an
element of the project's change model, new at the first transcript that evidences it: a
segment the analyst confirmed (`themes code set`) or a machine code the analyst did not
reject, or a segment in a theme mapped onto the element.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from themes.core.errors import InputError
from themes.core.order import natural_key
from themes.curation.replay import EXCLUDED
from themes.curation.view import ProjectView

if TYPE_CHECKING:
    import numpy as np

    from themes.store.project import Project

ORDERS = ("added", "id")


@dataclass(frozen=True)
class SaturationPoint:
    position: int  # 1-based
    transcript_id: str
    batch: int  # 1: the initial run; 2..: each `themes add`
    n_segments: int  # clustered segments in the view (excluded ones left out)
    n_fit: int  # in a theme that had appeared before this transcript
    n_unassigned: int
    n_new_themes: int  # themes that first appear here and count as themes (see the module)
    n_themes: int  # themes counted so far (the curve)
    order_value: str = ""  # the value it was ordered by (a field's value; "" for added/id)
    new_theme_ids: tuple[int, ...] = ()
    not_counted: tuple[tuple[int, str], ...] = ()  # first voiced here, not counted: (id, why)
    n_new_codes: int | None = None  # change-model elements first evidenced here (None: none)
    n_codes: int | None = None
    new_codes: tuple[str, ...] = ()


def transcript_order(
    view: ProjectView, transcripts: Sequence[str], batches: Mapping[str, int], order: str
) -> list[tuple[str, str]]:
    """(transcript id, the value it is ordered by) in `order` (see the module docstring)."""
    if order == "added":
        ranked = sorted(transcripts, key=lambda t: (batches.get(t, 1), natural_key(t)))
        return [(t, "") for t in ranked]
    if order == "id":
        return [(t, "") for t in sorted(transcripts, key=natural_key)]
    values: dict[str, str] = {}
    for seg_id in view.order:
        seg = view.segments[seg_id]
        if order in seg.metadata and seg.transcript_id not in values:
            values[seg.transcript_id] = str(seg.metadata[order])
    if not values:
        fields = sorted({k for s in view.segments.values() for k in s.metadata}, key=natural_key)
        raise InputError(
            f"--order {order}: no transcript has a metadata field {order!r}; order by "
            f"added, id or one of: {', '.join(fields) or '(no metadata fields)'}."
        )
    ranked = sorted(
        transcripts, key=lambda t: (t not in values, natural_key(values.get(t, "")), natural_key(t))
    )
    return [(t, values.get(t, "")) for t in ranked]


def _why_not(view: ProjectView, theme_id: int, min_size: int) -> str:
    """Why a theme does not count as a theme ("" when it does)."""
    theme = view.theme(theme_id)
    if theme is None:
        return "gone"
    if theme.size < min_size:
        return f"{theme.size} segments, under {min_size}"
    if theme.one_voice:
        return f"one voice ({theme.n_participants} participant(s), largest {theme.top_share:.0%})"
    return ""


def saturation(
    view: ProjectView,
    batches: Mapping[str, int],
    *,
    order: str = "added",
    vectors: Mapping[str, np.ndarray] | None = None,
    codes: Mapping[str, frozenset[str]] | None = None,
) -> tuple[SaturationPoint, ...]:
    """The curve, one point per transcript with clustered segments (see the module
    docstring). `vectors` (the view's) turn on the near-duplicate check; `codes` (segment id
    -> elements it evidences, `element_evidence`) the new codes."""
    per: dict[str, list[str]] = {}
    for seg_id in view.order:
        if view.assignments[seg_id].assigned_by == EXCLUDED:
            continue
        per.setdefault(view.segments[seg_id].transcript_id, []).append(seg_id)
    min_size = max(2, int(view.run.summary.min_cluster_size or 2))
    duplicate = _duplicates(view, vectors)
    seen: set[int] = set()
    counted: list[int] = []
    evidenced: set[str] = set()
    out = []
    for pos, (tid, value) in enumerate(transcript_order(view, list(per), batches, order), 1):
        themes = [view.assignments[s].theme_id for s in per[tid]]
        fit = sum(1 for t in themes if t is not None and t in seen)
        first = sorted({t for t in themes if t is not None and t not in seen})
        seen |= set(first)
        passed: list[int] = []
        skipped: list[tuple[int, str]] = []
        for theme_id in first:
            why = _why_not(view, theme_id, min_size)
            twin = 0 if why else duplicate(theme_id, counted)
            if twin:
                why = f"near-duplicate of theme {twin}"
            if why:
                skipped.append((theme_id, why))
            else:
                passed.append(theme_id)
        counted.extend(passed)
        fresh: list[str] = []
        if codes is not None:
            here = set().union(*(codes.get(s, frozenset()) for s in per[tid]))
            fresh = sorted(here - evidenced)
            evidenced |= here
        out.append(
            SaturationPoint(
                position=pos,
                transcript_id=tid,
                batch=batches.get(tid, 1),
                n_segments=len(themes),
                n_fit=fit,
                n_unassigned=sum(1 for t in themes if t is None),
                n_new_themes=len(passed),
                n_themes=len(counted),
                order_value=value,
                new_theme_ids=tuple(passed),
                not_counted=tuple(skipped),
                n_new_codes=None if codes is None else len(fresh),
                n_codes=None if codes is None else len(evidenced),
                new_codes=tuple(fresh),
            )
        )
    return tuple(out)


def _duplicates(
    view: ProjectView, vectors: Mapping[str, np.ndarray] | None
) -> Callable[[int, Sequence[int]], int]:
    """A function: theme id, themes counted before -> the one it near-duplicates, or 0."""
    if vectors is None:
        return lambda theme_id, before: 0
    from themes.curation.criterion import MERGE, neighbours

    found = neighbours(vectors, {t.id: t.segment_ids for t in view.themes if t.segment_ids})

    def twin(theme_id: int, before: Sequence[int]) -> int:
        for other in before:
            pair = found.pair(min(theme_id, other), max(theme_id, other))
            if pair is not None and pair.verdict == MERGE:
                return other
        return 0

    return twin


def element_evidence(project: Project, view: ProjectView) -> dict[str, frozenset[str]] | None:
    """Segment id -> the elements of the project's change model it evidences (see the module
    docstring); None when the project has no change model, or nothing evidences any element."""
    stored = project.current_change_model()
    if stored is None:
        return None
    state = view.element_state
    decided = state.decided(stored.hash)
    out: dict[str, set[str]] = {}
    for code in project.codes(view.run.id, stored.hash):
        if decided.get(code.segment_id, {}).get(code.element) is not False:
            out.setdefault(code.segment_id, set()).add(code.element)
    for seg_id, elements in state.confirmed(stored.hash).items():
        out.setdefault(seg_id, set()).update(elements)
    for mapping in state.mapped(stored.hash):
        theme = view.theme(mapping.theme)
        for seg_id in theme.segment_ids if theme is not None else ():
            out.setdefault(seg_id, set()).add(mapping.element)
    return {k: frozenset(v) for k, v in out.items()} if out else None
