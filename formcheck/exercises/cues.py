"""What the coach says, in the seed's own words: the ``Cue`` type and the cues every exercise shares.

Each exercise's own cues live in its folder (``formcheck/exercises/<exercise>/cues.py``).

Every ``Cue`` keeps the seed sentence it comes from (``seed``, verbatim from
``/work/shared/seeds/000_*.txt``) beside the short text shown in reports (``text``) and the large
live overlay (``live``), so each message can be traced back to the product's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True, slots=True)
class Cue:
    text: str  # reports and mistake messages
    live: str  # the big on-screen cue
    seed: str  # the seed sentence it comes from, verbatim


BACK_ARCH = Cue(
    text="Ribs down, tailbone tucked",
    live="Ribs down — tuck your tailbone",
    seed="gently pull ribs down (no back arch)",
)


def cues_in(module: ModuleType) -> tuple[Cue, ...]:
    """Every cue a cues module defines (for the seed-traceability test), each once."""
    found: dict[int, Cue] = {}
    for value in vars(module).values():
        if isinstance(value, Cue):
            found.setdefault(id(value), value)
    return tuple(found.values())
