"""Describe curated themes: unchanged run themes are kept, changed ones are described again.

A curated theme whose members are exactly a run theme's keeps that description (and its
stability). A changed theme (merged, split, with segments moved in or out) is described from
its members alone, the way discovery describes a theme: keywords and label against the words
of the whole view (`theme_words`), exemplars by maximal marginal relevance on the run's
vectors, subtitle, spread, prompt concentration, one-voice flag. Descriptions are kept in the
project by the theme's members (`derived`), so a decision describes only the themes it
changed, and an undo finds the description it had before.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from themes.core.types import Segment, Theme
from themes.curation.derived import THEME, digest, vector_table, view_words
from themes.curation.replay import EXCLUDED, CuratedState, CuratedTheme
from themes.curation.settings import describe_settings
from themes.curation.theme_words import keywords, label, label_from
from themes.store.project import Project, theme_from_dict, theme_to_dict
from themes.store.records import Run

if TYPE_CHECKING:
    from themes.curation.derived import VectorTable, Words


def _empty(theme_id: int, label_: str) -> Theme:
    return Theme(
        id=theme_id,
        label=label_,
        keywords=(),
        size=0,
        segment_ids=(),
        exemplar_ids=(),
        n_transcripts=0,
        n_participants=0,
        top_share=0.0,
        one_voice=True,
        spread={},
        prompt_share=0.0,
        top_prompt=None,
    )


def members_key(segment_ids: Sequence[str]) -> str:
    return digest(sorted(segment_ids))


def curated_themes(
    project: Project,
    run: Run,
    state: CuratedState,
    run_themes: Sequence[Theme],
    segments: Mapping[str, Segment],
) -> tuple[Theme, ...]:
    """One `Theme` per curated theme, in id order (see the module docstring)."""
    by_id = {t.id: t for t in run_themes}
    kept: dict[int, Theme] = {}
    changed: list[CuratedTheme] = []
    for ct in state.themes:
        run_theme = by_id.get(ct.id)
        if run_theme is not None and set(run_theme.segment_ids) == set(ct.segment_ids):
            kept[ct.id] = replace(run_theme, segment_ids=tuple(ct.segment_ids))
        elif ct.segment_ids:
            changed.append(ct)
    if changed:
        keys = {ct.id: members_key(ct.segment_ids) for ct in changed}
        found = project.cached(run.id, THEME, keys.values())
        for ct in changed:
            if keys[ct.id] in found:
                data = json.loads(found[keys[ct.id]])
                kept[ct.id] = replace(theme_from_dict(data), id=ct.id, segment_ids=ct.segment_ids)
        todo = [ct for ct in changed if ct.id not in kept]
        if todo:
            made = _describe(project, run, state, todo, segments, kept)
            kept.update(made)
            project.remember(
                run.id,
                THEME,
                [
                    (keys[tid], json.dumps(theme_to_dict(t), sort_keys=True).encode())
                    for tid, t in made.items()
                ],
            )
    out = []
    for ct in state.themes:
        if ct.id in kept:
            out.append(kept[ct.id])
        else:
            out.append(_empty(ct.id, by_id[ct.id].label if ct.id in by_id else "(empty)"))
    return tuple(out)


def _describe(
    project: Project,
    run: Run,
    state: CuratedState,
    todo: Sequence[CuratedTheme],
    segments: Mapping[str, Segment],
    kept: Mapping[int, Theme],
) -> dict[int, Theme]:
    order = [a.segment_id for a in state.assignments if a.segment_id in segments]
    table = vector_table(project, run, order, segments)
    words = view_words(project, run, [segments[i] for i in order])
    settings = describe_settings(run)
    how = {a.segment_id: a.assigned_by for a in state.assignments}
    loose = any(a.theme_id is None and a.assigned_by != EXCLUDED for a in state.assignments)
    n_classes = sum(1 for ct in state.themes if ct.segment_ids) + int(loose)
    used = {t.label.lower() for t in kept.values()}
    out: dict[int, Theme] = {}
    for ct in todo:
        theme = describe_theme(
            ct.id,
            [segments[s] for s in ct.segment_ids],
            table,
            words,
            settings,
            how,
            n_classes,
            used,
        )
        used.add(theme.label.lower())
        out[ct.id] = theme
    return out


def describe_theme(
    theme_id: int,
    members: Sequence[Segment],
    table: VectorTable,
    words: Words,
    settings: Mapping[str, Any],
    how: Mapping[str, str],
    n_classes: int,
    used: set[str],
) -> Theme:
    """The description of one theme from its members (see the module docstring). Plain
    Python: a decision that changes a theme loads no numpy."""
    ids = [s.id for s in members]
    vectors = [table.row(i) for i in ids]
    people = [f"{s.transcript_id}/{s.speaker}" for s in members]
    counts = Counter(people)
    top_share = max(counts.values()) / len(members)
    centroid = unit_mean(vectors)
    central = [_dot(v, centroid) for v in vectors]
    core = [how.get(i) != "nearest" for i in ids]
    picks = select_exemplars(vectors, central, people, core, int(settings["n_exemplars"]))
    prompts = Counter(_normal(s.prompt) for s in members if s.prompt)
    top_prompt, prompt_count = prompts.most_common(1)[0] if prompts else (None, 0)
    kw = keywords(words, ids, n_classes, int(settings["n_keywords"]))
    lower = Counter(_normal(s.prompt).lower() for s in members if s.prompt)
    phrase = label(words, ids, lower.most_common(1)[0][0] if lower else "", used)
    by_centre = sorted(range(len(ids)), key=lambda i: -central[i])[:N_CENTRAL]
    subtitle = next(
        (words.sentences[ids[i]][0] for i in by_centre if ids[i] in words.sentences), ""
    )
    marks = Counter(_mark(s) for s in members)
    return Theme(
        id=theme_id,
        label=phrase or label_from(kw, int(settings["label_words"])),
        keywords=tuple(kw),
        size=len(members),
        segment_ids=tuple(ids),
        exemplar_ids=tuple(ids[i] for i in picks),
        n_transcripts=len({s.transcript_id for s in members}),
        n_participants=len(counts),
        top_share=round(top_share, 4),
        one_voice=top_share >= float(settings["one_voice_share"])
        or len(counts) < int(settings["min_participants"]),
        spread=_spread(members),
        prompt_share=round(prompt_count / len(members), 4),
        top_prompt=top_prompt,
        subtitle=subtitle,
        echo_share=round(marks["echo"] / len(members), 4),
        filler_share=round(marks["filler"] / len(members), 4),
    )


N_CENTRAL = 5  # most central segments whose sentences may be the subtitle (as `labels`)
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    """Runs of white space as one space (as `embed.normalise_text`)."""
    return _SPACE.sub(" ", text).strip()


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(map(operator.mul, a, b)))


def unit_mean(rows: Sequence[Sequence[float]]) -> list[float]:
    """The unit-length mean of some rows (as `embed.unit_mean`)."""
    mean = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
    norm = math.sqrt(_dot(mean, mean)) or 1.0
    return [x / norm for x in mean]


_MARK = re.compile(r"^(echo|filler):")


def _mark(seg: Segment) -> str:
    """``echo``, ``filler`` or "" from a segment's mark (as `setaside.mark_kind`)."""
    found = _MARK.match(seg.skip_reason)
    return found.group(1) if found else ""


