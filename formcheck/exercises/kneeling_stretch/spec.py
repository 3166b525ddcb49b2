"""The kneeling hip-flexor stretch as the rest of formcheck sees it (see ``formcheck.exercises.spec``)."""

from __future__ import annotations

from formcheck.exercises.cues import cues_in
from formcheck.exercises.kneeling_stretch import cues
from formcheck.exercises.kneeling_stretch.rules import KneelingStretchAnalyzer
from formcheck.exercises.kneeling_stretch.thresholds import KneelingStretchRules
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
from formcheck.types import Exercise, LegAngles

DEFAULTS = KneelingStretchRules()
SIDES = 2  # one hold per side: the stretch is done on each leg


def guided_step(state: CoachProgress, now_s: float) -> str:
    """ "Hold: ribs down + slight posterior tilt" while kneeling, else how to get there."""
    if state.phase in (None, "setup"):
        return "Kneel on one knee, front foot forward"
    low, high = DEFAULTS.hold_target_min_s, DEFAULTS.hold_target_max_s
    return f"Stretch {low:.0f}–{high:.0f} s: 3–4 press-relax cycles"


def hip_in_target(leg: LegAngles, rules: KneelingStretchRules) -> bool | None:
    """The kneeling hip in true extension by the shallow-range rule's margin."""
    if leg.hip_extension_deg is None:
        return None
    return leg.hip_extension_deg >= rules.shallow_off_deg


def claims(evidence: PostureEvidence) -> bool:
    """Most upright frames fit the kneeling set-up: a knee down on the floor under the hip."""
    return evidence.set_up_shares.get(Exercise.KNEELING_STRETCH.value, 0.0) >= OWN_SET_UP_MIN_SHARE


SPEC = ExerciseSpec(
    key=Exercise.KNEELING_STRETCH,
    analyzer=KneelingStretchAnalyzer,
    posture=Posture.UPRIGHT,
    working_side="the kneeling leg: the thigh that points furthest back, its knee on the floor",
    coaching=Coaching(
        title="Kneeling hip-flexor stretch",
        calibration_prompt="Kneel tall, ribs down — hold still",
        guided_step=guided_step,
        phase_cues={"kneeling": cues.KNEELING_SHALLOW.live, "hold": cues.RIBS_DOWN_TILT.live},
        counters=(CountTarget("Holds", ("hold",), SIDES),),
        # "5–8 sec isometric presses with equal relax time, for 3–4 cycles": 30–64 s in the stretch
        hold_timers=(((), TimerTarget(DEFAULTS.hold_target_min_s, DEFAULTS.hold_target_max_s, "Stretch")),),
    ),
    reporting=Reporting(title="Kneeling hip-flexor stretch"),
    recognition=RecognitionRule(claims=claims, stance="kneeling on one knee"),
    thresholds=KneelingStretchRules,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
