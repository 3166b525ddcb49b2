"""A recording that fails (a full disk) stops recording, not the session: the report is written
first, then the failure is reported (exit 16)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from formcheck.errors import OutputWriteFailed
from formcheck.live.outputs import PacedRecorder
from formcheck.live.run import LiveOptions, run_live
from formcheck.outputs.json_report import read_report_json
from formcheck.outputs.video import H264Writer, VideoWriteError
from formcheck.types import Exercise
from tests.live.fakes import FakeEstimator, FakeSource


class _DiskFullsAfter:
    def __init__(self, frames: int) -> None:
        self.frames = frames
        self.written = 0
        self.closed = False

    def write(self, image) -> None:
        if self.written == self.frames:
            raise VideoWriteError("--record r.mp4: no space left on device (nothing written)")
        self.written += 1

    def close(self) -> None:
        self.closed = True


def test_a_recorder_keeps_the_failure_and_stops_writing() -> None:
    writer = _DiskFullsAfter(frames=3)
    recorder = PacedRecorder(writer)  # type: ignore[arg-type]
    for sequence in range(10):
        recorder.write(np.zeros((4, 4, 3), np.uint8), sequence)
    recorder.close()
    assert writer.written == 3 and not writer.closed  # the failed writer is not finished again
    assert isinstance(recorder.failure, OutputWriteFailed) and "no space left" in str(recorder.failure)


def test_a_recording_failing_at_close_still_leaves_the_session_report(tmp_path, monkeypatch) -> None:
    def close_on_full_disk(self) -> None:
        self._abort()
        raise VideoWriteError(f"--record {self.path}: no space left on device (nothing written)")

    monkeypatch.setattr(H264Writer, "close", close_on_full_disk)
    options = LiveOptions(
        exercise=Exercise.SPLIT_SQUAT,
        headless=True,
        audio=False,
        json_path=tmp_path / "report.json",
        record_path=tmp_path / "session.mp4",
    )
    with pytest.raises(OutputWriteFailed, match="--record"):
        run_live(options, out=io.StringIO(), source=FakeSource(20), estimator_factory=FakeEstimator)
    assert read_report_json(tmp_path / "report.json").frames_total == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
