"""Each leg's colours sampled along its thigh and shin, inside the person mask: a synthetic frame
with a red left leg and a blue right leg."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.kinematics.leg_appearance import appearance_distance, measure_leg_appearance

from .poses import both_sides, make_pose

RED, BLUE = (0, 0, 200), (200, 0, 0)  # BGR


def two_legs(mask_legs: bool = True):
    """A 400x400 frame: left leg a red vertical bar at x=150, right leg a blue bar at x=250."""
    image = np.full((400, 400, 3), 90, dtype=np.uint8)
    mask = np.zeros((400, 400), dtype=np.float32)
    for x, colour in ((150, RED), (250, BLUE)):
        image[100:380, x - 6 : x + 7] = colour
        if mask_legs:
            mask[100:380, x - 6 : x + 7] = 1.0
    pose = make_pose(
        **both_sides("shoulder", (200.0, 20.0)),
        left_hip=(150.0, 100.0),
        left_knee=(150.0, 240.0),
        left_ankle=(150.0, 380.0),
        right_hip=(250.0, 100.0),
        right_knee=(250.0, 240.0),
        right_ankle=(250.0, 380.0),
    )
    return pose, image, mask


def test_each_leg_gets_the_colour_of_its_own_thigh_and_shin():
    pose, image, mask = two_legs()
    looks = measure_leg_appearance(pose, image, mask)
    assert looks.shape == (2, 2, 3)
    assert looks[0] == pytest.approx(np.tile(np.array(RED) / 255.0, (2, 1)), abs=1e-6)
    assert looks[1] == pytest.approx(np.tile(np.array(BLUE) / 255.0, (2, 1)), abs=1e-6)


def test_pixels_outside_the_person_mask_give_no_colour():
    pose, image, _ = two_legs()
    looks = measure_leg_appearance(pose, image, np.zeros((400, 400), dtype=np.float32))
    assert np.isnan(looks).all()


def test_the_same_leg_is_closer_than_the_other_leg():
    pose, image, mask = two_legs()
    looks = measure_leg_appearance(pose, image, mask)
    assert appearance_distance(looks[0], looks[0]) == 0.0
    assert appearance_distance(looks[0], looks[1]) == pytest.approx(np.linalg.norm([200, 0, -200]) / 255.0)


def test_legs_with_no_segment_seen_by_both_have_no_distance():
    nothing = np.full((2, 3), np.nan)
    assert appearance_distance(nothing, np.zeros((2, 3))) is None
