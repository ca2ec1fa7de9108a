"""The report's analyses of the curated themes: the context comparison for each context
field, co-occurrence by participant and by neighbouring segments, and the framework matrix
of participants by themes (`themes.analysis`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from themes.analysis.coding import theme_coding
from themes.analysis.contexts import ContextComparison, compare_contexts
from themes.analysis.cooccur import Cooccurrence, available_units, cooccurrence
from themes.analysis.groups import PARTICIPANT
from themes.analysis.matrix import FrameworkMatrix, build_matrix
from themes.core.errors import AnalysisError
from themes.curation.view import ProjectView

CONTEXT_QUOTES = 1  # quotes per context and theme in the report


@dataclass(frozen=True)
class Analyses:
    context_comparisons: tuple[ContextComparison, ...]
    cooccurrences: tuple[Cooccurrence, ...]
    framework: FrameworkMatrix | None


def report_analyses(
    view: ProjectView, vectors: Mapping[str, np.ndarray], fields: Sequence[str]
) -> Analyses:
    """The analyses for the report; a field with fewer than two values is left out."""
    coding = theme_coding(view)
    if not coding.by_segment:
        return Analyses((), (), None)
    comparisons = []
    for field in fields:
        try:
            comparisons.append(
                compare_contexts(coding, view.segments, field, vectors, CONTEXT_QUOTES)
            )
        except AnalysisError:
            continue
    return Analyses(
        context_comparisons=tuple(comparisons),
        cooccurrences=tuple(
            cooccurrence(coding, view.segments, unit) for unit in available_units(coding)
        ),
        framework=build_matrix(coding, view.segments, PARTICIPANT, vectors, n_quotes=0),
    )
