"""Ctrl-C or SIGTERM during `analyze`: the outputs for what was analysed, marked stopped early.

The model is replaced by a fake that stands a person in every frame and, at a chosen frame, is
interrupted the way a terminal's Ctrl-C would interrupt it (a KeyboardInterrupt from inside the
model's call, or a real signal).
"""

from __future__ import annotations

import csv
import json
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import formcheck.pipeline
from formcheck.cli.main import app
from tests.live.fakes import SIZE, FakeEstimator
from tests.sources.clips import write_numbered_clip

FPS = 30.0
FRAMES = 60


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return write_numbered_clip(
        tmp_path_factory.mktemp("clip") / "clip.mp4", frames=FRAMES, fps=FPS, size=SIZE
    )


def use_model(monkeypatch, estimator) -> None:
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *args, **kwargs: estimator)


class SignallingEstimator(FakeEstimator):
    """Sends the process a real signal while posing frame ``at`` (then the frame's call is cut)."""

    def __init__(self, signum: int, at: int) -> None:
        super().__init__()
        self.signum, self.at = signum, at

    def estimate(self, frame):
        if frame.index == self.at:
            signal.raise_signal(self.signum)
        return super().estimate(frame)


def formcheck_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("formcheck:")]


def test_ctrl_c_mid_analysis_writes_the_outputs_for_the_frames_analysed(clip, tmp_path, monkeypatch):
    use_model(monkeypatch, FakeEstimator(interrupt_at=24))
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(clip),
            "--exercise",
            "split-squat",
            "--json",
            str(out_json),
            "--csv",
            str(out_csv),
            "-q",
        ],
    )
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output
    # Frames 0..23 were posed; the interruption came during frame 24, at 24 / 30 s.
    report = json.loads(out_json.read_text())
    assert report["stopped_early"] == {
        "at_s": pytest.approx(24 / FPS, abs=1e-3),
        "frame_index": 24,
        "reason": "interrupted",
    }
    assert report["frames_total"] == 24
    with out_csv.open() as rows:
        assert len(list(csv.DictReader(rows))) == 24
    lines = formcheck_lines(result.stderr)
    assert len(lines) == 1 and "interrupted at 0.80 s (frame 24)" in lines[0]


def test_ctrl_c_before_the_first_frame_writes_nothing_and_says_so(clip, tmp_path, monkeypatch):
    use_model(monkeypatch, FakeEstimator(interrupt_at=0))
    out_json = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(clip), "--json", str(out_json), "-q"])
    assert result.exit_code == 130
    assert not out_json.exists() and list(tmp_path.iterdir()) == []
    lines = formcheck_lines(result.stderr)
    assert len(lines) == 1 and "before any frame" in lines[0] and "nothing was written" in lines[0]


def test_sigterm_stops_like_ctrl_c_with_its_own_exit_code(clip, tmp_path, monkeypatch):
    def not_handled(signum, frame):
        raise AssertionError("SIGTERM reached the test: analyze did not handle it")

    previous = signal.signal(signal.SIGTERM, not_handled)
    try:
        use_model(monkeypatch, SignallingEstimator(signal.SIGTERM, at=15))
        out_json = tmp_path / "r.json"
        result = CliRunner().invoke(app, ["analyze", str(clip), "--json", str(out_json), "-q"])
        assert signal.getsignal(signal.SIGTERM) is not_handled  # analyze put the handler back
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 143, result.output
    stopped = json.loads(out_json.read_text())["stopped_early"]
    assert stopped["reason"] == "interrupted" and stopped["frame_index"] == 15
    assert stopped["at_s"] == pytest.approx(15 / FPS, abs=1e-3)


def test_a_real_sigint_mid_analysis_also_writes_the_outputs(clip, tmp_path, monkeypatch):
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
    try:
        use_model(monkeypatch, SignallingEstimator(signal.SIGINT, at=40))
        out_json = tmp_path / "r.json"
        result = CliRunner().invoke(app, ["analyze", str(clip), "--json", str(out_json), "-q"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == 130, result.output
    report = json.loads(out_json.read_text())
    assert report["frames_total"] == 40 and report["stopped_early"]["frame_index"] == 40


def test_a_second_ctrl_c_while_writing_keeps_the_outputs_already_written(clip, tmp_path, monkeypatch):
    import formcheck.outputs.csv_report

    def interrupted_csv(*args, **kwargs):
        raise KeyboardInterrupt

    use_model(monkeypatch, FakeEstimator(interrupt_at=30))
    monkeypatch.setattr(formcheck.outputs.csv_report, "write_frames_csv", interrupted_csv)
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    result = CliRunner().invoke(
        app, ["analyze", str(clip), "--json", str(out_json), "--csv", str(out_csv), "-q"]
    )
    assert result.exit_code == 130
    assert json.loads(out_json.read_text())["stopped_early"]["frame_index"] == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    lines = formcheck_lines(result.stderr)
    assert len(lines) == 1 and "while writing" in lines[0]


def test_an_uninterrupted_analysis_is_not_marked_stopped_early(clip, tmp_path, monkeypatch):
    use_model(monkeypatch, FakeEstimator())
    out_json = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(clip), "--json", str(out_json), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(out_json.read_text())
    assert report["stopped_early"] is None and report["frames_total"] == FRAMES


def test_a_library_caller_gets_its_ctrl_c_back(clip, monkeypatch):
    # Batch and benchmarks call the pipeline directly: Ctrl-C must stop them, not one clip.
    use_model(monkeypatch, FakeEstimator(interrupt_at=10))
    with pytest.raises(KeyboardInterrupt):
        formcheck.pipeline.analyze_video(clip)


def test_the_summary_s_reader_going_away_costs_only_the_summary(clip, tmp_path, monkeypatch):
    import formcheck.cli.analyze

    def closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    use_model(monkeypatch, FakeEstimator())
    monkeypatch.setattr(formcheck.cli.analyze, "print_report_summary", closed_pipe)
    out_json = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(clip), "--json", str(out_json)])
    assert result.exit_code == 0, result.output
    assert json.loads(out_json.read_text())["frames_total"] == FRAMES
    assert len(formcheck_lines(result.stderr)) == 1
