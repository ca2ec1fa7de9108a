"""REFI-QDA interchange with NVivo, ATLAS.ti, MAXQDA and QualCoder: the codebook (``.qdc``,
`codebook`) and the project (``.qdpx``, `project`), with deterministic GUIDs (`guids`), source
texts and their character positions (`sources`), and the analyst's mappings and deductive codes
as optional inputs (`inputs`). Reading a codebook back is `themes.changemodel.refi`."""
