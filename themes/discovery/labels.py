"""Readable theme labels: a short phrase from the theme's own text, and its central sentence.

Candidates are word sequences of 2-4 words that occur in at least two of a theme's segments,
within a clause (never across punctuation), that neither start nor end with a function word,
filler, number or stop word and hold no filler and no name (a speaker's name, or a word
written with a capital inside sentences on its own, like a person or a place). The
candidates most typical of the theme against the others (segment frequency times inverse
frequency in the run, as class-based TF-IDF weighs words) are embedded with the run's
model and scored by cosine similarity to the theme's centre (the mean of its segments' own
vectors, without prompt context), and chosen by maximal marginal relevance, as KeyBERT does:
the label is the best, the next ones (less like it) are kept for `Theme.keywords`' side. A
phrase found in the prompt most of the theme answers never leads, and no two themes share a
label. The subtitle is the sentence, among the most central segments' sentences, closest to
the centre. Without a model (a curated theme described again from stored vectors) the
lexical score alone picks the phrase and the most central segment gives the sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from themes.core.types import Segment
from themes.discovery.embed import Embedder, embed_texts, normalise_text, unit
from themes.discovery.talk import (
    content_words,
    filler_reason,
    is_function,
    is_talk,
    neutral,
    neutral_pronouns,
)

if TYPE_CHECKING:
    from themes.store.project import Project

Embed = Callable[[Sequence[str]], np.ndarray]
N_CANDIDATES = 12  # phrases per theme that are embedded and scored
DIVERSITY = 0.5  # maximal marginal relevance: weight of unlikeness to phrases chosen before
N_CENTRAL = 3  # most central segments (with a sentence) whose sentences may be the subtitle
MAX_WORDS = 4
GENERIC = 0.25  # how much likeness to the whole corpus counts against a phrase
REPEATED = 0.05  # what each further segment saying a phrase adds to it (up to two)
SENTENCE_WORDS = (6, 40)  # a subtitle sentence has this many words
_JOINING = frozenset(
    "a an the of to for with in on at about from into over after between and "
    "his her their my our your its".split()
)
# Words that never begin or end a label: adverbs of time and place, and verbs that lean on
# a following "to" ("nurses tend", "want", "used").
_NO_EDGE = frozenset(
    "ago instead else away later yesterday today tomorrow tend tends tended want wants wanted "
    "try tries tried trying seem seems seemed used able".split()
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019\-][A-Za-z]+)*|\d+")
_CLAUSE = re.compile(r"[.,;:!?…()\[\]{}\"“”‘’—–/]|\s-\s|\.\.\.")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n")


@dataclass(frozen=True)
class LabelModel:
    """What semantic scoring needs: the run's model (texts -> unit rows, cached) and each
    segment's own vector, in the order of the segments described."""

    embed: Embed
    plain: np.ndarray


def label_model(
    segments: Sequence[Segment], embedder: Embedder, project: Project | None, neutral: bool
) -> LabelModel:
    """The run's model behind the project's embedding cache, and the segments' own vectors as
    the run embedded them before any prompt context (`neutral`: `embed.neutral_pronouns`), so
    they come from the cache."""

    def embed(texts: Sequence[str]) -> np.ndarray:
        return embed_texts(texts, embedder, project)

    own = [neutral_pronouns(s.text) if neutral else s.text for s in segments]
    return LabelModel(embed, embed(own))


@dataclass(frozen=True)
class ThemeText:
    label: str
    subtitle: str
    phrases: tuple[str, ...]


def _clauses(text: str) -> list[list[str]]:
    return [_TOKEN.findall(part) for part in _CLAUSE.split(text)]


