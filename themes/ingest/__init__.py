"""Reading transcripts: one module per input format behind one registry."""

from themes.ingest.registry import READERS, ingest_folder, read_file

__all__ = ["READERS", "ingest_folder", "read_file"]
