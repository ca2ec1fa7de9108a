"""themes: NLP-assisted theme discovery for qualitative research."""

__version__ = "0.1.0"
