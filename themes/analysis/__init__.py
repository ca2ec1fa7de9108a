"""Analyses over a *coding* of segments: the framework matrix (`matrix`), comparison across
organisational contexts with tests (`contexts`, `stats`), and co-occurrence (`cooccur`).

Everything here works on a `Coding` (`coding`): labels, and the labels each segment carries.
The curated themes are one source (one label per segment, `theme_coding`); deductive codes of
change-model elements are another (several labels per segment, `element_coding`), so a new
source plugs in without changing the analyses. Rows and contexts are groups of segments by
participant, transcript or a metadata field (`groups`); typical and distinguishing quotes are
chosen from the run's vectors (`typical`); `provenance` says which run, model and settings an
output came from.

May import: core, ingest, store, discovery, curation, changemodel. Never report, export or cli
(both of those use this part).
"""
