"""The project on disk: one SQLite file (`project.db`), the single source of truth for
transcripts, segments, the embedding cache, runs, assignments and the append-only decision
log. `project` opens, migrates and writes it in transactions; `records` holds the typed rows
the store hands out.

May import: `themes.core`.
"""
