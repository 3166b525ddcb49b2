"""Errors a user can cause, each with its own exit code, so scripts can tell them apart.

The CLI turns these into one line on stderr and ``typer.Exit(code)``; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class FormcheckError(Exception):
    exit_code = 1


class SourceNotFound(FormcheckError):
    exit_code = 2


class SourceUnreadable(FormcheckError):
    """Corrupt, truncated before the first frame, or not a video at all."""

    exit_code = 3


class EmptySource(FormcheckError):
    exit_code = 4


class NoPersonFound(FormcheckError):
    exit_code = 5


class WrongView(FormcheckError):
    """The camera does not see the body from the side, so sagittal angles mean nothing."""

    exit_code = 6


class UnknownName(FormcheckError):
    """An exercise, side, model or set name that does not exist; the message lists valid ones."""

    exit_code = 7


class CameraUnavailable(FormcheckError):
    exit_code = 8


class ModelUnavailable(FormcheckError):
    exit_code = 9


class BadProfile(FormcheckError):
    exit_code = 10


class DisplayUnavailable(FormcheckError):
    """No screen to open a window on (use --headless)."""

    exit_code = 11


class HistoryUnavailable(FormcheckError):
    """The history file cannot be used (a newer schema, or not a database)."""

    exit_code = 13


class InvalidOption(FormcheckError):
    """An option value out of its range (a negative --max-fps, say)."""

    exit_code = 14


class OutputUnwritable(FormcheckError):
    """An output path that cannot be written (a folder, a read-only place)."""

    exit_code = 15


class OutputWriteFailed(FormcheckError):
    """Writing an output failed part-way (the disk is full, an I/O error); no partial file is left."""

    exit_code = 16
