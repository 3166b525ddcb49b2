"""The glute bridge with end-range bias as the rest of formcheck sees it."""

from __future__ import annotations

from formcheck.exercises.cues import cues_in
from formcheck.exercises.glute_bridge import cues
from formcheck.exercises.glute_bridge.rules import GluteBridgeAnalyzer
from formcheck.exercises.glute_bridge.thresholds import GluteBridgeRules
from formcheck.exercises.posture_tells import HUGGED_MIN_DEG, OWN_SET_UP_MIN_SHARE
from formcheck.exercises.spec import (
    Coaching,
    CoachProgress,
    CountTarget,
    ExerciseSpec,
    Posture,
    PostureEvidence,
    RecognitionRule,
    Reporting,
    TimerTarget,
)
from formcheck.types import Exercise, LegAngles

DEFAULTS = GluteBridgeRules()
REPS = (DEFAULTS.reps_target_min, DEFAULTS.reps_target_max)  # "8–12 reps"


def guided_step(state: CoachProgress, now_s: float) -> str:
    """ "Rep 3 of 8–12": the rep under way (or the next one)."""
    reps = state.count_matching("rep") or 0
    return f"Rep {min(reps + 1, REPS[1])} of {REPS[0]}–{REPS[1]}"


def hip_in_target(leg: LegAngles, rules: GluteBridgeRules) -> bool | None:
    """The hips up to the shoulder-knee line by the shallow-range rule's margin."""
    if leg.trunk_thigh_deg is None:
        return None
    return leg.trunk_thigh_deg >= rules.shallow_off_deg


def claims(evidence: PostureEvidence) -> bool:
    """Most lying frames fit the bridge's own set-up (knees up, feet down, the legs alike where both
    are seen), and the other hip is not seen hugged (from the side BlazePose often loses the far leg
    of a bridge for the whole clip)."""
    share = evidence.set_up_shares.get(Exercise.GLUTE_BRIDGE.value, 0.0)
    flexion = evidence.other_hip_flexion_deg
    return share >= OWN_SET_UP_MIN_SHARE and (flexion is None or flexion < HUGGED_MIN_DEG)


SPEC = ExerciseSpec(
    key=Exercise.GLUTE_BRIDGE,
    analyzer=GluteBridgeAnalyzer,
    posture=Posture.LYING,
    working_side="the near leg: both feet are down, so the more extended hip (the preferred leg is kept)",
    coaching=Coaching(
        title="Glute bridge",
        calibration_prompt="Lie flat, ribs down — hold still",
        guided_step=guided_step,
        phase_cues={"rest": cues.HEELS_CLOSER.live, "squeeze": cues.SQUEEZE.live},
        counters=(CountTarget("Reps", ("rep",), REPS[0]),),
        hold_timers=(
            (("rep",), TimerTarget(DEFAULTS.squeeze_target_s, DEFAULTS.squeeze_target_s, "Squeeze")),
        ),
    ),
    reporting=Reporting(title="Glute bridge with end-range bias"),
    recognition=RecognitionRule(claims=claims, stance="lying with both knees up"),
    thresholds=GluteBridgeRules,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
