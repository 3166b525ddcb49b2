"""Turns the coach's state and the current angles into the overlay's ``OverlayView``."""

from __future__ import annotations

from formcheck.exercises import cues
from formcheck.exercises.profile import Profile
from formcheck.feedback.gauges import Gauge
from formcheck.feedback.overlay import (
    ARCH_GAUGE_SPAN_DEG,
    HIP_GAUGE_SPAN_DEG,
    Counter,
    HoldTimer,
    joint_labels_for,
)
from formcheck.live.coach import CoachState, SequenceTargets
from formcheck.types import Exercise, FrameAngles, MistakeCode, Side

EXERCISE_TITLES = {
    Exercise.COUCH_STRETCH: "Couch stretch",
    Exercise.SPLIT_SQUAT: "Split-squat isometric",
    Exercise.THOMAS_TEST: "Thomas test",
}


def title(exercise: Exercise, side: Side | None) -> str:
    side_text = f"{side.value} side" if side is not None else "side: finding..."
    return f"{EXERCISE_TITLES[exercise]} - {side_text}"


def _rules(profile: Profile | None, exercise: Exercise):
    if profile is None:
        return None
    name = {
        Exercise.COUCH_STRETCH: "couch_stretch",
        Exercise.SPLIT_SQUAT: "split_squat",
        Exercise.THOMAS_TEST: "thomas_test",
    }[exercise]
    return getattr(profile, name, None)


def arch_limit_deg(profile: Profile | None, exercise: Exercise) -> float | None:
    """The profile's back_arch_on_deg for the exercise (the arch the cue turns on at)."""
    return getattr(_rules(profile, exercise), "back_arch_on_deg", None)


def hip_in_target(
    angles: FrameAngles | None, side: Side | None, exercise: Exercise, profile: Profile | None
) -> bool | None:
    """Whether the working hip is where the exercise's range rule wants it (None = cannot tell).

    The rules judge range on the quantity the seed names, not on the hip angle itself: the couch
    stretch's thigh below the couch line, the split squat's back knee behind the hip line.
    """
    if angles is None or side is None or not angles.has_pose:
        return None
    leg = angles.leg(side)
    rules = _rules(profile, exercise)
    if exercise is Exercise.COUCH_STRETCH and leg.thigh_to_horizontal_deg is not None:
        limit = getattr(rules, "shallow_off_deg", -7.0)
        return leg.thigh_to_horizontal_deg <= limit
    if exercise is Exercise.SPLIT_SQUAT and leg.thigh_inclination_deg is not None:
        limit = getattr(rules, "rear_knee_behind_off_deg", 5.0)
        return leg.thigh_inclination_deg >= limit
    return None


def gauges(
    angles: FrameAngles | None,
    side: Side | None,
    exercise: Exercise,
    profile: Profile | None,
    active_codes: set[str],
) -> tuple[Gauge, Gauge]:
    hip = arch = None
    if angles is not None and angles.has_pose:
        if side is not None:
            leg = angles.leg(side)
            hip = leg.hip_extension_deg if leg.hip_extension_deg is not None else leg.trunk_thigh_deg
        arch = angles.lumbar.arch_deg
    return (
        Gauge(
            "Hip extension",
            hip,
            *HIP_GAUGE_SPAN_DEG,
            mistake=MistakeCode.SHALLOW_RANGE.value in active_codes,
            in_target=hip_in_target(angles, side, exercise, profile),
        ),
        Gauge(
            "Lumbar arch",
            arch,
            *ARCH_GAUGE_SPAN_DEG,
            target_max_deg=arch_limit_deg(profile, exercise) or 15.0,
            mistake=MistakeCode.BACK_ARCH.value in active_codes,
        ),
    )


def hold_timer(
    exercise: Exercise, state: CoachState, now_s: float, targets: SequenceTargets
) -> HoldTimer | None:
    elapsed = state.hold_elapsed_s(now_s)
    if elapsed is None:
        if exercise is Exercise.COUCH_STRETCH and state.phase is not None and "exhale" in state.phase:
            phase_elapsed = state.phase_elapsed_s(now_s)
            return None if phase_elapsed is None else HoldTimer(phase_elapsed, *targets.exhale_reset_s)
        return None
    code = state.hold_code or ""
    if exercise is Exercise.COUCH_STRETCH:
        if "lock" in code or "rep" in code:
            return HoldTimer(elapsed, 2.0, 2.0)
        return HoldTimer(elapsed, *targets.press_s)
    if exercise is Exercise.THOMAS_TEST:
        return HoldTimer(elapsed, 6.0, 6.0)
    return HoldTimer(elapsed, *targets.hold_s)


def counters(exercise: Exercise, state: CoachState, targets: SequenceTargets) -> tuple[Counter, ...]:
    if exercise is Exercise.COUCH_STRETCH:
        return (
            Counter("Presses", state.count_matching("press") or 0, targets.presses[1]),
            Counter("Lock-in reps", state.count_matching("lock", "rep") or 0, targets.lock_in_reps[0]),
        )
    if exercise is Exercise.SPLIT_SQUAT:
        return (Counter("Holds", state.count_matching("hold") or 0, targets.holds[1]),)
    return ()


def joint_labels(angles: FrameAngles | None, side: Side | None):
    return joint_labels_for(angles, side)


# The seed's cue for what to do in each analyzer phase (shown when no mistake cue is active).
PHASE_CUES: dict[str, str] = {
    "exhale_reset": cues.EXHALE_RESET.live,
    "press": cues.FLOOR_PRESS.live,
    "relax": cues.RELAX.live,
    "lock_in": cues.LOCK_IN.live,
    "lock_in_rest": "Relax — keep ribs down",
    "hold": cues.PRESS_BACK_FOOT.live,
}


def guidance_cue(exercise: Exercise, state: CoachState) -> str | None:
    """The positive cue for the current phase: the seed's words, else the analyzer's."""
    if state.setup_cue is not None:
        return state.setup_cue
    if state.phase is None:
        return None
    if state.phase == "setup":
        return cues.SETUP[exercise].live
    return PHASE_CUES.get(state.phase, state.phase_message)
