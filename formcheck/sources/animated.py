"""Animated images (WebP, APNG) as clips, decoded by Pillow: FFmpeg, and so OpenCV, reads neither's
animation (an animated WebP does not open at all), while phones and messengers share short clips
that way.

Each frame lasts its own stored duration, so timestamps are the sum of the durations before it; the
rate reported is the mean one. A one-frame WebP or PNG stays a photo (``StillSource``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence

from formcheck.errors import SourceUnreadable
from formcheck.sources.base import FrameSource
from formcheck.sources.capture import FrameTransform, frame_stride, scaled_size
from formcheck.types import Frame, StoppedEarly

# Formats whose frames carry durations: an animation. (A multi-page TIFF is pages, not time.)
ANIMATED_FORMATS = ("WEBP", "PNG")
# A frame without a stored duration (or 0 ms, which browsers show at about 10 fps) lasts this long.
DEFAULT_FRAME_MS = 100.0
_DECODE_ERRORS = (OSError, EOFError, ValueError, SyntaxError)


def is_animation(path: Path) -> bool:
    """More than one frame in a format whose frames are moments in time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(path) as image:
                return image.format in ANIMATED_FORMATS and getattr(image, "n_frames", 1) > 1
        except (Image.UnidentifiedImageError, *_DECODE_ERRORS):
            return False  # the still path gives the precise error


class AnimatedImageSource(FrameSource):
    """The frames of an animated WebP or APNG, upright and scaled like a video's."""

    def __init__(self, path: Path, *, max_fps: float | None = None, resize: int | None = None) -> None:
        try:
            image = Image.open(path)
            durations_ms = [_duration_ms(frame) for frame in ImageSequence.Iterator(image)]
            image.seek(0)
        except _DECODE_ERRORS as error:
            raise SourceUnreadable(f"cannot read {path}: the animation is damaged ({error})") from None
        self._image = image
        self._starts_s = np.concatenate([[0.0], np.cumsum(durations_ms)[:-1]]) / 1000.0
        source_fps = 1000.0 * len(durations_ms) / sum(durations_ms)
        self._stride = frame_stride(source_fps, max_fps)
        self.original_size = image.size
        self._transform = FrameTransform(0, scaled_size(image.size, resize))
        self.name = str(path)
        self.fps = source_fps / self._stride
        self.size = self._transform.out_size
        self.frame_count = math.ceil(len(durations_ms) / self._stride)
        self.is_live = False
        self.stopped_early: StoppedEarly | None = None

    def __iter__(self) -> Iterator[Frame]:
        if self._image is None:
            raise RuntimeError(f"{self.name}: a frame source can be read only once")
        image, self._image = self._image, None
        with image:
            for index in range(0, len(self._starts_s), self._stride):
                try:
                    image.seek(index)
                    rgb = np.asarray(image.convert("RGB"))
                except _DECODE_ERRORS as error:
                    self.stopped_early = StoppedEarly(
                        round(float(self._starts_s[index]), 3), index, str(error)
                    )
                    return
                bgr = np.ascontiguousarray(rgb[:, :, ::-1])
                yield Frame(
                    index=index, timestamp_s=float(self._starts_s[index]), image=self._transform.apply(bgr)
                )

    def close(self) -> None:
        if self._image is not None:
            self._image.close()
            self._image = None


def _duration_ms(frame: Image.Image) -> float:
    # Pillow sets a WebP frame's duration only once the frame is decoded; the durations pass decodes
    # every frame once before the frames are delivered (the rate must be known on opening).
    frame.load()
    duration = frame.info.get("duration") or 0
    return float(duration) if duration > 0 else DEFAULT_FRAME_MS
