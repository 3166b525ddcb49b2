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


def test_the_colour_is_the_median_of_the_person_pixels_along_the_segment_even_or_odd_in_number():
    # given a thigh whose 12 samples (20 %..80 % of hip -> knee, rows 128..212) see a gradient of
    # greys, and a mask that keeps only some of them: the colour is those pixels' median
    pose, image, mask = two_legs()
    rows = np.round(100 + np.linspace(0.2, 0.8, 12) * 140).astype(int)
    for count in (12, 7, 4):  # even, odd, and just enough samples
        image[100:240, 150] = 0
        mask[100:240, 150 - 6 : 150 + 7] = 0.0
        kept = rows[:count]
        image[kept, 150] = np.repeat((np.arange(count) * 17 + 5)[:, None], 3, axis=1)
        mask[kept, 150] = 1.0
        looks = measure_leg_appearance(pose, image, mask)
        expected = np.median(np.arange(count) * 17 + 5) / 255.0
        assert looks[0, 0] == pytest.approx([expected] * 3, abs=1e-7)
    mask[rows[3], 150] = 0.0  # three samples left: too few for a colour
    assert np.isnan(measure_leg_appearance(pose, image, mask)[0, 0]).all()


def test_a_segment_with_an_unseen_end_has_no_colour_and_the_others_keep_theirs():
    pose, image, mask = two_legs()
    pose.landmarks_px[25] = np.nan  # the left knee: both left segments lose an end
    looks = measure_leg_appearance(pose, image, mask)
    assert np.isnan(looks[0]).all()
    assert looks[1] == pytest.approx(np.tile(np.array(BLUE) / 255.0, (2, 1)), abs=1e-6)
