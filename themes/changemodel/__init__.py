"""Change models and what is done with them: the typed, validated model of mechanisms and
conditions (`elements`), reading and writing change-model YAML files with errors that name the
file, line and field (`yaml_file`, `yaml_lines`), importing a codebook made elsewhere
(`codebook`; REFI-QDA .qdc/.qdpx in `refi`), coders' codes of segments (`codings`) and
agreement between coders (`agreement`, `agreement_stats`, `agreement_report`); the model a
project works with, stored in it by hash (`project_model`), suggestions of elements for themes
(`mapping`), and the decisions that map themes and confirm segments' codes (`decisions`).
Deductive coding of segments: `deductive` (code a run's segments, zero-shot or trained on
the analyst's sample), the coders `zero_shot` and `trained` with the features the trained one
reads (`coding_features`), and `codes` (machine codes overlaid by confirmed ones).

May import: `themes.core`, `themes.ingest`, `themes.store`, `themes.discovery`,
`themes.curation`. Never report, export or cli.
"""
