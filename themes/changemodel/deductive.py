"""`themes code`: code every segment of the current run with the elements of a change model.

Which segments: the view's segments (the run's clustered ones and those added since), less
the ones the analyst excluded. Each gets zero or more codable elements, each with a score
and the method that decided it:

- ``zero-shot`` (no coded examples): `themes.changemodel.zero_shot`; the score is the number
  of standard deviations the segment is above the average segment on that element.
- ``trained`` (an analyst's coded sample, `segment_id,element` rows): `TrainedCoder` on
  `coding_features`; the score is the element's probability. Its cross-validated agreement
  with the sample is returned (`CodingResult.cv`), to read before trusting it.

Codes are stored with the run for the model (`Project.save_codes`), replacing that run's
earlier machine codes for the model. The analyst's confirmed codes are events and are never
touched: what a segment carries is the overlay (`themes.changemodel.codes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from themes.changemodel.codings import Codings
from themes.changemodel.project_model import ProjectModel
from themes.core.errors import CodingsError, InputError
from themes.core.order import natural_key
from themes.curation.replay import EXCLUDED
from themes.store.change_models import MachineCode

if TYPE_CHECKING:
    from themes.changemodel.agreement import AgreementReport
    from themes.curation.view import ProjectView
    from themes.discovery.embed import Embedder
    from themes.store.project import Project

ZERO_SHOT, TRAINED = "zero-shot", "trained"


@dataclass(frozen=True)
class TrainingSample:
    """What was learnt from: segments used, and what in the file could not be used."""

    source: str
    used: tuple[str, ...]  # segment ids, in the coded segments' order
    not_coded: tuple[str, ...]  # in the project but not among the coded segments
    unknown: tuple[str, ...]  # not in the project
    elements: tuple[str, ...]  # elements the sample uses
    unused_elements: tuple[str, ...]  # codable elements the sample never uses (never given)
    folds: int  # cross-validation folds (0: too few segments)


@dataclass(frozen=True)
class CodingResult:
    """The codes `code_segments` made, before or after they were stored."""

    model: ProjectModel
    method: str
    run_id: int
    segments: tuple[str, ...]  # every segment coded (also those given no element)
    codes: tuple[MachineCode, ...]
    settings: dict[str, float] = field(default_factory=dict)
    training: TrainingSample | None = None
    cv: AgreementReport | None = None  # trained: cross-validated agreement with the sample

    def per_element(self) -> dict[str, tuple[int, float | None]]:
        """Element id -> (segments given it, mean score), for every codable element."""
        found: dict[str, list[float]] = {f.id: [] for f in self.model.model.codable()}
        for code in self.codes:
            found.setdefault(code.element, []).append(code.score)
        return {e: (len(s), float(np.mean(s)) if s else None) for e, s in found.items()}


def coded_segments(view: ProjectView) -> list[str]:
    """The segments `themes code` codes: the view's, less those the analyst excluded."""
    return [
        i for i in view.order if i in view.segments and view.assignments[i].assigned_by != EXCLUDED
    ]


def code_segments(
    project: Project,
    view: ProjectView,
    model: ProjectModel,
    *,
    training: Codings | None = None,
    threshold: float | None = None,
    embedder: Embedder | None = None,
    resamples: int = 1000,
    random_state: int = 0,
) -> CodingResult:
    """Code the view's segments (not stored: see `store_codes`). Zero-shot without `training`;
    `threshold` overrides the minimum score (zero-shot) or the probability further elements
    need (trained)."""
    from themes.discovery.run_vectors import view_vectors

    ids = coded_segments(view)
    if not ids:
        raise InputError(f"run {view.run.id} has no segments to code; run `themes run` first.")
    vectors_by_id = view_vectors(project, view)
    vectors = np.vstack([vectors_by_id[i] for i in ids])
    if training is None:
        return _zero_shot(project, view, model, ids, vectors, threshold, embedder)
    return _trained(view, model, ids, vectors, training, threshold, resamples, random_state)


def store_codes(project: Project, result: CodingResult) -> int:
    """Replace the run's machine codes for the model with `result`'s; how many were stored."""
    return project.save_codes(result.run_id, result.model.hash, result.codes)


def _zero_shot(
    project: Project,
    view: ProjectView,
    model: ProjectModel,
    ids: Sequence[str],
    vectors: np.ndarray,
    threshold: float | None,
    embedder: Embedder | None,
) -> CodingResult:
    from themes.changemodel.mapping import element_vectors, run_embedder
    from themes.changemodel.zero_shot import ZeroShotCoder, element_signal
    from themes.discovery.run_vectors import run_config

    settings = run_config(view.run).changemodel
    min_score = settings.code_threshold if threshold is None else threshold
    elements = element_vectors(
        model.model, embedder or run_embedder(view.run), None if project.read_only else project
    )
    signal = element_signal(
        vectors, elements.prototypes, elements.exclusions, settings.exclusion_weight
    )
    coder = ZeroShotCoder(min_score=min_score, margin=settings.code_margin).fit(signal)
    scores, chosen = coder.decision_function(signal), coder.predict(signal).astype(bool)
    codes = _codes(ids, elements.ids, chosen, scores, ZERO_SHOT)
    used = {"min_score": float(min_score), "margin": float(settings.code_margin)}
    return CodingResult(model, ZERO_SHOT, view.run.id, tuple(ids), codes, used)


