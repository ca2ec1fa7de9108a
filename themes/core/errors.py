"""One exception hierarchy. Messages name the file, line or setting and say what to do.

Messages never contain transcript text. The CLI maps each class to an exit code.
"""

from __future__ import annotations


class ThemesError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


class ConfigError(ThemesError):
    """A setting is unknown or invalid."""

    exit_code = 2


class InputError(ThemesError):
    """A transcript file or folder cannot be used."""

    exit_code = 2


class StrictModeError(InputError):
    """A warning became fatal because --strict was given."""


class ModelError(ThemesError):
    """The embedding model cannot be loaded."""

    exit_code = 3


class ProjectError(ThemesError):
    """The project folder or database is missing, locked or from a newer version."""

    exit_code = 4


class NotFoundError(ThemesError):
    """A theme, segment or event id does not exist in the project."""

    exit_code = 5
