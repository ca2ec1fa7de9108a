"""Files for other tools: CSV/JSONL tables of segments, themes and runs (`tables`); REFI-QDA
codebooks and projects for NVivo, ATLAS.ti, MAXQDA and QualCoder (`refi`); the framework
matrix as XLSX, CSV or Markdown (`matrix_files`, `matrix_xlsx`). A new export format goes here.

May import: core, ingest, store, discovery, curation, changemodel, analysis. Never cli.
"""
