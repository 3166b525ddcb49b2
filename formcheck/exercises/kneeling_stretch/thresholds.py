"""The thresholds of the kneeling hip-flexor stretch, each citing the seed sentence it enforces.

They are the ``[kneeling-stretch]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, cited

# The guide's only sentence on this stretch, and the one its back-arch rule enforces.
HUGE_BACK_ARCH = "It’s commonly done incorrectly (huge back arch)."
HOW_LONG = "Short 5–8 sec isometric presses with equal relax time, for 3–4 cycles is more effective than a single long hold."
KNEE_BEHIND = "The back knee should be slightly behind your hip line — that’s true hip extension."

# Set-up facts, not form rules (no profile keys: the profile checks angle and time units only).
# Kneeling: the knee's height above the lower ankle (``LegAngles.knee_height_thighs``), in thigh
# lengths, at most this. A knee on the floor reads below the ankle (real clips -0.24..-0.07, the
# studio's mannequin -0.08..-0.05: an ankle sits higher above the floor than a knee's centre); the
# studio's deep split-squat holds bring the rear knee within 0.02-0.08 of the front ankle, hovering.
REAR_KNEE_DOWN_MAX_THIGHS = 0.0
# The landmark proxy reported beside the range (never flagging): the kneeling thigh's inclination
# from straight down, + = knee behind the hip. KNEE_BEHIND's "slightly behind your hip line" read on
# the landmarks is above 0; range itself is judged on true hip extension.
PROXY_KNEE_BEHIND_DEG = 0.0
# This far below the ankle a knee can only be on the floor, whatever the shin shows (an oblique view
# foreshortens a shin lying along the floor into a steep one); between this and the line above, the
# shin must say where the foot is.
REAR_KNEE_CLEARLY_DOWN_THIGHS = -0.1
# Near the line, the kneeling shin (inclination from straight down, + = ankle behind the knee) lies
# along the floor (half-kneeling, ~75-105) or rises steeply up a wall or couch just behind the knee
# (couch variant, ~135-180); a split squat's rear foot up on a bench behind puts it in between
# (studio 109-125).
REAR_SHIN_FLOOR_MAX_DEG = 110.0
REAR_SHIN_WALL_MIN_DEG = 130.0


@dataclass(frozen=True, slots=True)
class KneelingStretchRules:
    """Kneeling hip-flexor stretch: half-kneeling, or the rear foot up a wall or couch."""

    trunk_max_deg: float = cited(
        30.0,
        "Keep your chest tall",
        "trunk inclination from vertical: leaning further (forward to adjust the front foot, or back) "
        "is not the stretch; 'auto' still groups it with the upright exercises",
    )
    rear_thigh_min_deg: float = cited(
        -30.0,
        KNEE_BEHIND,
        "the kneeling thigh points about straight down under the hip (inclination from straight down); "
        "further forward the person is sitting back, not kneeling in the stretch",
        signed=True,
    )
    rear_thigh_max_deg: float = cited(
        50.0, KNEE_BEHIND, "further back than this the knee is not under the hip (a lunge)", signed=True
    )
    front_thigh_max_deg: float = cited(
        -40.0,
        "Press your front foot down and forward into the floor",
        "the front foot planted in front: the front thigh reaches forward beyond this (inclination)",
        signed=True,
    )
    front_knee_min_deg: float = cited(
        45.0,
        "Press your front foot down and forward into the floor",
        "the front knee bent at least this much over the planted foot (tall-kneeling keeps it straight down)",
    )
    hold_min_s: float = cited(
        3.0, HOW_LONG, "time in position shorter than this is stepping through, not a hold"
    )
    hold_break_max_s: float = cited(
        3.0,
        HOW_LONG,
        "a hold survives a break this short (leaning forward to adjust the front foot): the stretch "
        "goes on, the seconds out of position count towards it",
    )
    hold_target_min_s: float = cited(
        30.0, HOW_LONG, "3 cycles of a 5-s press and a 5-s relax; a hold that ends sooner: short_hold"
    )
    hold_target_max_s: float = cited(64.0, HOW_LONG, "4 cycles of an 8-s press and an 8-s relax")
    settle_s: float = cited(
        2.0, KNEE_BEHIND, "the range rule starts this long into a hold (the hips are still shifting forward)"
    )
    back_arch_on_deg: float = cited(14.0, HUGE_BACK_ARCH, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, HUGE_BACK_ARCH, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, HUGE_BACK_ARCH, "an arch must last this long to count")
    shallow_on_deg: float = cited(
        5.0,
        KNEE_BEHIND,
        "rear hip extension (pelvis-relative, the arch taken out) at or below this: the thigh is not "
        "behind the pelvis. The line is 0 deg; on the studio's kneeling clips the reading runs 5-7 deg "
        "above the truth (a true -6 reads -1, a true 14 reads 21), so a hip at the line reads ~5",
        signed=True,
    )
    shallow_off_deg: float = cited(8.0, KNEE_BEHIND, "hysteresis", signed=True)
    shallow_min_s: float = cited(1.5, KNEE_BEHIND, "minimum: the hold's position, not a moment")
