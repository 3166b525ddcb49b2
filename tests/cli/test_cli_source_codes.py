"""One cause, one code, in every command: a file that cannot be decoded from its first frame exits
3 (SourceUnreadable) in `analyze`, `live --headless` and as `batch`'s reason; a readable container
without any video frame exits 4 (EmptySource)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import formcheck.batch.scoring as scoring
import formcheck.pipeline
import formcheck.pose
from formcheck.cli.main import app
from formcheck.errors import EmptySource, SourceUnreadable
from tests.live.fakes import FakeEstimator
from tests.sources.clips import mdat_offset, run_ffmpeg, write_numbered_clip


def cut_after_header(folder: Path) -> Path:
    clip = write_numbered_clip(folder / "whole.mp4", frames=30)  # index (moov) first
    data = clip.read_bytes()
    clip.unlink()
    cut = folder / "cut_after_header.mp4"
    cut.write_bytes(data[: mdat_offset(data) + 16])
    return cut


def cut_inside_header(folder: Path) -> Path:
    clip = write_numbered_clip(folder / "whole.mp4", frames=30)
    data = clip.read_bytes()
    clip.unlink()
    cut = folder / "cut_inside_header.mp4"
    cut.write_bytes(data[:300])
    return cut


def random_bytes(folder: Path) -> Path:
    path = folder / "random.mp4"
    path.write_bytes(os.urandom(5000))
    return path


def text_file(folder: Path) -> Path:
    path = folder / "notes.mp4"
    path.write_text("not a video\n" * 50)
    return path


def zero_bytes(folder: Path) -> Path:
    path = folder / "zero_bytes.mp4"
    path.write_bytes(b"")
    return path


def audio_only(folder: Path) -> Path:
    path = folder / "audio_only.mp4"
    run_ffmpeg("-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", str(path))
    return path


def zero_frames(folder: Path) -> Path:
    path = folder / "zero_frames.avi"
    run_ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=96x64:rate=30", "-frames:v", "0", "-c:v", "mjpeg", str(path)
    )
    return path


CASES = [
    (cut_after_header, SourceUnreadable),
    (cut_inside_header, SourceUnreadable),
    (random_bytes, SourceUnreadable),
    (text_file, SourceUnreadable),
    (zero_bytes, SourceUnreadable),
    (audio_only, EmptySource),
    (zero_frames, EmptySource),
]


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    """A bad source must fail before any model matters; a fake keeps these tests fast either way."""
    monkeypatch.setattr(formcheck.pipeline, "create_estimator", lambda *a, **k: FakeEstimator())
    monkeypatch.setattr(formcheck.pose, "create_estimator", lambda *a, **k: FakeEstimator())
    monkeypatch.setattr(scoring.WorkerState, "_estimator", None)
    monkeypatch.setattr(scoring.WorkerState, "_model", None)


@pytest.mark.parametrize(("make", "error"), CASES, ids=[make.__name__ for make, _ in CASES])
def test_analyze_and_live_agree_on_the_exit_code(tmp_path, make, error):
    path = make(tmp_path)
    analyzed = CliRunner().invoke(app, ["analyze", str(path), "-q"])
    live = CliRunner().invoke(app, ["live", "--exercise", "split-squat", "--headless", "--source", str(path)])
    assert analyzed.exit_code == live.exit_code == error.exit_code, (analyzed.output, live.output)
    for result in (analyzed, live):
        assert "Traceback" not in result.output
        assert [line for line in result.output.splitlines() if line.startswith("formcheck: error:")]


def test_batch_gives_the_same_reason_for_each_clip(tmp_path):
    clips = tmp_path / "clips"
    clips.mkdir()
    expected = {make(clips).name: error.__name__ for make, error in CASES}
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(clips), "--out", str(out), "--no-html", "-q"])
    assert result.exit_code == 12, result.output
    summary = json.loads((out / "summary.json").read_text())
    reasons = {Path(row["clip"]).name: row["error_type"] for row in summary["clips"]}
    assert {name: reasons.get(name) for name in expected} == expected
