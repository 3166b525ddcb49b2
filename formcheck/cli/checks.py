"""Checks of option values made before any work starts, so a typo never costs a whole analysis."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from formcheck.cli.errors import user_errors
from formcheck.destinations import DestinationKind, check_folder_writable, check_writable, same_file_key
from formcheck.errors import InvalidOption, OutputUnwritable
from formcheck.sources.capture import MAX_FRAME_SIDE_PX


def check_output_paths(
    *,
    stdout_options: Collection[str] = (),
    inputs: Mapping[str, Path | str | None] | None = None,
    **paths: Path | None,
) -> None:
    """Each given output must be writable before any work starts: a file path whose folder exists
    (or can be made) and takes a file, or a device, FIFO or socket (written in place). ``-``
    (standard output) only for the options named in ``stdout_options``, and one output at most.

    ``inputs`` (``{"VIDEO": path, "--profile": path}``) are files the run reads or keeps: an output
    naming one of them is refused (exit 15), as are two outputs naming one file (exit 14), whatever
    the spelling (a symbolic or hard link, ``./``, ``..``): the second would overwrite the first."""
    on_stdout: list[str] = []
    written_files: dict[tuple, str] = {}
    kept = _file_keys(inputs or {})
    for option, path in paths.items():
        if path is None:
            continue
        flag = "--" + option.replace("_", "-")
        kind = check_writable(flag, path, stdout_ok=option in stdout_options)
        if kind is DestinationKind.STDOUT:
            on_stdout.append(f"{flag} {path}")
        if kind is not DestinationKind.FILE:  # devices and FIFOs take any number of outputs
            continue
        key = same_file_key(path)
        if key in kept:
            raise OutputUnwritable(
                f"{flag} {path}: is {kept[key]}, which this run reads; give the output its own name"
            )
        if key in written_files:
            raise InvalidOption(
                f"{written_files[key]} and {flag} {path} name the same file; give each its own"
            )
        written_files[key] = f"{flag} {path}"
    if len(on_stdout) > 1:
        raise InvalidOption(f"{' and '.join(on_stdout)}: only one output can go to standard output")


def _file_keys(inputs: Mapping[str, Path | str | None]) -> dict[tuple, str]:
    """The files among ``inputs`` (a camera number or URL names none), by what makes them one file."""
    keys: dict[tuple, str] = {}
    for name, path in inputs.items():
        if path is not None and str(path) != "-" and (os.path.isfile(path) or name == "--db"):
            keys[same_file_key(path)] = f"the {name} {path}"
    return keys


def check_output_folder(option: str, folder: Path) -> None:
    """A folder that will receive many outputs (``batch --out``): made now, and writable."""
    check_folder_writable(option, folder, folder)


@dataclass(frozen=True, slots=True)
class NumberRange:
    """The values a numeric option accepts: finite, and within ``minimum``..``maximum`` where given."""

    minimum: float | None = None
    maximum: float | None = None
    above_minimum: bool = False  # True: the minimum itself is refused (``> 0`` rather than ``>= 0``)
    whole: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        low = None if self.minimum is None else f"{'>' if self.above_minimum else '>='} {self.minimum:g}"
        high = None if self.maximum is None else f"<= {self.maximum:g}"
        bounds = " and ".join(b for b in (low, high) if b)
        return f"{kind} {bounds}" if bounds else f"a finite {kind.split()[-1]}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.minimum is not None and (
            value < self.minimum or (self.above_minimum and value == self.minimum)
        ):
            return False
        return self.maximum is None or value <= self.maximum


POSITIVE = NumberRange(minimum=0, above_minimum=True)
AT_LEAST_ONE = NumberRange(minimum=1, whole=True)
# --resize: a frame smaller than this holds no body BlazePose can find; frames are never analysed
# larger than MAX_FRAME_SIDE_PX (see sources/capture.py), so a larger value would only pretend.
MIN_RESIZE_PX = 64
RESIZE_PX = NumberRange(minimum=MIN_RESIZE_PX, maximum=MAX_FRAME_SIDE_PX, whole=True)
# Each worker process holds its own pose model (~200 MB): more than this is a typo, not a plan.
MAX_WORKERS = 64
WORKERS = NumberRange(minimum=1, maximum=MAX_WORKERS, whole=True)


def check_number(option: str, value: float | None, allowed: NumberRange) -> None:
    """``InvalidOption`` (exit 14) for NaN, infinities and values outside ``allowed``."""
    if value is not None and not allowed.contains(value):
        raise InvalidOption(f"{option} {value:g} is out of range: give {allowed.describe()}")


def parse_number(option: str, text: object, allowed: NumberRange) -> float | int:
    """The number ``text`` names, checked against ``allowed``; one-line ``InvalidOption`` otherwise."""
    if isinstance(text, bool):
        raise InvalidOption(f"{option} {text!r} is not a number: give {allowed.describe()}")
    if isinstance(text, (int, float)):
        value: float | int = text
    else:
        try:
            value = float(str(text).strip())
        except ValueError:
            raise InvalidOption(f"{option} {text!r} is not a number: give {allowed.describe()}") from None
    check_number(option, value, allowed)
    if allowed.whole:
        if value != int(value):
            raise InvalidOption(f"{option} {value:g} is not a whole number: give {allowed.describe()}")
        return int(value)
    return float(value)


def number_parser(option: str, allowed: NumberRange) -> Callable[[object], float | int]:
    """A typer ``parser=`` that refuses what ``allowed`` does not contain, in one line with exit 14.

    typer's own ``min=``/``max=`` and its int/float conversion answer a bad value with click's
    usage box and exit 2, and accept ``nan`` and ``inf`` for floats.
    """

    def parse(text: object) -> float | int:
        with user_errors():
            return parse_number(option, text, allowed)

    return parse
