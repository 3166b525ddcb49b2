"""Several people in view: one is found and kept, and the report can say others were there."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.landmarks import NUM_LANDMARKS, PoseLandmark
from formcheck.pose import create_estimator
from formcheck.pose.crowd import (
    LOST_AFTER_FRAMES,
    OTHERS_CHECK_EVERY_FRAMES,
    SEARCH_EVERY_FRAMES,
    PersonFocus,
)
from formcheck.types import Frame, Pose

HEIGHT = 120


class BlobEstimator:
    """A stand-in backend that, like BlazePose with two equal people side by side, finds a "person"
    (a white block) only when exactly one is in the picture; its landmarks span the block."""

    name = "blobs"

    def __init__(self, first_of_many: bool = False) -> None:
        self.first_of_many = first_of_many  # like a detector that does pick one of several
        self.calls = 0
        self.resets = 0

    def estimate(self, frame: Frame) -> Pose | None:
        self.calls += 1
        columns = (frame.image[:, :, 0] > 127).any(axis=0).astype(np.int8)
        starts = np.flatnonzero(np.diff(np.concatenate([[0], columns])) == 1)
        ends = np.flatnonzero(np.diff(np.concatenate([columns, [0]])) == -1) + 1
        if len(starts) == 0 or (len(starts) > 1 and not self.first_of_many):
            return None
        rows = np.flatnonzero((frame.image[:, starts[0] : ends[0], 0] > 127).any(axis=1))
        x0, x1, y0, y1 = starts[0], ends[0], rows[0], rows[-1] + 1
        landmarks = np.column_stack(
            [np.linspace(x0, x1 - 1, NUM_LANDMARKS), np.linspace(y0, y1 - 1, NUM_LANDMARKS)]
        )
        centre = ((x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2)
        landmarks[[int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP)]] = centre
        mask = (frame.image[:, :, 0] > 127).astype(np.float32)
        return Pose(landmarks, np.ones(NUM_LANDMARKS), np.zeros(NUM_LANDMARKS), frame.size, mask=mask)

    def reset(self) -> None:
        self.resets += 1

    def close(self) -> None:
        pass


def scene(width: int, blocks: list[tuple[int, int, int]]) -> np.ndarray:
    """A black frame with white blocks given as (left x, width, height), standing on the bottom edge."""
    image = np.zeros((HEIGHT, width, 3), np.uint8)
    for x, w, h in blocks:
        image[HEIGHT - h :, x : x + w] = 255
    return image


def focus(first_of_many: bool = False) -> tuple[PersonFocus, BlobEstimator, list[BlobEstimator]]:
    made: list[BlobEstimator] = []

    def make_searcher() -> BlobEstimator:
        made.append(BlobEstimator())
        return made[-1]

    inner = BlobEstimator(first_of_many)
    return PersonFocus(inner, make_searcher), inner, made


def test_one_person_passes_straight_through_with_one_look_for_others() -> None:
    estimator, inner, made = focus()
    image = scene(400, [(100, 30, 80)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(OTHERS_CHECK_EVERY_FRAMES)]
    assert all(p is not None for p in poses)
    assert inner.calls == OTHERS_CHECK_EVERY_FRAMES  # every frame whole, never cropped
    assert len(made) == 1 and made[0].calls == 1  # one look at the other side, on the first pose
    assert not estimator.others_present


def test_someone_else_beside_the_person_found_is_reported() -> None:
    # given: a backend that does find one of two people (BlazePose often does, at unequal sizes)
    estimator, inner, _ = focus(first_of_many=True)
    image = scene(400, [(60, 30, 90), (300, 30, 70)])
    pose = estimator.estimate(Frame(0, 0.0, image))
    assert pose is not None and pose.landmarks_px[:, 0].min() == 60
    assert estimator.others_present


def test_two_people_side_by_side_give_the_larger_one_in_every_frame_and_others_present() -> None:
    # given: the whole frame gives no one (two blocks); the right-hand one is taller
    estimator, inner, _ = focus()
    image = scene(400, [(60, 30, 70), (300, 30, 90)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(10)]
    assert all(p is not None for p in poses)
    pose = poses[-1]
    # then: landmarks are in the whole frame's pixels, on the taller block, and so is the mask
    assert pose.image_size == (400, HEIGHT)
    assert pose.landmarks_px[:, 0].min() == pytest.approx(300) and pose.landmarks_px[:, 0].max() == 329
    assert pose.mask is not None and pose.mask.shape == (HEIGHT, 400)
    assert pose.mask[:, 300:330].sum() == 30 * 90 and pose.mask[:, :200].sum() == 0
    assert estimator.others_present
    assert inner.resets == 1  # tracking restarted once, for the new picture


def test_no_one_in_view_stays_no_one_and_is_searched_only_every_few_frames() -> None:
    estimator, inner, made = focus()
    image = scene(400, [])
    frames = 3 * SEARCH_EVERY_FRAMES
    assert all(estimator.estimate(Frame(i, i / 10, image)) is None for i in range(frames))
    assert len(made) == 1 and made[0].calls == 2 * 3  # two windows, on 3 of the frames
    assert not estimator.others_present


def test_the_focus_follows_a_person_who_walks_across_the_frame() -> None:
    estimator, _, _ = focus()
    still_there = []
    for i, x in enumerate(range(450, 960, 6)):  # to the right edge, away from a person at the left
        image = scene(1000, [(x, 20, 90), (0, 10, 40)])
        pose = estimator.estimate(Frame(i, i / 10, image))
        still_there.append(pose is not None and abs(pose.landmarks_px[:, 0].min() - x) < 1)
    assert all(still_there[1:])


def test_a_person_lost_for_a_second_is_let_go_and_the_whole_frame_is_tried_again() -> None:
    estimator, inner, _ = focus()
    two = scene(400, [(60, 30, 90), (300, 30, 70)])
    for i in range(3):
        assert estimator.estimate(Frame(i, i / 10, two)) is not None
    empty = scene(400, [])
    for i in range(3, 3 + LOST_AFTER_FRAMES):
        assert estimator.estimate(Frame(i, i / 10, empty)) is None
    calls = inner.calls
    alone = scene(400, [(250, 30, 90)])
    assert estimator.estimate(Frame(99, 9.9, alone)) is not None
    assert inner.calls == calls + 1  # the whole frame again: one pass, no crop


@pytest.mark.slow
def test_blazepose_finds_one_of_two_people_standing_side_by_side() -> None:
    # A sample clip beside itself: BlazePose's whole-frame pass alone finds no one in such frames.
    clip = Path(__file__).resolve().parents[2] / "sample_videos" / "split-squat_correct_right_yaw0.mp4"
    capture = cv2.VideoCapture(str(clip))
    capture.set(cv2.CAP_PROP_POS_MSEC, 20_000)
    ok, image = capture.read()
    capture.release()
    assert ok
    pair = np.hstack([image, image])
    with create_estimator(mode="video", segmentation=False) as estimator:
        assert estimator.wrapped.estimate(Frame(0, 0.0, pair)) is None  # the problem itself
        estimator.wrapped.reset()
        poses = [estimator.estimate(Frame(i, i / 15, pair)) for i in range(5)]
        assert all(p is not None for p in poses)
        assert estimator.others_present
    width = image.shape[1]
    hips = poses[-1].landmarks_px[[int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP)], 0].mean()
    with create_estimator(mode="image", segmentation=False) as alone:
        single = alone.estimate(Frame(0, 0.0, image))
    assert single is not None
    single_hips = single.landmarks_px[[int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP)], 0].mean()
    # the person found is one of the two copies, at the same place within its copy (a few px)
    assert min(abs(hips - single_hips), abs(hips - width - single_hips)) < 6


def test_a_body_cut_by_a_search_window_is_not_taken() -> None:
    # given: a lying "person" wider than either search window, beside a small second one, so the
    # whole-frame pass gives no one and each window shows only a cut piece of the long body
    estimator, _, made = focus()
    image = scene(1000, [(100, 600, 30), (900, 10, 40)])
    poses = [estimator.estimate(Frame(i, i / 10, image)) for i in range(SEARCH_EVERY_FRAMES + 1)]
    # then: the left window's piece (cut at its right edge) is not taken: no pose, as before
    assert made and made[0].calls > 0
    assert poses == [None] * len(poses)
