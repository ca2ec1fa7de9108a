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


class OutputError(ProjectError):
    """A report or export file cannot be written."""


class ConfirmationNeeded(InputError):
    """A command would change more than it names (an undo that leaves later decisions without
    effect); it is applied only when confirmed (``--yes``)."""


class EventError(ThemesError):
    """A decision event does not fit its kind's schema and was not recorded (a bug in the
    command that made it)."""


class CheckFailedError(ProjectError):
    """`themes check` found something wrong with the project (listed before this error)."""

    exit_code = 6


class CodingsError(InputError):
    """A coding file (``segment_id,element`` rows) cannot be read; the message names the file
    and row and says how to fix it."""


class AgreementError(InputError):
    """Two codings cannot be compared (e.g. no segment was coded in both)."""


class ChangeModelError(InputError):
    """A change-model file or a codebook to import cannot be used (the message names the file,
    the line or row, and the field)."""


class AnalysisError(InputError):
    """A framework matrix, context comparison or co-occurrence cannot be made as asked (an
    unknown field, too few contexts); the message names the option and the choices."""


class NoCodesError(AnalysisError):
    """The coding asked for does not exist yet (deductive codes of change-model elements before
    `themes code` has been run)."""
