"""Of several people in view, the one doing the exercise is analysed, not the larger one."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.landmarks import NUM_LANDMARKS, PoseLandmark
from formcheck.pose.crowd import (
    PersonFocus,
    exercise_likeness,
    exercise_posture,
    the_exerciser,
    whole_body_share,
)
from formcheck.types import Frame, Pose

HEIGHT = 200
STANDING, SPLIT, LYING = 100, 200, 250  # a block's green value says the posture the fake reports


def skeleton(x0: float, x1: float, y0: float, y1: float, posture: int, size: tuple[int, int]) -> Pose:
    """A stick person filling the box: standing tall, in a split stance, or lying along it."""
    cx, w, h = (x0 + x1) / 2, x1 - x0, y1 - y0
    points = np.full((NUM_LANDMARKS, 2), np.nan)

    def put(name: str, x: float, y: float) -> None:
        points[int(PoseLandmark[name])] = (x, y)

    if posture == LYING:  # head at the left, body along the box's middle row
        row = (y0 + y1) / 2
        for side in ("LEFT", "RIGHT"):
            put(f"{side}_SHOULDER", x0 + 0.2 * w, row)
            put(f"{side}_HIP", x0 + 0.55 * w, row)
            put(f"{side}_KNEE", x0 + 0.8 * w, row - 0.2 * h)
            put(f"{side}_ANKLE", x1, row)
    else:
        spread = 0.45 * h if posture == SPLIT else 0.0  # knees apart: thighs ~70 deg apart
        for side, sign in (("LEFT", -1), ("RIGHT", 1)):
            put(f"{side}_SHOULDER", cx, y0 + 0.15 * h)
            put(f"{side}_HIP", cx, y0 + 0.5 * h)
            put(f"{side}_KNEE", cx + sign * spread * 0.7, y0 + 0.5 * h + 0.25 * h)
            put(f"{side}_ANKLE", cx + sign * spread, y1 - 1)
    points[int(PoseLandmark.NOSE)] = (cx, y0)
    filled = np.where(np.isnan(points), np.array([cx, (y0 + y1) / 2]), points)
    return Pose(filled, np.ones(NUM_LANDMARKS), np.zeros(NUM_LANDMARKS), size)


class PostureEstimator:
    """Like the blob fake of test_pose_crowd: one block in view gives its person, two give none
    (unless ``first_of_many``, when the left-most is given); the block's green channel is the posture."""

    name = "postures"

    def __init__(self, first_of_many: bool = False) -> None:
        self.first_of_many = first_of_many

    def estimate(self, frame: Frame) -> Pose | None:
        present = (frame.image[:, :, 0] > 127).any(axis=0).astype(np.int8)
        starts = np.flatnonzero(np.diff(np.concatenate([[0], present])) == 1)
        ends = np.flatnonzero(np.diff(np.concatenate([present, [0]])) == -1) + 1
        if len(starts) == 0 or (len(starts) > 1 and not self.first_of_many):
            return None
        block = frame.image[:, starts[0] : ends[0]]
        rows = np.flatnonzero((block[:, :, 0] > 127).any(axis=1))
        posture = int(block[rows[0], 0, 1])
        return skeleton(starts[0], ends[0] - 1, rows[0], rows[-1], posture, frame.size)

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass


def scene(width: int, people: list[tuple[int, int, int, int]]) -> np.ndarray:
    """Blocks given as (left x, width, height, posture), standing on the bottom edge."""
    image = np.zeros((HEIGHT, width, 3), np.uint8)
    for x, w, h, posture in people:
        image[HEIGHT - h :, x : x + w] = (255, posture, 0)
    return image


def focus(first_of_many: bool = False) -> PersonFocus:
    return PersonFocus(PostureEstimator(first_of_many), make_searcher=PostureEstimator)


def left_edge(pose: Pose) -> float:
    return float(pose.landmarks_px[:, 0].min())


def test_postures_score_as_exercise_or_not() -> None:
    size = (400, HEIGHT)
    standing = skeleton(100, 140, 20, 190, STANDING, size)
    split = skeleton(100, 140, 20, 190, SPLIT, size)
    lying = skeleton(100, 300, 150, 190, LYING, size)
    assert exercise_posture(standing) == 0.0
    assert exercise_posture(split) == 1.0 and exercise_posture(lying) == 1.0
    assert whole_body_share(split) == 1.0
    off_frame = skeleton(100, 140, 20, 240, SPLIT, size)  # ankles below the frame's bottom edge
    assert whole_body_share(off_frame) == pytest.approx(6 / 8)
    assert exercise_likeness(off_frame) < exercise_likeness(split)


def test_alike_people_fall_back_to_the_larger_one() -> None:
    size = (400, HEIGHT)
    small, large = skeleton(50, 80, 100, 190, STANDING, size), skeleton(250, 290, 20, 190, STANDING, size)
    assert the_exerciser([small, large]) is large
    lunging = skeleton(50, 80, 100, 190, SPLIT, size)
    assert the_exerciser([lunging, large]) is lunging


def test_a_smaller_person_in_a_split_stance_is_kept_over_a_larger_bystander_through_the_clip() -> None:
    # given: the whole frame gives no one; at the right a taller person stands watching
    estimator = focus()
    image = scene(600, [(60, 40, 120, SPLIT), (420, 50, 180, STANDING)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(40)]
    # then: every frame is the exerciser at the left, and the bystander is reported
    assert all(p is not None and left_edge(p) < 200 for p in poses)
    assert estimator.others_present


def test_a_bystander_the_whole_frame_gave_is_swapped_for_the_exerciser_at_once() -> None:
    # given: a detector that picks the left-most of two people, here a bystander standing
    estimator = focus(first_of_many=True)
    image = scene(600, [(40, 50, 180, STANDING), (380, 120, 60, LYING)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(20)]
    # then: from the first frame on, the person lying (a Thomas test) is the one analysed
    assert all(p is not None and left_edge(p) >= 380 for p in poses)
    assert estimator.others_present


def test_two_bystanders_alike_keep_the_old_choice_of_the_larger_one() -> None:
    estimator = focus()
    image = scene(600, [(60, 40, 120, STANDING), (420, 50, 180, STANDING)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(5)]
    assert all(p is not None and left_edge(p) >= 420 for p in poses)
