"""Animated WebP and APNG files are clips read by Pillow; a one-frame one stays a photo."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from formcheck.errors import SourceUnreadable
from formcheck.sources import open_source
from formcheck.sources.animated import AnimatedImageSource


def _frames(count: int, size: tuple[int, int] = (64, 48)) -> list[Image.Image]:
    """Frames whose red level encodes their index, so order and identity can be checked."""
    width, height = size
    return [Image.fromarray(np.full((height, width, 3), (10 * i, 0, 200), np.uint8)) for i in range(count)]


def _save(path: Path, frames: list[Image.Image], durations_ms: list[int] | int) -> Path:
    frames[0].save(
        path, save_all=True, append_images=frames[1:], duration=durations_ms, loop=0, lossless=True
    )
    return path


@pytest.mark.parametrize("suffix", [".webp", ".png"])
def test_an_animation_delivers_every_frame_in_order_timed_by_its_durations(
    tmp_path: Path, suffix: str
) -> None:
    # Given five frames lasting 100, 100, 200, 50 and 50 ms
    path = _save(tmp_path / f"clip{suffix}", _frames(5), [100, 100, 200, 50, 50])
    # When it is opened and read
    with open_source(path) as source:
        frames = list(source)
    # Then it is a clip, not a photo, and each frame starts where the ones before it ended
    assert isinstance(source, AnimatedImageSource) and not source.is_still
    assert [f.timestamp_s for f in frames] == pytest.approx([0.0, 0.1, 0.2, 0.4, 0.45])
    assert source.fps == pytest.approx(5 / 0.5)
    assert source.frame_count == 5 and source.size == (64, 48)
    # BGR, like every other source: the index is in the red channel (last)
    assert [int(f.image[0, 0, 2]) for f in frames] == [0, 10, 20, 30, 40]
    assert all(int(f.image[0, 0, 0]) == 200 for f in frames)


def test_max_fps_keeps_every_nth_frame_with_its_own_time(tmp_path: Path) -> None:
    path = _save(tmp_path / "clip.webp", _frames(6), 50)  # 20 fps
    with open_source(path, max_fps=10) as source:
        frames = list(source)
    assert [f.index for f in frames] == [0, 2, 4]
    assert [f.timestamp_s for f in frames] == pytest.approx([0.0, 0.1, 0.2])
    assert source.fps == pytest.approx(10.0) and source.frame_count == 3


def test_resize_scales_the_longer_side(tmp_path: Path) -> None:
    path = _save(tmp_path / "clip.webp", _frames(3, (200, 100)), 100)
    with open_source(path, resize=100) as source:
        frames = list(source)
    assert source.size == (100, 50) and source.original_size == (200, 100)
    assert frames[0].image.shape == (50, 100, 3)


def test_a_one_frame_webp_stays_a_photo(tmp_path: Path) -> None:
    path = tmp_path / "photo.webp"
    _frames(1)[0].save(path)
    with open_source(path) as source:
        assert source.is_still and len(list(source)) == 1


def test_an_animation_cut_short_is_refused_or_kept_up_to_the_damage(tmp_path: Path) -> None:
    # Given an animated WebP missing its last bytes
    whole = _save(tmp_path / "whole.webp", _frames(8), 100).read_bytes()
    cut = tmp_path / "cut.webp"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    # Then it is either refused with one clear error, or read up to the damage and says so
    try:
        with open_source(cut) as source:
            frames = list(source)
    except SourceUnreadable as error:
        assert "cut.webp" in str(error)
    else:
        assert len(frames) < 8 and source.stopped_early is not None


def test_an_animation_is_never_split_among_pose_workers(tmp_path: Path) -> None:
    # Pose workers decode their segments with OpenCV, which cannot read an animated WebP.
    from formcheck.parallel import PoseWorkers

    path = _save(tmp_path / "clip.webp", _frames(300, (32, 24)), 40)
    with open_source(path) as source:
        assert len(PoseWorkers(4, path, min_segment_frames=10).plan(source)) == 1
