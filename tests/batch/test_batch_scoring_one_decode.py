"""A scored clip with its HTML page is decoded once: the page's key frames read the pictures the
analysis kept (the model is a fake; the clip a numbered one, each frame's number painted on it)."""

from __future__ import annotations

from pathlib import Path

from formcheck.batch.records import ClipKey, ClipStatus
from formcheck.batch.scoring import ClipJob, ScoreOptions, analyze_clip, score_clip
from formcheck.outputs import key_frames
from formcheck.outputs.key_frames import KeyFrameChoice
from tests.live.fakes import SIZE, FakeEstimator
from tests.outputs.test_outputs_one_decode import decodes  # noqa: F401  (a fixture)
from tests.sources.clips import frame_number, write_numbered_clip


class _FakeEstimators:
    def estimator(self, model: str) -> FakeEstimator:
        return FakeEstimator()


def test_the_html_pages_key_frames_read_the_pictures_the_analysis_kept(tmp_path, monkeypatch, decodes):  # noqa: F811
    clip = write_numbered_clip(tmp_path / "clip.mp4", frames=30, size=SIZE)
    chosen = [KeyFrameChoice(f"frame {i}", i / 30.0, i, "") for i in (5, 25)]
    monkeypatch.setattr(key_frames, "choose_key_frames", lambda report: chosen)
    drawn: list[int] = []
    real_draw = key_frames._draw

    def recording_draw(report, choice, frame, pose, angles):
        drawn.append(frame_number(frame.image))
        return real_draw(report, choice, frame, pose, angles)

    monkeypatch.setattr(key_frames, "_draw", recording_draw)
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
