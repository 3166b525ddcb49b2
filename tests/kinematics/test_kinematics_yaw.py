"""Undoing the camera's yaw: golden values from a body built in 3D and projected by a turned camera."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.kinematics.angles import leg_angles, trunk_inclination_deg
from formcheck.kinematics.yaw import (
    MIN_CORRECTED_YAW_DEG,
    VIEW_LIMITS_ACCURACY_DEG,
    unforeshortened_pose,
    view_correction,
)
from formcheck.landmarks import NUM_LANDMARKS, PoseLandmark
from formcheck.types import Pose, Side

# A body in its own frame, metres: forward (+ = where it faces), up, lateral (+ = its right side).
HIP_HALF_WIDTH, SHOULDER_HALF_WIDTH = 0.09, 0.19
TRUNK, THIGH, SHIN = 0.50, 0.45, 0.42


def sagittal(length: float, deg_behind_down: float) -> np.ndarray:
    """A segment pointing down, turned backwards by ``deg_behind_down`` (forward, up components)."""
    rad = math.radians(deg_behind_down)
    return np.array((-length * math.sin(rad), -length * math.cos(rad)))


def body_3d(trunk_lean_deg: float, thigh_deg: float, knee_deg: float) -> dict[str, np.ndarray]:
    """Joints in 3D: trunk leaning forward by ``trunk_lean_deg``; the right (working) thigh
    ``thigh_deg`` behind straight down; the shin bent ``knee_deg`` further back from the thigh."""
    lean = math.radians(trunk_lean_deg)
    trunk = np.array((TRUNK * math.sin(lean), TRUNK * math.cos(lean)))
    thigh = sagittal(THIGH, thigh_deg)
    shin = sagittal(SHIN, thigh_deg + knee_deg)
    out = {}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        hip = np.array((0.0, 0.0))
        out[f"{side}_hip"] = np.array((*hip, sign * HIP_HALF_WIDTH))
        out[f"{side}_shoulder"] = np.array((*trunk, sign * SHOULDER_HALF_WIDTH))
        # the left leg hangs straight down, the right one is the measured one
        leg_thigh = thigh if side == "right" else sagittal(THIGH, 0.0)
        leg_shin = shin if side == "right" else sagittal(SHIN, 0.0)
        out[f"{side}_knee"] = np.array((*(hip + leg_thigh), sign * HIP_HALF_WIDTH))
        out[f"{side}_ankle"] = np.array((*(hip + leg_thigh + leg_shin), sign * HIP_HALF_WIDTH))
    return out


def seen_at_yaw(joints: dict[str, np.ndarray], yaw_deg: float, scale: float = 400.0) -> Pose:
    """A parallel projection by a level camera turned ``yaw_deg`` from the body's right-side view.

    Seen square from its right side the body's forward axis is image-right; turned by the yaw,
    image-x takes ``cos(yaw)`` of the forward axis and ``sin(yaw)`` of the lateral one; up stays up.
    """
    yaw = math.radians(yaw_deg)
    landmarks = np.full((NUM_LANDMARKS, 2), np.nan)
    visibility = np.zeros(NUM_LANDMARKS)
    for name, (forward, up, lateral) in joints.items():
        x = forward * math.cos(yaw) + lateral * math.sin(yaw)
        index = int(PoseLandmark[name.upper()])
        landmarks[index] = (500.0 + scale * x, 700.0 - scale * up)
        visibility[index] = 1.0
    return Pose(landmarks, visibility, np.zeros(NUM_LANDMARKS), (1000, 1400))


def test_a_hand_checked_case_thigh_20_deg_back_reads_17_5_at_30_deg_yaw() -> None:
    # tan(theta_image) = cos(yaw) * tan(theta): tan(20) = 0.36397; x cos(30) = 0.31521; atan = 17.50 deg
    pose = seen_at_yaw(body_3d(0.0, 20.0, 0.0), 30.0)
    seen = leg_angles(pose, Side.RIGHT, facing=1).thigh_inclination_deg
    assert seen == pytest.approx(17.50, abs=0.01)
    corrected = leg_angles(unforeshortened_pose(pose, 30.0), Side.RIGHT, facing=1).thigh_inclination_deg
    assert corrected == pytest.approx(20.0, abs=1e-6)


@pytest.mark.parametrize("yaw_deg", [-30.0, -15.0, 15.0, 30.0])
@pytest.mark.parametrize(
    ("lean", "thigh", "knee"),
    [(0.0, 25.0, 90.0), (20.0, -40.0, 60.0), (-75.0, 10.0, 30.0), (10.0, 35.0, 120.0)],
)
def test_corrected_angles_equal_the_sagittal_angles_at_any_yaw_sign(
    yaw_deg: float, lean: float, thigh: float, knee: float
) -> None:
    pose = seen_at_yaw(body_3d(lean, thigh, knee), yaw_deg)
    square = seen_at_yaw(body_3d(lean, thigh, knee), 0.0)  # the same body seen square from the side
    corrected = unforeshortened_pose(pose, abs(yaw_deg))
    truth = leg_angles(square, Side.RIGHT, facing=1)
    got = leg_angles(corrected, Side.RIGHT, facing=1)
    # the defining angles, from the 3D construction itself
    # leaning the trunk forward flexes the hip: its line continued through the hip swings back
    assert truth.trunk_thigh_deg == pytest.approx(thigh - lean, abs=1e-6)
    assert truth.knee_flexion_deg == pytest.approx(knee, abs=1e-6)
    assert got.trunk_thigh_deg == pytest.approx(thigh - lean, abs=1e-6)
    assert got.thigh_inclination_deg == pytest.approx(thigh, abs=1e-6)
    assert got.knee_flexion_deg == pytest.approx(knee, abs=1e-6)
    assert trunk_inclination_deg(corrected, 1) == pytest.approx(lean, abs=1e-6)


def test_uncorrected_oblique_angles_are_off_so_the_correction_is_doing_the_work() -> None:
    # trunk upright, thigh 40 deg back: atan(tan(40) * cos(30)) = 36.0; shin at 130 from down reads 134.1
    pose = seen_at_yaw(body_3d(0.0, 40.0, 90.0), 30.0)
    raw = leg_angles(pose, Side.RIGHT, facing=1)
    assert raw.trunk_thigh_deg == pytest.approx(36.0, abs=0.05)
    assert raw.knee_flexion_deg == pytest.approx(134.1 - 36.0, abs=0.1)


def test_small_yaws_are_left_alone_and_large_ones_are_said_to_limit_accuracy() -> None:
    assert view_correction(None).corrected_yaw_deg == 0.0
    assert not view_correction(None).limits_accuracy
    assert view_correction(MIN_CORRECTED_YAW_DEG - 2.5).corrected_yaw_deg == 0.0
    assert view_correction(15.0).corrected_yaw_deg == 15.0
    assert not view_correction(VIEW_LIMITS_ACCURACY_DEG).limits_accuracy
    far = view_correction(-30.0)
    assert far.corrected_yaw_deg == 30.0 and far.limits_accuracy
    note = far.note()
    assert note["limits_accuracy"] and note["estimated_yaw_deg"] == 30.0 and "30 deg" in note["note"]


def test_the_pose_is_stretched_about_its_mid_hip_and_nothing_else_changes() -> None:
    pose = seen_at_yaw(body_3d(0.0, 20.0, 30.0), 30.0)
    corrected = unforeshortened_pose(pose, 30.0)
    hips = [int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP)]
    assert np.nanmean(corrected.landmarks_px[hips, 0]) == pytest.approx(
        np.nanmean(pose.landmarks_px[hips, 0])
    )
    np.testing.assert_array_equal(corrected.landmarks_px[:, 1], pose.landmarks_px[:, 1])
    np.testing.assert_array_equal(corrected.visibility, pose.visibility)
    assert unforeshortened_pose(pose, 0.0) is pose
