"""BlazePose through MediaPipe: the bundled full model (legacy API) or a Tasks ``.task`` bundle.

The only module that imports mediapipe. Both backends return :class:`formcheck.types.Pose` with
landmarks in the frame's own pixels (x * width, y * height: never the 0..1 coordinates, which
would shear every angle on a non-square frame), relative depth in pixels (z * width, MediaPipe's
own scale for z), world landmarks in metres and, when asked, the person mask at frame size.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

# MediaPipe's C++ side logs through glog/absl and TF Lite straight to file descriptor 2; these
# quiet what they can before the import, and ``_native_logs_quieted`` catches the rest.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
SHOW_NATIVE_LOGS_ENV = "FORMCHECK_NATIVE_LOGS"  # =1 lets MediaPipe's own log lines through

import cv2  # noqa: E402
import mediapipe as mp  # noqa: E402

with contextlib.suppress(ImportError):  # absl comes with mediapipe; quiet its Python logger too
    from absl import logging as absl_logging

    absl_logging.set_verbosity(absl_logging.ERROR)

from formcheck.errors import ModelUnavailable  # noqa: E402
from formcheck.landmarks import NUM_LANDMARKS  # noqa: E402
from formcheck.pose.models import bundled_full_model_path  # noqa: E402
from formcheck.types import Frame, Pose  # noqa: E402

VIDEO = "video"
IMAGE = "image"
DEFAULT_MIN_DETECTION_CONFIDENCE = 0.5
DEFAULT_MIN_TRACKING_CONFIDENCE = 0.5
# BlazePose full in the legacy API is model_complexity=1 (0 = lite, 2 = heavy; both downloaded on
# first use, which formcheck never does).
_FULL_MODEL_COMPLEXITY = 1


@contextlib.contextmanager
def _native_logs_quieted() -> Iterator[None]:
    """Send file descriptor 2 to a scratch file while MediaPipe builds graphs and warms up.

    Its C++ code prints INFO/WARNING lines ("Created TensorFlow Lite XNNPACK delegate",
    "Feedback manager requires a model...") that no environment variable reliably silences.
    On an exception the captured lines are attached to it as a note (shown with a traceback,
    never in the one-line message the CLI prints for user errors).
    """
    if os.environ.get(SHOW_NATIVE_LOGS_ENV) == "1":
        yield
        return
    try:
        sys.stderr.flush()
        saved_fd = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no usable stderr (a GUI launcher, a daemon)
        yield
        return
    with tempfile.TemporaryFile() as scratch:
        os.dup2(scratch.fileno(), 2)
        try:
            yield
        except BaseException as error:
            os.dup2(saved_fd, 2)
            scratch.seek(0)
            captured = scratch.read().decode("utf-8", "replace").strip()
            if captured and hasattr(error, "add_note"):  # Python 3.11+
                error.add_note(f"MediaPipe's log:\n{captured}")
            raise
        finally:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)


def pose_from_landmarks(
    landmarks: Sequence[Any],
    world_landmarks: Sequence[Any] | None,
    mask: np.ndarray | None,
    image_size: tuple[int, int],
) -> Pose:
    """MediaPipe's normalised landmarks -> a :class:`Pose` in the frame's pixels."""
    width, height = image_size
    if len(landmarks) != NUM_LANDMARKS:
        raise ValueError(f"expected {NUM_LANDMARKS} landmarks, got {len(landmarks)}")
    normalised = np.array([(lm.x, lm.y, lm.z, lm.visibility) for lm in landmarks], dtype=np.float64)
    landmarks_px = normalised[:, :2] * np.array([width, height], dtype=np.float64)
    depth_px = normalised[:, 2] * width  # MediaPipe: z uses roughly the same scale as x
    visibility = np.clip(normalised[:, 3], 0.0, 1.0)
    world_m = None
    if world_landmarks is not None and len(world_landmarks) == NUM_LANDMARKS:
        world_m = np.array([(lm.x, lm.y, lm.z) for lm in world_landmarks], dtype=np.float64)
    if mask is not None:
        mask = np.asarray(mask, dtype=np.float32)
        if mask.ndim == 3:
            mask = mask[:, :, 0]
        if mask.shape != (height, width):
            mask = cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)
    return Pose(
        landmarks_px=landmarks_px,
        visibility=visibility,
        depth_px=depth_px,
        image_size=(width, height),
        world_m=world_m,
        mask=mask,
    )


class _MonotonicClock:
    """Strictly increasing integer timestamps from frame times, as MediaPipe's graphs demand."""

    def __init__(self, unit_per_s: float) -> None:
        self._unit_per_s = unit_per_s
        self._last: int | None = None

    def tick(self, timestamp_s: float) -> int:
        value = int(round(timestamp_s * self._unit_per_s))
        if self._last is not None and value <= self._last:
            value = self._last + 1
        self._last = value
        return value


