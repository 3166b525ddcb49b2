"""Checks of option values made before any work starts, so a typo never costs a whole analysis."""

from __future__ import annotations

import os
from pathlib import Path

from formcheck.errors import InvalidOption, OutputUnwritable


def check_positive(option: str, value: float | None) -> None:
    if value is not None and value <= 0:
        raise InvalidOption(f"{option} must be a positive number, not {value}")


def check_output_paths(**paths: Path | None) -> None:
    """Each given output path must be a file path whose folder exists (or can be made) and is writable."""
    for option, path in paths.items():
        if path is None:
            continue
        flag = "--" + option.replace("_", "-")
        if path.is_dir():
            raise OutputUnwritable(f"{flag} {path}: is a folder; give a file name")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputUnwritable(f"{flag} {path}: cannot create its folder ({error.strerror})") from None
        if not os.access(path.parent, os.W_OK):
            raise OutputUnwritable(f"{flag} {path}: its folder is not writable")
