"""Deductive codes as rows (`themes export --what codes`): one per segment and element the
machine gave or the analyst decided, with the score, the method and the analyst's decision.

``confirmed`` is ``yes`` (the analyst confirmed it), ``no`` (the analyst corrected it: the
segment does not carry it) or empty (not reviewed); ``holds`` says whether the segment carries
the element once confirmed codes are overlaid, as the `elements` column of
`--what segments` shows.
"""

from __future__ import annotations

from typing import Any

from themes.changemodel.codes import ProjectCodes
from themes.curation.view import ProjectView

_VERDICT = {True: "yes", False: "no", None: ""}


def code_rows(view: ProjectView, codes: ProjectCodes) -> list[dict[str, Any]]:
    names = {flat.id: flat.element.name for flat in codes.model.model.walk()}
    rows = []
    for code in codes.codes:
        seg = view.segments.get(code.segment_id)
        rows.append(
            {
                "run_id": codes.run_id,
                "segment_id": code.segment_id,
                "transcript": seg.transcript_id if seg is not None else "",
                "speaker": seg.speaker if seg is not None else "",
                "element": code.element,
                "element_name": names.get(code.element, ""),
                "score": code.score if code.score is not None else "",
                "method": code.method,
                "confirmed": _VERDICT[code.confirmed],
                "holds": code.holds,
                "model": codes.model.short_hash,
            }
        )
    return rows
