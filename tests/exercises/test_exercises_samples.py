"""Every committed sample clip through the real pipeline: exactly its labelled mistakes (and Thomas
result), each with a time range overlapping the truth's; ``--exercise auto`` names the right exercise.

The labels come from the studio's ``<clip>.truth.json`` (rules in ``formcheck.synth.labels``); the
model runs once per clip per session through the shared ``pose_tracks`` cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcheck.bench.range_scoring import SHALLOW, range_truth
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
    # Range is scored on true hip extension (bench.range_scoring), not the studio's landmark proxy:
    # the couch back-arch clip's arch tips the pelvis until the hip has no extension left.
    ranged = range_truth(truth)
    labelled = set(truth["mistakes"]) - ({SHALLOW} if ranged.applies else set())
    found = {m.code.value for m in report.mistakes}
    if ranged.applies and ranged.true_shallow:
        labelled.add(SHALLOW)
    elif ranged.applies and ranged.true_shallow is None:
        found.discard(SHALLOW)  # between the shallow and clean thresholds: not scored
    assert sorted(found) == sorted(labelled)
    for interval in truth["mistake_intervals"]:
        if interval["code"] == SHALLOW and ranged.applies and not ranged.true_shallow:
            continue  # a proxy-only interval
        found = [m for m in report.mistakes if m.code.value == interval["code"]]
        assert any(m.start_s <= interval["end_s"] and m.end_s >= interval["start_s"] for m in found), interval
    if truth["exercise"] == Exercise.THOMAS_TEST.value:
        assert report.summary["thomas_result"] == truth["thomas_result"]


@pytest.mark.parametrize("clip", CLIPS, ids=[c.stem for c in CLIPS])
def test_a_sample_clip_is_recognised_as_its_exercise(clip, analyses):
    assert recognise_exercise(analyses(clip).angles) is Exercise(_truth(clip)["exercise"])


# Known failures of the real pipeline on committed clips, each traced to a BlazePose limitation we
# could not get around. Strict: a fix turns them into failures that ask for these lists to shrink.
KNOWN_SIDE_FAILURES: dict[str, str] = {}
KNOWN_COUNT_FAILURES = {
    "couch-stretch_correct_left_yaw0": "during each heel pull BlazePose collapses the hanging knee toward "
    "the other leg (it reads ~110 deg instead of ~160 deg), so the lock-in reps are not seen",
}
COUNTED_EVENTS = {
    Exercise.COUCH_STRETCH.value: {"press": "presses", "lock_in": "lock_in_reps"},
    Exercise.SPLIT_SQUAT.value: {"hold": "holds"},
    Exercise.GLUTE_BRIDGE.value: {"rep": "reps"},
    Exercise.PRONE_HIP_EXTENSION.value: {"rep": "reps"},
    Exercise.KNEELING_STRETCH.value: {"hold": "holds"},
}


def _with_known_failures(known: dict[str, str]) -> list:
    return [
        pytest.param(c, id=c.stem, marks=[pytest.mark.xfail(strict=True, reason=known[c.stem])])
        if c.stem in known
        else pytest.param(c, id=c.stem)
        for c in CLIPS
    ]


@pytest.mark.parametrize("clip", _with_known_failures(KNOWN_SIDE_FAILURES))
def test_a_sample_clip_reports_the_working_side_its_truth_names(clip, analyses):
    report = analyses(clip).report
    assert report.side is not None
    assert report.side.value == _truth(clip)["working_side"]


@pytest.mark.parametrize("clip", _with_known_failures(KNOWN_COUNT_FAILURES))
def test_a_sample_clip_counts_presses_reps_and_holds_as_its_truth_does(clip, analyses):
    truth = _truth(clip)
    truth_counts: dict[str, int] = {}
    for event in truth["events"]:
        truth_counts[event["name"]] = truth_counts.get(event["name"], 0) + 1
    summary = analyses(clip).report.summary
    for event_name, summary_key in COUNTED_EVENTS.get(truth["exercise"], {}).items():
        assert summary.get(summary_key) == truth_counts.get(event_name, 0), summary_key


PRONE_CLIPS = [c for c in CLIPS if _truth(c)["exercise"] == Exercise.PRONE_HIP_EXTENSION.value]
LIFT_TOLERANCE_DEG = 2.0
KNOWN_LIFT_FAILURES = {
    "prone-hip-extension_correct_right_yaw0": "BlazePose reads the straight leg's 4.9-deg lift off the mat "
    "as 1.6-1.8 deg of trunk-thigh (the knee landmark barely follows a small lift of a leg lying flat)",
    "prone-hip-extension_back-arch_left_yaw15": "the arch reads ~38 deg for a true 22 at each top, so the "
    "hip extension (trunk-thigh less the arch) reads -3 to -5 deg of lift for a true 3.9",
}


@pytest.mark.parametrize(
    "clip",
    [
        pytest.param(c, id=c.stem, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LIFT_FAILURES[c.stem])])
        if c.stem in KNOWN_LIFT_FAILURES
        else pytest.param(c, id=c.stem)
        for c in PRONE_CLIPS
    ],
)
def test_a_prone_sample_reads_each_lift_as_the_hip_extension_its_truth_gives(clip, analyses):
    truth = _truth(clip)
    frames = truth["frames"]
    rest = frames[0]["hip_extension_deg"]
    expected = [
        max(f["hip_extension_deg"] for f in frames if rep["start_s"] <= f["t"] <= rep["end_s"]) - rest
        for rep in truth["events"]
        if rep["name"] == "rep"
    ]
    lifts = analyses(clip).report.summary["lift_hip_extension_deg"]
    assert len(lifts) == len(expected)
    assert all(
        v is not None and abs(v - e) <= LIFT_TOLERANCE_DEG for v, e in zip(lifts, expected, strict=True)
    )
