"""Files for other tools: CSV/JSONL tables of segments, themes and runs (`tables`). A new
export format goes here.

May import: core, ingest, store, discovery, curation. Never cli.
"""
