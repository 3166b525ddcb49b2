"""Sagittal angles on hand-built poses whose answers follow from plane geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.kinematics.angles import (
    angle_to_horizontal_deg,
    leg_angles,
    mid_hip,
    signed_angle_deg,
    trunk_inclination_deg,
)
from formcheck.types import LegAngles, Pose, Side

from .poses import both_sides, make_pose, mirrored, polar, standing_side_pose

HIP = (500.0, 700.0)


def leg_pose(
    *,
    trunk_from_up_deg: float = 0.0,
    thigh_from_down_deg: float = 0.0,
    shin_from_down_deg: float = 0.0,
    image_size: tuple[int, int] = (1000, 1400),
    visibility: dict[str, float] | None = None,
) -> Pose:
    """Trunk, thigh and shin (300 px each) at given angles, turning toward image-right when positive.

    The shoulder is placed at ``polar(HIP, 300, 180 - trunk_from_up_deg)`` so that a positive trunk
    angle leans toward image-right.
    """
    shoulder = polar(HIP, 300.0, 180.0 - trunk_from_up_deg)
    knee = polar(HIP, 300.0, thigh_from_down_deg)
    ankle = polar(knee, 300.0, shin_from_down_deg)
    points = {}
    for name, xy in (("shoulder", shoulder), ("hip", HIP), ("knee", knee), ("ankle", ankle)):
        points.update(both_sides(name, xy))
    return make_pose(image_size=image_size, visibility=visibility, **points)


def test_signed_angle_is_counter_clockwise_in_y_up_coordinates():
    assert signed_angle_deg(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(90.0)
    assert signed_angle_deg(np.array([1.0, 0.0]), np.array([0.0, -1.0])) == pytest.approx(-90.0)
    assert signed_angle_deg(np.array([1.0, 0.0]), np.array([0.0, 0.0])) is None


def test_standing_tall_reads_all_zeros_and_thigh_straight_down():
    angles = leg_angles(standing_side_pose(facing=1), Side.RIGHT, facing=1)
    assert angles.trunk_thigh_deg == pytest.approx(0.0, abs=1e-9)
    assert angles.thigh_inclination_deg == pytest.approx(0.0, abs=1e-9)
    assert angles.knee_flexion_deg == pytest.approx(0.0, abs=1e-9)
    assert angles.shin_inclination_deg == pytest.approx(0.0, abs=1e-9)
    assert angles.thigh_to_horizontal_deg == pytest.approx(-90.0)
    assert angles.hip_extension_deg is None  # needs the lumbar arch: frame.py's job
    assert trunk_inclination_deg(standing_side_pose(facing=1), 1) == pytest.approx(0.0, abs=1e-9)


def test_sitting_facing_right_is_ninety_degrees_of_hip_flexion_and_knee_flexion():
    # thigh straight forward (image-right = forward when facing +1), shin straight down
    angles = leg_angles(leg_pose(thigh_from_down_deg=90.0), Side.LEFT, facing=1)
    assert angles.trunk_thigh_deg == pytest.approx(-90.0)
    assert angles.thigh_inclination_deg == pytest.approx(-90.0)
    assert angles.thigh_to_horizontal_deg == pytest.approx(0.0, abs=1e-9)
    assert angles.knee_flexion_deg == pytest.approx(90.0)
    assert angles.shin_inclination_deg == pytest.approx(0.0, abs=1e-9)


def test_thigh_thirty_degrees_behind_an_upright_trunk_is_thirty_degrees_of_extension():
    # facing image-right, so behind = image-left = negative turn
    angles = leg_angles(leg_pose(thigh_from_down_deg=-30.0), Side.RIGHT, facing=1)
    assert angles.trunk_thigh_deg == pytest.approx(30.0)
    assert angles.thigh_inclination_deg == pytest.approx(30.0)
    assert angles.thigh_to_horizontal_deg == pytest.approx(-60.0)


def test_forward_trunk_lean_turns_a_vertical_rear_thigh_into_hip_flexion():
    # split-squat rear leg: thigh vertical under a trunk leaning 25 deg forward -> 25 deg of flexion
    pose = leg_pose(trunk_from_up_deg=25.0)
    assert trunk_inclination_deg(pose, 1) == pytest.approx(25.0)
    assert leg_angles(pose, Side.RIGHT, facing=1).trunk_thigh_deg == pytest.approx(-25.0)


def test_knee_past_the_ankle_gives_a_positive_shin_inclination():
    # front knee 30 deg ahead of the ankle: the shin points down and back from the knee
    angles = leg_angles(leg_pose(thigh_from_down_deg=90.0, shin_from_down_deg=-30.0), Side.LEFT, facing=1)
    assert angles.shin_inclination_deg == pytest.approx(30.0)
    assert angles.knee_flexion_deg == pytest.approx(120.0)


@pytest.mark.parametrize(
    ("trunk", "thigh", "shin"),
    [(0.0, 0.0, 0.0), (20.0, -30.0, -60.0), (-10.0, 95.0, -15.0), (35.0, 10.0, -120.0)],
)
def test_a_mirrored_pose_with_facing_flipped_gives_the_same_angles(trunk, thigh, shin):
    pose = leg_pose(trunk_from_up_deg=trunk, thigh_from_down_deg=thigh, shin_from_down_deg=shin)
    original = leg_angles(pose, Side.LEFT, facing=1)
    flipped = leg_angles(mirrored(pose), Side.LEFT, facing=-1)
    for field in (
        "trunk_thigh_deg",
        "thigh_inclination_deg",
        "thigh_to_horizontal_deg",
        "knee_flexion_deg",
        "shin_inclination_deg",
    ):
        assert getattr(flipped, field) == pytest.approx(getattr(original, field), abs=1e-9), field
    assert trunk_inclination_deg(mirrored(pose), -1) == pytest.approx(trunk_inclination_deg(pose, 1))


def test_pixel_coordinates_of_a_wide_frame_keep_the_true_angle_and_normalised_ones_would_not():
    # A thigh at 45 deg below horizontal in a 1920x1080 frame: 200 px right, 200 px down.
    hip_px, knee_px = (900.0, 500.0), (1100.0, 700.0)
    points_px = {**both_sides("hip", hip_px), **both_sides("knee", knee_px)}
    in_pixels = leg_angles(make_pose(image_size=(1920, 1080), **points_px), Side.LEFT, facing=1)
    assert in_pixels.thigh_to_horizontal_deg == pytest.approx(-45.0)

    # The same landmarks as BlazePose's 0..1 coordinates, mistakenly used as if square:
    as_normalised = {k: (x / 1920, y / 1080) for k, (x, y) in points_px.items()}
    sheared = leg_angles(make_pose(image_size=(1, 1), **as_normalised), Side.LEFT, facing=1)
    expected_sheared = -math.degrees(math.atan2(200 / 1080, 200 / 1920))  # -60.6 deg
    assert sheared.thigh_to_horizontal_deg == pytest.approx(expected_sheared)
    assert abs(sheared.thigh_to_horizontal_deg - in_pixels.thigh_to_horizontal_deg) > 15.0


def supine_pose(*, head_left: bool, thigh_above_horizontal_deg: float, knee_flexion_deg: float = 0.0) -> Pose:
    """Lying on the back on a level couch, trunk horizontal, hip at (600, 700)."""
    direction = 1.0 if head_left else -1.0  # +1: feet toward image-right
    hip = (600.0, 700.0)
    shoulder = (hip[0] - direction * 400.0, hip[1])
    rad = math.radians(thigh_above_horizontal_deg)
    knee = (hip[0] + direction * 300.0 * math.cos(rad), hip[1] - 300.0 * math.sin(rad))
    shin_rad = rad - math.radians(knee_flexion_deg)  # the shin folds toward the floor (posterior)
    ankle = (knee[0] + direction * 300.0 * math.cos(shin_rad), knee[1] - 300.0 * math.sin(shin_rad))
    points = {}
    for name, xy in (("shoulder", shoulder), ("hip", hip), ("knee", knee), ("ankle", ankle)):
        points.update(both_sides(name, xy))
    return make_pose(image_size=(1280, 720), **points)


@pytest.mark.parametrize("head_left", [True, False])
def test_supine_with_the_thigh_hanging_below_the_couch_is_hip_extension(head_left):
    # couch stretch: thigh 20 deg below the couch line, lower leg hanging at 70 deg of knee flexion
    facing = 1 if head_left else -1
    pose = supine_pose(head_left=head_left, thigh_above_horizontal_deg=-20.0, knee_flexion_deg=70.0)
    angles = leg_angles(pose, Side.LEFT, facing)
    assert trunk_inclination_deg(pose, facing) == pytest.approx(-90.0)
    assert angles.trunk_thigh_deg == pytest.approx(20.0)
    assert angles.thigh_to_horizontal_deg == pytest.approx(-20.0)
    assert angles.knee_flexion_deg == pytest.approx(70.0)


def test_a_thomas_test_thigh_floating_above_the_bed_reads_positive_to_horizontal_and_flexed():
    angles = leg_angles(supine_pose(head_left=True, thigh_above_horizontal_deg=10.0), Side.RIGHT, facing=1)
    assert angles.thigh_to_horizontal_deg == pytest.approx(10.0)
    assert angles.trunk_thigh_deg == pytest.approx(-10.0)


def test_a_knee_below_visibility_threshold_nulls_every_angle_that_uses_it():
    pose = leg_pose(thigh_from_down_deg=-20.0, visibility={"right_knee": 0.2})
    right = leg_angles(pose, Side.RIGHT, facing=1)
    assert right == LegAngles()  # everything on the right leg goes through the knee
    left = leg_angles(pose, Side.LEFT, facing=1)
    assert left.trunk_thigh_deg == pytest.approx(20.0)


def test_hidden_shoulders_null_the_trunk_angles_but_keep_the_knee():
    pose = leg_pose(visibility={"left_shoulder": 0.1, "right_shoulder": 0.3}, shin_from_down_deg=-40.0)
    angles = leg_angles(pose, Side.LEFT, facing=1)
    assert angles.trunk_thigh_deg is None
    assert trunk_inclination_deg(pose, 1) is None
    assert angles.knee_flexion_deg == pytest.approx(40.0)


def test_mid_hip_uses_only_the_visible_hip_when_the_far_one_is_a_guess():
    pose = make_pose(left_hip=(500.0, 700.0), right_hip=(560.0, 760.0), visibility={"right_hip": 0.2})
    assert mid_hip(pose) == pytest.approx(np.array([500.0, 700.0]))
    both = make_pose(left_hip=(500.0, 700.0), right_hip=(560.0, 760.0))
    assert mid_hip(both) == pytest.approx(np.array([530.0, 730.0]))


def test_unknown_facing_leaves_the_signed_angles_unmeasured_but_not_the_unsigned_ones():
    angles = leg_angles(leg_pose(thigh_from_down_deg=-30.0, shin_from_down_deg=-60.0), Side.LEFT, facing=0)
    assert angles.trunk_thigh_deg is None
    assert angles.thigh_inclination_deg is None
    assert angles.shin_inclination_deg is None
    assert angles.knee_flexion_deg == pytest.approx(30.0)
    assert angles.thigh_to_horizontal_deg == pytest.approx(-60.0)


def test_angle_to_horizontal_ignores_which_way_the_segment_points():
    assert angle_to_horizontal_deg(np.array([-1.0, 1.0])) == pytest.approx(45.0)
    assert angle_to_horizontal_deg(np.array([1.0, 1.0])) == pytest.approx(45.0)
