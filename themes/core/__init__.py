"""The core every other part builds on: typed values passed between stages (`types`), the one
error hierarchy (`errors`), the validated configuration (`config`) and where shipped data
files live (`resources`).

May import: nothing of ours outside `themes.core`.
"""