def _spread(segments: Sequence[Segment]) -> dict[str, dict[str, int]]:
    """Counts per metadata value (as `describe.spread_of`)."""
    out: dict[str, Counter[str]] = {}
    for seg in segments:
        for key, value in sorted(seg.metadata.items()):
            out.setdefault(key, Counter())[str(value)] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def select_exemplars(
    vectors: Sequence[Sequence[float]],
    central: Sequence[float],
    participants: Sequence[str],
    core: Sequence[bool],
    n: int,
    diversity: float = 0.3,
) -> list[int]:
    """Central and diverse quotes by maximal marginal relevance, one participant at a time
    first; core members (not attached) first (as `describe.select_exemplars`; `central`: each
    row's cosine to the centre)."""
    m = len(vectors)
    if m == 0:
        return []
    by_centre = sorted(range(m), key=lambda i: -central[i])
    pool = [i for i in by_centre if core[i]] or list(range(m))
    pool = pool[: max(4 * n, 40)]
    redundancy = {i: 0.0 for i in pool}  # highest cosine to a chosen one (0 before any)
    chosen: list[int] = []
    seen_people: set[str] = set()
    while pool and len(chosen) < n:
        best, best_score = pool[0], -math.inf
        for i in pool:
            score = (1 - diversity) * central[i] - diversity * redundancy[i]
            if participants[i] in seen_people:
                score -= 0.1
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        seen_people.add(participants[best])
        pool.remove(best)
        for i in pool:
            cos = _dot(vectors[i], vectors[best])
            redundancy[i] = cos if len(chosen) == 1 else max(redundancy[i], cos)
    return chosen
