"""A photo as a one-frame source (the pose backend's image mode is meant for these).

A photo cut short (an interrupted download or copy) is refused, never analysed: OpenCV decodes
what is there and paints the rest grey without a word, so a truncated still would be scored as if
whole. A video cut short keeps the frames before the damage and says where it stopped; a single
picture has nothing before the damage to keep, and half a body gives angles of nothing, so the
honest answer is exit 3 ("the image is truncated") whether no row or most of them decoded.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, UnidentifiedImageError  # noqa: E402

from formcheck.errors import SourceUnreadable  # noqa: E402
from formcheck.sources.base import FrameSource  # noqa: E402
from formcheck.sources.capture import FrameTransform, scaled_size  # noqa: E402
from formcheck.types import Frame  # noqa: E402

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
# A still has no rate; 1 frame per second makes its single frame last one second in reports.
STILL_FPS = 1.0
# cv2.imread decodes a JPEG at 1/2, 1/4 or 1/8 of its size straight from the DCT, never holding the
# full picture: a 12000x9000 photo would be 324 MB before it could be scaled down.
_REDUCED_READS = (
    (8, cv2.IMREAD_REDUCED_COLOR_8),
    (4, cv2.IMREAD_REDUCED_COLOR_4),
    (2, cv2.IMREAD_REDUCED_COLOR_2),
)


def check_image_complete(path: Path) -> tuple[int, int] | None:
    """The stored ``(width, height)`` of the image, after checking that it decodes to its end.

    Raises ``SourceUnreadable`` for a truncated file. Returns None for what Pillow cannot open (then
    OpenCV has the last word). JPEGs are checked with Pillow's draft mode (decoded at 1/8 scale:
    every compressed byte is still read, so a cut is still found, at a fraction of the memory).
    """
    # Pillow warns about odd EXIF and very large pictures; formcheck reports what matters itself.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _decoded_size(path)
        except UnidentifiedImageError:
            return None
        except Image.DecompressionBombError:
            raise SourceUnreadable(f"cannot read {path}: the image is too large to decode safely") from None
        except (OSError, EOFError, SyntaxError, ValueError) as error:
            if isinstance(error, EOFError) or "truncated" in str(error).lower():
                raise SourceUnreadable(
                    f"cannot read {path}: the image is truncated (the file ends before the picture does)"
                ) from None
            return None  # something Pillow cannot decode (an unusual codec): OpenCV has the last word


def _decoded_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        size = image.size
        if image.format == "JPEG":
            image.draft(image.mode, (max(1, size[0] // 8), max(1, size[1] // 8)))
        image.load()
    return size


def _read_reduced(
    path: Path, stored_size: tuple[int, int] | None, target_longer_px: int
) -> np.ndarray | None:
    """Decode at the smallest reduction that still leaves the longer side at least the target."""
    if stored_size is not None:
        for factor, flag in _REDUCED_READS:
            if max(stored_size) // factor >= target_longer_px:
                return cv2.imread(str(path), flag)
    return cv2.imread(str(path), cv2.IMREAD_COLOR)


class StillSource(FrameSource):
    """One upright frame from a photo: ``cv2.imread`` applies the EXIF orientation of phone photos."""

    is_still = True

    def __init__(self, path: Path, *, resize: int | None = None) -> None:
        stored_size = check_image_complete(path)
        target = scaled_size(stored_size, resize) if stored_size is not None else None
        image = _read_reduced(path, stored_size, max(target) if target else 0)
        if image is None:
            raise SourceUnreadable(f"cannot read {path}: not an image, or the file is corrupt")
        height, width = image.shape[:2]
        # The EXIF orientation may have swapped the sides: scale the upright picture, by its own size.
        self.original_size = _upright(stored_size, (width, height))
        transform = FrameTransform(0, scaled_size(self.original_size, resize))
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


def _upright(stored: tuple[int, int] | None, decoded: tuple[int, int]) -> tuple[int, int]:
    """The stored size turned the way the decoded (EXIF-rotated, maybe reduced) picture is."""
    if stored is None:
        return decoded
    width, height = stored
    if (decoded[0] >= decoded[1]) != (width >= height):
        return height, width
    return stored
