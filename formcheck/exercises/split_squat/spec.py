"""The rear-foot-elevated split-squat isometric as the rest of formcheck sees it."""

from __future__ import annotations

from formcheck.exercises.cues import cues_in
from formcheck.exercises.posture_tells import OWN_SET_UP_MIN_SHARE
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
from formcheck.exercises.split_squat import cues
from formcheck.exercises.split_squat.rules import SplitSquatAnalyzer
from formcheck.exercises.split_squat.thresholds import SplitSquatRules
from formcheck.types import Exercise, LegAngles

DEFAULTS = SplitSquatRules()
HOLDS = (DEFAULTS.holds_per_side_min, DEFAULTS.holds_per_side_max)  # "repeat 2–3 times per side"


def guided_step(state: CoachProgress, now_s: float) -> str:
    """ "Hold 1 of 2–3": the hold under way (or the next one)."""
    holds = state.count_matching("hold") or 0
    return f"Hold {min(holds + 1, HOLDS[1])} of {HOLDS[0]}–{HOLDS[1]}"


def hip_in_target(leg: LegAngles, rules: SplitSquatRules) -> bool | None:
    """The rear hip in true extension by the shallow-range rule's margin (None: hip extension unmeasurable)."""
    if leg.hip_extension_deg is None:
        return None
    return leg.hip_extension_deg >= rules.range_shallow_off_deg


def claims(evidence: PostureEvidence) -> bool:
    """Every upright clip of a split stance but one knelt through: a kneeling knee rests on the floor,
    the split squat's rear knee hovers above it (the kneeling stretch's set-up is the narrower one)."""
    return evidence.set_up_shares.get(Exercise.KNEELING_STRETCH.value, 0.0) < OWN_SET_UP_MIN_SHARE


SPEC = ExerciseSpec(
    key=Exercise.SPLIT_SQUAT,
    analyzer=SplitSquatAnalyzer,
    posture=Posture.UPRIGHT,
    working_side="the rear leg: the thigh that points furthest back",
    coaching=Coaching(
        title="Split-squat isometric",
        calibration_prompt="Stand tall, ribs down — hold still",
        guided_step=guided_step,
        phase_cues={
            "stance": "Lower slowly until you feel a light stretch",  # seed, verbatim start
            "hold": cues.PRESS_BACK_FOOT.live,
        },
        counters=(CountTarget("Holds", ("hold",), HOLDS[1]),),
        # "Hold this position for 20–30 seconds"
        hold_timers=(((), TimerTarget(DEFAULTS.hold_target_min_s, DEFAULTS.hold_target_max_s)),),
    ),
    reporting=Reporting(title="Rear-foot-elevated split-squat isometric"),
    recognition=RecognitionRule(claims=claims, stance="split stance"),
    thresholds=SplitSquatRules,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
