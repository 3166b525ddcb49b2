"""An exercise's own counts and timings against the studio's events (bench.exercise_measures)."""

from __future__ import annotations

import pytest

from formcheck.bench.accuracy_table import format_table
from formcheck.bench.exercise_measures import clip_measures, measure_rows


def frames(hip_by_t, fps=10.0, seconds=10.0):
    return [{"t": i / fps, "hip_extension_deg": hip_by_t(i / fps)} for i in range(int(seconds * fps))]


def test_reps_are_counted_against_the_truths_rep_events():
    truth = {"events": [{"name": "rep", "start_s": a, "end_s": a + 2} for a in (1, 4, 7)], "frames": []}
    pairs, missed = clip_measures(truth, {"reps": 2})
    assert pairs["reps"] == [[2.0, 3.0]] and missed == {}


def test_a_summary_that_counts_no_reps_is_not_scored_on_rep_events():
    truth = {"events": [{"name": "rep", "start_s": 1, "end_s": 3}], "frames": []}
    assert clip_measures(truth, {"holds": 1})[0] == {}


def test_each_truth_squeeze_is_paired_with_the_found_rep_it_overlaps():
    holds = [
        {"name": "squeeze", "start_s": 2.0, "end_s": 5.5},
        {"name": "squeeze", "start_s": 9.0, "end_s": 12.5},
    ]
    truth = {"events": [], "holds": holds, "frames": []}
    # the second truth squeeze was missed: the only found rep is the first one
    summary = {"squeeze_s": [3.0], "rep_ranges_s": [[1.5, 6.0]]}
    pairs, missed = clip_measures(truth, summary)
    assert pairs["squeeze_s"] == [[3.0, 3.5]] and missed == {"squeeze_s": 1}


def test_a_hold_is_paired_by_the_summarys_own_hold_ranges():
    truth = {
        "events": [],
        "holds": [{"name": "hold", "start_s": 0.0, "end_s": 30.0, "cut": True}],
        "frames": [],
    }
    summary = {"hold_s": [5.0, 28.0], "hold_ranges_s": [[0.0, 5.0], [1.5, 29.5]]}
    assert clip_measures(truth, summary)[0]["hold_s"] == [[28.0, 30.0]]


def test_a_lift_is_the_hips_extension_over_the_top_above_the_first_frame():
    # rest at -10 deg, the top (4-6 s) at -4: a 6-deg lift
    truth = {
        "events": [{"name": "top", "start_s": 4.0, "end_s": 6.0}],
        "frames": frames(lambda t: -4.0 if 4.0 <= t < 6.0 else -10.0),
    }
    pairs, _ = clip_measures(truth, {"lift_hip_extension_deg": [2.5], "rep_ranges_s": [[3.5, 6.5]]})
    assert pairs["lift_hip_extension_deg"] == [[2.5, pytest.approx(6.0)]]


def test_an_unmeasured_lift_counts_as_missed():
    truth = {"events": [{"name": "top", "start_s": 4.0, "end_s": 6.0}], "frames": frames(lambda t: 0.0)}
    summary = {"lift_hip_extension_deg": [None], "rep_ranges_s": [[3.5, 6.5]]}
    assert clip_measures(truth, summary) == ({}, {"lift_hip_extension_deg": 1})


def test_rows_give_mae_signed_bias_and_exact_rep_counts():
    clips = [
        {"measures": {"reps": [[4.0, 4.0]], "lift_hip_extension_deg": [[2.0, 5.0], [3.0, 5.0]]}},
        {"measures": {"reps": [[3.0, 4.0]]}, "measures_missed": {"lift_hip_extension_deg": 1}},
    ]
    rows = {row["measure"]: row for row in measure_rows(clips)}
    assert rows["reps"]["exact"] == 1 and rows["reps"]["mae"] == pytest.approx(0.5)
    lift = rows["lift_hip_extension_deg"]
    assert (lift["n"], lift["mae"], lift["bias"], lift["missed"]) == (
        2,
        pytest.approx(2.5),
        pytest.approx(-2.5),
        1,
    )


def test_the_table_prints_the_measures():
    summary = {
        "angles": [],
        "measures": [
            {
                "exercise": "e",
                "yaw": "0",
                "measure": "reps",
                "n": 2,
                "mae": 0.5,
                "bias": -0.5,
                "missed": 0,
                "exact": 1,
            }
        ],
        "mistakes": {"yaw_0_15": {}, "yaw_above_15": {}},
        "targets": [],
    }
    assert "exact in 1 of 2 clips" in format_table(summary)
