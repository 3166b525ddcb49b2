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


def _noise_photo(width: int, height: int) -> np.ndarray:
    # Noise compresses badly, so every part of the picture costs bytes: a cut anywhere cuts pixels.
    return np.random.default_rng(0).integers(0, 256, (height, width, 3), dtype=np.uint8)


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".bmp", ".tif"])
@pytest.mark.parametrize("kept", [0.1, 0.6, 0.98], ids=["cut-early", "cut-half-way", "cut-near-the-end"])
def test_a_photo_cut_short_is_refused_not_scored_as_if_whole(
    tmp_path: Path, suffix: str, kept: float
) -> None:
    whole = tmp_path / f"whole{suffix}"
    cv2.imwrite(str(whole), _noise_photo(96, 64))
    data = whole.read_bytes()
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(data[: int(len(data) * kept)])
    with open_source(whole) as source:  # the whole file reads
        assert next(iter(source)).image.shape == (64, 96, 3)
    with pytest.raises(SourceUnreadable, match="truncated|corrupt"):
        open_source(cut)


def test_a_jpeg_cut_short_says_it_is_truncated(tmp_path: Path) -> None:
    ok, encoded = cv2.imencode(".jpg", _noise_photo(96, 64))
    assert ok
    path = tmp_path / "cut.jpg"
    path.write_bytes(encoded.tobytes()[: len(encoded) * 2 // 3])
    with pytest.raises(SourceUnreadable, match="truncated"):
        open_source(path)


def test_a_huge_photo_is_scaled_down_to_the_largest_analysed_size(tmp_path: Path) -> None:
    from formcheck.sources.capture import MAX_FRAME_SIDE_PX

    path = tmp_path / "huge.jpg"
    cv2.imwrite(str(path), cv2.resize(_portrait_with_marker(), (2400, 4000), interpolation=cv2.INTER_NEAREST))
    with open_source(path) as source:
        image = next(iter(source)).image
    assert source.original_size == (2400, 4000)
    assert source.size == (MAX_FRAME_SIDE_PX * 3 // 5, MAX_FRAME_SIDE_PX)
    assert image.shape == (MAX_FRAME_SIDE_PX, MAX_FRAME_SIDE_PX * 3 // 5, 3)
    # the marker block (top-left quarter-width, top quarter-height) is where it was: no crop, no shear
    height, width = image.shape[:2]
    assert image[: height // 4 - 8, : width // 3 - 8].mean() > 200
    assert image[height // 4 + 8 :, width // 3 + 8 :].mean() < 50
