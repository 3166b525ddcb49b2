"""Set-up guidance: light, one person, side-on, joints in frame; hysteresis before scoring."""

from __future__ import annotations

import dataclasses

import numpy as np

from formcheck.landmarks import PoseLandmark as L
from formcheck.live.guidance import (
    SetupGate,
    SetupProblem,
    joints_in_frame,
    mean_luma,
    other_person_share,
    setup_problems,
)
from formcheck.types import Side, ViewEstimate
from tests.feedback.helpers import standing_pose

SIDE_ON = ViewEstimate(Side.RIGHT, 1, 0.95, True)
FRONTAL = ViewEstimate(None, 0, 0.2, False)


def test_mean_luma_of_uniform_images_is_their_grey_level():
    assert mean_luma(np.full((48, 64, 3), 200, np.uint8)) == 200.0
    assert mean_luma(np.zeros((48, 64, 3), np.uint8)) == 0.0


def test_a_well_placed_person_has_no_problem():
    pose = standing_pose(640, 480)
    assert setup_problems(120.0, pose, SIDE_ON, 0.0) == ()


def test_each_problem_is_named():
    pose = standing_pose(640, 480)
    assert setup_problems(10.0, pose, SIDE_ON, 0.0) == (SetupProblem.TOO_DARK,)
    assert setup_problems(120.0, None, None, None) == (SetupProblem.NO_PERSON,)
    assert setup_problems(120.0, pose, FRONTAL, 0.0) == (SetupProblem.NOT_SIDE_ON,)
    assert setup_problems(120.0, pose, SIDE_ON, 0.6) == (SetupProblem.SEVERAL_PEOPLE,)


def test_ankles_below_the_frame_mean_step_back():
    pose = standing_pose(640, 480)
    points = pose.landmarks_px.copy()
    for ankle in (L.LEFT_ANKLE, L.RIGHT_ANKLE):
        points[int(ankle), 1] = 520.0  # 40 px below a 480 px frame
    cut = dataclasses.replace(pose, landmarks_px=points)
    assert joints_in_frame(pose) and not joints_in_frame(cut)
    assert setup_problems(120.0, cut, SIDE_ON, 0.0) == (SetupProblem.NOT_IN_FRAME,)


def test_a_second_blob_in_the_mask_is_another_person():
    pose = standing_pose(640, 480)
    mask = np.zeros((480, 640), np.float32)
    mask[40:440, 300:340] = 1.0  # the tracked person (holds the hips at x=320)
    assert other_person_share(mask, pose) == 0.0
    mask[100:440, 500:540] = 1.0  # someone else, 85 % of the size
    assert 0.7 < other_person_share(mask, pose) < 1.0
    assert other_person_share(None, pose) is None


def test_scoring_starts_after_one_good_second_and_survives_a_short_glitch():
    gate = SetupGate(ready_after_s=1.0, lost_after_s=2.0)
    bad = (SetupProblem.NOT_SIDE_ON,)
    assert gate.update(0.0, bad) is False
    assert gate.messages() == ("Turn side-on to the camera",)
    assert gate.update(0.5, ()) is False
    assert gate.update(1.4, ()) is False
    assert gate.update(1.5, ()) is True
    assert gate.update(2.0, bad) is True  # a glitch shorter than 2 s does not stop scoring
    assert gate.messages() == ()
    assert gate.update(3.0, ()) is True
    assert gate.update(4.0, bad) is True
    assert gate.update(6.0, bad) is False  # 2 s of bad set-up: guidance comes back
