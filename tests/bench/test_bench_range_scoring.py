"""shallow_range scored on true hip extension, the landmark-proxy label beside it, and coverage."""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace

import pytest

from formcheck.bench.accuracy import ClipScore, mistake_rows, score_clip, summarise
from formcheck.bench.accuracy_table import format_table
from formcheck.bench.range_scoring import legs_in_position_and_visible, range_row, range_truth
from formcheck.types import Mistake, MistakeCode

FPS = 10.0
INSIDE = {"right_hip": [300, 150], "right_knee": [330, 220], "right_ankle": [320, 300]}


def truth(
    hip_deg, exercise="couch-stretch", proxy_shallow=False, phase="exhale_reset", joints=INSIDE
) -> dict:
    frames = [
        {"t": i / FPS, "phase": phase, "hip_extension_deg": h, "lumbar_arch_deg": 0.0, "joints_px": joints}
        for i, h in enumerate(hip_deg)
    ]
    return {
        "clip": "c.mp4",
        "exercise": exercise,
        "working_side": "right",
        "camera": {"yaw_deg": 0.0},
        "scenario": "back_arch",
        "size": [640, 360],
        "mistakes": ["shallow_range"] if proxy_shallow else [],
        "frames": frames,
    }


def test_an_arched_clip_whose_hip_lost_its_extension_is_labelled_shallow_though_the_proxy_is_not():
    labels = range_truth(truth([-4.0] * 20))
    assert (labels.applies, labels.true_shallow, labels.proxy_shallow) == (True, True, False)


def test_the_thomas_test_keeps_its_own_label():
    assert not range_truth(truth([-4.0] * 20, exercise="thomas-test")).applies


def test_score_clip_scores_range_on_the_true_label_and_leaves_a_middling_clip_unscored():
    report = SimpleNamespace(side=None, mistakes=[], summary={})
    track = SimpleNamespace(frames=[])
    shallow = score_clip(truth([-4.0] * 20), track, [], report)
    assert shallow.truth_mistakes == ["shallow_range"] and shallow.range_proxy_shallow is False
    proxy_only = score_clip(truth([9.0] * 20, proxy_shallow=True), track, [], report)
    assert proxy_only.truth_mistakes == [] and proxy_only.range_true_shallow is False
    middling = score_clip(truth([3.0] * 20, proxy_shallow=True), track, [], report)
    assert middling.unscored_mistakes == ["shallow_range"]


def test_an_unscored_clip_counts_neither_as_a_hit_nor_as_a_false_flag():
    score = ClipScore(clip="c", exercise="couch-stretch", yaw_deg=0.0, scenario="x")
    score.found_mistakes, score.unscored_mistakes = ["shallow_range"], ["shallow_range"]
    assert "couch-stretch:shallow_range" not in mistake_rows([score])


def test_coverage_counts_in_position_frames_with_the_working_leg_inside_the_image():
    clip = truth([5.0])
    assert legs_in_position_and_visible(clip, clip["frames"][0])
    outside = {**INSIDE, "right_ankle": [320, 400]}  # below a 360-px frame
    clipped = truth([5.0], joints=outside)
    assert not legs_in_position_and_visible(clipped, clipped["frames"][0])
    standing = truth([5.0], exercise="split-squat", phase="stand")
    assert not legs_in_position_and_visible(standing, standing["frames"][0])


def _scored(true_shallow, proxy_shallow, found, covered=10, measured=9):
    score = ClipScore(clip="c", exercise="split-squat", yaw_deg=0.0, scenario="x")
    score.range_applies, score.range_true_shallow, score.range_proxy_shallow = (
        True,
        true_shallow,
        proxy_shallow,
    )
    score.found_mistakes = ["shallow_range"] if found else []
    score.range_coverage_frames, score.range_coverage_measured = covered, measured
    return score


def test_the_range_row_gives_precision_and_recall_on_both_labels_and_the_coverage():
    scores = [
        _scored(True, False, True),
        _scored(False, True, False),
        _scored(None, True, True),
        _scored(True, True, False),
    ]
    row = range_row([asdict(s) for s in scores])
    assert (row["clips"], row["not_scored"]) == (4, 1)
    assert row["true_label"]["precision"] == 1.0 and row["true_label"]["recall"] == 0.5
    assert row["proxy_label"]["tp"] == 1 and row["proxy_label"]["fp"] == 1 and row["proxy_label"]["fn"] == 2
    assert row["coverage"] == pytest.approx(36 / 40)


def test_the_table_prints_the_range_rows_and_the_coverage_target():
    scores = [_scored(True, False, True), _scored(False, True, False, measured=5)]
    table = format_table(summarise(scores))
    assert "Range: shallow_range on true hip extension" in table
    assert "split-squat hip extension measured in position" in table
    assert "70% of 20" in table


def test_a_found_shallow_range_is_read_from_the_report():
    report = SimpleNamespace(
        side=None, mistakes=[Mistake(MistakeCode.SHALLOW_RANGE, 0.0, 1.0, -3.0, "cue")], summary={}
    )
    score = score_clip(truth([-4.0] * 20), SimpleNamespace(frames=[]), [], report)
    assert score.found_mistakes == ["shallow_range"]
    assert mistake_rows([score])["couch-stretch:shallow_range"]["recall"] == 1.0
