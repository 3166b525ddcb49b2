"""Glute bridge with end-range bias: reps, the 3-s squeeze, the set-up's heels and each mistake,
from the studio's choreography (``tests.exercises.choreography.bridge_timeline``)."""

from __future__ import annotations

import math

import pytest

from formcheck.exercises.detect import recognise_exercise
from formcheck.exercises.glute_bridge.rules import heel_to_hip_fraction
from formcheck.types import Exercise, MistakeCode, Side
from tests.exercises.choreography import (
    bridge_frames,
    bridge_timeline,
    run_analyzer,
    single_leg_bridge_timeline,
    thomas_frames,
    thomas_timeline,
)


def codes(result) -> set[MistakeCode]:
    return {m.code for m in result.mistakes}


def test_a_clean_set_counts_every_rep_times_each_squeeze_and_flags_nothing():
    result, emitted = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=8)))
    assert result.summary["reps"] == 8
    # the choreography holds the top 3.5 s: the plateau timing loses at most the easing's edges
    assert all(3.0 <= s <= 4.0 for s in result.summary["squeeze_s"])
    assert result.mistakes == []
    assert [e.value for e in emitted if e.kind == "count"] == list(range(1, 9))
    assert "good form" in result.summary["verdict"]


def test_the_knee_at_rest_gives_the_heels_distance():
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=3), side=Side.RIGHT))
    resting_knee = {Side.RIGHT: 105.0, Side.LEFT: 103.0}[result.side]  # the choreography's knees at rest
    assert result.summary["setup_knee_flexion_deg"] == pytest.approx(resting_knee, abs=1.0)
    assert heel_to_hip_fraction(90.0) == pytest.approx(math.cos(math.radians(45.0)))
    assert heel_to_hip_fraction(0.0) == pytest.approx(1.0)


def test_a_top_reached_by_arching_the_back_is_a_back_arch():
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=4, arch=20.0)))
    assert codes(result) == {MistakeCode.BACK_ARCH}
    assert result.summary["reps"] == 4


def test_a_top_short_of_the_shoulder_knee_line_is_shallow_on_every_rep():
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=4, top=-20.0)))
    assert result.summary["reps"] == 4
    assert [m.code for m in result.mistakes] == [MistakeCode.SHALLOW_RANGE] * 4


def test_a_rep_stopping_below_the_fixed_line_counts_from_its_own_rest_and_is_shallow():
    # rest at -52: the hips rising 22 deg to -30 never reach the fixed -25 line, but are 10+ above rest
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=4, top=-30.0)))
    assert result.summary["reps"] == 4
    assert [m.code for m in result.mistakes] == [MistakeCode.SHALLOW_RANGE] * 4


@pytest.mark.parametrize(("top", "reps"), [(-27.0, 4), (-30.0, 0)])
def test_a_rest_with_the_heels_further_out_sets_the_rep_line_ten_degrees_above_it(top, reps):
    # rest at -38 (heels further from the glutes): the line is -28, between the fixed -25 (which
    # would miss a top at -27) and the off line -32 (which would count an 8-deg rise to -30)
    result, _ = run_analyzer(
        Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=4, top=top, rest_lift=-38.0))
    )
    assert result.summary["reps"] == reps


def test_hips_shifting_a_few_degrees_on_the_floor_are_no_rep():
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=3, top=-46.0)))
    assert result.summary["reps"] == 0


def test_a_top_held_one_second_is_a_short_squeeze():
    result, emitted = run_analyzer(
        Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=4, squeeze_s=1.0))
    )
    assert [m.code for m in result.mistakes] == [MistakeCode.SHORT_SQUEEZE] * 4
    assert sum(e.code == "short_squeeze" and e.kind == "cue" for e in emitted) == 4


def test_the_given_side_is_kept_since_both_legs_do_the_same():
    result, _ = run_analyzer(Exercise.GLUTE_BRIDGE, bridge_frames(bridge_timeline(reps=2)), side=Side.LEFT)
    assert result.side is Side.LEFT


def test_auto_tells_a_bridge_from_the_other_lying_exercises():
    assert recognise_exercise(bridge_frames(bridge_timeline())) is Exercise.GLUTE_BRIDGE
    assert recognise_exercise(bridge_frames(bridge_timeline(arch=20.0, top=-20.0))) is Exercise.GLUTE_BRIDGE
    assert recognise_exercise(thomas_frames(thomas_timeline())) is Exercise.THOMAS_TEST


def test_a_single_leg_bridge_counts_reps_on_the_planted_leg_and_says_the_pelvis_drop_is_unseen():
    frames = bridge_frames(single_leg_bridge_timeline(reps=5), side=Side.LEFT)
    result, _ = run_analyzer(Exercise.SINGLE_LEG_BRIDGE, frames)
    assert result.side is Side.LEFT  # the planted leg: its knee bends, the free one is straight
    assert result.summary["reps"] == 5
    assert result.mistakes == []
    assert result.summary["pelvis_drop"] is None
    assert "side view does not show" in result.summary["verdict"]


def test_a_single_leg_bridge_stopping_short_is_shallow_on_every_rep():
    frames = bridge_frames(single_leg_bridge_timeline(reps=3, top=-20.0))
    result, _ = run_analyzer(Exercise.SINGLE_LEG_BRIDGE, frames)
    assert [m.code for m in result.mistakes] == [MistakeCode.SHALLOW_RANGE] * 3


def test_auto_tells_the_single_leg_bridge_from_the_two_legged_one():
    assert recognise_exercise(bridge_frames(single_leg_bridge_timeline())) is Exercise.SINGLE_LEG_BRIDGE
    assert recognise_exercise(bridge_frames(bridge_timeline())) is Exercise.GLUTE_BRIDGE
