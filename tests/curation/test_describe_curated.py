"""Curated themes are described in plain Python, from cached vectors and words, by the rules
discovery uses (each rule held to its discovery twin here), only for the themes a decision
changed, and kept by their members so a view reads them instead of recomputing them."""

from __future__ import annotations

import numpy as np

from themes.curation import decisions as decide
from themes.curation import redescribe
from themes.curation.derived import THEME, Words, vector_table, view_words, words_of
from themes.curation.redescribe import select_exemplars, unit_mean
from themes.curation.theme_words import ctfidf, keywords, label, term_counts
from themes.curation.view import load_view
from themes.discovery import describe
from themes.discovery.labels import theme_texts


def _view_words(project) -> tuple[object, Words]:
    view = load_view(project)
    return view, words_of([view.segments[i] for i in view.order])


def test_keywords_are_discoverys_class_based_tf_idf(project) -> None:
    view, words = _view_words(project)
    groups = [list(t.segment_ids) for t in view.themes]
    # one document per theme; " the " (a stop word) keeps word pairs inside a segment, as
    # the curated counts do
    docs = [" the ".join(view.segments[s].text for s in g) for g in groups]
    theirs = describe.ctfidf_keywords(docs, words.stop, 10)
    counts = [term_counts(words, g) for g in groups]
    freq = sum(counts, __import__("collections").Counter())
    avg = sum(freq.values()) / len(groups)
    assert [ctfidf(c, freq, avg, 10) for c in counts] == theirs


def test_labels_are_discoverys_phrases_without_a_model(project) -> None:
    view, words = _view_words(project)
    segs = [view.segments[i] for i in view.order]
    where = {s: k for k, t in enumerate(view.themes) for s in t.segment_ids}
    labels = np.array([where.get(s.id, -1) for s in segs])
    table = vector_table(project, view.run, view.order, view.segments)
    texts = theme_texts(segs, labels, table.matrix, words.stop, 1.0, None)
    used: set[str] = set()
    for theme, text in zip(view.themes, texts, strict=True):
        prompts = [" ".join(view.segments[s].prompt.split()).lower() for s in theme.segment_ids]
        prompt = max(set(prompts), key=prompts.count) if prompts else ""
        mine = label(words, list(theme.segment_ids), prompt, used)
        assert mine == text.label
        used.add(mine.lower())


def test_exemplars_are_discoverys_maximal_marginal_relevance() -> None:
    rng = np.random.default_rng(3)
    for n in (3, 8):
        x = rng.normal(size=(30, 16)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        people = [f"p{i % 4}" for i in range(30)]
        core = rng.random(30) > 0.2
        centre = np.asarray(unit_mean(x.tolist()), dtype=np.float32)
        theirs = describe.select_exemplars(x, centre, people, core, n)
        central = [float(v) for v in x @ centre]
        assert select_exemplars(x.tolist(), central, people, core.tolist(), n) == theirs


def test_only_changed_themes_are_described_and_kept_by_their_members(project, monkeypatch):
    before = load_view(project)
    a, b = before.themes[0].id, before.themes[1].id
    decide.merge(project, [a, b], "Both", analyst="ann")
    cached = project.cached(before.run.id, THEME)
    assert len(cached) == 1  # the merge described the one theme it made, before it ended
    merged = load_view(project).theme(a)
    assert merged is not None and merged.keywords and merged.label
    assert set(merged.segment_ids) == set(before.themes[0].segment_ids) | set(
        before.themes[1].segment_ids
    )
    assert set(merged.exemplar_ids) <= set(merged.segment_ids) and merged.stability is None

    def refuse(*args, **kwargs):
        raise AssertionError("a described theme was described again")

    monkeypatch.setattr(redescribe, "describe_theme", refuse)
    again = load_view(project)  # every description is read
    assert again.theme(a) == merged
    decide.rename(project, a, "Named")  # no member changed: nothing to describe
    decide.undo(project, analyst="ann")
    decide.undo(project, analyst="ann")  # the merge undone: the run's descriptions
    assert load_view(project).themes == before.themes


def test_a_changed_theme_is_described_by_discoverys_rules(project) -> None:
    view = load_view(project)
    theme, other = view.themes[0], view.themes[1]
    moved = list(other.segment_ids[:2])
    decide.move(project, moved, theme.id, analyst="ann")
    after = load_view(project).theme(theme.id)
    assert after is not None
    members = [*theme.segment_ids, *moved]
    assert after.size == len(members) and set(after.segment_ids) == set(members)
    people = {(view.segments[s].transcript_id, view.segments[s].speaker) for s in members}
    assert after.n_participants == len(people)
    words = view_words(project, view.run, [view.segments[i] for i in view.order])
    n_classes = len(view.themes) + int(bool(view.unassigned()))
    assert list(after.keywords) == keywords(words, list(after.segment_ids), n_classes, 10)