def _trained(
    view: ProjectView,
    model: ProjectModel,
    ids: Sequence[str],
    vectors: np.ndarray,
    training: Codings,
    threshold: float | None,
    resamples: int,
    random_state: int,
) -> CodingResult:
    from themes.changemodel.agreement import agreement
    from themes.changemodel.coding_features import coding_features
    from themes.changemodel.trained import TrainedCoder

    element_ids = [f.id for f in model.model.codable()]
    sample = _sample(view, model, ids, training, element_ids)
    segments = [view.segments[i] for i in ids]
    features = coding_features(
        vectors,
        [s.text for s in segments],
        [s.prompt or "" for s in segments],
        [(s.transcript_id, float(s.char_start)) for s in segments],
    )
    row_of = {seg_id: row for row, seg_id in enumerate(ids)}
    rows = np.asarray([row_of[i] for i in sample.used])
    Y = np.asarray(
        [[e in training.by_segment[i] for e in element_ids] for i in sample.used], dtype=bool
    )
    groups = [view.segments[i].transcript_id for i in sample.used]
    coder = TrainedCoder(threshold=threshold, random_state=random_state)
    try:
        coder.fit(features[rows], Y, groups=groups)
    except ValueError as exc:
        raise CodingsError(
            f"{training.source}: cannot train on it ({exc}); code more segments, with at least "
            "two elements (rows with an empty element count as coded with no element)."
        ) from None
    proba = coder.predict_proba(features)
    codes = _codes(ids, element_ids, coder.decide(proba), proba, TRAINED)
    cv = None
    if coder.cv_predict_ is not None:
        predicted = _codings(
            "cross-validated machine codes", sample.used, coder.cv_predict_, element_ids
        )
        cv = agreement(
            Codings(training.source, {i: training.by_segment[i] for i in sample.used}),
            predicted,
            resamples=resamples,
            seed=random_state,
        )
    sample = TrainingSample(**{**sample.__dict__, "folds": int(coder.n_splits_)})
    used = {"threshold": float(coder.threshold_), "C": float(coder.C), "folds": coder.n_splits_}
    return CodingResult(model, TRAINED, view.run.id, tuple(ids), codes, used, sample, cv)


def _sample(
    view: ProjectView,
    model: ProjectModel,
    ids: Sequence[str],
    training: Codings,
    element_ids: Sequence[str],
) -> TrainingSample:
    """Check a coded sample against the model and the coded segments."""
    known = set(element_ids)
    strange = sorted(set(training.elements) - known)
    if strange:
        shown = ", ".join(strange[:10]) + (", ..." if len(strange) > 10 else "")
        listed = ", ".join(element_ids[:25]) + (", ..." if len(element_ids) > 25 else "")
        raise CodingsError(
            f"{training.source}: {len(strange)} element id(s) are not codable elements of "
            f"{model.label} ({shown}); use the model's ids ({listed}), see `themes model check`."
        )
    coded = set(ids)
    used = [i for i in ids if i in training.by_segment]
    given = sorted(training.by_segment, key=natural_key)
    not_coded = tuple(i for i in given if i not in coded and i in view.segments)
    unknown = tuple(i for i in given if i not in view.segments)
    if not used:
        raise CodingsError(
            f"{training.source}: none of its {len(given)} segment ids is a segment this run "
            f"codes ({len(unknown)} are not in the project); use the ids `themes export --what "
            "segments` writes."
        )
    elements = tuple(e for e in element_ids if any(e in training.by_segment[i] for i in used))
    unused = tuple(e for e in element_ids if e not in elements)
    return TrainingSample(training.source, tuple(used), not_coded, unknown, elements, unused, 0)


def _codes(
    ids: Sequence[str],
    element_ids: Sequence[str],
    chosen: np.ndarray,
    scores: np.ndarray,
    method: str,
) -> tuple[MachineCode, ...]:
    return tuple(
        MachineCode(ids[r], element_ids[c], round(float(scores[r, c]), 4), method)
        for r, c in zip(*np.nonzero(chosen), strict=True)
    )


def _codings(
    source: str, ids: Sequence[str], chosen: np.ndarray, element_ids: Sequence[str]
) -> Codings:
    return Codings(
        source,
        {
            seg: frozenset(e for e, on in zip(element_ids, row, strict=True) if on)
            for seg, row in zip(ids, chosen, strict=True)
        },
    )
