"""A segment of a file delivers exactly the frames (pictures, indices, times) a whole read does."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.sources import open_source
from formcheck.sources.segment import open_segment
from tests.sources.clips import frame_number, write_numbered_clip

FRAMES = 40


@pytest.fixture(scope="module")
def numbered_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_numbered_clip(tmp_path_factory.mktemp("segment") / "numbered.mp4", FRAMES, size=(96, 64))


def whole(path: Path, **options) -> list[tuple[int, float, int]]:
    with open_source(path, **options) as source:
        return [(f.index, f.timestamp_s, frame_number(f.image)) for f in source]


def segment(path: Path, first: int, stop: int | None, **options) -> list[tuple[int, float, int]]:
    with open_segment(path, first=first, stop=stop, **options) as source:
        return [(f.index, f.timestamp_s, frame_number(f.image)) for f in source]


@pytest.mark.parametrize(
    ("first", "stop"),
    [
        pytest.param(0, 10, id="from-the-start"),
        pytest.param(13, 27, id="in-the-middle"),
        pytest.param(25, None, id="to-the-end"),
        pytest.param(0, None, id="everything"),
    ],
)
def test_a_segment_is_the_same_slice_of_a_whole_read(
    numbered_clip: Path, first: int, stop: int | None
) -> None:
    expected = whole(numbered_clip)[first:stop]
    assert segment(numbered_clip, first, stop) == expected
    # the picture is the frame it claims to be, not a neighbour
    assert [number for _, _, number in expected] == [index for index, _, _ in expected]


def test_segments_count_positions_after_the_frame_rate_cap(numbered_clip: Path) -> None:
    # given 30 fps capped at 10: every third frame is delivered, positions count delivered frames
    expected = whole(numbered_clip, max_fps=10)
    assert [index for index, _, _ in expected][:3] == [0, 3, 6]
    assert segment(numbered_clip, 4, 9, max_fps=10) == expected[4:9]


def test_segments_are_resized_like_a_whole_read(numbered_clip: Path) -> None:
    with open_segment(numbered_clip, first=5, stop=6, resize=48) as source:
        (frame,) = list(source)
    with open_source(numbered_clip, resize=48) as reference:
        assert frame.size == reference.size == (48, 32)


def test_stitched_segments_lose_and_double_no_frame(numbered_clip: Path) -> None:
    cuts = [0, 7, 19, 33, None]
    stitched = [row for a, b in zip(cuts[:-1], cuts[1:], strict=True) for row in segment(numbered_clip, a, b)]
    assert stitched == whole(numbered_clip)


def test_an_empty_or_reversed_segment_is_refused(numbered_clip: Path) -> None:
    with pytest.raises(ValueError, match="first < stop"):
        open_segment(numbered_clip, first=5, stop=5)


def test_a_segment_of_a_truncated_file_stops_where_a_whole_read_stops(tmp_path: Path) -> None:
    clip = write_numbered_clip(tmp_path / "cut.mp4", frames=90, fps=30.0, noisy=True)
    clip.write_bytes(clip.read_bytes()[: int(clip.stat().st_size * 0.5)])
    with open_source(clip) as source:
        frames = [(f.index, f.timestamp_s, frame_number(f.image)) for f in source]
        expected_stop = source.stopped_early
    assert expected_stop is not None and 20 < len(frames) < 80
    # a segment that reaches past the damage ends at it, with the same verdict as the whole read
    with open_segment(clip, first=10, stop=89) as damaged:
        assert [(f.index, f.timestamp_s, frame_number(f.image)) for f in damaged] == frames[10:]
    assert damaged.stopped_early == expected_stop
    # one wholly behind the damage delivers nothing, and says the same
    with open_segment(clip, first=85, stop=None) as behind:
        assert list(behind) == []
    assert behind.stopped_early == expected_stop
    # one wholly before it delivers its frames and no damage
    with open_segment(clip, first=2, stop=8) as before:
        assert len(list(before)) == 6
    assert before.stopped_early is None


def test_a_segment_of_frames_scaled_at_decode_matches_a_whole_read(tmp_path: Path) -> None:
    """Skipped frames are never retrieved, delivered ones share one decode buffer: the pictures are
    still those of a whole read, each its own array."""
    clip = write_numbered_clip(tmp_path / "large.mp4", 12, size=(2600, 1500))
    assert segment(clip, 4, 10) == whole(clip)[4:10]
