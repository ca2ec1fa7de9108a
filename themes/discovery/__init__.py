"""Finding candidate themes: segmenting turns (`segment`, `tokens`), the words of talk and
segments set aside as echoes or fillers (`talk`, `setaside`), the embedding model registry and
backends (`model_registry`, `embed`, `onnx_backend`), UMAP (`reduce`), HDBSCAN (`cluster`),
keywords, exemplars and phrase labels (`describe`, `labels`), stability (`stability`), the
run that ties them together and stores it (`pipeline`), and reading a stored run's vectors
(`run_vectors`).

May import: `themes.core`, `themes.ingest`, `themes.store`. Never curation, report, export or
cli.
"""
