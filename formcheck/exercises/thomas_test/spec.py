"""The Thomas test as the rest of formcheck sees it (see ``formcheck.exercises.spec``)."""

from __future__ import annotations

from formcheck.exercises.cues import cues_in
from formcheck.exercises.posture_tells import (
    FOLDED_MIN_DEG,
    HUGGED_MIN_DEG,
    OTHER_LEG_MIN_DEG,
    STILL_KNEE_RANGE_DEG,
)
from formcheck.exercises.spec import (
    ClinicalResult,
    Coaching,
    CoachProgress,
    ExerciseSpec,
    Posture,
    PostureEvidence,
    RecognitionRule,
    ReferenceLine,
    Reporting,
    TimerTarget,
)
from formcheck.exercises.thomas_test import cues
from formcheck.exercises.thomas_test.rules import ThomasTestAnalyzer
from formcheck.exercises.thomas_test.thresholds import ThomasTestRules
from formcheck.types import Exercise, LegAngles, ThomasResult


def guided_step(state: CoachProgress, now_s: float) -> str:
    if state.result:
        return "Test done"
    if state.hold_started_s is not None:
        return "Keep the knee hugged — stay relaxed"
    return "Hug one knee tight to your chest, lie back"


def hip_in_target(leg: LegAngles, rules: ThomasTestRules) -> bool | None:
    """The test thigh flat on the bed, not floating above horizontal."""
    if leg.thigh_to_horizontal_deg is None:
        return None
    return leg.thigh_to_horizontal_deg <= 0.0


def claims(evidence: PostureEvidence) -> bool:
    """The other hip is hugged, or folded past resting in a still hold (or one that sat up first:
    "Sit on the edge of your bed" ... "Lie back")."""
    flexion, knee_range = evidence.other_hip_flexion_deg, evidence.working_knee_range_deg
    if flexion is None:
        return False
    if flexion >= HUGGED_MIN_DEG:
        return True
    if knee_range is None or flexion < OTHER_LEG_MIN_DEG:
        return False
    still = knee_range < STILL_KNEE_RANGE_DEG
    return (
        (evidence.sat_first and still)
        or (still and flexion >= FOLDED_MIN_DEG)
        or (evidence.sat_first and flexion >= FOLDED_MIN_DEG)
    )


SPEC = ExerciseSpec(
    key=Exercise.THOMAS_TEST,
    analyzer=ThomasTestAnalyzer,
    posture=Posture.LYING,
    working_side="the test leg: the least flexed hip (the other knee is hugged to the chest)",
    coaching=Coaching(
        title="Thomas test",
        calibration_prompt="Sit tall, ribs down — hold still",
        guided_step=guided_step,
        phase_cues={"test": "Look at the opposite leg (the one NOT hugged)"},  # seed, verbatim
        hold_timers=(((), TimerTarget(6.0, 6.0, "Hold")),),
    ),
    reporting=Reporting(
        title="Thomas test",
        # The choreography's thresholds: a thigh at >= +8 deg floats (positive), <= 0 lies flat.
        thigh_targets=(
            ReferenceLine(0.0, "flat (negative test)"),
            ReferenceLine(8.0, "floats (positive test)", "#c62828"),
        ),
        test=ClinicalResult(
            label="Thomas test",
            angle_label="Thomas test: thigh to horizontal",
            angle_note="above 0 = thigh floats (tight hip flexor)",
            angle_keys=(
                "thomas_angle_deg",
                "test_thigh_to_horizontal_deg",
                "thigh_to_horizontal_deg",
                "thomas_thigh_to_horizontal_deg",
            ),
            result_keys=("result", "thomas_result"),  # per side: "result"; clip-wide: "thomas_result"
            summary_key="thomas_result",
            attention_results=frozenset({ThomasResult.POSITIVE.value, ThomasResult.INVALID.value}),
            done_right=(
                "The test was done right (knee hugged tight, which holds the pelvis): nothing to correct "
                "in how it was done."
            ),
        ),
        judges_back=False,
    ),
    recognition=RecognitionRule(claims=claims, stance="lying with a hanging leg"),
    thresholds=ThomasTestRules,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
