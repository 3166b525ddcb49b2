"""Single-leg bridge ("Progress to a single-leg bridge holding extension cleanly"): the glute bridge's
reps, squeeze and mistakes, on one planted leg while the other is held out straight.

- Working side: the planted leg (its knee is the more bent; the free leg is held straight).
- In position: lying, the working leg planted as in the bridge, the free knee straight where seen.
- The pelvis dropping on the free side is a tilt in the frontal plane: a side view, which every
  angle here needs, does not show it, so it is reported as not judged rather than guessed.
"""

from __future__ import annotations

from formcheck.exercises.glute_bridge.rules import GluteBridgeAnalyzer
from formcheck.exercises.single_leg_bridge import cues
from formcheck.types import Exercise, FrameAngles, LegAngles, Side

PELVIS_DROP_UNSEEN = (
    "pelvis drop on the free side not judged: it is a sideways tilt, which a side view does not show "
    "(film from the feet to see it)"
)


class SingleLegBridgeAnalyzer(GluteBridgeAnalyzer):
    exercise = Exercise.SINGLE_LEG_BRIDGE
    setup_cue = cues.SETUP
    title = "Single-leg bridge"

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """The planted leg has the more bent knee (the free one is held straight)."""
        return leg.knee_flexion_deg

    def working_side(self, angles: FrameAngles) -> Side | None:
        """The planted leg by its role; a free leg cannot stand in for it (unlike the two-legged bridge)."""
        return super(GluteBridgeAnalyzer, self).working_side(angles)

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        free = angles.leg(side.other)
        straight = (
            free.knee_flexion_deg is not None
            and free.knee_flexion_deg <= self.rules.free_knee_straight_max_deg
        )
        return self.planted(angles, side) and straight

    def _close(self) -> dict:
        summary = super()._close()
        summary["pelvis_drop"] = None
        summary["pelvis_drop_note"] = PELVIS_DROP_UNSEEN
        summary["verdict"] = summary["verdict"].rstrip(".") + f"; {PELVIS_DROP_UNSEEN}."
        return summary
