"""Video files, cameras and streams, all read through OpenCV's ``VideoCapture``.

One frame is decoded at a time and handed on, so memory stays flat however long the video is.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# OpenCV and its FFmpeg print a line for every damaged packet and every probed camera. formcheck
# reports damage itself (``stopped_early``, one-line errors), so keep the terminal readable. Both
# variables are read when OpenCV first logs, so setting them here (before any capture) is enough;
# a user who wants the noise back sets them in the environment.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET
os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")

import cv2  # noqa: E402  (after the logging variables above)

from formcheck.sources.base import FrameSource  # noqa: E402
from formcheck.sources.spec import SourceKind, SourceSpec  # noqa: E402
from formcheck.types import Frame, StoppedEarly  # noqa: E402

# When the container says nothing about its rate (some cameras, some streams).
FALLBACK_FPS = 30.0
# A file counts as cut short when it ends more than this many frames before the frame count its
# header announces (containers that estimate the count from the duration are off by a frame or so).
EARLY_END_TOLERANCE_FRAMES = 2
EARLY_END_TOLERANCE_FRACTION = 0.01
STREAM_TIMEOUT_MS = 10_000
# Frames are scaled down at decode so that their longer side is at most this. BlazePose sees the
# person through a 224x224 detector and a 256x256 landmark window, and its person mask is 256x256,
# so more pixels add no accuracy, only memory: a 4000x3000 frame is 36 MB per copy, and the mask
# (float32, resized to the frame) 48 MB more; analysing such a clip took 1.6 GB. Peak RSS of
# `formcheck analyze` measured on 3-s clips: a 1920x1080 phone clip 697 MB at a 1920 cap, 537 MB at
# 1280. The landmarks and the mask come from 256x256 crops either way, so 1280 px still gives the
# crop more pixels than it uses for any person filling a fifth of the frame.
MAX_FRAME_SIDE_PX = 1280
# Above this many stored pixels a file is decoded on one thread. FFmpeg's frame threads each hold
# pictures in flight: at 4000x3000 (18 MB a picture) two threads held ~40 MB more than one, and
# decoded no faster on a busy machine (12 against 14 frames/s here), while posing a frame takes
# longer than decoding one. Smaller files keep FFmpeg's default, so usual clips decode as before.
SINGLE_THREAD_DECODE_PIXELS = 2560 * 1440

# OpenCV's CAP_PROP_ORIENTATION_META is the clockwise rotation that makes the picture upright.
_CLOCKWISE_ROTATIONS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


@dataclass(frozen=True, slots=True)
class FrameTransform:
    """Rotation (from the container's metadata) then scaling, applied to every decoded image."""

    rotation_cw_deg: int
    out_size: tuple[int, int]  # (width, height) of delivered frames

    def apply(self, image: np.ndarray) -> np.ndarray:
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        elif image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
        if self.rotation_cw_deg in _CLOCKWISE_ROTATIONS:
            image = cv2.rotate(image, _CLOCKWISE_ROTATIONS[self.rotation_cw_deg])
        width, height = self.out_size
        if image.shape[1] != width or image.shape[0] != height:
            shrinking = image.shape[1] > width
            interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
            image = cv2.resize(image, (width, height), interpolation=interpolation)
        return image


def upright_size(width: int, height: int, rotation_cw_deg: int) -> tuple[int, int]:
    return (height, width) if rotation_cw_deg in (90, 270) else (width, height)


def scaled_size(size: tuple[int, int], longer_side_px: int | None) -> tuple[int, int]:
    """The size whose longer side is ``longer_side_px``, aspect ratio kept (None: unchanged).

    Never larger than ``MAX_FRAME_SIDE_PX`` on its longer side: bigger frames (and ``resize`` values)
    are scaled to that. Both axes scale by the same factor, so no angle in pixel space changes.
    """
    if longer_side_px is not None and longer_side_px <= 0:
        raise ValueError(f"resize must be a positive number of pixels, got {longer_side_px}")
    width, height = size
    if longer_side_px is None:
        if max(width, height) <= MAX_FRAME_SIDE_PX:
            return size
        longer_side_px = MAX_FRAME_SIDE_PX
    longer_side_px = min(longer_side_px, MAX_FRAME_SIDE_PX)
    scale = longer_side_px / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def frame_stride(source_fps: float, max_fps: float | None) -> int:
    """Keep every n-th frame so that at most ``max_fps`` frames per second are delivered."""
    if max_fps is None:
        return 1
    if not max_fps > 0:
        raise ValueError(f"max_fps must be positive, got {max_fps}")
    return max(1, math.ceil(source_fps / max_fps - 1e-6))


class SourceClock:
    """Timestamps from the source, repaired where it gives nothing or goes backwards.

    The source's own times (``CAP_PROP_POS_MSEC``: a file's or a stream's presentation times, a
    V4L2 camera's buffer times) are used when they increase; a non-increasing or missing value is
    replaced by the last good time plus the frames since at the nominal rate. Times start at 0 at
    the first frame. A live source whose clock does not advance between its first two frames
    (many cameras report nothing) is timed by the wall clock at the moment each frame arrives.
    """

    def __init__(self, fps: float, live: bool) -> None:
        self.fps = fps
        self.live = live
        self._use_wall_clock: bool | None = None if live else False  # None: decided at frame 2
        self._origin_container = math.nan
        self._origin_wall = 0.0
        self._last_t: float | None = None
        self._last_index = 0

    def stamp(self, index: int, container_ms: float) -> float:
        wall = time.monotonic()
        container = container_ms / 1000.0 if math.isfinite(container_ms) and container_ms >= 0 else math.nan
        if self._last_t is None:
            self._origin_container, self._origin_wall = container, wall
            t = 0.0 if not math.isnan(container) or self.live else index / self.fps
        else:
            if self._use_wall_clock is None:
                self._use_wall_clock = not container > self._origin_container  # NaN compares False
            if self._use_wall_clock:
                t = wall - self._origin_wall
            else:
                t = container - (0.0 if math.isnan(self._origin_container) else self._origin_container)
            if not t > self._last_t:  # also catches NaN
                t = self._last_t + (index - self._last_index) / self.fps
        self._last_t, self._last_index = t, index
        return t

    @property
    def last_t(self) -> float:
        return 0.0 if self._last_t is None else self._last_t


class CaptureSource(FrameSource):
    """A :class:`FrameSource` on an opened ``cv2.VideoCapture`` whose first frame was decoded."""

    def __init__(
        self,
        capture: cv2.VideoCapture,
        spec: SourceSpec,
        first_image: np.ndarray,
        *,
        max_fps: float | None,
        resize: int | None,
    ) -> None:
        self._capture = capture
        self.name = spec.display_name
        container_count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        # A file that announces no frame count (a raw .h264 elementary stream from a Pi camera) is
        # still a file: timed by its own frames, ended by its end, never by the wall clock.
        self.is_live = (
            spec.kind is SourceKind.CAMERA
            or spec.is_live_scheme
            or (spec.kind is SourceKind.STREAM and container_count <= 0)
        )
        source_fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        self.source_fps = source_fps if 0 < source_fps < 1000 else FALLBACK_FPS
        self._stride = frame_stride(self.source_fps, max_fps)
        self.fps = self.source_fps / self._stride
        self._container_count = None if self.is_live or container_count <= 0 else container_count
        self.frame_count = (
            None if self._container_count is None else math.ceil(container_count / self._stride)
        )
        rotation = int(round(capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0)) % 360
        height, width = first_image.shape[:2]
        self.original_size = upright_size(width, height, rotation)
        self._transform = FrameTransform(rotation, scaled_size(self.original_size, resize))
        self.size = self._transform.out_size
        self.stopped_early: StoppedEarly | None = None
        self._clock = SourceClock(self.source_fps, self.is_live)
        # Scaled now: the decoded picture (36 MB at 4000x3000) is not kept while the model loads.
        first_frame = self._transform.apply(first_image)
        self._first = (first_frame, self._clock.stamp(0, capture.get(cv2.CAP_PROP_POS_MSEC)))
        self._decode_buffer: np.ndarray | None = None
        self._started = False

    @property
    def rotation_deg(self) -> int:
        """The clockwise rotation applied to make frames upright (from the container's metadata)."""
        return self._transform.rotation_cw_deg

    def __iter__(self) -> Iterator[Frame]:
        if self._started:
            raise RuntimeError(f"{self.name}: a frame source can be read only once")
        self._started = True
        return self._frames()

    def _frames(self) -> Iterator[Frame]:
        image, t = self._first
        self._first = None  # type: ignore[assignment]  (do not keep the first image alive)
        index = 0
        while image is not None:
            yield Frame(index=index, timestamp_s=t, image=image)
            index, image, t = self._advance(index)

    def _advance(self, index: int) -> tuple[int, np.ndarray | None, float]:
        """Skip ``stride - 1`` frames, decode the next one (upright, scaled); ``image`` None at the end."""
        for step in range(1, self._stride + 1):
            next_index = index + step
            try:
                ok = self._capture.grab()
                image = self._retrieve() if ok and step == self._stride else None
            except cv2.error as error:  # a decoder crash mid-file: treat like damage
                self._note_end(next_index, f"decoder error: {error}".splitlines()[0])
                return next_index, None, 0.0
            if not ok or (step == self._stride and image is None):
                self._note_end(next_index, None)
                return next_index, None, 0.0
            t = self._clock.stamp(next_index, self._capture.get(cv2.CAP_PROP_POS_MSEC))
        return next_index, image, t

    def _retrieve(self) -> np.ndarray | None:
        """The next picture, upright and scaled (None when it cannot be decoded).

        When frames are scaled down every picture is decoded into the same buffer: the scaled
        frame is a new array, so the decoded one is dead once scaled. At 4000x3000 that is 36 MB
        neither allocated per frame nor held twice while the next is decoded. An unscaled frame
        *is* the decoded array, so it gets a fresh one.
        """
        if self.size == self.original_size:
            image = self._capture.retrieve()[1]
        else:
            image = self._capture.retrieve(self._decode_buffer)[1]
            if image is not None and image.size > 0:
                self._decode_buffer = image
        if image is None or image.size == 0:  # 0 pixels: a frame a segment skips (sources/segment.py)
            return image
        return self._transform.apply(image)

    def _note_end(self, next_index: int, reason: str | None) -> None:
        """Decide whether the end of frames at ``next_index`` is the real end or damage."""
        at_s = self._clock.last_t + 1.0 / self.source_fps
        if self.is_live:
            reason = reason or "the camera or stream stopped delivering frames"
        elif reason is None:
            expected = self._container_count or 0
            tolerance = max(EARLY_END_TOLERANCE_FRAMES, EARLY_END_TOLERANCE_FRACTION * expected)
            # OpenCV derives the count from duration x nominal rate when the container has no
            # frame index (mkv, webm), so variable-rate files "lack" frames: compare times too.
            expected_duration_s = expected / self.source_fps
            if (
                next_index >= expected - tolerance
                or at_s >= expected_duration_s - tolerance / self.source_fps
            ):
                return  # the normal end of the file
            reason = (
                f"could not decode frame {next_index} of the {expected} the file announces "
                "(truncated or corrupt from there on)"
            )
        self.stopped_early = StoppedEarly(at_s=round(at_s, 3), frame_index=next_index, reason=reason)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None  # type: ignore[assignment]


def open_capture(spec: SourceSpec) -> cv2.VideoCapture:
    """Open the capture without reading (the caller checks ``isOpened()``)."""
    if spec.kind is SourceKind.CAMERA:
        capture = cv2.VideoCapture(int(spec.target))
    elif spec.kind is SourceKind.STREAM:
        timeouts = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            STREAM_TIMEOUT_MS,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            STREAM_TIMEOUT_MS,
        ]
        capture = cv2.VideoCapture(str(spec.target), cv2.CAP_FFMPEG, timeouts)
    else:
        # FFmpeg explicitly: CAP_ANY would let the image-sequence reader claim paths with a '%'.
        capture = cv2.VideoCapture(str(spec.target), cv2.CAP_FFMPEG)
        if capture.isOpened() and _stored_pixels(capture) > SINGLE_THREAD_DECODE_PIXELS:
            capture.release()
            capture = cv2.VideoCapture(str(spec.target), cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
    if capture.isOpened():
        # Rotation is applied by FrameTransform from the metadata, so switch OpenCV's own off and
        # never rotate twice whatever this OpenCV build's default is.
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 0)
    return capture


def _stored_pixels(capture: cv2.VideoCapture) -> float:
    """Pixels per frame as the container stores them (0 when it does not say)."""
    pixels = capture.get(cv2.CAP_PROP_FRAME_WIDTH) * capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
    return pixels if math.isfinite(pixels) else 0.0


def announced_frame_count(capture: cv2.VideoCapture) -> int:
    """The frame count the container's header announces (0 when it says nothing)."""
    try:
        count = capture.get(cv2.CAP_PROP_FRAME_COUNT)
    except cv2.error:
        return 0
    return int(count) if math.isfinite(count) and count > 0 else 0


def read_first_image(
    capture: cv2.VideoCapture, *, attempts: int = 1, wait_s: float = 0.05
) -> np.ndarray | None:
    """The first decodable image; cameras get several ``attempts`` (many deliver nothing while waking up)."""
    for attempt in range(attempts):
        try:
            ok, image = capture.read()
        except cv2.error:
            return None
        if ok and image is not None and image.size > 0:
            return image
        if attempt + 1 < attempts:
            time.sleep(wait_s)
    return None
