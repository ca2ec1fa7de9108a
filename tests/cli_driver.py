"""Run the `themes` CLI in a subprocess with the fake embedder (no model), for kill and race
tests: ``python tests/cli_driver.py run FOLDER -p DIR ...``.

Environment (all optional, seconds):
- ``DRIVER_PAUSE_IN_TRANSACTION``: sleep just before every outermost write transaction
  commits, so a kill lands inside transactions more often.
- ``DRIVER_PAUSE_AFTER_VIEW``: sleep after every `load_view`, so two commands started together
  overlap between reading the themes and recording a decision.
- ``DRIVER_PAUSE_BEFORE_REPLACE``: sleep before a written file is renamed into place (a kill
  then leaves its temporary file behind).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _seconds(name: str) -> float:
    return float(os.environ.get(name, "0") or 0)


def _patch() -> None:
    from fakes import FakeEmbedder

    import themes.cli.add_cmd
    import themes.curation.decisions
    import themes.curation.view
    import themes.discovery.pipeline
    from themes.store.base import StoreBase

    themes.discovery.pipeline.embedder_for = lambda config: FakeEmbedder()  # type: ignore[assignment]
    themes.cli.add_cmd._embedder = lambda: FakeEmbedder()  # type: ignore[assignment]

    pause = _seconds("DRIVER_PAUSE_IN_TRANSACTION")
    if pause:
        begin = StoreBase.transaction

        @contextmanager
        def slow_transaction(self: Any) -> Iterator[Any]:
            outer = not self.conn.in_transaction
            with begin(self) as conn:
                yield conn
                if outer:
                    time.sleep(pause)

        StoreBase.transaction = slow_transaction  # type: ignore[method-assign]

    after_view = _seconds("DRIVER_PAUSE_AFTER_VIEW")
    if after_view:
        load = themes.curation.view.load_view

        def slow_view(*args: Any, **kwargs: Any) -> Any:
            view = load(*args, **kwargs)
            time.sleep(after_view)
            return view

        themes.curation.view.load_view = slow_view  # type: ignore[assignment]
        themes.curation.decisions.load_view = slow_view  # type: ignore[attr-defined]

    before_replace = _seconds("DRIVER_PAUSE_BEFORE_REPLACE")
    if before_replace:
        replace = os.replace

        def slow_replace(*args: Any, **kwargs: Any) -> None:
            time.sleep(before_replace)
            replace(*args, **kwargs)

        os.replace = slow_replace  # type: ignore[assignment]


if __name__ == "__main__":
    _patch()
    from themes.cli.app import main

    sys.argv = ["themes", *sys.argv[1:]]
    main()
