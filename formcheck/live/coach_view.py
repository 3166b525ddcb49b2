"""Turns the coach's state and the current angles into the overlay's ``OverlayView``."""

from __future__ import annotations

from formcheck.exercises import cues
from formcheck.feedback.overlay import Counter, HoldTimer, joint_labels_for
from formcheck.feedback.targets import exercise_gauges
from formcheck.live.coach import CoachState, SequenceTargets
from formcheck.types import Exercise, FrameAngles, Side

EXERCISE_TITLES = {
    Exercise.COUCH_STRETCH: "Couch stretch",
    Exercise.SPLIT_SQUAT: "Split-squat isometric",
    Exercise.THOMAS_TEST: "Thomas test",
}


def title(exercise: Exercise, side: Side | None) -> str:
    side_text = f"{side.value} side" if side is not None else "side: finding..."
    return f"{EXERCISE_TITLES[exercise]} - {side_text}"


def gauges(angles, side, exercise, profile, active_codes):
    return exercise_gauges(angles, side, exercise, profile, active_codes)


def hold_timer(
    exercise: Exercise, state: CoachState, now_s: float, targets: SequenceTargets
) -> HoldTimer | None:
    elapsed = state.hold_elapsed_s(now_s)
    if elapsed is None:
        if exercise is Exercise.COUCH_STRETCH and state.phase is not None and "exhale" in state.phase:
            phase_elapsed = state.phase_elapsed_s(now_s)
            return (
                None
                if phase_elapsed is None
                else HoldTimer(phase_elapsed, *targets.exhale_reset_s, label="Exhale")
            )
        return None
    code = state.hold_code or ""
    if exercise is Exercise.COUCH_STRETCH:
        if "lock" in code or "rep" in code:
            return HoldTimer(elapsed, 2.0, 2.0, label="Squeeze")
        return HoldTimer(elapsed, *targets.press_s, label="Press")
    if exercise is Exercise.THOMAS_TEST:
        return HoldTimer(elapsed, 6.0, 6.0, label="Hold")
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
PHASE_CUES: dict[tuple[Exercise, str], str] = {
    (Exercise.COUCH_STRETCH, "exhale_reset"): cues.EXHALE_RESET.live,
    (Exercise.COUCH_STRETCH, "press"): cues.FLOOR_PRESS.live,
    (Exercise.COUCH_STRETCH, "relax"): cues.RELAX.live,
    (Exercise.COUCH_STRETCH, "lock_in"): cues.LOCK_IN.live,
    (
        Exercise.COUCH_STRETCH,
        "lock_in_rest",
    ): "Relax — keep ribs down",  # seed: "then relax", "Keep ribs down"
    (Exercise.SPLIT_SQUAT, "stance"): "Lower slowly until you feel a light stretch",  # seed, verbatim start
    (Exercise.SPLIT_SQUAT, "hold"): cues.PRESS_BACK_FOOT.live,
    (Exercise.THOMAS_TEST, "test"): "Look at the opposite leg (the one NOT hugged)",  # seed, verbatim
}


def guidance_cue(exercise: Exercise, state: CoachState) -> str | None:
    """The positive cue for now: the test result once given, else the phase's seed words."""
    if state.setup_cue is not None:
        return state.setup_cue
    if state.result is not None:
        return state.result
    if state.phase is None:
        return None
    if state.phase == "setup":
        return cues.SETUP[exercise].live
    return PHASE_CUES.get((exercise, state.phase), state.phase_message)
