"""Nothing leaves the machine: the switches that keep the libraries we load off the network.

`go_offline()` sets them in `os.environ`. It runs when `themes` is imported (so before any
command can import onnxruntime, torch, transformers or sentence-transformers) and again at
each place that imports one of them, and costs nothing after the first call.

- onnxruntime (1.32's official wheels) starts Microsoft's 1DS telemetry when its native
  library loads: it writes `~/.cache/Microsoft/DeveloperTools/.onnxruntime/` and about 10 s
  later looks up `mobile.events.data.microsoft.com` and uploads. `ORT_DISABLE_TELEMETRY=1`,
  read once as the library loads, stops all of it (see onnxruntime's Privacy.md);
  `onnxruntime.disable_telemetry_events()` does not, and setting the variable after the
  import is too late.
- huggingface_hub and transformers: offline mode (no download, no update check) and no
  telemetry. We load models from local folders only, so these are a second line of defence.

The switches the promise depends on are forced, whatever the environment says (a user's
`ORT_DISABLE_TELEMETRY=0` would turn the telemetry back on); the ones that only keep the
output quiet are defaults a user may change.
"""

from __future__ import annotations

import os
import sys
import warnings

FORCED: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
DEFAULTS: dict[str, str] = {
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


class NetworkWarning(UserWarning):
    """A library was loaded before its network switch could be set."""


_warned = False


def go_offline() -> None:
    """Set every switch (cheap; call it before importing a library that could go online)."""
    global _warned
    late = "onnxruntime" in sys.modules and os.environ.get("ORT_DISABLE_TELEMETRY") != "1"
    for key, value in FORCED.items():
        os.environ[key] = value
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if late and not _warned:
        _warned = True
        warnings.warn(
            "onnxruntime was imported before themes could set ORT_DISABLE_TELEMETRY=1, so "
            "its telemetry may be on in this process: import themes first, or set "
            "ORT_DISABLE_TELEMETRY=1 in the environment.",
            NetworkWarning,
            stacklevel=2,
        )
