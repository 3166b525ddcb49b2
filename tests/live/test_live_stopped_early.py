"""`live` on a file says where it stopped, as `analyze` does; a closed event stream costs only it."""

from __future__ import annotations

import io
import signal

import pytest

from formcheck.live.event_stream import CLOSED_MESSAGE
from formcheck.live.interrupts import FrameBoundary
from formcheck.live.run import EndedBy, LiveOptions, run_live
from formcheck.outputs.json_report import read_report_json
from formcheck.sources import open_source
from formcheck.types import Exercise, StoppedEarly
from tests.live.fakes import SIZE, FakeEstimator, FakeSource
from tests.sources.clips import write_numbered_clip


def run(tmp_path, *, source, out=None, estimator=None):
    """``source``: a path (opened by run_live, as the CLI does) or an open fake source."""
    opts = LiveOptions(
        exercise=Exercise.SPLIT_SQUAT,
        headless=True,
        audio=False,
        json_path=tmp_path / "report.json",
        source=source if isinstance(source, str) else 0,
    )
    return run_live(
        opts,
        out=out if out is not None else io.StringIO(),
        source=None if isinstance(source, str) else source,
        estimator_factory=lambda: estimator or FakeEstimator(),
    )


def test_a_file_damaged_part_way_is_reported_where_the_source_saw_the_damage(tmp_path):
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=90, size=SIZE, noisy=True)
    clip.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    with open_source(clip) as reference:  # read on its own, as analyze reads it
        frames_before_damage = sum(1 for _ in reference)
    assert reference.stopped_early is not None and 0 < frames_before_damage < 90

    outcome = run(tmp_path, source=str(clip))
    assert outcome.ended_by == EndedBy.END_OF_FILE
    report = read_report_json(tmp_path / "report.json")
    assert report.stopped_early == reference.stopped_early
    assert report.frames_total == frames_before_damage == report.stopped_early.frame_index
    assert any("stopped being readable" in w for w in report.warnings)


def test_an_intact_file_is_not_marked_stopped_early(tmp_path):
    clip = write_numbered_clip(tmp_path / "c.mp4", frames=30, size=SIZE)
    run(tmp_path, source=str(clip))
    report = read_report_json(tmp_path / "report.json")
    assert report.stopped_early is None and report.frames_total == 30


def test_ctrl_c_on_a_file_marks_the_report_interrupted_after_the_last_frame(tmp_path):
    run(tmp_path, source=FakeSource(60, fps=30.0), estimator=FakeEstimator(interrupt_at=25))
    report = read_report_json(tmp_path / "report.json")
    # Frames 0..24 were processed: the next one, 25, starts at 25 / 30 s.
    assert report.stopped_early == StoppedEarly(
        at_s=pytest.approx(25 / 30, abs=1e-3), frame_index=25, reason="interrupted"
    )
    assert any("interrupted at 0.83 s (frame 25)" in w for w in report.warnings)


def test_ctrl_c_on_a_camera_is_its_end_not_an_early_stop(tmp_path):
    outcome = run(tmp_path, source=FakeSource(60, live=True), estimator=FakeEstimator(interrupt_at=25))
    assert outcome.ended_by == EndedBy.INTERRUPT
    assert read_report_json(tmp_path / "report.json").stopped_early is None


class ClosingReader(io.StringIO):
    """A pipe whose reader goes away after ``lines`` lines (``| head -1``)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") >= self.lines:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_a_closed_event_stream_stops_the_events_not_the_session(tmp_path, capsys):
    out = ClosingReader(lines=1)
    outcome = run(tmp_path, source=FakeSource(90), out=out)
    assert outcome.ended_by == EndedBy.END_OF_FILE and outcome.events_closed_by_reader
    assert out.getvalue().count("\n") == 1
    report = read_report_json(tmp_path / "report.json")
    assert report.frames_total == 90
    assert capsys.readouterr().err.count(CLOSED_MESSAGE) == 1


def test_a_signal_during_a_frame_waits_for_the_frame_to_be_complete():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    steps = []
    try:
        with FrameBoundary().installed() as boundary:
            with pytest.raises(KeyboardInterrupt), boundary.inside():
                signal.raise_signal(signal.SIGINT)
                steps.append("rest of the frame")  # still runs: the interrupt is held back
            with pytest.raises(KeyboardInterrupt):  # outside a frame it comes at once
                signal.raise_signal(signal.SIGINT)
                steps.append("never")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert steps == ["rest of the frame"]
    assert signal.getsignal(signal.SIGINT) is previous
