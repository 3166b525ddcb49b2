"""A photo as a one-frame source (the pose backend's image mode is meant for these)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")

import cv2  # noqa: E402

from formcheck.errors import SourceUnreadable  # noqa: E402
from formcheck.sources.base import FrameSource  # noqa: E402
from formcheck.sources.capture import FrameTransform, scaled_size  # noqa: E402
from formcheck.types import Frame  # noqa: E402

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
# A still has no rate; 1 frame per second makes its single frame last one second in reports.
STILL_FPS = 1.0


class StillSource(FrameSource):
    """One upright frame from a photo: ``cv2.imread`` applies the EXIF orientation of phone photos."""

    is_still = True

    def __init__(self, path: Path, *, resize: int | None = None) -> None:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise SourceUnreadable(f"cannot read {path}: not an image, or the file is corrupt")
        height, width = image.shape[:2]
        transform = FrameTransform(0, scaled_size((width, height), resize))
        self._image = transform.apply(image)
        self.name = str(path)
        self.fps = STILL_FPS
        self.size = transform.out_size
        self.frame_count = 1
        self.is_live = False
        self.stopped_early = None

    def __iter__(self) -> Iterator[Frame]:
        if self._image is None:
            raise RuntimeError(f"{self.name}: a frame source can be read only once")
        image, self._image = self._image, None
        yield Frame(index=0, timestamp_s=0.0, image=image)
