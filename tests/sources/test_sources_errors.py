"""open_source on bad input: clear one-line errors, damaged files read up to the damage."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from formcheck.errors import CameraUnavailable, EmptySource, SourceNotFound, SourceUnreadable
from formcheck.sources import open_source
from formcheck.sources.capture import SourceClock
from formcheck.sources.spec import SourceKind, parse_spec, redact_url

from .clips import frame_number, run_ffmpeg, write_numbered_clip


def test_a_missing_file_is_reported_as_not_found(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match="no such video file"):
        open_source(tmp_path / "nope.mp4")


def test_a_text_file_named_mp4_is_unreadable(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_text("this is not a video\n" * 20)
    with pytest.raises(SourceUnreadable) as caught:
        open_source(fake)
    assert "\n" not in str(caught.value)


def test_an_mp4_cut_before_its_index_is_unreadable(tmp_path: Path) -> None:
    # Without +faststart the index (moov) is written last: cutting the file loses it.
    clip = tmp_path / "slow.mp4"
    run_ffmpeg("-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-t", "2", "-c:v", "libx264", str(clip))
    clip.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    with pytest.raises(SourceUnreadable):
        open_source(clip)


def test_a_folder_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable, match="folder"):
        open_source(tmp_path)


def test_a_zero_byte_file_is_unreadable_like_any_file_cut_before_its_first_frame(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(SourceUnreadable, match="0 bytes"):
        open_source(empty)


def test_a_valid_container_without_frames_is_empty(tmp_path: Path) -> None:
    clip = tmp_path / "zero.avi"
    run_ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-frames:v", "0", "-c:v", "mjpeg", str(clip)
    )
    with pytest.raises(EmptySource):
        open_source(clip)


def test_a_truncated_file_delivers_the_frames_before_the_damage_and_says_where_it_stopped(
    tmp_path: Path,
) -> None:
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=90, fps=30.0, noisy=True)  # index first: +faststart
    clip.write_bytes(clip.read_bytes()[: int(clip.stat().st_size * 0.5)])
    with open_source(clip) as source:
        assert source.frame_count == 90
        frames = list(source)
    assert 10 < len(frames) < 80
    assert [frame_number(frame.image) for frame in frames] == list(range(len(frames)))
    stopped = source.stopped_early
    assert stopped is not None
    assert stopped.frame_index == len(frames)
    assert stopped.at_s == pytest.approx(len(frames) / 30, abs=1e-3)
    assert "90" in stopped.reason


def test_an_unavailable_camera_raises_a_one_line_error() -> None:
    for spec in (97, "97"):
        with pytest.raises(CameraUnavailable, match="camera 97") as caught:
            open_source(spec)
        assert "\n" not in str(caught.value)


def test_an_unreachable_stream_is_unreadable() -> None:
    with pytest.raises(SourceUnreadable, match="rtsp://127.0.0.1:9/"):
        open_source("rtsp://127.0.0.1:9/live")


def test_a_file_served_over_http_is_read_like_a_file(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    write_numbered_clip(tmp_path / "c.mp4", frames=12)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with open_source(f"http://127.0.0.1:{server.server_port}/c.mp4") as source:
            numbers = [frame_number(frame.image) for frame in source]
    finally:
        server.shutdown()
    assert numbers == list(range(12))
    assert not source.is_live


def test_memory_stays_flat_however_long_the_video(tmp_path: Path) -> None:
    size = (320, 240)
    frame_bytes = size[0] * size[1] * 3
    clip = write_numbered_clip(tmp_path / "long.mp4", frames=240, size=size)
    tracemalloc.start()
    try:
        with open_source(clip) as source:
            count = sum(1 for _ in source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 240
    assert peak < 8 * frame_bytes  # buffering the clip would need 240 frames' worth


def test_timestamps_fall_back_to_the_frame_rate_when_the_container_gives_none() -> None:
    clock = SourceClock(fps=25.0, live=False)
    times = [clock.stamp(index, 0.0) for index in range(4)]
    assert times == pytest.approx([0.0, 0.04, 0.08, 0.12])


def test_timestamps_never_go_backwards_and_resume_from_the_container() -> None:
    clock = SourceClock(fps=10.0, live=False)
    container_ms = [1000.0, 1100.0, 1050.0, float("nan"), 1400.0]
    times = [clock.stamp(index, ms) for index, ms in enumerate(container_ms)]
    assert times == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])


@pytest.mark.parametrize(
    ("spec", "kind", "target"),
    [
        (0, SourceKind.CAMERA, 0),
        ("2", SourceKind.CAMERA, 2),
        ("rtsp://cam.local/stream", SourceKind.STREAM, "rtsp://cam.local/stream"),
        ("clips/a.mov", SourceKind.FILE, "clips/a.mov"),
        (Path("b.mkv"), SourceKind.FILE, "b.mkv"),
    ],
)
def test_a_spec_is_a_camera_a_stream_or_a_file(spec: object, kind: SourceKind, target: object) -> None:
    parsed = parse_spec(spec)  # type: ignore[arg-type]
    assert (parsed.kind, parsed.target) == (kind, target)


def test_stream_passwords_never_reach_reports() -> None:
    assert redact_url("rtsp://admin:secret@10.0.0.5:554/live") == "rtsp://admin@10.0.0.5:554/live"
    assert parse_spec("rtsp://admin:secret@cam/live").display_name == "rtsp://admin@cam/live"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_live_stream_is_timed_by_its_own_clock_and_its_end_is_reported(tmp_path: Path) -> None:
    import subprocess
    import time

    from formcheck.outputs.video import ffmpeg_exe

    clip = write_numbered_clip(tmp_path / "c.mp4", frames=20, fps=20.0)
    port = _free_port()
    server = subprocess.Popen(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-re", "-i", str(clip), "-c", "copy",
         "-f", "mpegts", f"tcp://127.0.0.1:{port}?listen=1"],
    )  # fmt: skip
    try:
        time.sleep(0.5)  # let FFmpeg start listening
        with open_source(f"tcp://127.0.0.1:{port}") as source:
            assert source.is_live and source.frame_count is None
            frames = list(source)
    finally:
        server.wait(timeout=30)
    assert [frame_number(frame.image) for frame in frames] == list(range(20))
    # The stream's own presentation times (50 ms apart), not the bursty arrival times.
    assert [frame.timestamp_s for frame in frames] == pytest.approx([i / 20 for i in range(20)], abs=2e-3)
    assert source.stopped_early is not None and source.stopped_early.frame_index == 20


def test_a_camera_that_reports_no_times_is_timed_by_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from formcheck.sources import capture

    arrivals = iter([100.0, 100.04, 100.1, 100.13])
    monkeypatch.setattr(capture.time, "monotonic", lambda: next(arrivals))
    clock = SourceClock(fps=30.0, live=True)
    times = [clock.stamp(index, 0.0) for index in range(4)]
    assert times == pytest.approx([0.0, 0.04, 0.1, 0.13])
