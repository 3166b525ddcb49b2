"""What every analyzer promises the pipeline and the live coach (a contract test over all of them)."""

from __future__ import annotations

import json

import pytest

from formcheck.exercises import ANALYZERS, RequiredView, create_analyzer
from formcheck.exercises.profile import Profile
from formcheck.types import Exercise, MistakeCode, Side
from tests.exercises.choreography import (
    bridge_frames,
    bridge_timeline,
    couch_frames,
    couch_timeline,
    kneeling_frames,
    kneeling_timeline,
    prone_frames,
    prone_timeline,
    run_analyzer,
    single_leg_bridge_timeline,
    split_frames,
    split_timeline,
    thomas_frames,
    thomas_timeline,
)

CLIPS = {
    Exercise.COUCH_STRETCH: lambda: couch_frames(couch_timeline(presses=3, reps=10, thigh_deg=8.0)),
    Exercise.SPLIT_SQUAT: lambda: split_frames(split_timeline(holds=2, hold_s=15.0)),
    Exercise.THOMAS_TEST: lambda: thomas_frames(thomas_timeline(hug_flexion=80.0)),
    Exercise.GLUTE_BRIDGE: lambda: bridge_frames(bridge_timeline(reps=4, squeeze_s=1.5)),
    Exercise.SINGLE_LEG_BRIDGE: lambda: bridge_frames(single_leg_bridge_timeline(reps=3, top=-20.0)),
    Exercise.PRONE_HIP_EXTENSION: lambda: prone_frames(prone_timeline(reps=4, lift=15.0)),
    Exercise.KNEELING_STRETCH: lambda: kneeling_frames(kneeling_timeline(hold_s=15.0, arch=20.0)),
}
BOTH_LEGS_ALIKE = {Exercise.GLUTE_BRIDGE}
EVENT_KINDS = {"cue", "cue_clear", "phase", "count", "hold_start", "hold_end", "setup", "result"}


@pytest.fixture(params=list(Exercise), ids=lambda e: e.value)
def exercise(request) -> Exercise:
    return request.param


def test_every_exercise_has_an_analyzer_that_needs_a_side_view(exercise):
    assert ANALYZERS[exercise].exercise is exercise
    assert ANALYZERS[exercise].required_view is RequiredView.SIDE


def test_one_phase_per_frame_and_a_json_ready_summary_with_a_verdict(exercise):
    frames = CLIPS[exercise]()
    result, emitted = run_analyzer(exercise, frames)
    assert len(result.phases) == len(frames)
    assert all(isinstance(p, str) for p in result.phases)
    json.dumps(result.summary)  # plain data only
    assert isinstance(result.summary["verdict"], str) and result.summary["verdict"]
    assert result.summary["exercise"] == exercise.value
    assert emitted == result.events[: len(emitted)]  # finish() may add the closing events
    assert [e.t for e in emitted] == sorted(e.t for e in emitted)
    assert {e.kind for e in emitted} <= EVENT_KINDS


def test_every_mistake_has_a_time_range_a_code_and_a_cue_and_its_cue_events_pair_up(exercise):
    result, emitted = run_analyzer(exercise, CLIPS[exercise]())
    assert result.mistakes, "each contract clip contains at least one mistake"
    for mistake in result.mistakes:
        assert isinstance(mistake.code, MistakeCode)
        assert mistake.start_s <= mistake.end_s
        assert mistake.message
    cue_codes = [e.code for e in emitted if e.kind == "cue"]
    for mistake in result.mistakes:
        assert mistake.code.value in cue_codes


def test_the_side_can_be_set_after_creation_as_the_pipeline_does(exercise):
    analyzer = create_analyzer(exercise, profile=Profile(), side=None, fps=15.0)
    frames = CLIPS[exercise]()
    analyzer.side = type(analyzer).choose_side(frames, None)
    for frame in frames:
        analyzer.update(frame, None)
    result = analyzer.finish()
    assert result.side is analyzer.side is not None


def test_an_explicit_side_that_does_not_play_the_role_is_overruled_by_the_geometry(exercise):
    frames = CLIPS[exercise]()
    natural, _ = run_analyzer(exercise, frames)
    assert natural.side is not None
    forced, _ = run_analyzer(exercise, frames, side=natural.side.other)
    # Both legs of a two-footed bridge play the same role: nothing to overrule, the given side stays.
    expected = natural.side.other if exercise in BOTH_LEGS_ALIKE else natural.side
    assert forced.side is expected
    assert [m.code for m in forced.mistakes] == [m.code for m in natural.mistakes]


def test_an_exercise_name_string_works_like_the_enum():
    analyzer = create_analyzer("thomas-test", profile=Profile(), side=Side.LEFT, fps=30.0)
    assert analyzer.exercise is Exercise.THOMAS_TEST
    assert analyzer.side is Side.LEFT


def test_counts_in_verdicts_take_the_right_number():
    from formcheck.exercises.base import counted

    assert counted(1, "hold") == "1 hold" and counted(2, "hold") == "2 holds"
    assert counted(0, "press", "presses") == "0 presses" and counted(1, "press", "presses") == "1 press"
