"""The typer command line (`app`), one module per command group: the only place that imports
typer, prints to the terminal or exits. Each command parses its options and calls the library.

May import: anything in `themes`.
"""
