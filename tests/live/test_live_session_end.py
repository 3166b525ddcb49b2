"""However a live session ends, the report (and recording) are written from what was processed."""

from __future__ import annotations

import io
import json

from formcheck.feedback.window import Key
from formcheck.live.run import EndedBy, LiveOptions, run_live
from formcheck.outputs.json_report import read_report_json
from formcheck.types import Exercise
from tests.live.fakes import FakeEstimator, FakeSource, FakeWindow


def run(source, tmp_path, *, estimator=None, window=None, **options):
    out = io.StringIO()
    opts = LiveOptions(
        exercise=Exercise.SPLIT_SQUAT,
        headless=window is None,
        audio=False,
        json_path=tmp_path / "report.json",
        **options,
    )
    outcome = run_live(
        opts,
        out=out,
        source=source,
        estimator_factory=lambda: estimator or FakeEstimator(),
        window_factory=lambda: window,
    )
    return outcome, out.getvalue().splitlines()


def test_end_of_file_writes_the_report_and_a_final_json_line(tmp_path):
    outcome, lines = run(FakeSource(45), tmp_path)
    assert outcome.ended_by == EndedBy.END_OF_FILE
    report = read_report_json(tmp_path / "report.json")
    assert report.frames_total == 45 and report.frames_with_pose == 45
    assert report.exercise is Exercise.SPLIT_SQUAT
    assert report.summary["live"]["ended_by"] == "end_of_file"
    end = json.loads(lines[-1])
    assert end["kind"] == "end" and end["frames"] == 45
    assert all(json.loads(line)["kind"] for line in lines)  # every stdout line is one JSON object


def test_ctrl_c_mid_session_still_writes_the_report(tmp_path):
    outcome, _ = run(FakeSource(60), tmp_path, estimator=FakeEstimator(interrupt_at=25))
    assert outcome.ended_by == EndedBy.INTERRUPT
    report = read_report_json(tmp_path / "report.json")
    assert report.frames_total == 25


def test_a_camera_unplugged_mid_session_ends_cleanly_with_a_warning(tmp_path):
    outcome, _ = run(FakeSource(100, live=True, fail_after=30), tmp_path)
    assert outcome.ended_by == EndedBy.DISCONNECTED
    report = read_report_json(tmp_path / "report.json")
    assert 0 < report.frames_total <= 30
    assert any("camera stopped" in w for w in report.warnings)


def test_the_recording_holds_the_overlaid_frames(tmp_path):
    record = tmp_path / "session.mp4"
    run(FakeSource(20), tmp_path, record_path=record)
    assert record.exists() and record.stat().st_size > 1000


def test_keys_restart_switch_side_and_quit(tmp_path):
    window = FakeWindow({10: Key.RESTART, 20: Key.SWITCH_SIDE, 30: Key.QUIT})
    outcome, _ = run(FakeSource(100), tmp_path, window=window)
    assert outcome.ended_by == EndedBy.QUIT
    assert window.closed
    sets = outcome.report.summary["live"]["sets"]
    assert [s["frames"] for s in sets] == [11, 10, 10]
    assert outcome.report.frames_total == 31


def test_space_pauses_processing_until_pressed_again(tmp_path):
    # Frame 5 pauses; the paused window is shown (shown counter advances) without processing.
    window = FakeWindow({5: Key.PAUSE, 9: Key.PAUSE, 15: Key.QUIT})
    outcome, _ = run(FakeSource(100), tmp_path, window=window)
    assert outcome.ended_by == EndedBy.QUIT
    # shows 0..5 process frames 0..5; shows 6..9 are paused; shows 10..15 process 6 more frames.
    assert outcome.report.frames_total == 12


def test_the_snapshot_png_is_written(tmp_path):
    snapshot = tmp_path / "shot.png"
    run(FakeSource(40), tmp_path, snapshot_path=snapshot)
    assert snapshot.exists() and snapshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_missing_camera_is_one_line_and_a_non_zero_exit():
    from typer.testing import CliRunner

    from formcheck.cli.main import app
    from formcheck.errors import CameraUnavailable

    result = CliRunner().invoke(app, ["live", "--exercise", "couch-stretch", "--source", "9", "--headless"])
    assert result.exit_code == CameraUnavailable.exit_code
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "camera" in lines[0]


def test_no_display_is_a_one_line_error_not_a_crash(monkeypatch):
    import sys

    from typer.testing import CliRunner

    from formcheck.cli.main import app
    from formcheck.feedback.window import DisplayUnavailable

    if not sys.platform.startswith("linux"):
        return
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = CliRunner().invoke(app, ["live", "--exercise", "couch-stretch", "--source", "9"])
    assert result.exit_code == DisplayUnavailable.exit_code
    assert "--headless" in result.output


def test_a_real_sigint_while_waiting_for_frames_ends_with_the_report(tmp_path):
    import signal
    import threading

    # A live camera that keeps delivering for a minute; SIGINT arrives after half a second.
    source = FakeSource(1800, fps=30.0, live=True, paced=True)
    timer = threading.Timer(0.5, signal.raise_signal, args=(signal.SIGINT,))
    # Ctrl-C as at a terminal, even when pytest was started in the background (SIGINT ignored)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer.start()
    try:
        outcome, lines = run(source, tmp_path, realtime=True)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert outcome.ended_by == EndedBy.INTERRUPT
    assert read_report_json(tmp_path / "report.json").frames_total == outcome.report.frames_total > 0
    assert json.loads(lines[-1])["ended_by"] == "interrupt"


def test_the_recording_repeats_a_frame_for_the_camera_frames_dropped_before_it():
    from formcheck.live.outputs import PacedRecorder

    class CountingWriter:
        def __init__(self):
            self.frames = []

        def write(self, image):
            self.frames.append(image)

    writer = CountingWriter()
    recorder = PacedRecorder(writer)
    for sequence, image in [(0, "a"), (1, "b"), (4, "c"), (20, "d")]:
        recorder.write(image, sequence)
    # b follows a directly; c comes 3 camera frames after b; d 16 after c (capped at 5 repeats).
    assert writer.frames == ["a", "b", "c", "c", "c", "d", "d", "d", "d", "d"]
