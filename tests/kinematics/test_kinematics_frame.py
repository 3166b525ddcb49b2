"""compute_frame_angles: legs, trunk, hip extension from the arch, and the not-sagittal / no-pose cases."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.kinematics.frame import compute_frame_angles
from formcheck.kinematics.limb_length import ThighLengthReference
from formcheck.kinematics.view import estimate_view
from formcheck.types import LegAngles, LumbarArch, PoseFrame, Side, ViewEstimate

from .poses import standing_side_pose

NO_ARCH = LumbarArch(arch_deg=None, confidence=0.0, reason="no mask")


def pose_frame(pose) -> PoseFrame:
    return PoseFrame(index=7, timestamp_s=0.25, image_size=(1000, 1400), pose=pose)


def test_a_side_view_frame_has_both_legs_and_the_trunk_measured():
    pose = standing_side_pose(facing=-1, knee_bend_deg=40.0)
    angles = compute_frame_angles(pose_frame(pose), estimate_view(pose), NO_ARCH)
    assert angles.has_pose and angles.index == 7 and angles.timestamp_s == 0.25
    assert angles.trunk_inclination_deg == pytest.approx(0.0, abs=1e-9)
    for side in Side:
        assert angles.leg(side).knee_flexion_deg == pytest.approx(40.0)
        assert angles.leg(side).trunk_thigh_deg == pytest.approx(0.0, abs=1e-9)


def test_more_lumbar_arch_at_the_same_trunk_thigh_angle_means_less_hip_extension():
    # the exact correction belongs to formcheck.kinematics.hip; the direction is geometry
    pose = standing_side_pose(facing=1)
    flat = compute_frame_angles(
        pose_frame(pose), estimate_view(pose), LumbarArch(arch_deg=0.0, confidence=0.8)
    )
    arched = LumbarArch(arch_deg=12.0, confidence=0.8)
    angles = compute_frame_angles(pose_frame(pose), estimate_view(pose), arched)
    assert angles.right.hip_extension_deg < flat.right.hip_extension_deg
    assert angles.lumbar is arched


def test_hip_extension_stays_unknown_when_the_arch_is_unmeasurable():
    pose = standing_side_pose(facing=1)
    angles = compute_frame_angles(pose_frame(pose), estimate_view(pose), NO_ARCH)
    assert angles.right.trunk_thigh_deg is not None
    assert angles.right.hip_extension_deg is None


def test_a_frontal_view_gives_no_sagittal_angles():
    pose = standing_side_pose(facing=1, knee_bend_deg=40.0)
    frontal = ViewEstimate(near_side=None, facing=0, sagittal_score=0.1, is_sagittal=False)
    angles = compute_frame_angles(pose_frame(pose), frontal, NO_ARCH)
    assert angles.has_pose
    assert angles.left == LegAngles() and angles.right == LegAngles()
    assert angles.trunk_inclination_deg is None


def test_a_frame_without_pose_has_nothing_measured():
    angles = compute_frame_angles(pose_frame(None), estimate_view(None), NO_ARCH)
    assert not angles.has_pose
    assert angles.left == LegAngles() and angles.trunk_inclination_deg is None


def test_a_knee_landmark_that_shortens_the_thigh_drops_only_that_sides_thigh_angles():
    lengths = ThighLengthReference.from_poses([standing_side_pose(facing=1)] * 20)
    pose = standing_side_pose(facing=1, knee_bend_deg=40.0)
    shortened = pose.landmarks_px.copy()
    hip, knee = shortened[23], shortened[25]  # left hip, left knee
    shift = 0.3 * (hip - knee)  # the knee pulled 30 % of the way up its thigh
    shortened[25:32:2] += shift  # knee, ankle, heel, foot index move together: the shin is intact
    bad = dataclasses.replace(pose, landmarks_px=shortened)
    flat = LumbarArch(arch_deg=0.0, confidence=0.8)
    angles = compute_frame_angles(pose_frame(bad), estimate_view(bad), flat, thigh_lengths=lengths)
    assert angles.left.trunk_thigh_deg is None and angles.left.thigh_to_horizontal_deg is None
    assert angles.left.hip_extension_deg is None
    assert angles.left.knee_flexion_deg == pytest.approx(40.0)
    assert angles.right.thigh_to_horizontal_deg is not None and angles.right.hip_extension_deg is not None


def test_the_leg_identity_confidence_given_is_stored_measured_or_not():
    pose = standing_side_pose(facing=1)
    frontal = ViewEstimate(near_side=None, facing=0, sagittal_score=0.1, is_sagittal=False)
    for view in (estimate_view(pose), frontal):
        angles = compute_frame_angles(pose_frame(pose), view, NO_ARCH, leg_identity_confidence=0.25)
        assert angles.leg_identity_confidence == 0.25
    assert compute_frame_angles(pose_frame(pose), estimate_view(pose), NO_ARCH).leg_identity_confidence is None
