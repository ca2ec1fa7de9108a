"""The core every other part builds on: typed values passed between stages (`types`), the one
error hierarchy (`errors`), the validated configuration (`config`), where shipped data
files live (`resources`), and the switches that keep every library offline (`offline`).

May import: nothing of ours outside `themes.core`.
"""
