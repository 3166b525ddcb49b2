"""Checks of option values made before any work starts, so a typo never costs a whole analysis."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from formcheck.cli.errors import user_errors
from formcheck.destinations import DestinationKind, check_folder_writable, check_writable
from formcheck.errors import InvalidOption
from formcheck.sources.capture import MAX_FRAME_SIDE_PX


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
