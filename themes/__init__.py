"""themes: NLP-assisted theme discovery for qualitative research."""

from themes.core.offline import go_offline as _go_offline

__version__ = "0.1.0"

_go_offline()  # before any command can load onnxruntime, torch or transformers (cheap)
