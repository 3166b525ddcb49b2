"""Checks of option values made before any work starts, so a typo never costs a whole analysis."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from formcheck.destinations import DestinationKind, check_folder_writable, check_writable
from formcheck.errors import InvalidOption


def check_positive(option: str, value: float | None) -> None:
    if value is not None and value <= 0:
        raise InvalidOption(f"{option} must be a positive number, not {value}")


def check_output_paths(*, stdout_options: Collection[str] = (), **paths: Path | None) -> None:
    """Each given output must be writable before any work starts: a file path whose folder exists
    (or can be made) and takes a file, or a device, FIFO or socket (written in place). ``-``
    (standard output) only for the options named in ``stdout_options``, and one output at most."""
    on_stdout: list[str] = []
    for option, path in paths.items():
        if path is None:
            continue
        flag = "--" + option.replace("_", "-")
        if check_writable(flag, path, stdout_ok=option in stdout_options) is DestinationKind.STDOUT:
            on_stdout.append(f"{flag} {path}")
    if len(on_stdout) > 1:
        raise InvalidOption(f"{' and '.join(on_stdout)}: only one output can go to standard output")


def check_output_folder(option: str, folder: Path) -> None:
    """A folder that will receive many outputs (``batch --out``): made now, and writable."""
    check_folder_writable(option, folder, folder)
