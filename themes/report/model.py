"""The report model: everything a report shows, as typed immutable values.

Built from a `ProjectView` (see `themes.report.build`) and rendered by the HTML and Markdown
renderers, which never read the project themselves. A later curated view (merges, renames,
decisions replayed from the log) plugs in by producing the same model.
"""

from __future__ import annotations

from dataclasses import dataclass

from themes.analysis.contexts import ContextComparison
from themes.analysis.cooccur import Cooccurrence
from themes.analysis.matrix import FrameworkMatrix
from themes.core.types import location, voices


@dataclass(frozen=True)
class Count:
    """A labelled count, e.g. one metadata value within a theme."""

    label: str
    count: int
    share: float  # count / total of the group it belongs to


@dataclass(frozen=True)
class RoleRow:
    """Segments of one speaker role: which speakers, how many were clustered and why not."""

    role: str
    speakers: tuple[str, ...]
    n_segments: int
    n_clustered: int
    excluded_reasons: tuple[Count, ...]  # why the others were not clustered


@dataclass(frozen=True)
class Overview:
    project_name: str
    run_id: int
    run_date: str
    run_kind: str
    folder: str
    model_id: str
    seed: int
    n_transcripts: int
    n_segments: int  # every segment of the project, clustered or kept for context
    n_clustered: int  # segments in the run
    n_assigned: int
    n_unassigned: int
    n_attached: int  # assigned to the nearest theme after clustering
    n_themes: int
    roles: tuple[RoleRow, ...]
    speaker_settings: tuple[tuple[str, str], ...]  # config speakers.*: (setting, value)
    settings: tuple[tuple[str, str], ...]  # key run settings: (setting, value)
    versions: tuple[tuple[str, str], ...]  # package -> version


@dataclass(frozen=True)
class ContextTurn:
    speaker: str
    line: int
    text: str
    is_quote: bool  # the turn the quote comes from


@dataclass(frozen=True)
class Quote:
    segment_id: str
    text: str
    speaker: str
    role: str
    transcript_id: str
    line_start: int
    line_end: int
    prompt: str | None
    assigned_by: str
    probability: float
    metadata: tuple[tuple[str, str], ...]
    context: tuple[ContextTurn, ...]  # turns around the quote, in transcript order

    @property
    def location(self) -> str:
        """``transcript:line`` or ``transcript:first-last``."""
        return location(self.transcript_id, self.line_start, self.line_end)


@dataclass(frozen=True)
class Spread:
    """How a theme's segments fall over the values of one field (participant, org_context...)."""

    field: str
    values: tuple[Count, ...]  # largest first


@dataclass(frozen=True)
class AnalystNote:
    """A memo from the decision log, shown where it belongs (a theme card)."""

    event_id: int
    analyst: str
    created_at: str
    text: str


@dataclass(frozen=True)
class SaturationRow:
    """One transcript on the saturation curve, in the order transcripts were added."""

    position: int
    transcript_id: str
    batch: int  # 1: the first run; 2..: each `themes add`
    n_segments: int
    n_fit: int  # segments in themes seen in earlier transcripts
    n_new_themes: int
    n_themes: int  # themes seen so far
    n_new_codes: int | None = None  # change-model elements first evidenced here (None: no model)
    n_codes: int | None = None  # elements evidenced so far
    not_counted: str = ""  # themes first voiced here that do not count, and why


@dataclass(frozen=True)
class ThemeCard:
    id: int
    label: str  # the label the run gave it
    name: str | None  # the analyst's name once renamed (a curated view sets it)
    colour: str  # "#rrggbb", the same in the map, legend and card
    keywords: tuple[str, ...]
    size: int
    n_transcripts: int
    n_participants: int
    top_share: float
    one_voice: bool
    prompt_share: float
    top_prompt: str | None
    restates_prompt: bool  # prompt_share >= describe.prompt_concentration
    stability: float | None
    n_attached: int  # members attached to it as the nearest theme
    spreads: tuple[Spread, ...]  # "participant" first, then metadata fields
    quotes: tuple[Quote, ...]  # the exemplars
    others: tuple[Quote, ...] = ()  # every other segment of the theme, in transcript order
    definition: str = ""  # the analyst's definition (`themes define`), with its notes
    include_note: str = ""
    exclude_note: str = ""
    memos: tuple[AnalystNote, ...] = ()
    subtitle: str = ""  # the theme's most central sentence, shown under its label
    set_aside_flag: str = ""  # "filler 64%" when it is mostly echoes or fillers

    @property
    def title(self) -> str:
        return self.name or self.label

    @property
    def voices(self) -> str:
        return voices(self.n_participants, self.n_transcripts)


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    theme_id: int | None
    segment_id: str
    quote: str  # truncated
    speaker: str
    location: str


@dataclass(frozen=True)
class SimilarPair:
    """A pair of themes read by the merge criterion (`themes.curation.criterion`)."""

    a: int
    b: int
    share: float  # neighbour share: the criterion
    a_share: float
    b_share: float
    cosine: float  # the centres' cosine, for reading
    verdict: str  # merge | look closer | keep apart
    reason: str  # the verdict in words, as `themes compare` gives it


