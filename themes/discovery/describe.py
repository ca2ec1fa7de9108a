"""Describe candidate themes: keywords (class-based TF-IDF), label and subtitle (`labels`),
exemplars, spread, prompt concentration and the share of echo and filler segments."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from themes.core.config import DescribeConfig
from themes.core.types import Segment, Theme
from themes.discovery.embed import normalise_text, unit_mean
from themes.discovery.labels import LabelModel, theme_texts
from themes.discovery.setaside import ECHO, FILLER, mark_kind
from themes.discovery.talk import talk_heavy

# Spoken fillers, discourse markers, narrative verbs and transcriber notes: frequent in talk,
# they say nothing about a theme.
FILLERS = frozenset(
    """um umm uh uhm erm er ah oh hmm mm mhm yeah yes yep yup no nope okay ok right alright
    like just really actually basically literally know knew mean meant think thought guess
    suppose kind sort lot lots bit thing things stuff got get gets getting gonna wanna gotta
    go goes going went gone come comes came coming say says said saying tell tells told
    telling do does did doing done want wants wanted let maybe probably obviously definitely
    quite pretty well sure fine good great cool anyway ll ve re don didn doesn isn wasn
    couldn wouldn shouldn aren haven hasn won ain im laughs laughing laughter pause
    inaudible crosstalk unclear""".split()
)

_WORD = re.compile(r"[a-z][a-z\-]*[a-z]")


def stop_words(segments: Sequence[Segment], extra: Sequence[str] = ()) -> frozenset[str]:
    """English stop words, spoken fillers, speaker names and the configured extras."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    names = {part for seg in segments for part in _WORD.findall(seg.speaker.lower())}
    return frozenset(ENGLISH_STOP_WORDS | FILLERS | names | {w.lower() for w in extra})


def terms(text: str, stop: frozenset[str]) -> list[str]:
    """Words and adjacent word pairs, stop words removed; pairs never bridge a removed word.

    Apostrophes split words, so contractions ("she'd") fall to their stop-word stem.
    """
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    out: list[str] = []
    previous: str | None = None
    for word in words:
        if word in stop:
            previous = None
            continue
        out.append(word)
        if previous is not None and previous != word:
            out.append(f"{previous} {word}")
        previous = word
    return out


