"""The supine couch stretch as the rest of formcheck sees it (see ``formcheck.exercises.spec``)."""

from __future__ import annotations

from formcheck.exercises.couch_stretch import cues
from formcheck.exercises.couch_stretch.rules import CouchStretchAnalyzer
from formcheck.exercises.couch_stretch.thresholds import CouchStretchRules
from formcheck.exercises.cues import cues_in
from formcheck.exercises.posture_tells import (
    FOLDED_MIN_DEG,
    HUGGED_MIN_DEG,
    OTHER_LEG_MIN_DEG,
    STILL_KNEE_RANGE_DEG,
)
from formcheck.exercises.spec import (
    Coaching,
    CoachProgress,
    CountTarget,
    ExerciseSpec,
    Posture,
    PostureEvidence,
    RecognitionRule,
    ReferenceLine,
    Reporting,
    TimerTarget,
)
from formcheck.types import Exercise, LegAngles

DEFAULTS = CouchStretchRules()
PRESSES = (DEFAULTS.presses_target_min, DEFAULTS.presses_target_max)  # "Do 3–4 presses"
LOCK_IN_REPS = (DEFAULTS.lock_in_reps_min, DEFAULTS.lock_in_reps_max)  # "Extensor lock-in (10–15 reps)"
EXHALE_RESET_S = (DEFAULTS.reset_target_s, 30.0)  # "Long exhale reset (20–30 sec)"


def _phase_is(phase: str | None, *words: str) -> bool:
    return phase is not None and any(word in phase for word in words)


def guided_step(state: CoachProgress, now_s: float) -> str:
    """The seed's sequence: "Exhale reset 20–30 s" -> "Floor press 2/4" -> "Lock-in rep 3/10"."""
    presses = state.count_matching("press") or 0
    reps = state.count_matching("lock", "rep") or 0
    if _phase_is(state.phase, "lock", "rep") or reps > 0:
        return f"Lock-in rep {min(reps + 1, LOCK_IN_REPS[1])}/{LOCK_IN_REPS[0]}"
    if _phase_is(state.phase, "press", "contract", "relax") or presses > 0:
        number = min(presses + (0 if _phase_is(state.phase, "relax") else 1), PRESSES[1])
        return f"Floor press {max(1, number)}/{PRESSES[1]}"
    if state.phase in (None, "setup"):
        return "Get into position"
    low, high = EXHALE_RESET_S
    return f"Exhale reset {low:.0f}–{high:.0f} s"  # the timer line below counts the seconds


def hip_in_target(leg: LegAngles, rules: CouchStretchRules) -> bool | None:
    """The hip in true extension by the shallow-range rule's margin (None: hip extension unmeasurable)."""
    if leg.hip_extension_deg is None:
        return None
    return leg.hip_extension_deg >= rules.range_shallow_off_deg


def claims(evidence: PostureEvidence) -> bool:
    """The other foot rests on the couch (its hip folded between a bridge's and a hug's), and the
    hanging knee moves or the other hip clearly rests (a still hold that started sitting up is the
    Thomas test's)."""
    flexion, knee_range = evidence.other_hip_flexion_deg, evidence.working_knee_range_deg
    if flexion is None:
        return False
    if knee_range is None:  # no movement seen (a photo): only the other leg can tell
        return OTHER_LEG_MIN_DEG <= flexion < FOLDED_MIN_DEG
    if not OTHER_LEG_MIN_DEG <= flexion < HUGGED_MIN_DEG:
        return False
    still = knee_range < STILL_KNEE_RANGE_DEG
    if evidence.sat_first and (still or flexion >= FOLDED_MIN_DEG):
        return False
    return not still or flexion < FOLDED_MIN_DEG


SPEC = ExerciseSpec(
    key=Exercise.COUCH_STRETCH,
    analyzer=CouchStretchAnalyzer,
    posture=Posture.LYING,
    working_side="the hanging leg: the leg whose thigh is lowest",
    coaching=Coaching(
        title="Couch stretch",
        calibration_prompt="Lie flat, ribs down — hold still",
        guided_step=guided_step,
        phase_cues={
            "exhale_reset": cues.EXHALE_RESET.live,
            "press": cues.FLOOR_PRESS.live,
            "relax": cues.RELAX.live,
            "lock_in": cues.LOCK_IN.live,
            "lock_in_rest": "Relax — keep ribs down",  # seed: "then relax", "Keep ribs down"
        },
        counters=(
            CountTarget("Presses", ("press",), PRESSES[1]),
            CountTarget("Lock-in reps", ("lock", "rep"), LOCK_IN_REPS[0]),
        ),
        hold_timers=(
            (
                ("lock", "rep"),
                TimerTarget(DEFAULTS.lock_in_hold_target_s, DEFAULTS.lock_in_hold_target_s, "Squeeze"),
            ),
            ((), TimerTarget(DEFAULTS.press_target_min_s, DEFAULTS.press_target_max_s, "Press")),
        ),
        phase_timers=(("exhale", TimerTarget(*EXHALE_RESET_S, "Exhale")),),
    ),
    reporting=Reporting(
        title="Supine couch stretch",
        # The choreography's target: the thigh must reach <= -10 deg to horizontal.
        thigh_targets=(ReferenceLine(-10.0, "target: thigh ≥10° below the couch line"),),
    ),
    recognition=RecognitionRule(claims=claims, stance="lying with a hanging leg"),
    thresholds=CouchStretchRules,
    hip_in_target=hip_in_target,
    cues=cues_in(cues),
)
