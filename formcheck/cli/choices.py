"""Names the user types for exercises and sides, parsed here into formcheck's own types.

Options take plain strings, not typer Enums: typer answers a name outside an Enum with click's usage
box and exit 2, where formcheck promises one line and ``UnknownName`` (exit 7) listing the valid names.
"""

from __future__ import annotations

from collections.abc import Sequence

from formcheck.errors import UnknownName
from formcheck.types import Exercise, Side

EXERCISE_NAMES: tuple[str, ...] = tuple(e.value for e in Exercise)
SIDE_NAMES: tuple[str, ...] = ("left", "right", "auto")


def parse_name(option: str, value: str, valid: Sequence[str]) -> str:
    """``value`` if it is one of ``valid``; otherwise ``UnknownName`` naming the option and the choices."""
    if value not in valid:
        raise UnknownName(f"unknown {option} {value!r}; choose one of: {', '.join(valid)}")
    return value


def parse_exercise(value: str) -> Exercise:
    return Exercise(parse_name("--exercise", value, EXERCISE_NAMES))


def parse_side(value: str) -> Side | None:
    """'left', 'right', or 'auto' (None: the side is found from the exercise)."""
    name = parse_name("--side", value, SIDE_NAMES)
    return None if name == "auto" else Side(name)
