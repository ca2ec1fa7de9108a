"""The report's overview: corpus, speakers and roles, run settings, model and versions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from themes.curation.view import ProjectView
from themes.discovery.run_vectors import run_config
from themes.discovery.setaside import mark_kind
from themes.report.model import Count, Overview, RoleRow
from themes.store.records import Run

# (label, dotted config key, run-summary key holding the resolved value or None)
_SETTINGS: tuple[tuple[str, str, str | None], ...] = (
    ("embedding model", "embed.model", None),
    ("prompt as context", "embed.context", None),
    ("prompt weight", "embed.prompt_weight", None),
    ("segment max tokens", "segment.max_tokens", None),
    ("segment min words", "segment.min_words", None),
    ("UMAP dimensions", "reduce.n_components", None),
    ("UMAP n_neighbors", "reduce.n_neighbors", "n_neighbors"),
    ("UMAP min_dist", "reduce.min_dist", None),
    ("UMAP metric", "reduce.metric", None),
    ("HDBSCAN min_cluster_size", "cluster.min_cluster_size", "min_cluster_size"),
    ("HDBSCAN min_samples", "cluster.min_samples", "min_samples"),
    ("HDBSCAN selection", "cluster.cluster_selection_method", None),
    ("attach threshold", "cluster.attach_threshold", None),
    ("exemplars per theme", "describe.n_exemplars", None),
    ("one-voice share", "describe.one_voice_share", None),
    ("min participants", "describe.min_participants", None),
    ("prompt concentration flag", "describe.prompt_concentration", None),
    ("stability runs", "stability.runs", None),
)
_SPEAKER_KEYS = (
    "cluster_roles",
    "prompt_roles",
    "include_speakers",
    "exclude_speakers",
    "default_role",
)


def config_value(config: Mapping[str, Any], dotted: str) -> Any:
    node: Any = config
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return str(value)


def run_settings(run: Run) -> tuple[tuple[str, str], ...]:
    config, summary = run_config(run).to_dict(), run.summary.to_dict()
    rows: list[tuple[str, str]] = []
    for label, key, resolved_key in _SETTINGS:
        value = _show(config_value(config, key))
        resolved = summary.get(resolved_key) if resolved_key else None
        if resolved is not None and str(resolved) != value:
            value = f"{value} → {resolved}"
        rows.append((label, value))
    return tuple(rows)


def role_rows(view: ProjectView) -> tuple[RoleRow, ...]:
    in_run = set(view.order)
    by_role: dict[str, list[str]] = {}
    for seg in view.segments.values():
        by_role.setdefault(seg.role or "(none)", []).append(seg.id)
    rows: list[RoleRow] = []
    for role in sorted(by_role, key=lambda r: (-len(by_role[r]), r)):
        ids = by_role[role]
        segs = [view.segments[i] for i in ids]
        reasons = Counter(
            (mark_kind(s) or s.skip_reason or "not clustered in this run")
            for s in segs
            if s.id not in in_run
        )
        n_out = sum(reasons.values())
        rows.append(
            RoleRow(
                role=role,
                speakers=tuple(sorted({s.speaker for s in segs})),
                n_segments=len(segs),
                n_clustered=len(segs) - n_out,
                excluded_reasons=tuple(
                    Count(reason, n, round(n / n_out, 4)) for reason, n in reasons.most_common()
                ),
            )
        )
    return tuple(rows)


def build_overview(view: ProjectView, n_transcripts: int, project_name: str) -> Overview:
    run = view.run
    speakers = run_config(run).speakers.model_dump()
    assigned = [a for a in view.assignments.values() if a.theme_id is not None]
    n_unassigned = len(view.unassigned())
    return Overview(
        project_name=project_name,
        run_id=run.id,
        run_date=run.created_at,
        run_kind=run.kind,
        folder=run.folder,
        model_id=run.model_id,
        seed=run.seed,
        n_transcripts=n_transcripts,
        n_segments=len(view.segments),
        n_clustered=len(view.order),
        n_assigned=len(assigned),
        n_unassigned=n_unassigned,
        n_attached=sum(1 for a in assigned if a.assigned_by == "nearest"),
        n_themes=len(view.themes),
        roles=role_rows(view),
        speaker_settings=tuple((k, _show(speakers.get(k))) for k in _SPEAKER_KEYS if k in speakers),
        settings=run_settings(run),
        versions=tuple(sorted((str(k), str(v)) for k, v in run.versions.items())),
    )