def ctfidf_keywords(
    documents: Sequence[str], stop: frozenset[str], n_keywords: int
) -> list[list[str]]:
    """Top terms per class document by class-based TF-IDF: tf(t,c)/|c| * log(1 + A / f(t)).

    Terms said only once in a class are used only when too few others are left.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=lambda doc: terms(doc, stop))
    try:
        counts = vectorizer.fit_transform(documents).astype(np.float64)
    except ValueError:  # nothing but stop words
        return [[] for _ in documents]
    vocabulary = vectorizer.get_feature_names_out()
    tf = np.asarray(counts.todense())
    words_per_class = tf.sum(axis=1, keepdims=True)
    words_per_class[words_per_class == 0] = 1
    avg_words = float(tf.sum()) / max(1, len(documents))
    term_freq = tf.sum(axis=0)
    scores = (tf / words_per_class) * np.log(1 + avg_words / np.maximum(term_freq, 1))
    out: list[list[str]] = []
    for row, counts_row in zip(scores, tf, strict=False):
        order = np.lexsort((vocabulary, -row))  # score desc, then alphabetical for ties
        repeated = [i for i in order if counts_row[i] >= 2 and row[i] > 0]
        once = [i for i in order if counts_row[i] == 1 and row[i] > 0]
        chosen: list[str] = []
        covered: set[str] = set()
        for idx in repeated + once:
            if len(chosen) >= n_keywords:
                break
            term = str(vocabulary[idx])
            words = set(term.split())
            if words <= covered:
                continue
            chosen.append(term)
            covered.update(words)
        out.append(chosen)
    return out


def label_from(keywords: Sequence[str], n_words: int) -> str:
    return " · ".join(keywords[:n_words]) if keywords else "(no keywords)"


def select_exemplars(
    vectors: np.ndarray,
    centroid: np.ndarray,
    participants: Sequence[str],
    core: np.ndarray,
    n: int,
    diversity: float = 0.3,
) -> list[int]:
    """Central and diverse quotes: maximal marginal relevance, one participant at a time first.

    Returns row indices into ``vectors``. Core members (clustered, not attached) come first.
    """
    m = vectors.shape[0]
    if m == 0:
        return []
    central = vectors @ centroid
    pool = [i for i in np.argsort(-central, kind="stable") if core[i]] or list(range(m))
    pool = pool[: max(4 * n, 40)]
    chosen: list[int] = []
    seen_people: set[str] = set()
    while pool and len(chosen) < n:
        best, best_score = None, -np.inf
        for i in pool:
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            score = (1 - diversity) * central[i] - diversity * redundancy
            if participants[i] in seen_people:
                score -= 0.1
            if score > best_score:
                best, best_score = i, score
        assert best is not None
        chosen.append(int(best))
        seen_people.add(participants[best])
        pool.remove(best)
    return chosen


def participant_of(seg: Segment) -> str:
    return f"{seg.transcript_id}/{seg.speaker}"


def spread_of(segments: Sequence[Segment]) -> dict[str, dict[str, int]]:
    """Counts per metadata value, plus speaker role."""
    out: dict[str, Counter[str]] = {}
    for seg in segments:
        for key, value in sorted(seg.metadata.items()):
            out.setdefault(key, Counter())[str(value)] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def describe_themes(
    segments: Sequence[Segment],
    vectors: np.ndarray,
    labels: np.ndarray,
    core: np.ndarray,
    config: DescribeConfig,
    model: LabelModel | None = None,
    filler_share: float = 1.0,
) -> list[Theme]:
    """One Theme per label 0..k-1 (ids 1..k); label -1 is the unassigned class.

    The label is a phrase of the theme's own text with its central sentence as subtitle
    (`labels.theme_texts`; scored with the run's model when `model` is given), else its
    top keywords; `filler_share` is `segment.filler_share`, which subtitles respect."""
    k = int(labels.max(initial=-1)) + 1
    stop = stop_words(segments, config.extra_stop_words)
    docs = [
        " ".join(segments[i].text for i in np.flatnonzero(labels == c).tolist()) for c in range(k)
    ]
    if np.any(labels < 0):
        docs.append(" ".join(segments[i].text for i in np.flatnonzero(labels < 0).tolist()))
    keywords = ctfidf_keywords(docs, stop, config.n_keywords)
    texts = theme_texts(segments, labels, vectors, stop, filler_share, model, keywords=keywords)
    themes: list[Theme] = []
    for c in range(k):
        rows = np.flatnonzero(labels == c)
        members = [segments[i] for i in rows.tolist()]
        people = [participant_of(s) for s in members]
        counts = Counter(people)
        top_share = max(counts.values()) / len(members)
        centroid = unit_mean(vectors[rows])
        picks = select_exemplars(vectors[rows], centroid, people, core[rows], config.n_exemplars)
        prompts = Counter(normalise_text(s.prompt) for s in members if s.prompt)
        top_prompt, prompt_count = prompts.most_common(1)[0] if prompts else (None, 0)
        marks = Counter(mark_kind(s) or (FILLER if talk_heavy(s.text) else "") for s in members)
        themes.append(
            Theme(
                id=c + 1,
                label=texts[c].label or label_from(keywords[c], config.label_words),
                keywords=tuple(keywords[c]),
                size=len(members),
                segment_ids=tuple(s.id for s in members),
                exemplar_ids=tuple(members[i].id for i in picks),
                n_transcripts=len({s.transcript_id for s in members}),
                n_participants=len(counts),
                top_share=round(top_share, 4),
                one_voice=top_share >= config.one_voice_share
                or len(counts) < config.min_participants,
                spread=spread_of(members),
                prompt_share=round(prompt_count / len(members), 4),
                top_prompt=top_prompt,
                subtitle=texts[c].subtitle,
                echo_share=round(marks[ECHO] / len(members), 4),
                filler_share=round(marks[FILLER] / len(members), 4),
            )
        )
    return themes


def set_aside_flag(theme: Theme, share: float) -> str:
    """The theme's echo/filler flag ("filler 64%", "echo/filler 70%") when at least `share`
    (`describe.set_aside_share`) of its segments are echoes or fillers, else ""."""
    total = theme.echo_share + theme.filler_share
    if total < share:
        return ""
    kinds = [k for k, v in ((ECHO, theme.echo_share), (FILLER, theme.filler_share)) if v > 0]
    return f"{'/'.join(kinds)} {total:.0%}"
