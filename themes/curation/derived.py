"""What describing and comparing curated themes is made from, kept in the project's
``view_cache`` (`themes.store.view_cache`) so a curation command reads it instead of
recomputing it:

- ``vectors``: every segment's unit vector as the run clustered it (model and prompt context
  as configured), one matrix for the view's segments in view order;
- ``words``: each segment's terms and candidate label phrases (`themes.discovery.describe`,
  `themes.discovery.labels`) with the run's stop words, and their counts over the view;
- ``theme``: the description of a curated theme, by its members (`themes.curation.redescribe`).

The first two are computed with the discovery code the run used (the first time a run needs
them: a second or two, once; `themes add` prepares them for its new segments); keys are
digests of the segments they cover, so a view with more segments gets new rows.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from themes.core.types import Segment
from themes.curation.settings import run_setting
from themes.store.project import Project
from themes.store.records import Run

if TYPE_CHECKING:
    import numpy as np

    from themes.curation.view import ProjectView

VECTORS, WORDS, THEME = "vectors", "words", "theme"
WORDS_FORMAT = "words 2"  # part of the key: a row in an older layout is never read


def digest(ids: Iterable[str]) -> str:
    """A key for a list of segment ids (order matters: sort first where it should not)."""
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class VectorTable:
    """Unit vectors (float32) of the view's segments, row `index[segment_id]` of `data`: read
    one at a time as plain arrays (`row`), or all as a numpy matrix (`matrix`)."""

    ids: tuple[str, ...]
    data: bytes
    dim: int
    index: Mapping[str, int] = field(compare=False)

    def row(self, segment_id: str) -> array[float]:
        at = self.index[segment_id] * self.dim * 4
        out = array("f")
        out.frombytes(self.data[at : at + self.dim * 4])
        return out

    @cached_property
    def matrix(self) -> np.ndarray:
        import numpy as np

        return np.frombuffer(self.data, dtype=np.float32).reshape(len(self.ids), self.dim)

    def rows(self, ids: Sequence[str]) -> np.ndarray:
        return self.matrix[[self.index[i] for i in ids]]

    def as_dict(self) -> dict[str, np.ndarray]:
        return {i: self.matrix[k] for k, i in enumerate(self.ids)}


def vector_table(
    project: Project, run: Run, order: Sequence[str], segments: Mapping[str, Segment]
) -> VectorTable:
    """The vectors of `order` (the view's segments), from the cache or computed once."""
    index = {i: k for k, i in enumerate(order)}
    key = digest([run.model_id, *order])
    blob = project.cached(run.id, VECTORS, [key]).get(key)
    if blob is not None and order and len(blob) % (4 * len(order)) == 0:
        return VectorTable(tuple(order), blob, len(blob) // (4 * len(order)), index)
    if not order:
        return VectorTable((), b"", 0, index)
    import numpy as np

    from themes.discovery.run_vectors import segment_vectors

    matrix = np.ascontiguousarray(
        segment_vectors(project, run, [segments[i] for i in order]), dtype=np.float32
    )
    _replace(project, run, VECTORS, key, matrix.tobytes())
    return VectorTable(tuple(order), matrix.tobytes(), int(matrix.shape[1]), index)


@dataclass(frozen=True)
class Words:
    """The words of the view's segments: what keywords and labels are computed from."""

    stop: frozenset[str]
    terms: Mapping[str, Sequence[str]]  # segment id -> its terms (words and word pairs)
    phrases: Mapping[str, Mapping[str, str]]  # segment id -> candidate phrase -> as written
    term_totals: Mapping[str, int]  # term -> how often the view's segments say it
    phrase_df: Mapping[str, int]  # phrase -> how many of the view's segments hold it
    n_segments: int
    sentences: Mapping[str, Sequence[str]]  # segment id -> sentences fit for a subtitle

    @property
    def total_terms(self) -> int:
        return sum(self.term_totals.values())


def view_words(project: Project, run: Run, segments: Sequence[Segment]) -> Words:
    """The words of `segments` (the view's), from the cache or computed once."""
    key = digest([WORDS_FORMAT, *sorted(s.id for s in segments)])
    blob = project.cached(run.id, WORDS, [key]).get(key)
    if blob is not None:
        data = json.loads(blob)
        return _counted(frozenset(data["stop"]), data["terms"], data["phrases"], data["sentences"])
    words = words_of(
        segments,
        run_setting(run, "describe", "extra_stop_words"),
        float(run_setting(run, "segment", "filler_share")),
    )
    data = {
        "stop": sorted(words.stop),
        "terms": words.terms,
        "phrases": words.phrases,
        "sentences": words.sentences,
    }
    _replace(project, run, WORDS, key, json.dumps(data, separators=(",", ":")).encode())
    return words


def words_of(
    segments: Sequence[Segment], extra_stop_words: Sequence[str] = (), filler_share: float = 1.0
) -> Words:
    """The words of `segments`, computed as discovery does (stop words of the run's speakers
    and settings; names are never label words; subtitle sentences as `labels` picks them)."""
    from themes.discovery.describe import stop_words
    from themes.discovery.describe import terms as terms_of
    from themes.discovery.labels import _sentences, names_in, phrases_of

    stop = stop_words(segments, extra_stop_words)
    names = names_in(segments)
    terms = {s.id: terms_of(s.text, stop) for s in segments}
    phrases = {s.id: phrases_of(s.text, stop, names) for s in segments}
    found = {s.id: _sentences(s.text, filler_share) for s in segments}
    return _counted(stop, terms, phrases, {k: v for k, v in found.items() if v})


def _counted(
    stop: frozenset[str],
    terms: Mapping[str, Sequence[str]],
    phrases: Mapping[str, Mapping[str, str]],
    sentences: Mapping[str, Sequence[str]],
) -> Words:
    totals: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for seg_terms in terms.values():
        totals.update(seg_terms)
    for seg_phrases in phrases.values():
        df.update(seg_phrases.keys())
    return Words(stop, terms, phrases, totals, df, len(terms), sentences)


def _replace(project: Project, run: Run, kind: str, key: str, data: bytes) -> None:
    """Keep one row of `kind` per run: the one for the view as it is now."""
    project.remember(run.id, kind, [(key, data)], only=True)


def prepare(
    project: Project, run: Run, order: Sequence[str], segments: Mapping[str, Segment]
) -> None:
    """Compute and keep the vectors and words of a view (e.g. after `themes add`)."""
    vector_table(project, run, order, segments)
    view_words(project, run, [segments[i] for i in order])


def view_vectors(project: Project, view: ProjectView) -> dict[str, np.ndarray]:
    """Vectors of every segment in a view's order (themes, unassigned, added), as clustered."""
    return vector_table(project, view.run, view.order, view.segments).as_dict()


def words_for(project: Project, view: ProjectView) -> Words:
    """The words of a view's segments."""
    return view_words(project, view.run, [view.segments[i] for i in view.order])
