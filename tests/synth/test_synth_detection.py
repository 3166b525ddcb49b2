"""The detection check scores landmarks against the true joints and notices swapped legs."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.landmarks import PoseLandmark
from formcheck.synth.detection import frame_errors

JOINTS = ("shoulder", "hip", "knee", "ankle")


def truth_joints() -> dict:
    # a side view: torso 100 px tall, the legs split 60 px apart
    spots = {"shoulder": (200, 100), "hip": (200, 200), "knee": (170, 300), "ankle": (160, 400)}
    joints = {}
    for joint, (x, y) in spots.items():
        spread = 60 if joint in ("knee", "ankle") else 4
        joints[f"left_{joint}"] = [x - spread / 2, y]
        joints[f"right_{joint}"] = [x + spread / 2, y]
    return joints


def landmarks(joints: dict, swap_legs: bool = False, shift_px: float = 0.0) -> np.ndarray:
    out = np.zeros((33, 2))
    for joint in JOINTS:
        for side, other in (("left", "right"), ("right", "left")):
            source = other if swap_legs and joint in ("knee", "ankle") else side
            out[int(PoseLandmark[f"{side.upper()}_{joint.upper()}"])] = (
                np.array(joints[f"{source}_{joint}"]) + shift_px
            )
    return out


def test_landmarks_on_the_true_joints_score_zero_and_a_shift_scores_its_share_of_the_torso():
    joints = truth_joints()
    assert frame_errors(landmarks(joints), joints) == (0.0, False)
    error, swapped = frame_errors(landmarks(joints, shift_px=10.0), joints)
    assert error == pytest.approx(np.hypot(10, 10) / 100.0)
    assert not swapped


def test_legs_labelled_the_wrong_way_round_are_flagged_but_still_on_the_joints():
    joints = truth_joints()
    error, swapped = frame_errors(landmarks(joints, swap_legs=True), joints)
    assert swapped
    assert error == pytest.approx(0.0)
