"""H264Writer: frames piped into the bundled FFmpeg come out as a browser-playable H.264 MP4."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.outputs.video import H264Writer, VideoWriteError, ffmpeg_exe


def _coloured_frame(index: int, width: int, height: int) -> np.ndarray:
    """A flat frame whose blue channel encodes the index, so order can be checked after decoding."""
    frame = np.zeros((height, width, 3), np.uint8)
    frame[:, :, 0] = (index * 8) % 256
    frame[:, :, 1] = 128
    return frame


def _read_all(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(image)
    capture.release()
    return frames


def _ffmpeg_describe(path: Path) -> str:
    """What `ffmpeg -i` says about the file (it exits 1 because no output is named; that is fine)."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True)
    return result.stderr


def test_thirty_frames_come_back_as_thirty_h264_frames_of_the_same_size(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    with H264Writer(out, fps=30.0, size=(64, 48)) as writer:
        for index in range(30):
            writer.write(_coloured_frame(index, 64, 48))
    frames = _read_all(out)
    assert len(frames) == 30
    assert frames[0].shape == (48, 64, 3)
    blue = [float(frame[:, :, 0].mean()) for frame in frames]
    # yuv420p round trip costs a few levels; the order of frames must survive exactly.
    assert blue == pytest.approx([index * 8 for index in range(30)], abs=6)
    assert blue == sorted(blue)
    description = _ffmpeg_describe(out)
    assert "Video: h264" in description
    assert "yuv420p" in description
    assert "30 fps" in description


def test_the_index_sits_at_the_front_of_the_file_for_streaming_playback(tmp_path: Path) -> None:
    out = tmp_path / "fast.mp4"
    with H264Writer(out, fps=25.0, size=(32, 32)) as writer:
        for index in range(5):
            writer.write(_coloured_frame(index, 32, 32))
    head = out.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and head.find(b"moov") < max(head.find(b"mdat"), 4096)


def test_odd_frame_sizes_are_padded_to_even_ones(tmp_path: Path) -> None:
    out = tmp_path / "odd.mp4"
    with H264Writer(out, fps=10.0, size=(31, 17)) as writer:
        for index in range(3):
            writer.write(_coloured_frame(index, 31, 17))
    frames = _read_all(out)
    assert len(frames) == 3
    assert frames[0].shape == (18, 32, 3)


def test_a_ntsc_frame_rate_is_kept_exactly(tmp_path: Path) -> None:
    out = tmp_path / "ntsc.mp4"
    with H264Writer(out, fps=30000 / 1001, size=(32, 32)) as writer:
        for index in range(10):
            writer.write(_coloured_frame(index, 32, 32))
    capture = cv2.VideoCapture(str(out))
    assert capture.get(cv2.CAP_PROP_FPS) == pytest.approx(29.97, abs=0.01)
    capture.release()


def test_an_exception_inside_the_block_still_leaves_a_playable_file_with_the_frames_so_far(
    tmp_path: Path,
) -> None:
    out = tmp_path / "partial.mp4"
    with pytest.raises(KeyError), H264Writer(out, fps=30.0, size=(32, 32)) as writer:
        for index in range(12):
            writer.write(_coloured_frame(index, 32, 32))
        raise KeyError("the analysis broke")
    assert len(_read_all(out)) == 12


def test_a_frame_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    with H264Writer(tmp_path / "x.mp4", fps=30.0, size=(32, 32)) as writer, pytest.raises(ValueError):
        writer.write(np.zeros((32, 33, 3), np.uint8))


def test_no_file_appears_when_no_frame_was_written(tmp_path: Path) -> None:
    out = tmp_path / "empty.mp4"
    with H264Writer(out, fps=30.0, size=(32, 32)):
        pass
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_dead_encoder_raises_a_clear_error_instead_of_hanging(tmp_path: Path) -> None:
    writer = H264Writer(tmp_path / "dead.mp4", fps=30.0, size=(640, 480))
    writer.open()
    assert writer._process is not None
    writer._process.kill()
    writer._process.wait()
    with pytest.raises(VideoWriteError):
        for _ in range(50):  # the pipe buffer absorbs the first few frames
            writer.write(np.zeros((480, 640, 3), np.uint8))
    writer.close()
    assert not (tmp_path / "dead.mp4").exists()
