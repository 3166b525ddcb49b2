"""Every pose backend obeys the same contract, checked on a real photo of a split squat.

The reference points below were read by eye off ``bss_gym_side_01.jpg`` (678 x 848, frame 60 of
the clip): a woman in a split squat facing image-left, front foot on the floor at the left, rear
foot on a bench at the right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.landmarks import NUM_LANDMARKS
from formcheck.landmarks import PoseLandmark as L
from formcheck.pose import create_estimator
from formcheck.pose.base import PoseEstimator
from formcheck.pose.replay import ReplayEstimator
from formcheck.types import Frame, Pose

PERSON_BOX = (180, 330, 600, 840)  # x0, y0, x1, y1: the whole body, read off the photo
# (landmark, (x, y) read off the photo, tolerance px)
REFERENCE_POINTS = [
    (L.LEFT_KNEE, (228, 643), 40),  # front knee, camera-near
    (L.LEFT_ANKLE, (262, 795), 40),
    (L.RIGHT_KNEE, (428, 752), 45),  # rear knee, low near the floor
    (L.RIGHT_ANKLE, (505, 625), 50),  # rear foot on the bench
    (L.NOSE, (222, 415), 40),
]


@pytest.fixture(scope="module")
def gym_frame(realclips_dir: Path) -> Frame:
    image = cv2.imread(str(realclips_dir / "bss_gym_side_01.jpg"))
    assert image is not None and image.shape == (848, 678, 3)
    return Frame(index=0, timestamp_s=0.0, image=image)


@pytest.fixture(scope="module")
def wheel_task(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from formcheck.pose.mediapipe_backend import build_task_from_bundled_model

    return build_task_from_bundled_model(tmp_path_factory.mktemp("models") / "blazepose_full_from_wheel.task")


BACKENDS = [
    "blazepose-full/video",
    "blazepose-full/image",
    "tasks-from-wheel/video",
    "tasks-from-wheel/image",
]


def _open_backend(kind: str, wheel_task: Path) -> PoseEstimator:
    model, mode = kind.split("/")
    if model == "blazepose-full":
        return create_estimator("blazepose-full", mode=mode, segmentation=True)
    return create_estimator(model_path=wheel_task, mode=mode, segmentation=True)


@pytest.fixture(scope="module", params=BACKENDS)
def gym_pose(request: pytest.FixtureRequest, gym_frame: Frame, wheel_task: Path) -> Iterator[Pose]:
    with _open_backend(request.param, wheel_task) as estimator:
        assert isinstance(estimator, PoseEstimator)
        pose = estimator.estimate(gym_frame)
    assert pose is not None
    yield pose


def test_a_pose_has_33_pixel_landmarks_with_visibility_and_depth(gym_pose: Pose) -> None:
    assert gym_pose.landmarks_px.shape == (NUM_LANDMARKS, 2)
    assert gym_pose.visibility.shape == (NUM_LANDMARKS,) and gym_pose.depth_px.shape == (NUM_LANDMARKS,)
    assert np.all((gym_pose.visibility >= 0) & (gym_pose.visibility <= 1))
    assert gym_pose.image_size == (678, 848)


def test_every_landmark_lies_on_the_person_inside_the_frame(gym_pose: Pose) -> None:
    x0, y0, x1, y1 = PERSON_BOX
    xs, ys = gym_pose.landmarks_px[:, 0], gym_pose.landmarks_px[:, 1]
    assert np.all((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1))


@pytest.mark.parametrize(("landmark", "expected", "tolerance_px"), REFERENCE_POINTS)
def test_joints_land_where_they_are_in_the_photo(
    gym_pose: Pose, landmark: L, expected: tuple[int, int], tolerance_px: float
) -> None:
    assert np.linalg.norm(gym_pose.point(landmark) - np.array(expected)) < tolerance_px


def test_the_mask_has_the_frame_size_and_covers_the_person_not_the_gym(gym_pose: Pose) -> None:
    assert gym_pose.mask is not None
    assert gym_pose.mask.shape == (848, 678) and gym_pose.mask.dtype == np.float32
    x0, y0, x1, y1 = PERSON_BOX
    inside = gym_pose.mask[y0:y1, x0:x1]
    outside = gym_pose.mask.copy()
    outside[y0:y1, x0:x1] = np.nan
    assert float(inside.mean()) > 0.3
    assert float(np.nanmean(outside)) < 0.02


def test_world_landmarks_are_in_metres(gym_pose: Pose) -> None:
    assert gym_pose.world_m is not None and gym_pose.world_m.shape == (NUM_LANDMARKS, 3)
    world = gym_pose.world_m
    thigh_m = np.linalg.norm(world[L.LEFT_HIP] - world[L.LEFT_KNEE])
    shin_m = np.linalg.norm(world[L.LEFT_KNEE] - world[L.LEFT_ANKLE])
    assert 0.25 < thigh_m < 0.6 and 0.25 < shin_m < 0.6  # an adult's thigh and shin


def test_pixel_coordinates_keep_the_aspect_ratio_of_a_wide_frame(gym_frame: Frame) -> None:
    # The same photo on a canvas twice as wide: if x were scaled by the height (or normalised
    # coordinates used as if square) every x would move; in true pixels nothing moves.
    height, width = gym_frame.image.shape[:2]
    wide = np.zeros((height, width * 2, 3), np.uint8)
    wide[:, :width] = gym_frame.image
    with create_estimator(mode="image", segmentation=False) as estimator:
        original = estimator.estimate(gym_frame)
        widened = estimator.estimate(Frame(index=1, timestamp_s=1.0, image=wide))
    assert original is not None and widened is not None
    assert widened.image_size == (width * 2, height)
    hips_knees = [L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE]
    shift = np.linalg.norm(widened.landmarks_px[hips_knees] - original.landmarks_px[hips_knees], axis=1)
    assert shift.max() < 15
    assert widened.mask is None


def test_an_empty_room_has_no_pose() -> None:
    blank = Frame(index=0, timestamp_s=0.0, image=np.full((480, 640, 3), 90, np.uint8))
    with create_estimator(mode="image", segmentation=False) as estimator:
        assert estimator.estimate(blank) is None


def test_video_mode_tracks_through_repeated_timestamps(gym_frame: Frame) -> None:
    # Frames with equal timestamps (a container glitch) must not break MediaPipe's graph.
    with create_estimator(mode="video", segmentation=False) as estimator:
        poses = [estimator.estimate(Frame(index=i, timestamp_s=0.5, image=gym_frame.image)) for i in range(3)]
    assert all(pose is not None for pose in poses)


def test_the_replay_backend_obeys_the_same_protocol(gym_pose: Pose) -> None:
    replay = ReplayEstimator({0: gym_pose, 1: None})
    assert isinstance(replay, PoseEstimator)
    image = np.zeros((848, 678, 3), np.uint8)
    with replay:
        assert replay.estimate(Frame(0, 0.0, image)) is gym_pose
        assert replay.estimate(Frame(1, 0.1, image)) is None
        assert replay.estimate(Frame(7, 0.7, image)) is None
    with pytest.raises(KeyError):
        ReplayEstimator({}, strict=True).estimate(Frame(3, 0.3, image))


def test_the_bundled_backend_hands_mediapipe_the_frames_own_timestamps(gym_frame: Frame) -> None:
    # MediaPipe's legacy API would stamp packets 33.3 ms apart whatever the real frame rate; its
    # landmark filter then mis-times a strided or variable-rate clip. Pinned to mediapipe 0.10.21.
    with create_estimator(mode="video", segmentation=False) as estimator:
        estimator.estimate(Frame(index=0, timestamp_s=0.0, image=gym_frame.image))
        estimator.estimate(Frame(index=5, timestamp_s=2.5, image=gym_frame.image))
        assert estimator.wrapped._solution._simulated_timestamp == 2_500_000  # microseconds
