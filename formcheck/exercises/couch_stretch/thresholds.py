"""The thresholds of the supine couch stretch, each citing the seed sentence it enforces.

They are the ``[couch-stretch]`` section of a ``--profile`` file (see ``formcheck.exercises.profile``).
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.profile import ARCH_ON_WHY, NO_LUMBAR_ARCH, RIBS_DOWN, cited


@dataclass(frozen=True, slots=True)
class CouchStretchRules:
    """Supine couch stretch, working leg hanging off the couch edge."""

    hanging_knee_min_deg: float = cited(
        40.0,
        "right leg hangs off with the foot lightly on the floor",
        "a hanging leg has its knee bent toward the floor",
    )
    hanging_thigh_max_deg: float = cited(
        25.0,
        "right leg hangs off with the foot lightly on the floor",
        "above this the thigh is raised, not hanging (the other leg's thigh points up at ~30-50 deg)",
        signed=True,
    )
    steady_window_s: float = cited(
        10.0,
        "Fully relax 5–8 seconds and let the thigh settle further behind you",
        "the hanging thigh only settles slowly: its level is the lower quartile of this much time in position",
    )
    level_min_span_s: float = cited(
        1.5,
        "Fully relax 5–8 seconds and let the thigh settle further behind you",
        "the resting level (thigh, hip extension) is only judged for shallow range once this much time in "
        "position lies behind it: a quartile of the first few frames is where the leg was put down. 1.5 s "
        "(15-45 readings at 10-30 fps) so that a clip that starts already in position is judged at all",
    )
    steady_tolerance_deg: float = cited(
        8.0,
        "Hangs the leg into true hip extension",
        "a thigh reading further than this from its level is a landmark error (BlazePose pulls the hanging "
        "knee toward the other leg): that frame's angles are not judged",
    )
    back_arch_on_deg: float = cited(14.0, RIBS_DOWN, ARCH_ON_WHY)
    back_arch_off_deg: float = cited(11.0, NO_LUMBAR_ARCH, "the cue turns off below this (hysteresis)")
    back_arch_min_s: float = cited(1.0, NO_LUMBAR_ARCH, "an arch must last this long to count")
    range_shallow_on_deg: float = cited(
        2.5,
        "Hangs the leg into true hip extension",
        "resting hip extension (pelvis-relative, the arch removed; upper quartile over steady_window_s) "
        "below this: no true hip extension. The studio's label: shallow at <= 0 (the thigh not behind "
        "the pelvis), clean at >= 5 throughout; the rule fires midway",
        signed=True,
    )
    range_shallow_off_deg: float = cited(
        5.0,
        "Hangs the leg into true hip extension",
        "the flag ends once the hip is back where the label calls it clean (hysteresis)",
        signed=True,
    )
    proxy_shallow_deg: float = cited(
        -5.0,
        "let the thigh settle further behind you",
        "the landmark proxy, reported beside the flag but never flagging: thigh level above this rests "
        "on or above the couch line (the studio's proxy label: >= 0 throughout; a good stretch rests "
        "<= -10). An arch that tips the pelvis can put the thigh there with no hip extension",
        signed=True,
    )
    shallow_min_s: float = cited(
        1.5,
        "Hangs the leg into true hip extension",
        "a resting level without hip extension must last this long (the studio's label counts 1 s; the "
        "level is already a quartile over the recent window)",
    )
    reset_target_s: float = cited(20.0, "Long exhale reset (20–30 sec)", "shortest exhale reset")
    press_knee_drop_on_deg: float = cited(
        4.0,
        "Press the right foot into the floor at ~30–40% effort for 5–8 seconds",
        "a press extends the knee ~8-12 deg, of which the landmark knee angle shows ~5-8: a drop below "
        "the resting level this big starts one (the smoothed knee angle jitters ~1 deg)",
    )
    press_knee_drop_off_deg: float = cited(
        2.0, "Fully relax 5–8 seconds and let the thigh settle further behind you", "press ends (hysteresis)"
    )
    press_min_s: float = cited(2.0, "for 5–8 seconds", "shorter knee dips are fidgets, not presses")
    press_target_min_s: float = cited(5.0, "for 5–8 seconds", "shortest good press")
    press_target_max_s: float = cited(8.0, "for 5–8 seconds", "longest good press")
    presses_target_min: int = cited(3, "Do 3–4 presses", "fewest presses in a good set")
    presses_target_max: int = cited(4, "Do 3–4 presses", "most presses in a good set")
    lock_in_knee_rise_on_deg: float = cited(
        15.0,
        "pull heel toward butt (hamstring) for a 2-sec hold",
        "a heel pull flexes the knee >= 25 deg: a rise above the resting level this big starts a rep",
    )
    lock_in_knee_rise_off_deg: float = cited(8.0, "then relax", "rep ends (hysteresis)")
    lock_in_min_s: float = cited(0.5, "for a 2-sec hold", "shorter knee flicks are not reps")
    lock_in_hold_target_s: float = cited(2.0, "for a 2-sec hold", "each rep's hold time is compared to this")
    lock_in_plateau_tolerance_deg: float = cited(
        5.0, "for a 2-sec hold", "a rep's hold is timed while the knee stays within this of its plateau"
    )
    lock_in_reps_min: int = cited(10, "Extensor lock-in (10–15 reps)", "fewest reps in a good set")
    lock_in_reps_max: int = cited(15, "Extensor lock-in (10–15 reps)", "most reps in a good set")
    settle_window_s: float = cited(
        2.0,
        "let the thigh settle further behind you",
        "the thigh's level at the end of the reset and of each relax: median over this last stretch",
    )
    baseline_window_s: float = cited(
        8.0, "Fully relax 5–8 seconds", "the resting knee level is the median over this much relaxed time"
    )
