"""True hip extension from trunk-thigh, lumbar arch and the thigh-collapse check (hand geometry)."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.hip import (
    HIP_MODEL,
    HipModel,
    PostureTerms,
    hip_extension_deg,
    hip_extension_for_pose,
)
from formcheck.kinematics.limb_length import thigh_to_chord_ratio
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import LumbarArch, Pose, Side


def pose_with(knee_xy):
    points = np.zeros((33, 2))
    points[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]] = (300, 100)
    points[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]] = (300, 300)  # chord 200 px
    points[[int(L.LEFT_KNEE), int(L.RIGHT_KNEE)]] = knee_xy
    return Pose(points, np.ones(33), np.zeros(33), (640, 480))


def test_the_arch_is_removed_through_the_chord_turn_and_the_offset_subtracted():
    model = HipModel(upright=PostureTerms(0.5, 2.0), lying=PostureTerms(1.0, -1.0))
    arch = LumbarArch(10.0, 0.9)
    assert hip_extension_deg(30.0, arch, model=model) == pytest.approx(30.0 - 5.0 - 2.0)
    standing = hip_extension_deg(30.0, arch, trunk_inclination_deg=10.0, model=model)
    assert standing == pytest.approx(30.0 - 5.0 - 2.0)
    lying = hip_extension_deg(30.0, arch, trunk_inclination_deg=-88.0, model=model)
    assert lying == pytest.approx(30.0 - 10.0 + 1.0)


def test_postures_between_upright_and_lying_blend_the_two_terms_linearly():
    model = HipModel(upright=PostureTerms(0.5, 2.0), lying=PostureTerms(1.0, -2.0))
    halfway = (model.lying_from_deg + model.lying_full_deg) / 2
    assert model.terms(halfway) == PostureTerms(pytest.approx(0.75), pytest.approx(0.0))
    assert model.terms(-halfway) == model.terms(halfway)  # supine and prone alike
    assert model.terms(None) == model.upright


def test_without_an_arch_measurement_there_is_no_hip_extension():
    assert hip_extension_deg(30.0, LumbarArch(None, 0.0, "arm over the back")) is None
    assert hip_extension_deg(None, LumbarArch(5.0, 0.9)) is None


def test_thigh_length_is_measured_against_the_shoulder_hip_chord():
    assert thigh_to_chord_ratio(pose_with((300, 480)), Side.LEFT) == pytest.approx(0.9)


def test_a_collapsed_knee_landmark_gives_no_hip_extension():
    collapsed = pose_with((310, 330))  # a 32-px "thigh" on a 200-px chord
    assert hip_extension_for_pose(collapsed, Side.LEFT, 25.0, LumbarArch(0.0, 0.9)) is None
    normal = pose_with((300, 480))
    expected = 25.0 - HIP_MODEL.upright.offset_deg
    assert hip_extension_for_pose(normal, Side.LEFT, 25.0, LumbarArch(0.0, 0.9)) == pytest.approx(expected)
