"""Surface splits: themes that follow who is described (he / she) rather than what happens.

A theme is *one-gender* when it holds at least `MIN_PRONOUNS` gendered pronouns and over 80 %
of them are of one gender (he/him/his/himself or she/her/hers/herself). The share of such
themes is read against what themes that ignored pronouns would give: the same theme sizes
with segments dealt at random (`baseline`, a seeded permutation mean), and the corpus share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

MALE = re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE)
FEMALE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
MIN_PRONOUNS = 10
ONE_GENDER = 0.8


def gender_counts(texts: Sequence[str]) -> np.ndarray:
    """(male, female) pronoun counts, one row per text."""
    return np.asarray([(len(MALE.findall(t)), len(FEMALE.findall(t))) for t in texts], dtype=int)


def _one_gender(counts: np.ndarray, labels: np.ndarray) -> tuple[int, int, list[dict]]:
    """(themes with enough pronouns, of them one-gender, per-theme rows)."""
    rows, judged, split = [], 0, 0
    for c in range(int(labels.max(initial=-1)) + 1):
        m, f = (int(x) for x in counts[labels == c].sum(axis=0))
        total = m + f
        if total < MIN_PRONOUNS:
            continue
        judged += 1
        lean = max(m, f) / total
        one = lean > ONE_GENDER
        split += int(one)
        rows.append({"theme": c + 1, "male": int(m), "female": int(f), "one_gender": bool(one)})
    return judged, split, rows


def pronoun_split(texts: Sequence[str], labels: np.ndarray, draws: int = 200) -> dict:
    """The surface-split measure of one clustering (labels -1: unassigned)."""
    counts = gender_counts(texts)
    labels = np.asarray(labels)
    judged, split, rows = _one_gender(counts, labels)
    rng = np.random.default_rng(0)
    shares = []
    for _ in range(draws):
        j, s, _ = _one_gender(counts, rng.permutation(labels))
        shares.append(s / j if j else 0.0)
    m, f = counts.sum(axis=0)
    return {
        "themes_judged": judged,
        "one_gender": int(split),
        "one_gender_share": round(split / judged, 3) if judged else 0.0,
        "baseline_share": round(float(np.mean(shares)), 3),
        "corpus_male_share": round(float(m / max(1, m + f)), 3),
        "themes": rows,
    }
