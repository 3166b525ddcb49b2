"""The knee's height above the lower ankle, in thigh lengths: hand-built half-kneeling and split
stances whose answers follow from their pixel coordinates."""

from __future__ import annotations

import pytest

from formcheck.kinematics.angles import knee_height_thighs
from formcheck.types import Side

from .poses import make_pose


def kneeling_pose(**overrides):
    """Half-kneeling, facing image-right: left (rear) knee on the floor 200 px under its hip, its ankle
    behind along the floor; the right foot planted in front, its ankle 30 px above the floor line."""
    points = {
        "left_hip": (500.0, 700.0),
        "left_knee": (500.0, 900.0),  # thigh 200 px, straight down
        "left_ankle": (300.0, 890.0),
        "right_hip": (500.0, 700.0),
        "right_knee": (700.0, 700.0),
        "right_ankle": (700.0, 880.0),
    }
    return make_pose(**{**points, **overrides})


def test_a_knee_on_the_floor_sits_below_the_lower_ankle():
    # the lower ankle is the rear one at y 890: the knee at 900 is 10 px (0.05 thigh) below it
    assert knee_height_thighs(kneeling_pose(), Side.LEFT) == pytest.approx(-0.05)


def test_a_knee_held_off_the_floor_reads_its_height_in_thigh_lengths():
    # a split squat: rear foot up on a bench (ankle at 760), knee 40 px above the front ankle at 880
    pose = kneeling_pose(left_knee=(500.0, 840.0), left_ankle=(300.0, 760.0))
    thigh = (140.0**2) ** 0.5
    assert knee_height_thighs(pose, Side.LEFT) == pytest.approx(40.0 / thigh)


def test_the_front_knee_stands_about_a_shin_above_the_floor():
    assert knee_height_thighs(kneeling_pose(), Side.RIGHT) == pytest.approx(190.0 / 200.0)


def test_no_hip_or_knee_or_ankle_in_view_is_no_height():
    assert knee_height_thighs(kneeling_pose(), Side.LEFT, visibility_threshold=1.1) is None
    hidden_ankles = make_pose(left_hip=(500.0, 700.0), left_knee=(500.0, 900.0))
    assert knee_height_thighs(hidden_ankles, Side.LEFT) is None
