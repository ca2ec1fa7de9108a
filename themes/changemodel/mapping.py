"""Suggest change-model elements for themes: which mechanism or condition each theme is
evidence for. Suggestions are recomputed each time (nothing is stored); the analyst's choice
is an event (`themes.changemodel.decisions.map_set`).

How a theme and an element are compared, with the run's embedding model:

- An element is its prototype: the unit mean of the vectors of ``name. description`` and of
  each example quote. Its exclusions (near misses) are vectors of their own.
- A theme is its centroid (the mean of its segments' vectors, as they were clustered) and its
  exemplar quotes. Its similarity to an element is half the centroid's and half the mean of
  the exemplars' (a dot product with the mean vector is the mean similarity of the members,
  so a theme is judged by its segments, not by how tight it is).
- Near misses: for the centroid and each exemplar, the amount by which it is closer to one of
  the element's exclusions than to the element is taken off (times
  ``changemodel.exclusion_weight``).
- Scores are standardised per element against the clustered segments of the view: the score
  says how many standard deviations the theme is above the average segment. Elements worded
  in general terms (in a study of peer work, "what makes the peer role distinct") are close to
  nearly everything; standardising stops them from topping every theme, and makes one
  threshold (``changemodel.map_threshold``) mean the same for any model or corpus.

A theme whose best score is below the threshold has "no good fit".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from themes.changemodel.elements import ChangeModel
from themes.changemodel.project_model import ProjectModel
from themes.core.errors import ModelError
from themes.curation.replay import EXCLUDED
from themes.discovery.embed import Embedder, embed_texts, unit_mean
from themes.store.project import Project

if TYPE_CHECKING:
    from themes.curation.view import ProjectView
    from themes.store.records import Run

_MIN_SD = 1e-6
_SHRINK = 0.25


@dataclass(frozen=True)
class ElementVectors:
    """A model's codable elements as vectors: `prototypes` (one row per id), `exclusions`
    (one matrix per id, possibly with no rows)."""

    ids: tuple[str, ...]
    prototypes: np.ndarray
    exclusions: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class ElementScore:
    element: str
    score: float  # standard deviations above the average clustered segment
    similarity: float  # the theme's mean cosine similarity to the element's prototype
    near_miss: float  # what the exclusions took off (0 when none applied)
    fits: bool  # score >= the threshold


@dataclass(frozen=True)
class ThemeSuggestions:
    theme_id: int
    ranked: tuple[ElementScore, ...]  # best first

    @property
    def best(self) -> ElementScore | None:
        return self.ranked[0] if self.ranked else None

    @property
    def fits(self) -> bool:
        return self.best is not None and self.best.fits


@dataclass(frozen=True)
class MappingSuggestions:
    model: ProjectModel
    threshold: float
    themes: tuple[ThemeSuggestions, ...]  # in theme id order

    def theme(self, theme_id: int) -> ThemeSuggestions | None:
        return next((t for t in self.themes if t.theme_id == theme_id), None)


def element_texts(model: ChangeModel) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(id, ``name. description``, examples, exclusions) of each codable element."""
    out = []
    for flat in model.codable():
        e = flat.element
        text = f"{e.name}. {e.description}" if e.description else e.name
        out.append((e.id, text, e.examples, e.exclude))
    return out


def element_vectors(
    model: ChangeModel, embedder: Embedder, project: Project | None = None
) -> ElementVectors:
    """Embed the codable elements (cached in the project like segment texts)."""
    items = element_texts(model)
    texts: list[str] = []
    for _, text, examples, exclude in items:
        texts.extend([text, *examples, *exclude])
    vectors = embed_texts(texts, embedder, project)
    prototypes, exclusions, row = [], [], 0
    for _, _, examples, exclude in items:
        n_pos = 1 + len(examples)
        prototypes.append(unit_mean(vectors[row : row + n_pos]))
        exclusions.append(vectors[row + n_pos : row + n_pos + len(exclude)])
        row += n_pos + len(exclude)
    dim = vectors.shape[1] if len(vectors) else 0
    return ElementVectors(
        ids=tuple(i for i, *_ in items),
        prototypes=np.vstack(prototypes).astype(np.float32) if prototypes else np.zeros((0, dim)),
        exclusions=tuple(np.asarray(x, dtype=np.float32) for x in exclusions),
    )


