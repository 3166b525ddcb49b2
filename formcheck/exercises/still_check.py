"""One mistake rule read at one moment (a photo): the shape every exercise's still checks take."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.cues import Cue
from formcheck.types import MistakeCode


@dataclass(frozen=True, slots=True)
class StillCheck:
    """One mistake rule read at one moment: its angle against its ``on`` threshold."""

    code: MistakeCode
    value_deg: float | None  # None: not measurable in this frame
    on_deg: float
    above: bool  # True: the mistake is at or above ``on_deg``
    cue: Cue

    @property
    def flagged(self) -> bool | None:
        """True / False, or None when the frame does not tell."""
        if self.value_deg is None:
            return None
        return self.value_deg >= self.on_deg if self.above else self.value_deg <= self.on_deg
