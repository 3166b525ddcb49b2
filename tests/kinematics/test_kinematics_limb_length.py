"""The thigh-length consistency check: hand-made poses whose thigh lengths are known."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from formcheck.kinematics.limb_length import (
    MIN_FRAMES_FOR_TYPICAL,
    THIGH_LENGTH_TOLERANCE,
    ThighLengthReference,
    thigh_to_chord_ratio,
)
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import Pose, Side

from .poses import standing_side_pose


def with_left_knee_at(pose, fraction_of_thigh: float):
    """The left knee landmark moved to ``fraction_of_thigh`` of the way from the hip to the knee."""
    points = pose.landmarks_px.copy()
    hip, knee = points[int(L.LEFT_HIP)], points[int(L.LEFT_KNEE)]
    points[int(L.LEFT_KNEE)] = hip + fraction_of_thigh * (knee - hip)
    return dataclasses.replace(pose, landmarks_px=points)


def test_the_ratio_is_the_thigh_over_the_shoulder_hip_chord():
    # standing_side_pose: shoulders 300 px above the hips, thighs 300 px long
    assert thigh_to_chord_ratio(standing_side_pose(), Side.LEFT) == pytest.approx(1.0)
    assert thigh_to_chord_ratio(with_left_knee_at(standing_side_pose(), 0.8), Side.LEFT) == pytest.approx(0.8)


def test_the_typical_length_is_the_median_so_one_bad_frame_does_not_move_it():
    poses = [standing_side_pose()] * 20 + [with_left_knee_at(standing_side_pose(), 0.5)]
    reference = ThighLengthReference.from_poses(poses)
    assert reference.typical(Side.LEFT) == pytest.approx(1.0)


def test_a_thigh_shorter_or_longer_than_the_tolerance_is_inconsistent_and_within_it_is_not():
    reference = ThighLengthReference.from_poses([standing_side_pose()] * 20)
    inside = 1.0 - 0.5 * THIGH_LENGTH_TOLERANCE
    outside = 1.0 - 2.0 * THIGH_LENGTH_TOLERANCE
    assert reference.consistent(with_left_knee_at(standing_side_pose(), inside), Side.LEFT)
    assert not reference.consistent(with_left_knee_at(standing_side_pose(), outside), Side.LEFT)
    assert not reference.consistent(with_left_knee_at(standing_side_pose(), 2.0 - outside), Side.LEFT)
    # the right leg is untouched by the left knee's misplacement
    assert reference.consistent(with_left_knee_at(standing_side_pose(), outside), Side.RIGHT)


def test_live_the_check_waits_for_enough_frames_then_judges():
    reference = ThighLengthReference.live()
    shortened = with_left_knee_at(standing_side_pose(), 0.6)
    for _ in range(MIN_FRAMES_FOR_TYPICAL - 1):
        reference.observe(standing_side_pose())
    assert reference.typical(Side.LEFT) is None
    assert reference.consistent(shortened, Side.LEFT)  # nothing to compare with yet
    reference.observe(standing_side_pose())
    assert not reference.consistent(shortened, Side.LEFT)


def lying_pose_seen_at_yaw(yaw_deg: float, thigh_angle_deg: float, thigh_scale: float = 1.0):
    """A body lying along image-x, its sagittal plane turned ``yaw_deg`` from the image plane.

    Trunk chord and thigh are 300 px long in the body; a sagittal segment at angle ``a`` from
    horizontal projects to (cos a * cos yaw, sin a) times its length.
    """
    shrink = np.cos(np.radians(yaw_deg))
    points = np.zeros((33, 2))
    hip = np.array([400.0, 300.0])
    points[[int(L.LEFT_HIP), int(L.RIGHT_HIP)]] = hip
    points[[int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER)]] = hip - (300.0 * shrink, 0.0)
    a = np.radians(thigh_angle_deg)
    knee = hip + 300.0 * thigh_scale * np.array([np.cos(a) * shrink, -np.sin(a)])
    points[[int(L.LEFT_KNEE), int(L.RIGHT_KNEE)]] = knee
    return Pose(points, np.ones(33), np.zeros(33), (800, 600))


def test_foreshortening_by_the_camera_yaw_is_taken_out_before_lengths_are_compared():
    # At 30 deg yaw the image thigh/chord ratio runs from 1.0 (thigh along the trunk) to 1.15
    # (thigh upright, trunk lying): a real 15 % spread that is not a misplaced knee.
    poses = [lying_pose_seen_at_yaw(30.0, angle) for angle in np.linspace(0.0, 90.0, 40)]
    raw = [thigh_to_chord_ratio(p, Side.LEFT) for p in poses]
    assert max(raw) / min(raw) == pytest.approx(1 / np.cos(np.radians(30.0)), rel=1e-3)
    reference = ThighLengthReference.from_poses(poses)
    yaw_deg, typical = reference.fit(Side.LEFT)
    assert yaw_deg == pytest.approx(30.0, abs=2.5)
    assert typical == pytest.approx(1.0, abs=0.02)
    assert all(reference.consistent(p, Side.LEFT) for p in poses)
    assert not reference.consistent(lying_pose_seen_at_yaw(30.0, 45.0, thigh_scale=0.8), Side.LEFT)


def test_while_every_yaw_fits_equally_the_estimate_stays_at_a_side_view():
    # thigh and trunk both upright: foreshortening of horizontal extents changes nothing
    reference = ThighLengthReference.from_poses([standing_side_pose()] * 30)
    assert reference.fit(Side.LEFT) == (0.0, pytest.approx(1.0))


def test_a_frame_with_non_finite_landmarks_neither_spoils_the_reference_nor_is_judged():
    broken = with_left_knee_at(standing_side_pose(), 1.0)
    broken.landmarks_px[int(L.LEFT_KNEE)] = np.nan
    reference = ThighLengthReference.from_poses([standing_side_pose()] * 20 + [broken])
    assert reference.typical(Side.LEFT) == pytest.approx(1.0)
    assert reference.consistent(broken, Side.LEFT)


def test_live_the_reference_is_refitted_every_refit_frames_frames_not_twice_as_often():
    reference = ThighLengthReference(None, refit_frames=10)
    calls = []
    original = reference._estimate
    reference._estimate = lambda: calls.append(1) or original()
    for _ in range(MIN_FRAMES_FOR_TYPICAL + 30):
        reference.observe(standing_side_pose())
        reference.consistent(standing_side_pose(), Side.LEFT)
        reference.consistent(standing_side_pose(), Side.RIGHT)
    # one fit per frame until the first typical exists (14 frames too few), then one per 10 frames
    assert len(calls) == MIN_FRAMES_FOR_TYPICAL + 3


def test_a_clip_whose_thigh_length_wanders_gets_a_wider_tolerance_but_still_catches_a_knee_far_off():
    # given: thigh lengths spread like a real clip's (median absolute deviation 5 %) and a clean clip
    wandering = [with_left_knee_at(standing_side_pose(), 1.0 + d) for d in (-0.05, 0.05, 0.0) * 10]
    clean = [standing_side_pose()] * 30
    noisy_reference = ThighLengthReference.from_poses(wandering)
    clean_reference = ThighLengthReference.from_poses(clean)
    # then: 3 robust sigmas of the clip's own spread (3 x 1.4826 x 0.05 = 0.22), never under the fixed 8 %
    assert noisy_reference.tolerance(Side.LEFT) == pytest.approx(3 * 1.4826 * 0.05, rel=0.01)
    assert clean_reference.tolerance(Side.LEFT) == THIGH_LENGTH_TOLERANCE
    twelve_off = with_left_knee_at(standing_side_pose(), 1.12)
    assert noisy_reference.consistent(twelve_off, Side.LEFT)
    assert not clean_reference.consistent(twelve_off, Side.LEFT)
    collapsed = with_left_knee_at(standing_side_pose(), 0.6)
    assert not noisy_reference.consistent(collapsed, Side.LEFT)
