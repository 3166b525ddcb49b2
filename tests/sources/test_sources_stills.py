"""Photos are one-frame sources, turned upright by their EXIF orientation."""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.errors import SourceUnreadable
from formcheck.sources import open_source


def _with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """Insert a minimal EXIF block holding only the Orientation tag (0x0112) after the JPEG's SOI."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHI", 0x0112, 3, 1) + struct.pack(">HH", orientation, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + app1 + jpeg[2:]


def _portrait_with_marker() -> np.ndarray:
    image = np.zeros((80, 48, 3), np.uint8)
    image[:20, :16] = 255  # white block in the top-left corner when upright
    return image


def test_a_photo_is_a_single_still_frame(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), _portrait_with_marker())
    with open_source(path) as source:
        frames = list(source)
    assert source.is_still and not source.is_live
    assert (source.frame_count, source.size, len(frames)) == (1, (48, 80), 1)
    assert frames[0].index == 0 and frames[0].timestamp_s == 0.0


def test_a_phone_photo_stored_sideways_comes_out_upright(tmp_path: Path) -> None:
    # Orientation 6 = "rotate 90 degrees clockwise to display": store the picture turned the other way.
    stored = np.ascontiguousarray(np.rot90(_portrait_with_marker(), 1))
    ok, encoded = cv2.imencode(".jpg", stored, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    path = tmp_path / "phone.jpg"
    path.write_bytes(_with_exif_orientation(encoded.tobytes(), 6))
    with open_source(path) as source:
        image = next(iter(source)).image
    assert source.size == (48, 80)
    assert image[:20, :16].mean() > 200 and image[60:, 32:].mean() < 50


def test_a_photo_is_resized_by_its_longer_side(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), _portrait_with_marker())
    with open_source(path, resize=40) as source:
        assert source.size == (24, 40)
        assert next(iter(source)).image.shape == (40, 24, 3)


def test_a_broken_photo_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(SourceUnreadable):
        open_source(path)
