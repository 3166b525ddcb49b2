"""The hip model's chord-turn factor against the studio's own spine geometry (exact truth)."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.kinematics.hip import CHORD_TURN_PER_ARCH
from formcheck.synth.body import BodyShape
from formcheck.synth.skeleton import forward_kinematics, neutral_standing
from formcheck.synth.truth import chord_lean_back_deg, leg_truth
from formcheck.types import Side


@pytest.mark.parametrize(
    "shape",
    [
        BodyShape(),
        BodyShape(height_m=1.6, lumbar_neutral_deg=12.0),
        BodyShape(height_m=1.9, girth=1.2, lumbar_neutral_deg=0.0),
    ],
)
@pytest.mark.parametrize("arch_deg", [10.0, 25.0])
def test_an_arch_swings_the_shoulder_chord_by_the_models_share_of_it(shape, arch_deg):
    base = neutral_standing(shape)
    neutral = chord_lean_back_deg(forward_kinematics(shape, base), Side.LEFT)
    arched = forward_kinematics(shape, dataclasses.replace(base, lumbar_arch_deg=arch_deg))
    turn = chord_lean_back_deg(arched, Side.LEFT) - neutral
    assert turn == pytest.approx(CHORD_TURN_PER_ARCH * arch_deg, abs=0.01 * arch_deg)


def test_removing_the_chord_turn_recovers_the_true_hip_extension_of_an_arched_body():
    shape = BodyShape()
    base = neutral_standing(shape)
    neutral_offset = chord_lean_back_deg(forward_kinematics(shape, base), Side.LEFT)
    arched = forward_kinematics(shape, dataclasses.replace(base, lumbar_arch_deg=20.0))
    truth = leg_truth(arched, Side.LEFT)
    recovered = truth["trunk_thigh_deg"] - CHORD_TURN_PER_ARCH * 20.0 - neutral_offset
    assert recovered == pytest.approx(truth["hip_extension_deg"], abs=0.3)
