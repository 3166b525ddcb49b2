"""The prone hip extension (pillow under ASIS) as the rest of formcheck sees it."""

from __future__ import annotations

from formcheck.exercises.cues import cues_in
from formcheck.exercises.posture_tells import OWN_SET_UP_MIN_SHARE
from formcheck.exercises.prone_hip_extension import cues
from formcheck.exercises.prone_hip_extension.rules import ProneHipExtensionAnalyzer
from formcheck.exercises.prone_hip_extension.thresholds import ProneHipExtensionRules
from formcheck.exercises.spec import (
    Coaching,
    CoachProgress,
    CountTarget,
    ExerciseSpec,
    Posture,
    PostureEvidence,
    RecognitionRule,
    Reporting,
)
from formcheck.types import Exercise, LegAngles

DEFAULTS = ProneHipExtensionRules()
REPS = (DEFAULTS.reps_target_min, DEFAULTS.reps_target_max)  # "8–12 reps"


def guided_step(state: CoachProgress, now_s: float) -> str:
    """ "Lift 3 of 8–12": the rep under way (or the next one)."""
    reps = state.count_matching("rep") or 0
    return f"Lift {min(reps + 1, REPS[1])} of {REPS[0]}–{REPS[1]}"


def hip_in_target(leg: LegAngles, rules: ProneHipExtensionRules) -> bool | None:
    """Cannot tell from one frame: the lift is measured from the thigh's own rest on the mat, which
    one frame's angles do not hold (the analyzer's rep events carry the lift)."""
    return None


def claims(evidence: PostureEvidence) -> bool:
    """Most lying frames fit its own set-up (face down, both thighs along the trunk) and the other
    hip is not folded (a supine exercise's set-up never reads face down)."""
    share = evidence.set_up_shares.get(Exercise.PRONE_HIP_EXTENSION.value, 0.0)
    flexion = evidence.other_hip_flexion_deg
    return share >= OWN_SET_UP_MIN_SHARE and (flexion is None or flexion <= DEFAULTS.legs_long_max_deg)


SPEC = ExerciseSpec(
    key=Exercise.PRONE_HIP_EXTENSION,
    analyzer=ProneHipExtensionAnalyzer,
    posture=Posture.LYING,
    working_side="the lifted leg: the thigh that rises above its own rest on the mat",
    coaching=Coaching(
        title="Prone hip extension",
        calibration_prompt="Lie face down on the pillow, lightly tuck — hold still",
        guided_step=guided_step,
        phase_cues={"rest": cues.LIFT.live, "lift": cues.LIFT.live},
        counters=(CountTarget("Reps", ("rep",), REPS[0]),),
    ),
    reporting=Reporting(title="Prone hip extension (pillow under ASIS)"),
    recognition=RecognitionRule(claims=claims, stance="lying face down with the legs long"),
    thresholds=ProneHipExtensionRules,
    legs_told_by_role=True,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
