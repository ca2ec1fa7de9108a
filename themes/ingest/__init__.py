"""Reading transcripts: one module per input format behind one registry (`registry`), with
decoding, speaker labels, metadata and a summary of what was read. A new reader goes here.

May import: `themes.core`.
"""

from themes.ingest.registry import READERS, ingest_folder, read_file

__all__ = ["READERS", "ingest_folder", "read_file"]
