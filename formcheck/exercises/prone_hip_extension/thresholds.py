"""The thresholds of the prone hip extension, each citing the seed sentence it enforces.

They are the ``[prone-hip-extension]`` section of a ``--profile`` file (see
``formcheck.exercises.profile``).

The lift is an angle, not a height: the thigh pivots at the hip, so a knee end raised by ``h`` off
the mat turns the thigh by asin(h / thigh length). An adult thigh (hip joint to knee joint) is
~0.245 of standing height, 38-48 cm over statures 1.55-1.95 m (43 cm at 1.75 m): 1 inch (2.54 cm)
is asin(2.54 / 48) = 3.0 deg to asin(2.54 / 38) = 3.8 deg, 2 inches asin(5.08 / 48) = 6.1 deg to
asin(5.08 / 38) = 7.7 deg. "1–2 inches" is therefore a lift of about 3-8 deg (3.4-6.8 deg on the
average thigh), and 3 inches already 9-11 deg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, cited

PRONE = "Lightly tuck, lift thigh off mat 1–2 inches without lumbar extension, 8–12 reps"
PILLOW = "Prone Hip Extension (Pillow Under ASIS)"

INCH_M = 0.0254
AVERAGE_THIGH_M = 0.43  # hip to knee joint centre, 0.245 x 1.75 m


def lift_deg(height_m: float, thigh_m: float = AVERAGE_THIGH_M) -> float:
    """The thigh's turn at the hip that raises its knee end ``height_m`` off the mat."""
    return math.degrees(math.asin(min(height_m / thigh_m, 1.0)))


def lift_inches(angle_deg: float, thigh_m: float = AVERAGE_THIGH_M) -> float:
    """The knee end's height off the mat for a lift of ``angle_deg`` (the average thigh unless given)."""
    return thigh_m * math.sin(math.radians(angle_deg)) / INCH_M


@dataclass(frozen=True, slots=True)
class ProneHipExtensionRules:
    """Prone hip extension: lying face down, legs long; one thigh lifted a little, 8–12 times."""

    prone_trunk_min_deg: float = cited(
        70.0,
        PILLOW,
        "face down: the trunk leans forward this far from vertical (lying prone reads +90; a supine "
        "body reads -90 and kneeling on all fours keeps the thighs folded under the trunk)",
    )
    legs_long_max_deg: float = cited(
        35.0,
        PILLOW,
        "both thighs lie along the trunk line within this (the pillow flexes the hips ~5-15 deg, a "
        "lift extends one by a few): a thigh folded further is kneeling or a knee pulled up",
    )
    rep_on_deg: float = cited(
        1.5,
        PRONE,
        "a thigh rising this far above its own rest on the mat (trunk-thigh) starts a rep. 1 inch is "
        "~3 deg, but BlazePose reads a straight leg lifted off a mat short: the studio's 4.9-deg lifts "
        "read 2 deg, while its landmarks jitter ~0.3 deg at rest once smoothed",
    )
    rep_off_deg: float = cited(0.8, PRONE, "the thigh is back on the mat (hysteresis)")
    rep_min_s: float = cited(0.5, PRONE, "a shorter lift is a fidget, not a rep")
    rep_gap_s: float = cited(
        0.2,
        PRONE,
        "a rep ends once the thigh is back down this long: a brisk set touches the mat for only "
        "~0.2-0.4 s between lifts (the real prone leg raise clip), which a longer gap merges into one rep",
    )
    rest_window_s: float = cited(
        3.0,
        PRONE,
        "the thigh's rest is the median of its angle over this much of its latest time on the mat (reps "
        "in between not counted), so a pillow that shifts or a slow drift does not read as a lift",
    )
    rep_release_share: float = cited(
        0.4,
        PRONE,
        "a rep also ends once its thigh is back below this share of the rep's highest lift: a brisk set "
        "bounces 1-3 deg above its first rest between lifts, which a fixed line would merge into one rep",
    )
    lift_plateau_tolerance_deg: float = cited(
        1.5, PRONE, "a rep's top is the time its lift stays within this of the rep's median lift"
    )
    lift_target_min_deg: float = cited(
        3.0, PRONE, "1 inch of a 38-48 cm thigh is 3.0-3.8 deg of hip extension (see the module)"
    )
    lift_target_max_deg: float = cited(
        8.0, PRONE, "2 inches of a 38-48 cm thigh is 6.1-7.7 deg of hip extension (see the module)"
    )
    lift_too_high_deg: float = cited(
        9.0,
        PRONE,
        "a rep whose hip extension above rest reaches this at its top is lift_too_high: past 2 inches "
        "on any adult thigh (7.7 deg on a 38-cm one; 3 inches of an average thigh is 10.2), with ~1.3 "
        "deg for the hip angle's noise. BlazePose reads lifts short (the studio's 16-deg lifts read "
        "9-11 deg at 30 deg yaw), so a line at 3 inches would miss them",
    )
    reps_target_min: int = cited(8, PRONE, "fewest reps in a set")
    reps_target_max: int = cited(12, PRONE, "most reps in a set")
    back_arch_on_deg: float = cited(14.0, PRONE, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, PRONE, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, PRONE, "an arch must last this long to count")
