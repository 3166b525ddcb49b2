"""``--exercise auto``: each choreography is recognised as its own exercise, and nothing else is."""

from __future__ import annotations

import pytest

from formcheck.exercises.detect import recognise_exercise, score_exercises
from formcheck.types import Exercise, FrameAngles, LegAngles, LumbarArch, ViewEstimate
from tests.exercises.choreography import (
    couch_frames,
    couch_timeline,
    split_frames,
    split_timeline,
    thomas_frames,
    thomas_timeline,
)


@pytest.mark.parametrize(
    ("frames", "expected"),
    [
        pytest.param(couch_frames(couch_timeline()), Exercise.COUCH_STRETCH, id="couch"),
        pytest.param(couch_frames(couch_timeline(thigh_deg=8.0)), Exercise.COUCH_STRETCH, id="couch-shallow"),
        pytest.param(split_frames(split_timeline()), Exercise.SPLIT_SQUAT, id="split"),
        pytest.param(thomas_frames(thomas_timeline()), Exercise.THOMAS_TEST, id="thomas"),
        pytest.param(
            thomas_frames(thomas_timeline(hug_flexion=80.0)), Exercise.THOMAS_TEST, id="thomas-loose"
        ),
    ],
)
def test_each_exercise_is_recognised_from_its_angles(frames, expected):
    assert recognise_exercise(frames, None) is expected
    recognition = score_exercises(frames)
    assert recognition.confidence >= 0.5
    others = [share for name, share in recognition.shares.items() if name != expected.value]
    assert max(others) < 0.2


def test_standing_still_is_no_exercise():
    view = ViewEstimate(None, 1, 0.9, True)
    leg = LegAngles(0.0, 0.0, 0.0, -90.0, 5.0, 0.0)
    frames = [FrameAngles(i, i / 15, True, view, 2.0, leg, leg, LumbarArch(1.0, 0.9)) for i in range(60)]
    recognition = score_exercises(frames)
    assert recognition.exercise is None
    assert recognition.confidence == 0.0


def test_a_clip_with_no_person_is_no_exercise():
    view = ViewEstimate(None, 0, 0.0, False)
    frames = [
        FrameAngles(i, i / 15, False, view, None, LegAngles(), LegAngles(), LumbarArch(None, 0.0))
        for i in range(10)
    ]
    assert recognise_exercise(frames) is None


def test_a_couch_stretch_with_the_other_hip_folded_like_a_loose_hug_is_told_apart_by_its_moving_knee():
    # given: the other leg at 72 deg of hip flexion, inside the range of a loose Thomas hug (68-80)
    timeline = couch_timeline()
    for _, values in timeline.keys:
        values["other_flexion"] = 72.0
    assert recognise_exercise(couch_frames(timeline)) is Exercise.COUCH_STRETCH
    # and a still Thomas test with a 72-deg loose hug stays a Thomas test
    assert recognise_exercise(thomas_frames(thomas_timeline(hug_flexion=72.0))) is Exercise.THOMAS_TEST


def test_lying_with_both_legs_alike_as_in_a_glute_bridge_is_none_of_the_lying_exercises():
    # given: the couch choreography, but the "other" leg does what the hanging one does (hip flexion
    # ~ 0: both thighs roughly in line with the trunk, feet on the floor)
    timeline = couch_timeline()
    for _, values in timeline.keys:
        values["other_flexion"] = 5.0
    recognition = score_exercises(couch_frames(timeline))
    assert recognition.exercise is None
    assert "other hip flexed 5°" in recognition.reason
    assert "cannot tell which exercise: no exercise of this posture fits" in recognition.reason
