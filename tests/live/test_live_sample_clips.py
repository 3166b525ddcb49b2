"""Headless live runs over the sample clips: the right cues at the right moments, and a report that
agrees with ``formcheck analyze`` on the same poses.

Tolerances, and why live differs from analyze at all (same poses, same analyzer code):
- live scoring starts only after 1 s of good set-up (``SetupGate``), and the neutral back comes from
  a 3 s calibration window instead of the clip's 10th percentile of dips;
- landmarks are smoothed causally (One-Euro, ~0.16 s time constant at rest) instead of with a
  zero-phase filter, so onsets and offsets come late by a fraction of a second, and peaks are a
  little lower.
Hence: a mistake's start within ``ONSET_TOLERANCE_S`` of analyze's, counts equal, the Thomas verdict
equal, angle summaries within ``ANGLE_TOLERANCE_DEG``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcheck.pipeline import analyze_track
from formcheck.types import Exercise
from tests.live.replay import replay_live

SAMPLE_VIDEOS = Path(__file__).resolve().parents[2] / "sample_videos"
CLIPS = sorted(p for p in SAMPLE_VIDEOS.glob("*.mp4") if p.with_suffix(".truth.json").exists())

ONSET_TOLERANCE_S = 1.5  # set-up gate 1 s + causal smoothing lag (~0.2 s) + calibration offset
CUE_LATE_S = 2.5  # a cue needs the rule to hold >= 1 s (min duration) plus the lags above
ANGLE_TOLERANCE_DEG = 4.0  # causal vs zero-phase smoothing and a different neutral reference

# The glute bridges' arch reads only ~15-16 deg offline for a true 18-24 (just over the 14-deg line);
# live, against its calibration instead of the clip's flattest back, it reads ~4 deg lower.
BRIDGE_LIVE_ARCH = "live arch reference reads the bridge's arch ~4 deg lower than analyze's"
# The prone back-arch sample's arch reads 0-11 deg live at the top of each lift (the first lift falls
# in the 3-s calibration, read against the population), 38 in analyze, 22 in the truth: live flags no
# back_arch, and the hip extension (trunk-thigh less the arch) keeps ~10 deg of arch, so live flags
# lift_too_high on every rep instead.
PRONE_LIVE_ARCH = "live reads the prone sample's arch 0-11 deg at the top of each lift (analyze 38, truth 22)"


def _with_known_failures(known: dict[str, str]) -> list:
    return [
        pytest.param(c, id=c.stem, marks=[pytest.mark.xfail(strict=True, reason=known[c.stem])])
        if c.stem in known
        else pytest.param(c, id=c.stem)
        for c in CLIPS
    ]


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CLIPS, reason="sample_videos/ has no clips with truth yet"),
]


def truth_of(clip: Path) -> dict:
    return json.loads(clip.with_suffix(".truth.json").read_text())


@pytest.fixture(scope="module")
def runs(pose_tracks):
    """clip name -> (truth, live outcome, offline analysis); one model run per clip (cached)."""
    cache: dict[str, tuple] = {}

    def get(clip: Path):
        if clip.name not in cache:
            truth = truth_of(clip)
            exercise = Exercise(truth["exercise"])
            track = pose_tracks(clip)
            cache[clip.name] = (
                truth,
                replay_live(track, exercise, clip=clip),
                analyze_track(track, exercise=exercise),
            )
        return cache[clip.name]

    return get


def cue_events(outcome, code: str) -> list:
    return [e for e in outcome.events if e.kind == "cue" and e.code == code]


def offline_misses(offline, code: str) -> bool:
    """Whether ``formcheck analyze`` itself misses a labelled mistake on these poses: then live
    (the same analyzer) cannot see it either, and the defect is the analyzer's or the pose's."""
    return all(m.code.value != code for m in offline.report.mistakes)


@pytest.mark.parametrize(
    "clip",
    _with_known_failures(
        {
            "glute-bridge_back-arch_left_yaw15": BRIDGE_LIVE_ARCH + ": no live cue",
            "prone-hip-extension_back-arch_left_yaw15": PRONE_LIVE_ARCH + ": no live cue",
        }
    ),
)
def test_each_labelled_mistake_gets_its_cue_inside_the_truth_interval(runs, clip):
    truth, live, offline = runs(clip)
    for interval in truth["mistake_intervals"]:
        code = interval["code"]
        if offline_misses(offline, code):
            pytest.xfail(f"analyze misses {code} on this clip too (not a live-mode difference)")
        cues = cue_events(live, code)
        assert cues, f"no {code} cue in live events"
        start, end = interval["start_s"], interval["end_s"]
        assert any(start <= e.t <= end + CUE_LATE_S for e in cues), (
            f"{code} cues at {[e.t for e in cues]} outside the truth interval {start}-{end} s"
        )


@pytest.mark.parametrize("clip", CLIPS, ids=lambda p: p.stem)
def test_a_clean_clip_gets_no_mistake_cue(runs, clip):
    truth, live, offline = runs(clip)
    if truth["mistakes"]:
        pytest.skip("clip has labelled mistakes")
    if offline.report.mistakes:
        pytest.xfail("analyze flags this clean clip too (not a live-mode difference)")
    mistake_cues = [e for e in live.events if e.kind == "cue"]
    assert mistake_cues == []


@pytest.mark.parametrize("clip", CLIPS, ids=lambda p: p.stem)
def test_presses_reps_and_holds_are_counted_as_the_truth_says(runs, clip):
    truth, live, offline = runs(clip)
    truth_counts = {}
    for event in truth["events"]:
        truth_counts[event["name"]] = truth_counts.get(event["name"], 0) + 1
    live_counts = {}
    for event in live.events:
        if event.kind == "count":
            live_counts[event.code] = int(event.value)
    pairs = {
        "couch-stretch": [("press", "press", "presses"), ("lock_in_rep", "lock_in", "lock_in_reps")],
        "split-squat": [("hold", "hold", "holds")],
    }.get(truth["exercise"], [])
    for live_code, truth_name, summary_key in pairs:
        expected = truth_counts.get(truth_name, 0)
        if offline.report.summary.get(summary_key) != expected:
            pytest.xfail(f"analyze counts {summary_key} wrong on this clip too (not a live-mode difference)")
        assert live_counts.get(live_code, 0) == expected, live_code


@pytest.mark.parametrize("clip", [c for c in CLIPS if "thomas" in c.stem], ids=lambda p: p.stem)
def test_the_thomas_result_is_announced(runs, clip):
    truth, live, _ = runs(clip)
    results = [e.code for e in live.events if e.kind == "result"]
    assert results and results[-1] == truth["thomas_result"]


# Known differences traced to one BlazePose defect each. Strict: a fix turns them into failures that
# ask for this list to shrink.
KNOWN_AGREEMENT_FAILURES = {
    "split-squat_bouncing_right_yaw15": "at 20.3-20.9 s BlazePose draws the front knee towards the rear "
    "leg (front knee flexion reads 30-41 deg on a 60-75 deg plateau); analyze's zero-phase smoothing "
    "takes the hold off its plateau there and splits the bouncing flag in two, live's causal smoothing "
    "does not (before the legs were identified, analyze named the other leg and this test stopped at the side)",
    "couch-stretch_back-arch_right_yaw15": "the back_arch flag judges the arch less its neutral's "
    "uncertainty; analyze's clip neutral (read over the whole clip) and live's calibration differ by a "
    "few degrees, and analyze's flag, hovering near its off-threshold after 69 s, splits into three "
    "(20.9-69.1, 81.9-83.3, 90.5-95.4 s) where live's stays one (21.3-96.9 s)",
    "glute-bridge_back-arch_left_yaw15": BRIDGE_LIVE_ARCH + ": live flags no back_arch",
    "prone-hip-extension_back-arch_left_yaw15": PRONE_LIVE_ARCH
    + ": live flags lift_too_high instead of back_arch",
}


@pytest.mark.parametrize("clip", _with_known_failures(KNOWN_AGREEMENT_FAILURES))
def test_the_live_report_agrees_with_analyze_within_the_smoothing_tolerance(runs, clip):
    truth, live, offline = runs(clip)
    live_report, report = live.report, offline.report
    assert live_report.frames_total == report.frames_total
    if (
        live_report.side != report.side
        and live_report.side
        and live_report.side.value == truth["working_side"]
    ):
        # Live decides the side from the first second in position, analyze from the whole clip.
        pytest.xfail(f"analyze picks the {report.side} leg; live and the truth the {live_report.side}")
    assert live_report.side == report.side
    assert sorted({m.code for m in live_report.mistakes}) == sorted({m.code for m in report.mistakes})
    for mistake in report.mistakes:
        starts = [m.start_s for m in live_report.mistakes if m.code == mistake.code]
        assert min(abs(s - mistake.start_s) for s in starts) <= ONSET_TOLERANCE_S
    for key in ("presses", "lock_in_reps", "holds"):
        if key in report.summary:
            assert live_report.summary.get(key) == report.summary[key], key
    for key in ("peak_hip_extension_deg", "mean_hip_extension_deg"):
        if report.summary.get(key) is not None and live_report.summary.get(key) is not None:
            assert abs(live_report.summary[key] - report.summary[key]) <= ANGLE_TOLERANCE_DEG, key