def names_in(segments: Sequence[Segment]) -> frozenset[str]:
    """Lower-case words that are names: parts of speaker names, and words written with a
    capital inside sentences (not after a sentence end) at least 80 % of the time, mostly
    without a capitalised neighbour ("Dublin", not "Recovery College")."""
    names = {w.lower() for s in segments for w in _TOKEN.findall(s.speaker)}
    capital: Counter[str] = Counter()
    lone: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for seg in segments:
        for sentence in _SENTENCE.split(seg.text):
            tokens = _TOKEN.findall(sentence)
            for k in range(1, len(tokens)):
                word = tokens[k]
                low = word.lower()
                seen[low] += 1
                if _capital(word) and not low.startswith(("i'", "i\u2019")):
                    capital[low] += 1
                    before = k > 1 and _capital(tokens[k - 1])
                    after = k + 1 < len(tokens) and _capital(tokens[k + 1])
                    lone[low] += not (before or after)
    names |= {w for w, n in capital.items() if n >= 0.8 * seen[w] and lone[w] * 2 > n}
    return frozenset(names)


def _capital(word: str) -> bool:
    """Written with a capital first letter, not as an acronym ("Dublin", not "NHS", "GPs")."""
    return word[0].isupper() and sum(ch.isupper() for ch in word) == 1 and len(word) > 1


def _bad_edge(word: str, stop: frozenset[str]) -> bool:
    stem = word.removesuffix("'s")
    return is_function(word) or is_talk(stem) or neutral(stem) or stem in stop or stem in _NO_EDGE


def _bad_inner(word: str, names: frozenset[str]) -> bool:
    """Inside a phrase: no filler, no name, and of the function words only the ones that
    join a noun phrase ("access to records", "housing and benefits", "his review")."""
    if is_talk(word) or word in names or neutral(word):
        return True
    return is_function(word) and word not in _JOINING


def _boundary(word: str) -> bool:
    """A word a phrase may sit next to: one that is not itself content."""
    return is_function(word) or is_talk(word) or neutral(word)


def _well_formed(words: Sequence[str]) -> bool:
    """At most one joining word (two in four words); "and" only as "X and Y"."""
    joining = sum(1 for w in words if is_function(w))
    if "and" in words and (len(words) != 3 or words[1] != "and"):
        return False
    return joining <= (2 if len(words) == 4 else 1)


def phrases_of(text: str, stop: frozenset[str], names: frozenset[str]) -> dict[str, str]:
    """Candidate phrases of one text: lower-case form -> the form as written."""
    out: dict[str, str] = {}
    for tokens in _clauses(text):
        low = [t.lower().replace("\u2019", "'") for t in tokens]
        for i in range(len(low)):
            if _bad_edge(low[i], stop) or low[i] in names:
                continue
            if i > 0 and not _boundary(low[i - 1]):
                continue  # a phrase starts and ends where a run of content words does
            for n in range(2, MAX_WORDS + 1):
                j = i + n
                if j > len(low):
                    break
                inner = low[i:j]
                if any(_bad_inner(w, names) for w in inner):
                    break
                if _bad_edge(low[j - 1], stop):
                    continue
                if j < len(tokens) and not _boundary(low[j]):
                    continue
                if _well_formed(inner):
                    out.setdefault(" ".join(inner), " ".join(tokens[i:j]))
    return out


def _prompt_of(members: Sequence[Segment]) -> str:
    prompts = Counter(normalise_text(s.prompt).lower() for s in members if s.prompt)
    return prompts.most_common(1)[0][0] if prompts else ""


def _sentences(text: str, share: float) -> list[str]:
    low, high = SENTENCE_WORDS
    return [
        s.strip()
        for s in _SENTENCE.split(text)
        if low <= len(s.split()) <= high
        and len(content_words(s)) >= 2
        and not filler_reason(s, share)
    ]


