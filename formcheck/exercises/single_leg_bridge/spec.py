"""The single-leg bridge as the rest of formcheck sees it (the glute bridge's coaching, one leg)."""

from __future__ import annotations

from dataclasses import replace

from formcheck.exercises.cues import cues_in
from formcheck.exercises.glute_bridge import cues as bridge_cues
from formcheck.exercises.glute_bridge.spec import SPEC as BRIDGE
from formcheck.exercises.posture_tells import HUGGED_MIN_DEG, OWN_SET_UP_MIN_SHARE
from formcheck.exercises.single_leg_bridge import cues
from formcheck.exercises.single_leg_bridge.rules import SingleLegBridgeAnalyzer
from formcheck.exercises.single_leg_bridge.thresholds import SingleLegBridgeRules
from formcheck.exercises.spec import ExerciseSpec, PostureEvidence, RecognitionRule, Reporting
from formcheck.types import Exercise


def claims(evidence: PostureEvidence) -> bool:
    """Most lying frames fit its own set-up (one foot planted, the other knee straight and seen)."""
    share = evidence.set_up_shares.get(Exercise.SINGLE_LEG_BRIDGE.value, 0.0)
    flexion = evidence.other_hip_flexion_deg
    return share >= OWN_SET_UP_MIN_SHARE and (flexion is None or flexion < HUGGED_MIN_DEG)


SPEC = ExerciseSpec(
    key=Exercise.SINGLE_LEG_BRIDGE,
    analyzer=SingleLegBridgeAnalyzer,
    posture=BRIDGE.posture,
    working_side="the planted leg: the more bent knee (the free leg is held out straight)",
    coaching=replace(
        BRIDGE.coaching,
        title="Single-leg bridge",
        phase_cues={"rest": cues.HOLD_CLEANLY.live, "squeeze": bridge_cues.SQUEEZE.live},
    ),
    reporting=Reporting(title="Single-leg bridge"),
    recognition=RecognitionRule(claims=claims, stance="lying with one foot planted"),
    thresholds=SingleLegBridgeRules,
    hip_in_target=BRIDGE.hip_in_target,
    cues=cues_in(cues),
)
