"""The analyst's constant-comparison loop on top of a run: the decision log replayed into what
the analyst sees (`replay`, `view`, `redescribe`), each event's status and whether the log
can be trusted (`events`, `check`), the commands that record decisions (`decisions`), and the
evidence behind them (`compare`, `split`, `add`, `saturation`).

May import: `themes.core`, `themes.ingest`, `themes.store`, `themes.discovery`.
"""