def _signal(
    vectors: np.ndarray, elements: ElementVectors, exclusion_weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per vector and element: the similarity to the element's prototype, and the near miss
    (how much closer the vector is to the element's nearest exclusion than to the element,
    times `exclusion_weight`; 0 when it is not, or there are none)."""
    sims = vectors @ elements.prototypes.T
    near = np.zeros_like(sims)
    for j, exclusions in enumerate(elements.exclusions):
        if len(exclusions) and exclusion_weight:
            nearest = (vectors @ exclusions.T).max(axis=1)
            near[:, j] = exclusion_weight * np.maximum(0.0, nearest - sims[:, j])
    return sims, near


def score_themes(
    themes: Mapping[int, tuple[np.ndarray, np.ndarray]],
    corpus: np.ndarray,
    elements: ElementVectors,
    exclusion_weight: float = 1.0,
) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Theme id -> (score, similarity, near miss), one value per element.

    `themes` maps each theme id to (member vectors, exemplar vectors); `corpus` holds the
    vectors the scores are standardised against (the view's clustered segments): a score is
    (similarity - near miss - its mean over the corpus) / its standard deviation there."""
    sims, near = _signal(corpus, elements, exclusion_weight)
    baseline = sims - near
    mean, var = baseline.mean(axis=0), baseline.var(axis=0)
    # shrunk a quarter towards the elements' pooled variance: an element whose similarity
    # hardly varies over the corpus would otherwise turn small differences into large scores
    sd = np.maximum(np.sqrt((1 - _SHRINK) * var + _SHRINK * var.mean()), _MIN_SD)
    out = {}
    for theme_id, (members, exemplars) in themes.items():
        parts = [members.mean(axis=0, keepdims=True)]  # the centroid (not re-normalised)
        if len(exemplars):
            parts.append(exemplars)
        signals = [_signal(vectors, elements, exclusion_weight) for vectors in parts]
        similarity = np.mean([s.mean(axis=0) for s, _ in signals], axis=0)
        miss = np.mean([n.mean(axis=0) for _, n in signals], axis=0)
        out[theme_id] = ((similarity - miss - mean) / sd, similarity, miss)
    return out


def run_embedder(run: Run) -> Embedder:
    """The embedding model the run used (elements must be embedded as its segments were)."""
    from themes.discovery.embed import embedder_for
    from themes.discovery.run_vectors import run_config

    config = run_config(run)
    made = embedder_for(config)
    if made.model_id == run.model_id:
        return made
    try:
        embed = config.embed.model_copy(update={"model": run.model_id})
        return embedder_for(config.model_copy(update={"embed": embed}))
    except ModelError as exc:
        raise ModelError(
            f"run {run.id} was made with the embedding model {run.model_id}, which cannot be "
            "loaded here; install it, or run `themes run` again with a model you have."
        ) from exc


def suggest_mappings(
    project: Project,
    view: ProjectView,
    model: ProjectModel,
    *,
    embedder: Embedder | None = None,
    top: int = 3,
    threshold: float | None = None,
    exclusion_weight: float | None = None,
    theme_ids: Sequence[int] | None = None,
) -> MappingSuggestions:
    """The `top` elements for each theme of the view (or of `theme_ids`), best first.
    Settings default to the run's (`changemodel.*`)."""
    from themes.discovery.run_vectors import run_config, view_vectors

    settings = run_config(view.run).changemodel
    threshold = settings.map_threshold if threshold is None else threshold
    weight = settings.exclusion_weight if exclusion_weight is None else exclusion_weight
    embedder = embedder or run_embedder(view.run)
    elements = element_vectors(model.model, embedder, None if project.read_only else project)
    vectors = view_vectors(project, view)
    corpus_ids = [
        i for i in view.order if i in vectors and view.assignments[i].assigned_by != EXCLUDED
    ]
    wanted = set(theme_ids) if theme_ids is not None else None
    themes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for theme in view.themes:
        members = [vectors[i] for i in theme.segment_ids if i in vectors]
        if (wanted is not None and theme.id not in wanted) or not members:
            continue
        exemplars = [vectors[i] for i in theme.exemplar_ids if i in vectors]
        themes[theme.id] = (np.vstack(members), _rows(exemplars, members[0].shape[0]))
    if not corpus_ids or not themes or not elements.ids:
        return MappingSuggestions(model, threshold, ())
    scored = score_themes(themes, np.vstack([vectors[i] for i in corpus_ids]), elements, weight)
    out = []
    for theme_id in sorted(scored):
        score, similarity, near = scored[theme_id]
        order = np.argsort(-score, kind="stable")[: max(1, top)]
        ranked = tuple(
            ElementScore(
                element=elements.ids[j],
                score=round(float(score[j]), 4),
                similarity=round(float(similarity[j]), 4),
                near_miss=round(float(near[j]), 4),
                fits=bool(score[j] >= threshold),
            )
            for j in order
        )
        out.append(ThemeSuggestions(theme_id, ranked))
    return MappingSuggestions(model, threshold, tuple(out))


def _rows(vectors: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(vectors) if vectors else np.zeros((0, dim), dtype=np.float32)
