"""Keywords and a label for one curated theme, from the words of the view (`derived.Words`).

The same rules as discovery describes a run's themes with, for one theme at a time against
counts kept for the whole view (tests hold them to `themes.discovery.describe` and
`themes.discovery.labels`):

- keywords: class-based TF-IDF, ``tf(t, theme) / |theme| * log(1 + A / f(t))`` with ``A`` the
  average number of words per theme (the unassigned counted as one) and ``f(t)`` how often
  the view says ``t``; terms said once in the theme only when too few others are left; a term
  whose words are all in better ones is skipped (`describe.ctfidf_keywords`);
- label: the candidate phrase (2-4 words within a clause, `labels.phrases_of`) most typical
  of the theme, segment frequency times inverse frequency in the view, without the model's
  semantic score; a phrase of the prompt the theme answers never leads, nor one another theme
  holds as its label (`labels.theme_texts` without a model).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from themes.curation.derived import Words

N_CANDIDATES = 15  # as `themes.discovery.labels`
MIN_CANDIDATES = 5


def term_counts(words: Words, members: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for seg_id in members:
        counts.update(words.terms.get(seg_id, ()))
    return counts


def ctfidf(
    counts: Mapping[str, int], term_freq: Mapping[str, int], avg_words: float, n: int
) -> list[str]:
    """The top `n` terms of one class by class-based TF-IDF (`describe.ctfidf_keywords`):
    `counts` its terms, `term_freq` how often all classes say each, `avg_words` the average
    number of words per class."""
    size = sum(counts.values()) or 1
    scores = {
        t: c / size * math.log(1 + avg_words / max(term_freq.get(t, 0), c, 1))
        for t, c in counts.items()
    }
    order = sorted(scores, key=lambda t: (-scores[t], t))
    repeated = [t for t in order if counts[t] >= 2 and scores[t] > 0]
    once = [t for t in order if counts[t] == 1 and scores[t] > 0]
    chosen: list[str] = []
    covered: set[str] = set()
    for term in repeated + once:
        if len(chosen) >= n:
            break
        parts = set(term.split())
        if parts <= covered:
            continue
        chosen.append(term)
        covered.update(parts)
    return chosen


def keywords(words: Words, members: Sequence[str], n_classes: int, n_keywords: int) -> list[str]:
    """The theme's top terms by class-based TF-IDF against the whole view (see the module
    docstring)."""
    avg_words = words.total_terms / max(1, n_classes)
    return ctfidf(term_counts(words, members), words.term_totals, avg_words, n_keywords)


def contrast(
    words: Words, a: Sequence[str], b: Sequence[str], n: int = 8
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(shared, A-only, B-only) terms of two themes: shared by the smaller of the two themes'
    shares of the term; the others by class-based TF-IDF of the one theme against the two."""
    ca, cb = term_counts(words, a), term_counts(words, b)
    ta, tb = sum(ca.values()) or 1, sum(cb.values()) or 1
    both = {t: min(ca[t] / ta, cb[t] / tb) for t in ca.keys() & cb.keys()}
    shared = sorted(both, key=lambda t: (-both[t], t))[:n]
    freq = ca + cb
    avg = (sum(ca.values()) + sum(cb.values())) / 2
    only_a = [t for t in ctfidf(ca, freq, avg, n + len(shared)) if t not in shared][:n]
    only_b = [t for t in ctfidf(cb, freq, avg, n + len(shared)) if t not in shared][:n]
    return tuple(shared), tuple(only_a), tuple(only_b)


def label(words: Words, members: Sequence[str], prompt: str, used: Collection[str]) -> str:
    """The theme's label phrase as written, or "" when it has none (see the module
    docstring); `prompt` is the lower-cased prompt most of it answers, `used` the lower-cased
    labels of the other themes."""
    df: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    for seg_id in members:
        for phrase, form in words.phrases.get(seg_id, {}).items():
            df[phrase] += 1
            written.setdefault(phrase, Counter())[form] += 1
    if not df:
        return ""
    n_all = max(1, words.n_segments)
    lexical = {
        p: n / len(members) * math.log(1 + n_all / max(words.phrase_df.get(p, 0), n))
        for p, n in df.items()
    }
    ranked = sorted(lexical, key=lambda p: (df[p] < 2, -lexical[p], p))
    repeated = sum(1 for p in ranked if df[p] >= 2)
    ranked = ranked[: max(repeated, MIN_CANDIDATES)][:N_CANDIDATES]
    lead = next(
        (p for p in ranked if p not in used and p not in prompt),
        next((p for p in ranked if p not in used), ""),
    )
    return written[lead].most_common(1)[0][0] if lead else ""


def label_from(keywords: Sequence[str], n_words: int) -> str:
    """The keyword label when a theme has no phrase (as `describe.label_from`)."""
    return " · ".join(keywords[:n_words]) if keywords else "(no keywords)"
