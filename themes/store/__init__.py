"""The project on disk: one SQLite file (`project.db`), the single source of truth for
transcripts, segments, the embedding cache, runs, assignments and the append-only decision
log. `project` opens, migrates and writes it in transactions; `records` holds the typed rows
the store hands out; `payloads` the schema of each kind of decision event (checked when an
event is written and read, by the plain checks of `rules`); `chain` the log's hash chain;
`view_cache` what the curated view is made from (derived, safe to lose); `change_models`
the change models the project maps and codes against (by hash) and machine codes of
segments; `integrity` what `themes check` asks of the database itself.

May import: `themes.core`.
"""
