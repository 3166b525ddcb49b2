"""A scored clip with its HTML page is decoded once: the page's key frames read the pictures the
analysis kept (the model is a fake; the clip a numbered one, each frame's number painted on it)."""

from __future__ import annotations

from pathlib import Path

from formcheck.batch.records import ClipKey, ClipStatus
from formcheck.batch.scoring import ClipJob, ScoreOptions, analyze_clip, score_clip
from tests.live.fakes import SIZE, FakeEstimator
from tests.outputs import decode_counting
from tests.outputs.decode_counting import record_key_frames
from tests.sources.clips import write_numbered_clip

decodes = decode_counting.decodes  # the fixture, found by name in this module


class _FakeEstimators:
    def estimator(self, model: str) -> FakeEstimator:
        return FakeEstimator()


def test_the_html_pages_key_frames_read_the_pictures_the_analysis_kept(tmp_path, monkeypatch, decodes):
    clip = write_numbered_clip(tmp_path / "clip.mp4", frames=30, size=SIZE)
    drawn = record_key_frames(monkeypatch, (5, 25))
    job = ClipJob(clip, ClipKey.of(clip), tmp_path / "out", ScoreOptions(exercise="none", html=True))
    outcome = score_clip(job, analyze=lambda job: analyze_clip(job, _FakeEstimators()))
    assert outcome.record.status is ClipStatus.OK, outcome.record.error
    assert "html" in outcome.record.outputs and outcome.record.warnings == ()
    assert drawn == [5, 25] and decodes == {"opened": 1, "decoded": 1}
    assert sorted(p.name for p in Path(tmp_path / "out").iterdir()) == [
        "frames.csv",
        "record.json",
        "report.html",
        "report.json",
        "sessions.json",
    ]
