"""Turns the coach's state and the current angles into the overlay's ``OverlayView``.

What each exercise shows (title, timers, counters, the seed's cue per phase) comes from its spec's
``coaching``; nothing here knows a particular exercise.
"""

from __future__ import annotations

from formcheck.exercises.registry import spec_for
from formcheck.feedback.overlay import Counter, HoldTimer, joint_labels_for
from formcheck.feedback.targets import exercise_gauges
from formcheck.live.coach import CoachState
from formcheck.types import Exercise, FrameAngles, Side


def title(exercise: Exercise, side: Side | None) -> str:
    side_text = f"{side.value} side" if side is not None else "side: finding..."
    return f"{spec_for(exercise).coaching.title} - {side_text}"


def gauges(angles, side, exercise, profile, active_codes):
    return exercise_gauges(angles, side, exercise, profile, active_codes)


def hold_timer(exercise: Exercise, state: CoachState, now_s: float) -> HoldTimer | None:
    """The running hold against its target; without a hold, a timed phase (the exhale reset)."""
    coaching = spec_for(exercise).coaching
    elapsed = state.hold_elapsed_s(now_s)
    if elapsed is None:
        target = coaching.phase_target(state.phase)
        phase_elapsed = state.phase_elapsed_s(now_s)
        if target is None or phase_elapsed is None:
            return None
        return HoldTimer(phase_elapsed, target.low_s, target.high_s, label=target.label)
    target = coaching.hold_target(state.hold_code)
    return None if target is None else HoldTimer(elapsed, target.low_s, target.high_s, label=target.label)


def counters(exercise: Exercise, state: CoachState) -> tuple[Counter, ...]:
    return tuple(
        Counter(c.label, state.count_matching(*c.words) or 0, c.target)
        for c in spec_for(exercise).coaching.counters
    )


def joint_labels(angles: FrameAngles | None, side: Side | None):
    return joint_labels_for(angles, side)


def guidance_cue(exercise: Exercise, state: CoachState) -> str | None:
    """The positive cue for now: the test result once given, else the phase's seed words."""
    if state.setup_cue is not None:
        return state.setup_cue
    if state.result is not None:
        return state.result
    if state.phase is None:
        return None
    spec = spec_for(exercise)
    if state.phase == "setup":
        return spec.analyzer.setup_cue.live  # the analyzer's own "get into position" cue
    return spec.coaching.phase_cues.get(state.phase, state.phase_message)
