"""The thresholds of the glute bridge with end-range bias, each citing the seed sentence it enforces.

They are the ``[glute-bridge]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, RIBS_DOWN, cited

BRIDGE = "Heels closer to glutes, ribs down, squeeze at the top 3 sec, 8–12 reps"
DAILY = "Bridge holds (if time): 6–8 reps, 3-sec squeeze at top"
CLEANLY = "Progress to a single-leg bridge holding extension cleanly"


@dataclass(frozen=True, slots=True)
class GluteBridgeRules:
    """Glute bridge: lying on the back, knees bent, feet flat; hips lifted to the shoulder-knee line."""

    knee_bent_min_deg: float = cited(
        45.0, BRIDGE, "feet flat near the glutes bend the knee at least this much, at rest and at the top"
    )
    thigh_up_min_deg: float = cited(
        5.0,
        BRIDGE,
        "the thigh rises from hip to knee (knees up, feet on the floor), unlike a leg hanging off a couch",
        signed=True,
    )
    hip_flexion_max_deg: float = cited(
        85.0, BRIDGE, "hip flexion (-trunk-thigh) beyond this is a knee pulled to the chest, not a bridge"
    )
    legs_alike_max_deg: float = cited(
        25.0,
        BRIDGE,
        "both feet on the floor: the two trunk-thigh angles differ by less than this (a hug or a hanging "
        "leg differs by 60 deg and more)",
    )
    rep_on_deg: float = cited(
        -25.0,
        DAILY,
        "trunk-thigh (0 = shoulder, hip and knee in line) above this: the hips are up, a rep is under way "
        "(resting with heels near the glutes reads about -50)",
        signed=True,
    )
    rep_off_deg: float = cited(-32.0, DAILY, "the hips are down again (hysteresis)", signed=True)
    rep_rise_on_deg: float = cited(
        10.0,
        DAILY,
        "the hips rising this far above their own rest on the floor (trunk-thigh, the median of the "
        "latest rest_window_s down) also start a rep, never below rep_off_deg (a rep still ends there), "
        "so a shallow rep is counted and judged wherever the rest lies (for rests below -42 the line is "
        "rep_off_deg itself: any rise past it held rep_min_s is a rep): a fixed line cannot tell a "
        "shallow top from a rest with the heels less close "
        "(heels at the 80-deg knee line rest ~-35, the studio's tops 18-24 deg short read -23..-29). "
        "From the geometry, not a fit: lifting the hips 3 cm off the floor turns the trunk-thigh "
        "~10 deg (average 43-cm thigh, knee ~45 cm up), 5-10 times the landmarks' 1-2 deg jitter",
    )
    rest_window_s: float = cited(
        3.0, DAILY, "the rest level is the median trunk-thigh over this much of the latest time down"
    )
    rep_min_s: float = cited(0.5, DAILY, "a shorter lift is a fidget, not a rep")
    squeeze_plateau_tolerance_deg: float = cited(
        6.0,
        BRIDGE,
        "the squeeze is timed while trunk-thigh stays within this of the rep's top (not the lift and lowering)",
    )
    squeeze_target_s: float = cited(3.0, BRIDGE, "each rep's squeeze is compared to this")
    short_squeeze_max_s: float = cited(
        2.5,
        DAILY,
        "a squeeze shorter than this is short_squeeze: the target is 3 s, and the plateau's edges, read "
        "from landmarks that jitter ~1-2 deg, lose up to ~0.5 s of a true 3-s hold",
    )
    reps_target_min: int = cited(8, BRIDGE, "fewest reps in a set (6 in the daily routine)")
    reps_target_max: int = cited(12, BRIDGE, "most reps in a set")
    shallow_on_deg: float = cited(
        -12.0,
        CLEANLY,
        "a rep whose top (median trunk-thigh over the squeeze) stays below this never reached the "
        "shoulder-knee line: shallow_range. Neutral is 0; BlazePose's hip point reads the thigh ~5 deg "
        "more flexed, so a clean top reads ~-5 and a top 15 deg short ~-20",
        signed=True,
    )
    shallow_off_deg: float = cited(-8.0, CLEANLY, "the gauge is green above this", signed=True)
    heels_close_min_knee_deg: float = cited(
        80.0,
        BRIDGE,
        "knee flexion at rest below this leaves the heels far from the glutes (the verdict says so); "
        "heels close bend the knee ~95-120 deg",
    )
    back_arch_on_deg: float = cited(14.0, RIBS_DOWN, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, RIBS_DOWN, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, RIBS_DOWN, "an arch must last this long to count")
