"""The thresholds of the split-squat isometric, each citing the seed sentence it enforces.

They are the ``[split-squat]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, AVOID_ARCHING, cited


@dataclass(frozen=True, slots=True)
class SplitSquatRules:
    """Rear-foot-elevated split-squat isometric hold."""

    rear_knee_min_deg: float = cited(
        45.0,
        "Place the top of your back foot (shoelaces side down) on the couch",
        "the rear foot up on the couch behind bends the rear knee at least this much",
    )
    rear_thigh_min_deg: float = cited(
        -35.0,
        "Place the top of your back foot (shoelaces side down) on the couch",
        "the rear thigh points down or back (inclination from straight down), never forward as in sitting",
        signed=True,
    )
    split_min_deg: float = cited(
        5.0,
        "Step your front foot forward far enough",
        "the rear thigh points further back than the front one by at least this (standing tall included)",
    )
    front_thigh_alone_max_deg: float = cited(
        -30.0,
        "Step your front foot forward far enough",
        "with the other leg hidden, a thigh reaching forward beyond this (inclination) is the front leg",
        signed=True,
    )
    hold_knee_on_deg: float = cited(
        45.0, "Lower slowly until you feel a light stretch", "front knee flexion that starts a hold"
    )
    hold_knee_off_deg: float = cited(35.0, "Rest briefly, then repeat", "front knee flexion that ends it")
    hold_min_s: float = cited(
        2.0, "Hold this position for 20–30 seconds", "a dip shorter than this is no hold"
    )
    hold_plateau_tolerance_deg: float = cited(
        15.0,
        "Hold this position for 20–30 seconds",
        "hold time counts frames within this of the hold's median knee flexion (not the lowering)",
    )
    hold_target_min_s: float = cited(20.0, "Hold this position for 20–30 seconds", "shorter: short_hold")
    hold_target_max_s: float = cited(30.0, "Hold this position for 20–30 seconds", "longest useful hold")
    holds_per_side_min: int = cited(
        2, "Rest briefly, then repeat 2–3 times per side", "fewest holds per side"
    )
    holds_per_side_max: int = cited(3, "Rest briefly, then repeat 2–3 times per side", "most holds per side")
    settle_s: float = cited(
        1.0,
        "Lower slowly until you feel a light stretch across the front of the hip of the rear leg",
        "form rules start this long after the hold is confirmed (the lowering is over)",
    )
    back_arch_on_deg: float = cited(14.0, AVOID_ARCHING, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, AVOID_ARCHING, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, AVOID_ARCHING, "an arch must last this long to count")
    range_shallow_on_deg: float = cited(
        2.5,
        "The back knee should be slightly behind your hip line — that’s true hip extension.",
        "rear hip extension (pelvis-relative, the arch removed) below this: no true hip extension. The "
        "studio's label: shallow at <= 0 (the thigh not behind the pelvis), clean at >= 5 ('slightly "
        "behind') throughout the holds; the rule fires midway",
        signed=True,
    )
    range_shallow_off_deg: float = cited(
        5.0,
        "The back knee should be slightly behind your hip line",
        "the flag ends once the hip is back where the label calls it clean (hysteresis)",
        signed=True,
    )
    proxy_knee_behind_deg: float = cited(
        -3.0,
        "The back knee should be slightly behind your hip line",
        "the landmark proxy, reported beside the flag but never flagging: rear thigh inclination (+ = "
        "knee behind the hip) below this reads the knee not behind the hip line (the line is 0; "
        "BlazePose's hip point reads the thigh ~5 deg more forward than the joint). An arch that tips "
        "the pelvis forward puts the knee behind the line with no hip extension",
        signed=True,
    )
    shallow_min_s: float = cited(
        1.5,
        "The back knee should be slightly behind your hip line",
        "minimum: the hold's position, not a moment (a knee landmark slipping forward for ~1 s at the top "
        "of a bounce is bouncing's business)",
    )
    front_shin_on_deg: float = cited(
        24.0,
        "your front knee stays roughly over your ankle",
        "front shin inclined forward beyond this: knee far past the ankle (mistake at >= 30)",
    )
    front_shin_off_deg: float = cited(20.0, "your front knee stays roughly over your ankle", "hysteresis")
    knee_past_ankle_min_s: float = cited(1.0, "your front knee stays roughly over your ankle", "minimum")
    bounce_window_s: float = cited(
        2.0,
        "No bouncing or movement — this is a static tension hold",
        "movement = std of front knee flexion around a quadratic trend over this trailing window (2 bounces at ~1 Hz)",
    )
    bounce_on_deg: float = cited(
        4.0,
        "No bouncing or movement — this is a static tension hold",
        "a +-8 deg bounce has std 5.7 deg; a still hold's landmark jitter stays under ~1.5 deg, but "
        "BlazePose's knee wobbles for a few seconds now and then (std up to ~3.7 deg on still studio holds)",
    )
    bounce_off_deg: float = cited(
        3.0, "No bouncing or movement — this is a static tension hold", "hysteresis"
    )
    bounce_min_s: float = cited(1.5, "No bouncing or movement — this is a static tension hold", "minimum")