def theme_texts(
    segments: Sequence[Segment],
    labels: np.ndarray,
    vectors: np.ndarray,
    stop: frozenset[str],
    filler_share: float,
    model: LabelModel | None = None,
    *,
    keywords: Sequence[Sequence[str]] | None = None,
) -> list[ThemeText]:
    """A label, subtitle and ranked phrases for each theme 0..k-1 (see the module docstring);
    `keywords`: each theme's class-based TF-IDF terms, best first (without them, phrases said
    in more segments come first). `vectors` (as clustered) rank members when there is no
    `model`."""
    names = names_in(segments)
    found = [phrases_of(s.text, stop, names) for s in segments]
    own = model.plain if model is not None else vectors
    everything = unit(own.mean(axis=0)) if len(own) else np.zeros(0)
    out: list[ThemeText] = []
    used: set[str] = set()
    for c in range(int(labels.max(initial=-1)) + 1):
        rows = np.flatnonzero(labels == c)
        centre = unit(own[rows].mean(axis=0))
        members = [segments[i] for i in rows.tolist()]
        terms = keywords[c] if keywords is not None else ()
        ranked, forms, said = _candidates([found[i] for i in rows.tolist()], terms)
        if model is not None and ranked:
            phrase_vectors = model.embed(forms)
            relevance = phrase_vectors @ centre - GENERIC * (phrase_vectors @ everything)
            relevance += REPEATED * np.minimum(said - 1, 2)  # said in several segments
            chosen = [ranked[i] for i in _mmr(phrase_vectors, relevance, DIVERSITY)]
        else:
            chosen = ranked
        prompt = _prompt_of(members)
        lead = next(
            (p for p in chosen if p not in used and p not in prompt),
            next((p for p in chosen if p not in used), ""),
        )
        used.add(lead)
        form = dict(zip(ranked, forms, strict=True))
        phrases = tuple(form[p] for p in [lead, *(p for p in chosen if p != lead)] if p)
        central = rows[np.argsort(-(own[rows] @ centre), kind="stable")]
        subtitle = _subtitle([segments[i] for i in central.tolist()], centre, filler_share, model)
        out.append(ThemeText(phrases[0] if phrases else "", subtitle, phrases[:3]))
    return out


def _candidates(
    found: Sequence[dict[str, str]], keywords: Sequence[str]
) -> tuple[list[str], list[str], np.ndarray]:
    """The theme's best candidate phrases (lower case), their commonest written forms and in
    how many segments each is said: phrases made of the theme's keywords first (a keyword's
    weight falls with its rank), then those said in more segments."""
    weight: dict[str, float] = {}
    for rank, term in enumerate(keywords):
        for word in term.split():
            weight.setdefault(word, 1 - rank / max(1, len(keywords)))
    df: Counter[str] = Counter(p for f in found for p in f)
    written: dict[str, Counter[str]] = {}
    for f in found:
        for p, form in f.items():
            written.setdefault(p, Counter())[form] += 1

    def lexical(p: str) -> float:
        made_of = sum(weight.get(w, 0.0) for w in set(p.split())) if weight else 1.0
        return made_of * (1 + math.log(df[p]))

    ranked = sorted(df, key=lambda p: (-lexical(p), -df[p], p))[:N_CANDIDATES]
    forms = [written[p].most_common(1)[0][0] for p in ranked]
    return ranked, forms, np.asarray([df[p] for p in ranked], dtype=np.float64)


def _mmr(vectors: np.ndarray, relevance: np.ndarray, diversity: float) -> list[int]:
    """Indices by maximal marginal relevance: relevant to the centre, unlike those before."""
    order: list[int] = []
    left = list(range(len(relevance)))
    while left:
        if order:
            redundancy = (vectors[left] @ vectors[order].T).max(axis=1)
        else:
            redundancy = np.zeros(len(left))
        score = (1 - diversity) * relevance[left] - diversity * redundancy
        best = left[int(np.argmax(score))]
        order.append(best)
        left.remove(best)
    return order


def _subtitle(
    central: Sequence[Segment], centre: np.ndarray, share: float, model: LabelModel | None
) -> str:
    """The sentence closest to the centre among those of the `N_CENTRAL` most central segments
    that have one (`central`: most central first)."""
    sentences: list[str] = []
    used = 0
    for seg in central:
        found = _sentences(seg.text, share)
        sentences += found
        used += bool(found)
        if used >= N_CENTRAL:
            break
    if not sentences:
        return ""
    if model is None:
        return sentences[0]
    scores = model.embed(sentences) @ centre
    return sentences[int(np.argmax(scores))]
