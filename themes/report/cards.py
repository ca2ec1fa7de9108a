"""Theme cards: keywords, size, spread, flags and exemplar quotes with their context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from themes.core.order import natural_key
from themes.core.types import Segment, Theme, Transcript
from themes.curation.view import ProjectView
from themes.discovery.describe import set_aside_flag
from themes.report.model import ContextTurn, Count, Quote, Spread, ThemeCard
from themes.report.palette import theme_colour

MIN_QUOTES = 5
MAX_QUOTES = 10
CONTEXT_TURNS = 2  # turns shown before and after a quote
MAX_CONTEXT_CHARS = 1200
MAX_PARTICIPANTS = 12  # participants listed in a card's spread; the rest are summed


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def context_turns(seg: Segment, transcript: Transcript | None) -> tuple[ContextTurn, ...]:
    """The turns around the segment's turn, from the transcript as read."""
    if transcript is None:
        return ()
    turns = {t.index: t for t in transcript.turns}
    out: list[ContextTurn] = []
    for index in range(seg.turn_index - CONTEXT_TURNS, seg.turn_index + CONTEXT_TURNS + 1):
        turn = turns.get(index)
        if turn is not None:
            out.append(
                ContextTurn(
                    speaker=turn.speaker,
                    line=turn.line_start,
                    text=truncate(turn.text, MAX_CONTEXT_CHARS),
                    is_quote=index == seg.turn_index,
                )
            )
    return tuple(out)


def make_quote(seg: Segment, view: ProjectView, transcript: Transcript | None) -> Quote:
    """A quote of `seg`, with its surrounding turns when `transcript` is given."""
    assignment = view.assignments.get(seg.id)
    return Quote(
        segment_id=seg.id,
        text=seg.text,
        speaker=seg.speaker,
        role=seg.role,
        transcript_id=seg.transcript_id,
        line_start=seg.line_start,
        line_end=seg.line_end,
        prompt=seg.prompt,
        assigned_by=assignment.assigned_by if assignment else "",
        probability=assignment.probability if assignment else 0.0,
        metadata=tuple(sorted((str(k), str(v)) for k, v in seg.metadata.items())),
        context=context_turns(seg, transcript),
    )


def quote_ids(theme: Theme, view: ProjectView) -> list[str]:
    """The theme's exemplars (at most MAX_QUOTES), topped up to MIN_QUOTES by probability."""
    chosen = [i for i in theme.exemplar_ids if i in view.segments][:MAX_QUOTES]
    if len(chosen) < MIN_QUOTES:
        rest = [i for i in theme.segment_ids if i in view.segments and i not in chosen]
        rest.sort(
            key=lambda i: -(view.assignments[i].probability if i in view.assignments else 0.0)
        )
        chosen += rest[: MIN_QUOTES - len(chosen)]
    return chosen


def participant_label(seg: Segment, single_speaker: Collection[str]) -> str:
    """The transcript id where it has one clustered speaker, else ``transcript/speaker``."""
    if seg.transcript_id in single_speaker:
        return seg.transcript_id
    return f"{seg.transcript_id}/{seg.speaker}"


def single_speaker_transcripts(view: ProjectView) -> frozenset[str]:
    speakers: dict[str, set[str]] = {}
    for seg_id in view.order:
        seg = view.segments.get(seg_id)
        if seg is not None:
            speakers.setdefault(seg.transcript_id, set()).add(seg.speaker)
    return frozenset(t for t, names in speakers.items() if len(names) == 1)


def participant_spread(members: Sequence[Segment], single_speaker: Collection[str] = ()) -> Spread:
    counts = Counter(participant_label(s, single_speaker) for s in members)
    total = max(len(members), 1)
    top = counts.most_common(MAX_PARTICIPANTS)
    values = [Count(name, n, round(n / total, 4)) for name, n in top]
    others = len(members) - sum(n for _, n in top)
    if others:
        rest = len(counts) - len(top)
        label = f"{rest} other{'' if rest == 1 else 's'}"
        values.append(Count(label, others, round(others / total, 4)))
    return Spread("participant", tuple(values))


def analyst_name(theme: Theme, view: ProjectView) -> str | None:
    """The analyst's name for a theme, where a curated view (or theme) carries one."""
    namer = getattr(view, "name", None)
    if callable(namer):
        name = namer(theme.id)
        if name:
            return str(name)
    return getattr(theme, "name", None) or None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def metadata_spreads(theme: Theme, fields: Collection[str] | None = None) -> list[Spread]:
    """The theme's counts per metadata value, for `fields` (default: every field it has):
    largest first, or in the values' own order where every value is a number (years in
    role, age)."""
    total = max(theme.size, 1)
    out = []
    for field, counts in sorted(theme.spread.items()):
        if fields is not None and field not in fields:
            continue
        if all(_is_number(str(value)) for value in counts):
            ordered = sorted(counts.items(), key=lambda kv: natural_key(str(kv[0])))
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], natural_key(str(kv[0]))))
        out.append(
            Spread(field, tuple(Count(value, n, round(n / total, 4)) for value, n in ordered))
        )
    return out


def theme_card(
    theme: Theme,
    view: ProjectView,
    transcripts: Mapping[str, Transcript],
    prompt_concentration: float,
    fields: Collection[str] | None = None,
    single_speaker: Collection[str] = (),
    set_aside_share: float = 1.0,
) -> ThemeCard:
    members = [view.segments[i] for i in theme.segment_ids if i in view.segments]
    quotes = tuple(
        make_quote(view.segments[i], view, transcripts.get(view.segments[i].transcript_id))
        for i in quote_ids(theme, view)
    )
    chosen = {q.segment_id for q in quotes}
    others = tuple(
        make_quote(seg, view, None)  # listed without surrounding turns
        for seg in sorted(
            (s for s in members if s.id not in chosen),
            key=lambda s: (natural_key(s.transcript_id), s.line_start, s.char_start),
        )
    )
    attached = sum(
        1
        for i in theme.segment_ids
        if i in view.assignments and view.assignments[i].assigned_by == "nearest"
    )
    return ThemeCard(
        id=theme.id,
        label=theme.label,
        name=analyst_name(theme, view),
        colour=theme_colour(theme.id),
        keywords=tuple(theme.keywords),
        size=theme.size,
        n_transcripts=theme.n_transcripts,
        n_participants=theme.n_participants,
        top_share=theme.top_share,
        one_voice=theme.one_voice,
        prompt_share=theme.prompt_share,
        top_prompt=theme.top_prompt,
        restates_prompt=theme.prompt_share >= prompt_concentration,
        stability=theme.stability,
        n_attached=attached,
        spreads=(participant_spread(members, single_speaker), *metadata_spreads(theme, fields)),
        quotes=quotes,
        others=others,
        subtitle=theme.subtitle,
        set_aside_flag=set_aside_flag(theme, set_aside_share),
    )
