"""open_source on video files: frames, timestamps, formats, rotation, stride and resize."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formcheck.outputs.video import H264Writer
from formcheck.sources import open_source

from .clips import (
    frame_number,
    pattern_clip,
    run_ffmpeg,
    with_display_rotation,
    write_numbered_clip,
)

REAL_GIF = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "realclips" / "bss_dumbbell_gym_oblique_06.gif"
)


def test_a_file_delivers_every_frame_in_order_with_its_timestamp(tmp_path: Path) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=30, fps=30.0, size=(64, 48))
    with open_source(clip) as source:
        assert (source.fps, source.size, source.frame_count, source.is_live) == (30.0, (64, 48), 30, False)
        frames = list(source)
    assert [frame.index for frame in frames] == list(range(30))
    assert [frame_number(frame.image) for frame in frames] == list(range(30))
    assert [frame.timestamp_s for frame in frames] == pytest.approx([i / 30 for i in range(30)], abs=1e-3)
    assert frames[0].image.shape == (48, 64, 3) and frames[0].image.dtype == np.uint8
    assert source.stopped_early is None


@pytest.mark.parametrize(
    ("suffix", "codec_args"),
    [
        ("mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p"]),
        ("mov", ["-c:v", "libx264", "-pix_fmt", "yuv420p"]),
        ("mkv", ["-c:v", "libx264", "-pix_fmt", "yuv420p"]),
        ("webm", ["-c:v", "libvpx-vp9", "-b:v", "200k"]),
        ("avi", ["-c:v", "mjpeg"]),
        ("gif", []),
    ],
)
def test_every_supported_container_is_read_whole_at_its_own_rate(
    tmp_path: Path, suffix: str, codec_args: list[str]
) -> None:
    clip = pattern_clip(tmp_path / f"c.{suffix}", seconds=2, fps=10, codec_args=codec_args)
    with open_source(clip) as source:
        frames = list(source)
    assert source.fps == pytest.approx(10.0)
    assert len(frames) == 20
    assert source.size == (96, 64)
    assert frames[-1].timestamp_s == pytest.approx(1.9, abs=1e-3)
    assert source.stopped_early is None


def test_variable_frame_timing_comes_from_the_container_not_from_counting(tmp_path: Path) -> None:
    # 20 frames 50 ms apart, with a 0.5 s pause before frame 10: counting frames would miss it.
    clip = tmp_path / "vfr.mkv"
    run_ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=96x64:rate=20", "-frames:v", "20",
        "-vf", "setpts='(N*0.05+gte(N,10)*0.5)/TB'", "-fps_mode", "passthrough",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip),
    )  # fmt: skip
    with open_source(clip) as source:
        times = [frame.timestamp_s for frame in source]
    assert len(times) == 20
    assert times[9] == pytest.approx(0.45, abs=2e-3)
    assert times[10] == pytest.approx(1.0, abs=2e-3)
    assert times[19] == pytest.approx(1.45, abs=2e-3)


def _portrait_with_marker() -> np.ndarray:
    """An upright portrait picture (48 wide, 80 tall) with a white block in its top-left corner."""
    image = np.zeros((80, 48, 3), np.uint8)
    image[:20, :16] = 255
    return image


@pytest.mark.parametrize(("stored_turn", "display_rotation"), [("ccw", -90), ("cw", 90), ("half", 180)])
def test_phone_rotation_metadata_turns_frames_upright(
    tmp_path: Path, stored_turn: str, display_rotation: int
) -> None:
    upright = _portrait_with_marker()
    stored = {"ccw": np.rot90(upright, 1), "cw": np.rot90(upright, -1), "half": np.rot90(upright, 2)}[
        stored_turn
    ]
    stored = np.ascontiguousarray(stored)
    raw = tmp_path / "sensor.mp4"
    with H264Writer(raw, fps=10.0, size=(stored.shape[1], stored.shape[0])) as writer:
        for _ in range(3):
            writer.write(stored)
    phone = with_display_rotation(raw, tmp_path / "phone.mp4", display_rotation)
    with open_source(phone) as source:
        frame = next(iter(source))
    assert source.size == (48, 80)
    assert frame.image.shape == (80, 48, 3)
    assert frame.image[:20, :16].mean() > 200  # the marker is back in the top-left corner
    assert frame.image[60:, 32:].mean() < 50


def test_max_fps_keeps_every_nth_frame_with_its_real_index_and_time(tmp_path: Path) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=30, fps=30.0)
    with open_source(clip, max_fps=10) as source:
        frames = list(source)
    assert source.fps == pytest.approx(10.0)
    assert source.frame_count == 10
    assert [frame.index for frame in frames] == list(range(0, 30, 3))
    assert [frame_number(frame.image) for frame in frames] == list(range(0, 30, 3))
    assert [frame.timestamp_s for frame in frames] == pytest.approx(
        [i / 30 for i in range(0, 30, 3)], abs=1e-3
    )


def test_max_fps_never_delivers_more_than_asked(tmp_path: Path) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=30, fps=30.0)
    with open_source(clip, max_fps=12) as source:  # 30/12 = 2.5 -> every 3rd frame
        assert source.fps <= 12
        assert len(list(source)) == 10


@pytest.mark.parametrize(("size", "longer", "expected"), [((64, 48), 32, (32, 24)), ((48, 80), 40, (24, 40))])
def test_resize_sets_the_longer_side_and_keeps_the_aspect_ratio(
    tmp_path: Path, size: tuple[int, int], longer: int, expected: tuple[int, int]
) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=3, size=size)
    with open_source(clip, resize=longer) as source:
        frames = list(source)
    assert source.size == expected
    assert frames[0].size == expected


def test_a_source_is_read_only_once(tmp_path: Path) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=3)
    with open_source(clip) as source:
        list(source)
        with pytest.raises(RuntimeError):
            iter(source)


@pytest.mark.realclips
@pytest.mark.skipif(not REAL_GIF.exists(), reason="../shared/realclips is not present")
def test_an_animated_gif_plays_at_its_own_rate_with_its_frame_delays() -> None:
    with open_source(REAL_GIF) as source:
        times = [frame.timestamp_s for frame in source]
    assert source.fps == pytest.approx(15.0)
    assert source.size == (480, 270)
    assert len(times) == 52
    # GIF delays are whole centiseconds (6 or 7 here), so 15 fps cannot be exact: real times are kept.
    steps = np.round(np.diff(times), 3)
    assert set(steps.tolist()) <= {0.06, 0.07}
    assert times[-1] == pytest.approx(3.4, abs=1e-3)


def test_a_variable_rate_file_that_ends_normally_is_not_reported_as_damaged(tmp_path: Path) -> None:
    # mkv has no frame index: OpenCV estimates the count from duration x nominal rate (here 20 fps
    # over 1.5 s = 30 "frames", but 20 exist). Its end must not look like damage.
    clip = tmp_path / "vfr.mkv"
    run_ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=96x64:rate=20", "-frames:v", "20",
        "-vf", "setpts='(N*0.05+gte(N,10)*0.5)/TB'", "-fps_mode", "passthrough",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip),
    )  # fmt: skip
    with open_source(clip) as source:
        frames = list(source)
    assert len(frames) == 20
    assert source.stopped_early is None


def test_frames_scaled_at_decode_are_each_their_own_picture(tmp_path: Path) -> None:
    """Above the 1280-px cap every picture is decoded into one reused buffer (and, this large, on one
    decoder thread): each delivered frame must still be its own array, kept intact after the next."""
    size = (2600, 1500)  # more pixels than SINGLE_THREAD_DECODE_PIXELS, longer side above the cap
    clip = write_numbered_clip(tmp_path / "large.mp4", frames=12, fps=30.0, size=size)
    with open_source(clip) as source:
        assert source.size == (1280, 738) and source.original_size == size
        frames = list(source)  # every frame kept while the later ones are decoded
    assert [frame_number(frame.image) for frame in frames] == list(range(12))
    assert not any(np.shares_memory(a.image, b.image) for a, b in zip(frames, frames[1:], strict=False))
