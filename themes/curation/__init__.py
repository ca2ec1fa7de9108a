"""The analyst's constant-comparison loop on top of a run: the decision log replayed into what
the analyst sees (`replay`, `view`), changed themes described again from what the project
keeps (`redescribe`, `theme_words`, `derived`, `settings`), each event's status and whether the
log can be trusted (`events`, `check`), the commands that record decisions (`decisions`,
`segment_file`), whether two themes are one (`criterion`), and the evidence behind decisions
(`compare`, `split`, `show`, `add`, `saturation`).

May import: `themes.core`, `themes.ingest`, `themes.store`, `themes.discovery`.
"""
