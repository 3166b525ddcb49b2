"""The accuracy benchmark's arithmetic on hand-made clips: MAE, shares, precision/recall, targets."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from formcheck.bench.accuracy import (
    ClipScore,
    angle_row,
    check_targets,
    landmark_error,
    mistake_rows,
    score_clip,
    summarise,
    truth_angles,
    yaw_group,
)
from formcheck.bench.accuracy_table import format_table
from formcheck.types import Pose, Side


def clip(exercise="couch-stretch", yaw=0.0, truth=(), found=(), hip_errors=(), frames=None, **extra):
    score = ClipScore(clip="c.mp4", exercise=exercise, yaw_deg=yaw, scenario="x")
    score.truth_mistakes, score.found_mistakes = sorted(truth), sorted(found)
    frames = frames if frames is not None else len(hip_errors)
    score.frames = score.detected = frames
    score.truth_frames["hip_extension_deg"] = frames
    score.measured["hip_extension_deg"] = len(hip_errors)
    score.abs_error_sum["hip_extension_deg"] = float(sum(abs(e) for e in hip_errors))
    score.signed_error_sum["hip_extension_deg"] = float(sum(hip_errors))
    for key, value in extra.items():
        setattr(score, key, value)
    return score


def test_mae_is_pooled_over_frames_and_the_share_measured_is_reported():
    row = angle_row([clip(hip_errors=[1, 3], frames=4), clip(hip_errors=[2, 2, 2, 2], frames=4)])
    assert row["hip_extension_deg_mae"] == pytest.approx(12 / 6)
    assert row["hip_extension_deg_measured"] == pytest.approx(6 / 8)
    assert row["lumbar_arch_deg_mae"] is None  # nothing measured: no number, not zero


def test_the_mean_signed_error_shows_a_bias_the_mae_hides():
    row = angle_row([clip(hip_errors=[5, 7], frames=2), clip(hip_errors=[-3, 6, 5], frames=3)])
    assert row["hip_extension_deg_mae"] == pytest.approx(26 / 5)
    assert row["hip_extension_deg_bias"] == pytest.approx(20 / 5)
    assert "Mean signed error" in format_table(summarise([clip(hip_errors=[5, 7], frames=2)]))


def test_precision_and_recall_count_clips_per_exercise_and_code():
    scores = [
        clip(truth=["back_arch"], found=["back_arch"]),  # TP
        clip(truth=["back_arch"], found=[]),  # FN
        clip(truth=[], found=["back_arch", "shallow_range"]),  # FP, FP
        clip(exercise="split-squat", truth=["back_arch"], found=["back_arch"]),
    ]
    rows = mistake_rows(scores)
    arch = rows["couch-stretch:back_arch"]
    assert (arch["tp"], arch["fp"], arch["fn"]) == (1, 1, 1)
    assert arch["precision"] == 0.5 and arch["recall"] == 0.5
    assert rows["couch-stretch:shallow_range"]["recall"] is None  # no labelled clip: undefined
    assert rows["split-squat:back_arch"]["precision"] == 1.0


def test_thomas_result_accuracy_counts_matching_verdicts():
    scores = [
        clip(exercise="thomas-test", truth_result="positive", found_result="positive"),
        clip(exercise="thomas-test", truth_result="negative", found_result="invalid"),
    ]
    assert mistake_rows(scores)["thomas-test:result"] == {"clips": 2, "accuracy": 0.5}


def test_targets_use_only_clips_at_fifteen_degrees_of_yaw_or_less():
    scores = [clip(yaw=-15.0, hip_errors=[4.0]), clip(yaw=30.0, hip_errors=[40.0])]
    hip = next(t for t in check_targets(scores) if "hip_extension" in t["what"])
    assert hip["value"] == 4.0 and hip["met"] is True


def test_groups_are_by_absolute_yaw_and_the_table_prints_every_group():
    assert yaw_group(-15.0) == yaw_group(15.0) == "15"
    summary = summarise([clip(yaw=-15.0, hip_errors=[1.0]), clip(yaw=30.0, hip_errors=[9.0])])
    assert [(r["exercise"], r["yaw"]) for r in summary["angles"]] == [
        ("couch-stretch", "15"),
        ("couch-stretch", "30"),
    ]
    table = format_table(summary)
    assert "couch-stretch" in table and "Targets at 0-15 deg yaw" in table


def test_a_flexed_truth_spine_counts_as_zero_arch():
    assert truth_angles({"lumbar_arch_deg": -6.0, "hip_extension_deg": 3.0})["lumbar_arch_deg"] == 0.0


def test_landmark_error_is_the_mean_distance_over_the_torso_length():
    points = np.zeros((33, 2))
    joints = {"left_shoulder": [0, 0], "right_shoulder": [0, 0], "left_hip": [0, 100], "right_hip": [0, 100]}
    points[11] = points[12] = (0, 0)
    points[23] = points[24] = (0, 110)  # both hips 10 px off on a 100-px torso
    pose = Pose(points, np.ones(33), np.zeros(33), (200, 200))
    assert landmark_error(pose, joints) == pytest.approx((0 + 0 + 10 + 10) / 4 / 100)


def studio_truth(working_side: str) -> dict:
    return {
        "clip": "c.mp4",
        "exercise": "couch-stretch",
        "working_side": working_side,
        "camera": {"yaw_deg": 30.0},
        "scenario": "correct",
        "mistakes": [],
        "frames": [],
    }


@pytest.mark.parametrize(("found", "right"), [(Side.RIGHT, True), (Side.LEFT, False), (None, None)])
def test_the_working_side_is_scored_against_the_studios_not_against_itself(found, right):
    report = SimpleNamespace(side=found, mistakes=[], summary={})
    assert score_clip(studio_truth("right"), SimpleNamespace(frames=[]), [], report).side_right is right
