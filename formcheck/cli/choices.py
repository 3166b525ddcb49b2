"""Choices shared by several commands, as str Enums so typer lists them in --help."""

from __future__ import annotations

from enum import Enum

from formcheck.types import Exercise

ExerciseChoice = Enum("ExerciseChoice", {e.name: e.value for e in Exercise}, type=str)  # type: ignore[misc]


class SideChoice(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    AUTO = "auto"
