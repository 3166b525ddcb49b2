"""Prone hip extension: reps, the lift's height in degrees of hip extension, and each mistake, from
the studio's choreography (``tests.exercises.choreography.prone_timeline``)."""

from __future__ import annotations

import pytest

from formcheck.exercises.detect import recognise_exercise
from formcheck.exercises.prone_hip_extension.thresholds import INCH_M, lift_deg, lift_inches
from formcheck.types import Exercise, MistakeCode, Side
from tests.exercises.choreography import Timeline, prone_frames, prone_timeline, run_analyzer


def codes(result) -> set[MistakeCode]:
    return {m.code for m in result.mistakes}


def test_one_and_two_inches_of_an_average_thigh_are_a_few_degrees():
    # 43-cm thigh: asin(2.54/43) and asin(5.08/43), by hand 3.39 and 6.78 deg
    assert lift_deg(INCH_M) == pytest.approx(3.39, abs=0.01)
    assert lift_deg(2 * INCH_M) == pytest.approx(6.78, abs=0.01)
    assert lift_inches(lift_deg(2 * INCH_M)) == pytest.approx(2.0)


def test_a_clean_set_counts_every_lift_and_measures_it_from_the_rest_on_the_mat():
    result, emitted = run_analyzer(
        Exercise.PRONE_HIP_EXTENSION, prone_frames(prone_timeline(reps=8, lift=5.0))
    )
    assert result.summary["reps"] == 8
    assert [e.value for e in emitted if e.kind == "count"] == list(range(1, 9))
    # the choreography lifts 5 deg from rest with the arch steady: the hip's lift is the thigh's
    assert all(v == pytest.approx(5.0, abs=1.0) for v in result.summary["lift_hip_extension_deg"])
    assert result.summary["lifts_in_band"] == 8
    assert result.mistakes == []
    assert result.side is Side.RIGHT
    assert "good form" in result.summary["verdict"]


def test_a_lift_taken_from_the_low_back_is_a_back_arch_not_a_high_lift():
    # the thigh rises 12 deg, 10 of them the arch's (the choreography's hip = trunk-thigh - arch)
    frames = prone_frames(prone_timeline(reps=4, lift=12.0, arch=20.0))
    result, _ = run_analyzer(Exercise.PRONE_HIP_EXTENSION, frames)
    assert result.summary["reps"] == 4
    assert codes(result) == {MistakeCode.BACK_ARCH}


def test_a_lift_far_beyond_two_inches_is_lift_too_high_on_every_rep():
    result, emitted = run_analyzer(
        Exercise.PRONE_HIP_EXTENSION, prone_frames(prone_timeline(reps=4, lift=16.0))
    )
    assert [m.code for m in result.mistakes] == [MistakeCode.LIFT_TOO_HIGH] * 4
    assert all(m.peak == pytest.approx(16.0, abs=1.5) for m in result.mistakes)
    assert sum(e.code == MistakeCode.LIFT_TOO_HIGH.value for e in emitted if e.kind == "cue") == 4


def test_a_thigh_that_only_twitches_is_no_rep():
    result, _ = run_analyzer(Exercise.PRONE_HIP_EXTENSION, prone_frames(prone_timeline(reps=4, lift=0.5)))
    assert result.summary["reps"] == 0
    assert "no rep found" in result.summary["verdict"]


def test_the_lifted_leg_is_the_working_leg_whichever_label_it_has():
    result, _ = run_analyzer(
        Exercise.PRONE_HIP_EXTENSION, prone_frames(prone_timeline(reps=3), side=Side.LEFT)
    )
    assert result.side is Side.LEFT
    assert result.summary["rep_sides"] == ["left"] * 3


def test_alternating_legs_count_each_lift_on_its_own_leg():
    tl = Timeline({"trunk": 88.0, "lift": -8.0, "other_lift": -9.0, "arch": 2.0}).hold(3.0)
    for _ in range(2):
        tl.to(1.0, lift=-3.0).hold(2.0).to(1.0, lift=-8.0).hold(1.5)
        tl.to(1.0, other_lift=-4.0).hold(2.0).to(1.0, other_lift=-9.0).hold(1.5)
    result, _ = run_analyzer(Exercise.PRONE_HIP_EXTENSION, prone_frames(tl))
    assert result.summary["rep_sides"] == ["right", "left", "right", "left"]
    assert result.mistakes == []


def test_auto_recognises_it_and_not_a_supine_body_with_the_same_leg_angles():
    frames = prone_frames(prone_timeline(reps=4))
    assert recognise_exercise(frames) is Exercise.PRONE_HIP_EXTENSION
    tl = prone_timeline(reps=4)
    tl.keys = [(t, {**v, "trunk": -88.0}) for t, v in tl.keys]  # the same legs, face up
    assert recognise_exercise(prone_frames(tl)) is not Exercise.PRONE_HIP_EXTENSION


def test_a_brisk_set_that_bounces_above_its_first_rest_still_counts_every_lift():
    # the real prone leg raise: 1-s reps, the thigh back down only ~0.3 s, 2 deg above where it began
    tl = Timeline({"trunk": 88.0, "lift": -8.0, "other_lift": -9.0, "arch": 2.0}).hold(2.0)
    for _ in range(6):
        tl.to(0.3, lift=12.0).hold(0.2).to(0.3, lift=-6.0).hold(0.3)
    result, _ = run_analyzer(Exercise.PRONE_HIP_EXTENSION, prone_frames(tl))
    assert result.summary["reps"] == 6
    assert {m.code for m in result.mistakes} == {MistakeCode.LIFT_TOO_HIGH}