def _check_mode(mode: str) -> str:
    if mode not in (VIDEO, IMAGE):
        raise ValueError(f"mode must be {VIDEO!r} or {IMAGE!r}, got {mode!r}")
    return mode


class BlazePoseEstimator:
    """BlazePose full from the mediapipe wheel (``mp.solutions.pose``), one person per frame.

    ``video`` mode tracks the person from frame to frame (``static_image_mode=False``) and feeds
    MediaPipe the frames' own timestamps, so its landmark filter sees real time steps even with a
    frame stride; ``image`` mode detects afresh in every frame.
    """

    name = "blazepose-full"

    def __init__(
        self,
        *,
        mode: str = VIDEO,
        segmentation: bool = True,
        smooth_landmarks: bool = True,
        min_detection_confidence: float = DEFAULT_MIN_DETECTION_CONFIDENCE,
        min_tracking_confidence: float = DEFAULT_MIN_TRACKING_CONFIDENCE,
    ) -> None:
        model = bundled_full_model_path()
        if model is None or not model.exists():
            raise ModelUnavailable("the BlazePose full model is missing from the mediapipe package")
        self.mode = _check_mode(mode)
        self.segmentation = segmentation
        self._clock = _MonotonicClock(unit_per_s=1e6)  # MediaPipe timestamps are microseconds
        self._warmed_up = False
        with _native_logs_quieted():
            self._solution = mp.solutions.pose.Pose(
                static_image_mode=mode == IMAGE,
                model_complexity=_FULL_MODEL_COMPLEXITY,
                smooth_landmarks=smooth_landmarks,
                enable_segmentation=segmentation,
                smooth_segmentation=segmentation and mode == VIDEO,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
            # The graph opens its calculators (loading TF Lite, which logs) on its own threads
            # after the constructor returns: wait for that here, while the logs are quieted.
            self._solution._graph.wait_until_idle()

    def estimate(self, frame: Frame) -> Pose | None:
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        # SolutionBase.process() stamps each packet with its own counter plus 33333 us (a fake
        # 30 fps); setting the counter first makes the packet carry the frame's real time.
        self._solution._simulated_timestamp = self._clock.tick(frame.timestamp_s) - 33333
        if self._warmed_up:
            results = self._solution.process(rgb)
        else:
            with _native_logs_quieted():  # the first inference prints its own warnings
                results = self._solution.process(rgb)
            self._warmed_up = True
        try:
            if results.pose_landmarks is None:
                return None
            world = results.pose_world_landmarks.landmark if results.pose_world_landmarks else None
            mask = results.segmentation_mask if self.segmentation else None
            return pose_from_landmarks(results.pose_landmarks.landmark, world, mask, frame.size)
        finally:
            # process() returns a class made for the call, its outputs set as class attributes; a
            # class sits in a reference cycle, so they (a frame-sized mask) would stay until the
            # cyclic garbage collector runs, ~25 frames later: ~120 MB at 1280x960.
            for name in results._fields:
                setattr(results, name, None)

    def reset(self) -> None:
        """Forget tracking state and timestamps, as if newly created (cheap: the weights stay loaded).

        For running one estimator over several clips: without it the second clip would start
        with the first one's tracked person and have to continue its timestamps.
        """
        with _native_logs_quieted():  # reopening the graph reloads the models, which logs again
            self._solution.reset()
            self._solution._graph.wait_until_idle()
        self._solution._simulated_timestamp = 0
        self._clock = _MonotonicClock(unit_per_s=1e6)
        self._warmed_up = False

    def close(self) -> None:
        if self._solution is not None:
            self._solution.close()
            self._solution = None  # type: ignore[assignment]

    def __enter__(self) -> BlazePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TasksPoseEstimator:
    """A MediaPipe Tasks ``PoseLandmarker`` loaded from a ``.task`` bundle (lite, full or heavy)."""

    def __init__(
        self,
        model_path: Path,
        *,
        mode: str = VIDEO,
        segmentation: bool = True,
        min_detection_confidence: float = DEFAULT_MIN_DETECTION_CONFIDENCE,
        min_tracking_confidence: float = DEFAULT_MIN_TRACKING_CONFIDENCE,
    ) -> None:
        from mediapipe.tasks.python import BaseOptions, vision

        model_path = Path(model_path)
        if not model_path.is_file():
            raise ModelUnavailable(f"no model file at {model_path}")
        self.name = model_path.stem
        self.mode = _check_mode(mode)
        self.segmentation = segmentation
        self._clock = _MonotonicClock(unit_per_s=1e3)  # Tasks timestamps are integer milliseconds
        self._options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=vision.RunningMode.VIDEO if mode == VIDEO else vision.RunningMode.IMAGE,
            num_poses=1,
            min_pose_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
            output_segmentation_masks=segmentation,
        )
        self._model_path = model_path
        self._landmarker = self._create_landmarker()

    def _create_landmarker(self) -> Any:
        from mediapipe.tasks.python import vision

        try:
            with _native_logs_quieted():
                return vision.PoseLandmarker.create_from_options(self._options)
        except (RuntimeError, ValueError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelUnavailable(
                f"cannot load {self._model_path} as a MediaPipe pose model: {first_line}"
            ) from None

    def reset(self) -> None:
        """Forget tracking state and timestamps (the Tasks API has no reset: a new landmarker)."""
        self.close()
        self._landmarker = self._create_landmarker()
        self._clock = _MonotonicClock(unit_per_s=1e3)

    def estimate(self, frame: Frame) -> Pose | None:
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if self.mode == VIDEO:
            result = self._landmarker.detect_for_video(image, self._clock.tick(frame.timestamp_s))
        else:
            result = self._landmarker.detect(image)
        if not result.pose_landmarks:
            return None
        world = result.pose_world_landmarks[0] if result.pose_world_landmarks else None
        mask = None
        if self.segmentation and result.segmentation_masks:
            mask = result.segmentation_masks[0].numpy_view().copy()
        return pose_from_landmarks(result.pose_landmarks[0], world, mask, frame.size)

    def close(self) -> None:
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None  # type: ignore[assignment]

    def __enter__(self) -> TasksPoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_task_from_bundled_model(out_path: Path) -> Path:
    """Pack the wheel's BlazePose detector + full landmark model into a Tasks ``.task`` bundle.

    Google's ``pose_landmarker_full.task`` holds the same two networks plus metadata saying how to
    normalise input pixels ([-1, 1] for the detector, [0, 1] for the landmark model). Writing that
    metadata here gives a working bundle without any download: it lets the Tasks path be tested
    (and compared with the legacy one) on a machine that cannot fetch Google's files.
    """
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer, writer_utils

    landmark_model = bundled_full_model_path()
    if landmark_model is None or not landmark_model.exists():
        raise ModelUnavailable("the BlazePose full model is missing from the mediapipe package")
    detector_model = landmark_model.parents[1] / "pose_detection" / "pose_detection.tflite"

    def with_metadata(model: Path, name: str, mean: float, std: float) -> bytes:
        buffer = bytearray(model.read_bytes())
        writer = metadata_writer.MetadataWriter.create(buffer).add_general_info(name)
        writer.add_image_input(norm_mean=[mean], norm_std=[std])
        for _ in writer_utils.get_output_tensor_types(buffer):
            writer.add_feature_output()
        return bytes(writer.populate()[0])

    out_path = Path(out_path)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("pose_detector.tflite", with_metadata(detector_model, "pose_detector", 127.5, 127.5))
        bundle.writestr(
            "pose_landmarks_detector.tflite",
            with_metadata(landmark_model, "pose_landmarks_detector", 0.0, 255.0),
        )
    return out_path
