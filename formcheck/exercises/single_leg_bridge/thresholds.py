"""The thresholds of the single-leg bridge: the glute bridge's, plus what tells the free leg.

They are the ``[single-leg-bridge]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.glute_bridge.thresholds import CLEANLY, GluteBridgeRules
from formcheck.exercises.profile import cited


@dataclass(frozen=True, slots=True)
class SingleLegBridgeRules(GluteBridgeRules):
    """Single-leg bridge: one foot planted, the other leg held out straight."""

    free_knee_straight_max_deg: float = cited(
        35.0,
        CLEANLY,
        "the free leg is held out with its knee at most this bent (the planted knee bends ~90-110 deg)",
    )
