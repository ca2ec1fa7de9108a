"""Describe candidate themes: keywords (class-based TF-IDF), label, exemplars, spread."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from themes.config import DescribeConfig
from themes.embed import normalise_text
from themes.types import Segment, Theme

# Spoken fillers and discourse markers that say nothing about a theme.
FILLERS = frozenset(
    """um umm uh uhm erm er ah oh hmm mm mhm mmhm yeah yes yep yup no nope okay ok right
    like just really actually basically literally know mean think guess suppose kind sort
    lot lots bit thing things stuff got get gets getting gonna wanna gotta going go goes
    yeah's that's it's i'm i've i'd you're don't didn't doesn't can't won't wasn't isn't
    say said says sort_of kind_of maybe probably obviously definitely quite pretty
    well sure fine good great cool alright anyway mean'""".split()
)

TOKEN_PATTERN = r"(?u)\b[a-zA-Z][a-zA-Z'\-]+\b"


def stop_words(segments: Sequence[Segment], extra: Sequence[str] = ()) -> list[str]:
    """English stop words, spoken fillers, speaker names and the configured extras."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    names = {
        part.lower()
        for seg in segments
        for part in re.findall(r"[A-Za-z][A-Za-z'\-]+", seg.speaker)
    }
    return sorted(set(ENGLISH_STOP_WORDS) | FILLERS | names | {w.lower() for w in extra})


def ctfidf_keywords(
    documents: Sequence[str], stop: Sequence[str], n_keywords: int
) -> list[list[str]]:
    """Top terms per class document by class-based TF-IDF: tf(t,c)/|c| * log(1 + A / f(t))."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not any(d.strip() for d in documents):
        return [[] for _ in documents]
    vectorizer = CountVectorizer(
        token_pattern=TOKEN_PATTERN, lowercase=True, stop_words=list(stop), ngram_range=(1, 2)
    )
    try:
        counts = vectorizer.fit_transform(documents).astype(np.float64)
    except ValueError:  # only stop words
        return [[] for _ in documents]
    terms = vectorizer.get_feature_names_out()
    tf = np.asarray(counts.todense())
    words_per_class = tf.sum(axis=1, keepdims=True)
    words_per_class[words_per_class == 0] = 1
    avg_words = float(tf.sum()) / max(1, len(documents))
    term_freq = tf.sum(axis=0)
    scores = (tf / words_per_class) * np.log(1 + avg_words / np.maximum(term_freq, 1))
    out: list[list[str]] = []
    for row in scores:
        order = np.lexsort((terms, -row))  # score desc, then alphabetical for ties
        chosen: list[str] = []
        covered: set[str] = set()
        for idx in order:
            if row[idx] <= 0 or len(chosen) >= n_keywords:
                break
            term = str(terms[idx])
            words = term.split()
            if len(words) > 1 and words[0] == words[1]:
                continue
            if set(words) <= covered:
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
) -> list[Theme]:
    """One Theme per label 0..k-1 (ids 1..k); label -1 is the unassigned class."""
    k = int(labels.max(initial=-1)) + 1
    stop = stop_words(segments, config.extra_stop_words)
    docs = [" ".join(segments[i].text for i in np.flatnonzero(labels == c)) for c in range(k)]
    if np.any(labels < 0):
        docs.append(" ".join(segments[i].text for i in np.flatnonzero(labels < 0)))
    keywords = ctfidf_keywords(docs, stop, config.n_keywords)
    themes: list[Theme] = []
    for c in range(k):
        rows = np.flatnonzero(labels == c)
        members = [segments[i] for i in rows]
        people = [participant_of(s) for s in members]
        counts = Counter(people)
        top_share = max(counts.values()) / len(members)
        mean = vectors[rows].mean(axis=0)
        centroid = mean / (np.linalg.norm(mean) or 1.0)
        picks = select_exemplars(vectors[rows], centroid, people, core[rows], config.n_exemplars)
        prompts = Counter(normalise_text(s.prompt) for s in members if s.prompt)
        top_prompt, prompt_count = prompts.most_common(1)[0] if prompts else (None, 0)
        themes.append(
            Theme(
                id=c + 1,
                label=label_from(keywords[c], config.label_words),
                keywords=tuple(keywords[c]),
                size=len(members),
                segment_ids=tuple(s.id for s in members),
                exemplar_ids=tuple(members[i].id for i in picks),
                n_transcripts=len({s.transcript_id for s in members}),
                n_participants=len(counts),
                top_share=round(top_share, 4),
                one_voice=top_share >= config.one_voice_share or len(counts) < config.min_participants,
                spread=spread_of(members),
                prompt_share=round(prompt_count / len(members), 4),
                top_prompt=top_prompt,
            )
        )
    return themes
