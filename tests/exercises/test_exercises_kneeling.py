"""Kneeling hip-flexor stretch: the hold timed, the kneeling hip's true extension, the huge back arch,
and ``auto`` telling it from the split squat, from hand-built choreography
(``tests.exercises.choreography.kneeling_timeline``)."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.exercises.detect import recognise_exercise, score_exercises
from formcheck.types import Exercise, MistakeCode, Side
from tests.exercises.choreography import (
    kneeling_frames,
    kneeling_timeline,
    run_analyzer,
    split_frames,
    split_timeline,
)


def codes(result) -> set[MistakeCode]:
    return {m.code for m in result.mistakes}


def test_a_clean_hold_is_timed_on_the_kneeling_leg_and_flags_nothing():
    # given: 40 s from kneeling down to standing up (hips shifted forward after 2 s), left knee down
    result, emitted = run_analyzer(Exercise.KNEELING_STRETCH, kneeling_frames(kneeling_timeline(hold_s=40.0)))
    # then: one hold, in position from the knee reaching the floor to it leaving it (~40.2 s)
    assert result.summary["holds"] == 1
    assert result.summary["hold_s"][0] == pytest.approx(40.2, abs=0.6)
    assert result.side is Side.LEFT
    assert result.mistakes == []
    # the choreography's hold: thigh 15 deg behind, trunk 3 forward, arch 2 -> hip extension 10
    assert result.summary["hold_hip_extension_deg"][0] == pytest.approx(10.0, abs=1.0)
    assert result.summary["variant"] == ["half-kneeling"]
    assert "good form" in result.summary["verdict"]
    assert [e.value for e in emitted if e.kind == "count"] == [1]


def test_the_rear_shin_up_a_wall_or_couch_is_the_couch_variant():
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, kneeling_frames(kneeling_timeline(rear_shin=160.0)))
    assert result.summary["variant"] == ["couch"]
    assert result.mistakes == []


def test_a_huge_back_arch_is_flagged_even_when_the_thigh_goes_far_back():
    # given: the hips pushed further forward with the arch (thigh 33 deg behind): hip extension 33-3-20 = 10
    timeline = kneeling_timeline(rear_incl=33.0, arch=20.0)
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, kneeling_frames(timeline))
    assert codes(result) == {MistakeCode.BACK_ARCH}
    assert "back_arch" in result.summary["verdict"]


def test_a_knee_left_in_front_of_the_hip_line_is_shallow():
    # given: hips sitting back, thigh 5 deg forward: hip extension -5-3-2 = -10
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, kneeling_frames(kneeling_timeline(rear_incl=-5.0)))
    assert codes(result) == {MistakeCode.SHALLOW_RANGE}
    assert result.summary["hold_hip_extension_deg"][0] == pytest.approx(-10.0, abs=1.0)


def test_a_hold_ended_after_15_s_is_a_short_hold():
    result, emitted = run_analyzer(Exercise.KNEELING_STRETCH, kneeling_frames(kneeling_timeline(hold_s=15.0)))
    assert codes(result) == {MistakeCode.SHORT_HOLD}
    assert any(e.kind == "cue" and e.code == "short_hold" for e in emitted)


def test_a_hold_the_recording_cuts_is_not_short():
    frames = [f for f in kneeling_frames(kneeling_timeline(hold_s=40.0)) if f.timestamp_s <= 20.0]
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, frames)
    assert result.summary["holds"] == 1
    assert MistakeCode.SHORT_HOLD not in codes(result)


@pytest.mark.parametrize(
    "rear_shin", [pytest.param(95.0, id="half-kneeling"), pytest.param(160.0, id="couch")]
)
def test_auto_recognises_the_kneeling_stretch_and_not_the_split_squat(rear_shin):
    frames = kneeling_frames(kneeling_timeline(rear_shin=rear_shin))
    assert recognise_exercise(frames) is Exercise.KNEELING_STRETCH
    assert score_exercises(frames).confidence >= 0.5


def test_a_split_squat_whose_rear_knee_hovers_off_the_floor_stays_a_split_squat():
    # given: the split-squat choreography with the rear knee 0.05 thigh lengths above the front ankle
    # (the studio's deep holds) and the rear shin up to the bench at 120 deg
    frames = split_frames(split_timeline())
    hovering = []
    for f in frames:
        rear = dataclasses.replace(f.leg(Side.LEFT), knee_height_thighs=0.05, shin_inclination_deg=120.0)
        hovering.append(dataclasses.replace(f, left=rear))
    assert recognise_exercise(hovering) is Exercise.SPLIT_SQUAT
    assert score_exercises(hovering).shares[Exercise.KNEELING_STRETCH.value] == 0.0


@pytest.mark.parametrize(
    ("height", "shin"),
    [
        pytest.param(-0.06, 120.0, id="knee-down-foot-on-a-bench"),
        pytest.param(0.05, 95.0, id="knee-hovering"),
    ],
)
def test_a_knee_down_needs_the_shin_along_the_floor_or_up_a_wall_and_the_knee_on_the_floor(height, shin):
    frames = kneeling_frames(kneeling_timeline())
    frames = [
        dataclasses.replace(
            f, left=dataclasses.replace(f.left, knee_height_thighs=height, shin_inclination_deg=shin)
        )
        for f in frames
    ]
    assert score_exercises(frames).shares[Exercise.KNEELING_STRETCH.value] == 0.0


def test_leaning_forward_for_two_seconds_to_adjust_does_not_end_the_hold():
    # given: 40 s knelt, with the trunk leaning 40 deg forward (out of position) from 15 to 17 s
    timeline = kneeling_timeline(hold_s=40.0)
    frames = kneeling_frames(timeline)
    leaning = [
        dataclasses.replace(f, trunk_inclination_deg=40.0) if 15.0 <= f.timestamp_s <= 17.0 else f
        for f in frames
    ]
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, leaning)
    assert result.summary["holds"] == 1
    assert result.summary["hold_s"][0] == pytest.approx(40.2, abs=0.6)
    assert "setup" in result.phases[int(16.0 * 15)]
    assert result.mistakes == []


def test_a_knee_well_below_the_ankle_is_kneeling_whatever_the_shin_reads():
    # given: an oblique view foreshortens a shin lying along the floor into a steep 120 deg
    frames = [
        dataclasses.replace(
            f, left=dataclasses.replace(f.left, knee_height_thighs=-0.2, shin_inclination_deg=120.0)
        )
        if f.left.knee_height_thighs is not None and f.left.knee_height_thighs <= 0.0
        else f
        for f in kneeling_frames(kneeling_timeline())
    ]
    assert recognise_exercise(frames) is Exercise.KNEELING_STRETCH


def test_a_hold_whose_hip_extension_is_never_measured_does_not_claim_a_good_range():
    # given: the clean hold, but the kneeling hip's extension unmeasurable in every frame
    frames = kneeling_frames(kneeling_timeline(hold_s=30.0))
    side = Side.LEFT
    frames = [
        dataclasses.replace(f, left=dataclasses.replace(f.leg(side), hip_extension_deg=None)) for f in frames
    ]
    result, _ = run_analyzer(Exercise.KNEELING_STRETCH, frames)
    # then: no shallow_range, and the verdict and the summary say range was not judged
    assert MistakeCode.SHALLOW_RANGE not in codes(result)
    assert result.summary["range"]["hip_extension_measured_fraction"] == 0.0
    assert result.summary["range"]["landmark_proxy"]["median_deg"] == pytest.approx(15.0, abs=1.0)
    assert "range not judged" in result.summary["verdict"]
    assert "true extension" not in result.summary["verdict"]
