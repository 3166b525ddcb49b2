"""True hip extension from trunk-thigh, lumbar arch and the thigh-collapse check (hand geometry)."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.hip import (
    HIP_MODEL,
    HipModel,
    hip_extension_deg,
    hip_extension_for_pose,
    thigh_to_chord_ratio,
)
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import LumbarArch, Pose, Side


def pose_with(knee_xy):
    points = np.zeros((33, 2))
    points[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]] = (300, 100)
    points[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]] = (300, 300)  # chord 200 px
    points[[int(L.LEFT_KNEE), int(L.RIGHT_KNEE)]] = knee_xy
    return Pose(points, np.ones(33), np.zeros(33), (640, 480))


def test_the_arch_is_removed_through_the_chord_turn_and_the_offset_subtracted():
    model = HipModel(chord_turn_per_arch=0.5, offset_deg=2.0)
    assert hip_extension_deg(30.0, LumbarArch(10.0, 0.9), model=model) == pytest.approx(30.0 - 5.0 - 2.0)


def test_without_an_arch_measurement_there_is_no_hip_extension():
    assert hip_extension_deg(30.0, LumbarArch(None, 0.0, "arm over the back")) is None
    assert hip_extension_deg(None, LumbarArch(5.0, 0.9)) is None


def test_thigh_length_is_measured_against_the_shoulder_hip_chord():
    assert thigh_to_chord_ratio(pose_with((300, 480)), Side.LEFT) == pytest.approx(0.9)


def test_a_collapsed_knee_landmark_gives_no_hip_extension():
    collapsed = pose_with((310, 330))  # a 32-px "thigh" on a 200-px chord
    assert hip_extension_for_pose(collapsed, Side.LEFT, 25.0, LumbarArch(0.0, 0.9)) is None
    normal = pose_with((300, 480))
    expected = 25.0 - HIP_MODEL.offset_deg
    assert hip_extension_for_pose(normal, Side.LEFT, 25.0, LumbarArch(0.0, 0.9)) == pytest.approx(expected)