@dataclass(frozen=True)
class Similarity:
    theme_ids: tuple[int, ...]
    matrix: tuple[tuple[float, ...], ...]  # neighbour share, rows/columns as theme_ids
    top_pairs: tuple[SimilarPair, ...]  # most likely one theme first
    note: str  # how it was computed, or why it is missing


@dataclass(frozen=True)
class UnassignedItem:
    segment_id: str
    text: str
    speaker: str
    location: str
    prompt: str | None


@dataclass(frozen=True)
class SetAsideItem:
    """A participant segment kept out of the themes: an echo or filler (before discovery),
    or one the analyst excluded."""

    segment_id: str
    text: str
    speaker: str
    location: str
    kind: str  # echo | filler | excluded
    reason: str


@dataclass(frozen=True)
class SetAside:
    """What was kept out of discovery and why: counts per status (short turns included) and
    the echo, filler and excluded segments themselves."""

    counts: tuple[Count, ...]  # share: of the segments that could have been clustered
    items: tuple[SetAsideItem, ...]
    clustered_back: bool = False  # segment.set_aside was off: echoes and fillers are in themes


@dataclass(frozen=True)
class DecisionEntry:
    """One analytic decision from the project's decision log (filled by a later issue)."""

    id: int
    created_at: str
    analyst: str
    kind: str  # merge, split, rename, map, memo, undo...
    summary: str
    memo: str = ""
    status: str = "in force"  # or "cancelled by N", "no effect: ..."


@dataclass(frozen=True)
class MappingEntry:
    """A theme mapped onto a change-model element, as a flat row (the DOCX report's table;
    the HTML and Markdown reports show `ReportModel.change_model`)."""

    theme_id: int
    mechanism: str
    status: str  # suggested | confirmed
    score: float | None = None
    note: str = ""


@dataclass(frozen=True)
class MappedTheme:
    """A theme the analyst mapped onto an element (`themes map set`)."""

    theme_id: int
    title: str
    size: int
    analyst: str
    event_id: int


@dataclass(frozen=True)
class CodedQuote:
    """A segment coded with an element: confirmed by an analyst (`themes code set`) or by
    the machine (`themes code`, with its method and score)."""

    quote: Quote
    confirmed_by: str = ""  # the analyst; "" for a machine code
    method: str = ""
    score: float | None = None


@dataclass(frozen=True)
class ElementEvidence:
    """One element of the change model with what evidences it: mapped themes, coded quotes,
    and how the evidence spreads over participants and contexts (segments in mapped themes or
    coded with it, each counted once)."""

    id: str
    name: str
    depth: int  # 0 at the top of the tree
    codable: bool
    provisional: bool
    description: str
    themes: tuple[MappedTheme, ...] = ()
    quotes: tuple[CodedQuote, ...] = ()  # confirmed first, then machine codes by score
    n_confirmed: int = 0  # segments the analyst confirmed
    n_machine: int = 0  # further segments the machine coded (not rejected by the analyst)
    n_segments: int = 0  # evidence segments: in mapped themes or coded
    n_participants: int = 0
    spreads: tuple[Spread, ...] = ()  # "participant" first, then context fields

    @property
    def has_evidence(self) -> bool:
        return bool(self.themes) or self.n_confirmed + self.n_machine > 0


@dataclass(frozen=True)
class ChangeModelSection:
    """The change model the project maps and codes against, element by element."""

    name: str  # the model's own name
    label: str  # how the project refers to it, e.g. "gillard2014 (Peer worker change model)"
    source: str
    short_hash: str
    elements: tuple[ElementEvidence, ...]  # tree order, categories included
    links: tuple[tuple[str, str, str], ...] = ()  # (from, to, kind)
    machine_methods: tuple[str, ...] = ()  # how the machine codes shown were made
    note: str = ""  # e.g. mappings onto other change models not shown

    @property
    def no_evidence(self) -> tuple[ElementEvidence, ...]:
        """Codable elements with no mapped theme and no coded segment."""
        return tuple(e for e in self.elements if e.codable and not e.has_evidence)


@dataclass(frozen=True)
class ReportModel:
    overview: Overview
    themes: tuple[ThemeCard, ...]
    points: tuple[MapPoint, ...]
    map_note: str  # e.g. how many points were left out of the map
    similarity: Similarity
    unassigned: tuple[UnassignedItem, ...]
    decisions: tuple[DecisionEntry, ...] = ()
    mappings: tuple[MappingEntry, ...] = ()
    unassigned_colour: str = "#9e9e9e"
    saturation: tuple[SaturationRow, ...] = ()
    # analyses of the curated themes (themes.analysis; made by themes.report.analyses)
    context_comparisons: tuple[ContextComparison, ...] = ()  # one per context field
    cooccurrences: tuple[Cooccurrence, ...] = ()  # one per unit (participant, adjacent)
    framework: FrameworkMatrix | None = None  # participants x themes, counts
    change_model: ChangeModelSection | None = None  # when the project has a change model
    set_aside: SetAside | None = None  # short, echo, filler and excluded segments

    def theme(self, theme_id: int) -> ThemeCard | None:
        return next((t for t in self.themes if t.id == theme_id), None)
