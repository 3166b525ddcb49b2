"""Every committed sample clip through the real pipeline: exactly its labelled mistakes (and Thomas
result), each with a time range overlapping the truth's; ``--exercise auto`` names the right exercise.

The labels come from the studio's ``<clip>.truth.json`` (rules in ``formcheck.synth.labels``); the
model runs once per clip per session through the shared ``pose_tracks`` cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcheck.exercises.detect import recognise_exercise
from formcheck.pipeline import analyze_track
from formcheck.types import Exercise

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
CLIPS = (
    sorted(p for p in SAMPLES.glob("*.mp4") if p.with_suffix("").with_suffix(".truth.json").exists())
    if SAMPLES.exists()
    else []
)


def _truth(clip: Path) -> dict:
    return json.loads(clip.with_suffix("").with_suffix(".truth.json").read_text())


@pytest.fixture(scope="module")
def analyses(pose_tracks):
    cache: dict[Path, object] = {}

    def get(clip: Path):
        if clip not in cache:
            cache[clip] = analyze_track(pose_tracks(clip), exercise=Exercise(_truth(clip)["exercise"]))
        return cache[clip]

    return get


def test_there_are_sample_clips_to_check():
    if not CLIPS:
        pytest.skip("sample_videos/ with truth files is not present yet")
    assert len(CLIPS) >= 3


@pytest.mark.parametrize("clip", CLIPS, ids=[c.stem for c in CLIPS])
def test_a_sample_clip_reports_exactly_its_labelled_mistakes_at_the_labelled_times(clip, analyses):
    truth = _truth(clip)
    report = analyses(clip).report
    assert sorted({m.code.value for m in report.mistakes}) == sorted(set(truth["mistakes"]))
    for interval in truth["mistake_intervals"]:
        found = [m for m in report.mistakes if m.code.value == interval["code"]]
        assert any(m.start_s <= interval["end_s"] and m.end_s >= interval["start_s"] for m in found), interval
    if truth["exercise"] == Exercise.THOMAS_TEST.value:
        assert report.summary["thomas_result"] == truth["thomas_result"]


@pytest.mark.parametrize("clip", CLIPS, ids=[c.stem for c in CLIPS])
def test_a_sample_clip_is_recognised_as_its_exercise(clip, analyses):
    assert recognise_exercise(analyses(clip).angles) is Exercise(_truth(clip)["exercise"])
